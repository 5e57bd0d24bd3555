// One attention head for one query token, step by step with the model's real numbers: q·k → scaled by 1/√d_head →
// masked → softmax → weighted sum of values (Vaswani et al. 2017: softmax(QKᵀ/√d_k + M)V), recomputed here in float64
// from the cached q/k/v and checked against the cached scores, pattern and z. Leaves out the output projection.
import { UserError } from '../errors';
import type { Lm, LmInput } from './inspect';
import { disposeCache, MASK_VALUE } from './model';
import { headDim, kvHeadOf, layerAttention } from './config';

export interface AttentionStepKey {
  index: number;
  token: string;
  /** Key and value vectors of this head [dHead]. */
  k: number[];
  v: number[];
  /** q·k, then × scale, then + mask (−∞ shown as masked), as recomputed here. */
  dot: number;
  scaled: number;
  masked: boolean;
  /** The model's own cached (scaled, masked) score and softmax probability. */
  score: number;
  prob: number;
}

export interface AttentionStepResult {
  tokens: string[];
  ids: number[];
  truncated: boolean;
  layer: number;
  head: number;
  nLayers: number;
  nHeads: number;
  query: number;
  dHead: number;
  /** 1/√dHead for standard attention (or the model's own scale, e.g. Gemma's query_pre_attn_scalar^−½), 1 for 'simple' attention. */
  scale: number;
  /** The key/value head this query head reads (grouped-query attention; equals head otherwise). */
  kvHead: number;
  /** Keys this layer sees (the query's own included) when it is a sliding-window layer; null for a global layer. */
  window: number | null;
  /** Scores s → cap·tanh(s/cap) before the mask when the model soft-caps attention (Gemma 2); null = off. */
  softcap: number | null;
  causal: boolean;
  rope: boolean;
  /** Query vector [dHead] (after RoPE when the model uses it). */
  q: number[];
  keys: AttentionStepKey[];
  /** softmax of the recomputed scaled, masked scores [keys]. */
  probs: number[];
  /** Σ_j probs[j] · v_j, recomputed [dHead]. */
  output: number[];
  /** The model's cached attn.z row [dHead]. */
  cachedOutput: number[];
  /** Largest |recomputed − cached| over probabilities and output. */
  maxAbsDiff: number;
}

/** Token index of character offset `char` in the decoded text of `ids` (the token covering it; the last one past the end). */
export function tokenAtChar(lm: Lm, ids: number[], char: number): number {
  for (let t = 0; t < ids.length; t++) if (lm.tokenizer.decode(ids.slice(0, t + 1)).length > char) return t;
  return ids.length - 1;
}

export interface AttentionStepOptions {
  /** Layer index; negative counts from the end (−1 = the last). */
  layer?: number;
  head?: number;
  /** Query token index in the input; default the last token. */
  query?: number;
  /** Or a character offset into the text: the token covering it. */
  queryChar?: number;
}

export async function attentionStep(lm: Lm, input: LmInput, o: AttentionStepOptions = {}): Promise<AttentionStepResult> {
  const c = lm.model.config;
  const all = input.ids ?? lm.tokenizer.encode(input.text ?? '');
  if (all.length === 0) throw new UserError('no text given: select some text');
  const layer = (o.layer ?? 0) < 0 ? c.nLayers + (o.layer as number) : (o.layer ?? 0); // −1 = the last layer
  const head = o.head ?? 0;
  if (!Number.isInteger(layer) || layer < 0 || layer >= c.nLayers) throw new UserError(`layer must be 0..${c.nLayers - 1}`);
  if (!Number.isInteger(head) || head < 0 || head >= c.nHeads) throw new UserError(`head must be 0..${c.nHeads - 1}`);
  let qAll = o.query ?? (o.queryChar !== undefined && input.text !== undefined ? tokenAtChar(lm, all, o.queryChar) : all.length - 1);
  qAll = Math.max(0, Math.min(all.length - 1, qAll));
  // a window that holds the query: the causal row depends only on tokens up to it
  const start = Math.max(0, Math.min(qAll + 1 - c.contextLength, all.length - c.contextLength));
  const ids = all.slice(start, start + c.contextLength);
  const query = qAll - start;
  const { logits, cache } = lm.model.forward([ids], { cache: true });
  try {
    // read once, asynchronously (a GPU backend cannot read synchronously in Node): [1, heads, T, dh|T]
    const read = async (name: string) => [name, ((await cache![`blocks.${layer}.${name}`].array()) as number[][][][])[0]] as const;
    const got = Object.fromEntries(await Promise.all(['attn.q', 'attn.k', 'attn.v', 'attn.scores', 'attn.pattern', 'attn.z'].map(read)));
    const row = (name: string, t: number) => got[name][head][t];
    // k and v are cached per kv head: a grouped query head reads its shared kv head
    const kvHead = kvHeadOf(c)[head];
    const kvOf = (name: string) => got[name][kvHead];
    const dh = headDim(c);
    const scale = c.attention === 'standard' ? (c.attnScale ?? 1 / Math.sqrt(dh)) : 1;
    const window = layerAttention(c, layer) === 'sliding' ? c.slidingWindow : null;
    const cap = c.attnLogitSoftcap;
    const q = row('attn.q', query);
    const K = kvOf('attn.k');
    const V = kvOf('attn.v');
    const scores = row('attn.scores', query);
    const pattern = row('attn.pattern', query);
    const cachedOutput = row('attn.z', query);
    const keys: AttentionStepKey[] = ids.map((id, j) => {
      const dot = q.reduce((s, x, i) => s + x * K[j][i], 0);
      const scaled = cap === null ? dot * scale : cap * Math.tanh((dot * scale) / cap);
      const masked = (c.causal && j > query) || (window !== null && Math.abs(query - j) >= window);
      return { index: j, token: lm.tokenizer.tokenString(id), k: K[j], v: V[j], dot, scaled, masked, score: scores[j], prob: pattern[j] };
    });
    const logit = keys.map((k) => k.scaled + (k.masked ? MASK_VALUE : 0));
    const m = Math.max(...logit);
    const e = logit.map((x) => Math.exp(x - m));
    const z = e.reduce((a, b) => a + b, 0);
    const probs = e.map((x) => x / z);
    const output = q.map((_, i) => keys.reduce((s, k, j) => s + probs[j] * k.v[i], 0));
    const maxAbsDiff = Math.max(...probs.map((p, j) => Math.abs(p - pattern[j])), ...output.map((x, i) => Math.abs(x - cachedOutput[i])));
    return {
      tokens: ids.map((i) => lm.tokenizer.tokenString(i)),
      ids,
      truncated: ids.length < all.length,
      layer,
      head,
      nLayers: c.nLayers,
      nHeads: c.nHeads,
      query,
      dHead: dh,
      scale,
      kvHead,
      window,
      softcap: cap,
      causal: c.causal,
      rope: c.positional === 'rope',
      q,
      keys,
      probs,
      output,
      cachedOutput,
      maxAbsDiff,
    };
  } finally {
    logits.dispose();
    disposeCache(cache);
  }
}
