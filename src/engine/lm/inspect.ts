// What the views ask of a language model, as plain data (no tensors): next-token prediction, per-token probabilities
// (surprisal painting), attention maps, logit lens, evaluation and the model card. Shared by the RPC handlers and the CLI.
import * as tf from '@tensorflow/tfjs-core';
import { UserError } from '../errors';
import { backendReport } from '../backend';
import type { LoadedLm } from './checkpoint';
import { entropy, lastWindow, nextTokenLogits, rankOrder, samplingDistribution, softmaxWithTemperature, type SamplingOptions } from './generate';
import { disposeCache } from './model';
import { countParams, type ParamBreakdown } from './params';
import { kvHeadCount, kvHeadOf, layerAttention, type TransformerConfig } from './config';
import type { LossPoint } from './train';
import type { NextTokenModel } from './nextTokenModel';
import { asWordPiece } from '../mlm/encode';
import { pseudoLikelihood } from '../mlm/pseudoLikelihood';

/** A loaded model: at least these fields of a checkpoint. */
export type Lm = Pick<LoadedLm, 'model' | 'tokenizer' | 'meta' | 'history' | 'step' | 'tokensSeen' | 'trainSeconds'>;
/** Any architecture's loaded model, for the next-token views (predict, token probabilities, evaluation). */
export type AnyLm = Omit<Lm, 'model'> & { model: NextTokenModel };

export interface LmInput {
  text?: string;
  ids?: number[];
}

export interface Candidate {
  id: number;
  token: string;
  /** Probability after temperature / top-k / top-p. */
  prob: number;
  /** Probability at temperature 1 with no filtering. */
  rawProb: number;
  logit: number;
}

export interface Prediction {
  /** The tokens the model saw (the last window when truncated). */
  tokens: string[];
  ids: number[];
  truncated: boolean;
  /** How many input tokens were unknown to the tokenizer. */
  unknownCount: number;
  candidates: Candidate[];
  /** Entropy (nats) of the shown distribution, and of the raw one. */
  entropy: number;
  rawEntropy: number;
  /** Full vectors for the next position, when asked. */
  probs?: number[];
  logits?: number[];
}

function inputIds(lm: AnyLm, input: LmInput): number[] {
  if (input.ids) {
    const bad = input.ids.find((i) => !Number.isInteger(i) || i < 0 || i >= lm.model.config.vocabSize);
    if (bad !== undefined) throw new UserError(`token id ${bad} is outside the vocabulary (0..${lm.model.config.vocabSize - 1})`);
    return input.ids;
  }
  const text = input.text ?? '';
  if (!text) throw new UserError('no text given: select some text (or pass token ids)');
  const body = lm.tokenizer.encode(text);
  if (body.length === 0) throw new UserError('the text produced no tokens');
  // an encoder with a WordPiece vocabulary reads BERT's layout: [CLS] text [SEP]
  const wp = isEncoder(lm) ? asWordPiece(lm.tokenizer) : undefined;
  const ids = wp ? [wp.clsId, ...body, wp.sepId] : body;
  // A folder whose tokenizer is bigger than its model (e.g. GPT-2's BPE beside a small config.json)
  // would otherwise fail deep in a gather with a raw TensorFlow message.
  const V = lm.model.config.vocabSize;
  const i = ids.findIndex((id) => id >= V);
  if (i >= 0) {
    throw new UserError(
      `the tokenizer turned "${lm.tokenizer.tokenString(ids[i])}" into id ${ids[i]}, but the model has only ${V} tokens: ` +
        `its tokenizer does not match its vocab_size (give the folder the vocab.json/merges.txt it was trained with)`,
    );
  }
  return ids;
}

const unknown = (lm: AnyLm, ids: number[]) => (lm.tokenizer.unkId === undefined ? 0 : ids.filter((i) => i === lm.tokenizer.unkId).length);

/** True for a bidirectional transformer (an encoder): it predicts masked words, not the next one. */
function isEncoder(lm: AnyLm): boolean {
  return lm.model.config.causal === false;
}

export async function predictNext(lm: AnyLm, input: LmInput, o: SamplingOptions & { top?: number; full?: boolean } = {}): Promise<Prediction> {
  if (isEncoder(lm)) {
    throw new UserError('this is a bidirectional model (it reads the words on both sides): it predicts masked words, not the next one. Use Predict Masked Word, or choose a causal model for Predict Next Token.');
  }
  const all = inputIds(lm, input);
  const { logits, truncated, used } = await nextTokenLogits(lm.model, all);
  const raw = softmaxWithTemperature(logits, 1);
  const shown = samplingDistribution(logits, o);
  const top = Math.max(1, Math.min(o.top ?? (o.topK && o.topK > 0 ? o.topK : 10), logits.length));
  const candidates = rankOrder(shown)
    .slice(0, top)
    .map((id) => ({ id, token: lm.tokenizer.tokenString(id), prob: shown[id], rawProb: raw[id], logit: logits[id] }));
  return {
    tokens: used.map((i) => lm.tokenizer.tokenString(i)),
    ids: used,
    truncated,
    unknownCount: unknown(lm, all),
    candidates,
    entropy: entropy(shown),
    rawEntropy: entropy(raw),
    probs: o.full ? Array.from(raw) : undefined,
    logits: o.full ? Array.from(logits) : undefined,
  };
}

/** Run the model on sliding windows so every position t ≥ 1 gets p(token_t | up to contextLength previous tokens). */
async function positionLogProbs(lm: AnyLm, ids: number[], each: (t: number, logProbs: Float32Array) => void): Promise<void> {
  const C = lm.model.config.contextLength;
  const stride = Math.max(1, Math.floor(C / 2));
  let done = 1; // next position still to score
  for (let s = 0; done < ids.length; s += stride) {
    const win = ids.slice(s, s + C);
    const lp = tf.tidy(() => {
      const { logits } = lm.model.forward([win]);
      return tf.logSoftmax(tf.reshape(logits, [win.length, -1]));
    });
    const data = (await lp.data()) as Float32Array;
    lp.dispose();
    const V = lm.model.config.vocabSize;
    for (let t = Math.max(done, s + 1); t < s + win.length; t++) {
      each(t, data.subarray((t - s - 1) * V, (t - s) * V));
      done = t + 1;
    }
    if (s + C >= ids.length) break;
  }
}

export interface TokenProbability {
  id: number;
  token: string;
  /** Character offsets of this token in the decoded text. */
  start: number;
  end: number;
  /** p(token | previous tokens); null for the first token (nothing to predict from). */
  prob: number | null;
  /** 1 = the model's top choice. */
  rank: number | null;
  /** −log2 p, bits. */
  surprisal: number | null;
  alternatives: { id: number; token: string; prob: number }[];
}

export async function tokenProbabilities(lm: AnyLm, input: LmInput, topN = 5, maxTokens = 4096): Promise<{ tokens: TokenProbability[]; unknownCount: number; truncated: boolean }> {
  // an encoder scores each token with all the others visible (pseudo-likelihood), within its positions
  if (isEncoder(lm) && input.text !== undefined && !input.ids) return (await pseudoLikelihood(lm as Lm, input.text, topN));
  let ids = inputIds(lm, input);
  const truncated = ids.length > maxTokens;
  if (truncated) ids = ids.slice(0, maxTokens);
  const out: TokenProbability[] = [];
  let offset = 0;
  for (let i = 0; i < ids.length; i++) {
    const text = lm.tokenizer.decode(ids.slice(0, i + 1));
    const end = text.length;
    out.push({ id: ids[i], token: lm.tokenizer.tokenString(ids[i]), start: offset, end, prob: null, rank: null, surprisal: null, alternatives: [] });
    offset = end;
  }
  await positionLogProbs(lm, ids, (t, lp) => {
    const p = Math.exp(lp[ids[t]]);
    let rank = 1;
    for (let v = 0; v < lp.length; v++) if (lp[v] > lp[ids[t]]) rank++;
    const order = rankOrder(lp).slice(0, topN);
    Object.assign(out[t], {
      prob: p,
      rank,
      surprisal: -Math.log2(p),
      alternatives: order.map((id) => ({ id, token: lm.tokenizer.tokenString(id), prob: Math.exp(lp[id]) })),
    });
  });
  return { tokens: out, unknownCount: unknown(lm, ids), truncated };
}

export interface AttentionResult {
  tokens: string[];
  ids: number[];
  truncated: boolean;
  nLayers: number;
  nHeads: number;
  /** [layer][head][query][key] probabilities; rows sum to 1, keys after the query are 0 in a causal model. */
  attention: number[][][][];
  /** Key/value heads (grouped-query attention: fewer than nHeads). */
  nKvHeads?: number;
  /** [head] the kv head each query head reads (GQA shares one k/v among nHeads / nKvHeads query heads). */
  kvHeadOf?: number[];
  /** [layer] keys a sliding-window layer sees (the query's own included), or null for a global layer: its band. */
  windows?: (number | null)[];
  /** false for an encoder: every token attends to every token (no causal mask to draw). */
  causal: boolean;
  /** [position] a special token (`<bos>`, `<start_of_turn>`), for views that mark them. */
  special?: boolean[];
}

/** The window a view reads: a causal model the last contextLength tokens, an encoder the first (keeping [SEP] last). */
function viewWindow(lm: Lm, ids: number[]): { ids: number[]; truncated: boolean } {
  const C = lm.model.config.contextLength;
  if (lm.model.config.causal || ids.length <= C) return lastWindow(ids, C);
  const kept = ids.slice(0, C);
  const wp = asWordPiece(lm.tokenizer);
  if (wp && ids[ids.length - 1] === wp.sepId) kept[C - 1] = wp.sepId;
  return { ids: kept, truncated: true };
}

export async function attentionMaps(lm: Lm, input: LmInput): Promise<AttentionResult> {
  const w = viewWindow(lm, inputIds(lm, input));
  // only the patterns are read: a large model's full cache would hold every residual and q/k/v too
  const { logits, cache } = lm.model.forward([w.ids], { cache: true, cacheFilter: (n) => n.endsWith('.attn.pattern') });
  try {
    const c = lm.model.config;
    const attention: number[][][][] = [];
    for (let l = 0; l < c.nLayers; l++) attention.push(((await cache![`blocks.${l}.attn.pattern`].array()) as number[][][][])[0]);
    return {
      tokens: w.ids.map((i) => lm.tokenizer.tokenString(i)),
      ids: w.ids,
      truncated: w.truncated,
      nLayers: c.nLayers,
      nHeads: c.nHeads,
      attention,
      nKvHeads: kvHeadCount(c),
      kvHeadOf: kvHeadOf(c),
      windows: Array.from({ length: c.nLayers }, (_, l) => (layerAttention(c, l) === 'sliding' ? c.slidingWindow : null)),
      causal: c.causal,
      special: w.ids.map((i) => lm.tokenizer.isSpecial?.(i) ?? false),
    };
  } finally {
    logits.dispose();
    disposeCache(cache);
  }
}

export interface LogitLensResult {
  tokens: string[];
  ids: number[];
  truncated: boolean;
  /** Row labels: 'embed', then 'block 0' … (residual stream after each block). */
  layers: string[];
  /** [layer][position] top-k predictions for the next token. */
  top: { id: number; token: string; prob: number }[][][];
  /** [layer][position] probability of the actual next token (null at the last position). */
  targetProb: (number | null)[][];
  /**
   * [position] the id each column is scored against: the next token for a causal model; for an encoder (which predicts
   * the token at its own position) the token itself, null at [MASK]/[CLS]/[SEP]/[PAD], where the top-1 is the guess.
   */
  targetIds: (number | null)[];
  /** How the views name the target row: 'actual next' or 'token here'. */
  targetLabel: string;
}

/** nostalgebraist's logit lens: each layer's residual stream through the final norm and unembedding. */
export async function logitLens(lm: Lm, input: LmInput, topK = 5): Promise<LogitLensResult> {
  const w = viewWindow(lm, inputIds(lm, input));
  const wp = lm.model.config.causal ? undefined : asWordPiece(lm.tokenizer);
  const special = new Set(wp ? [wp.maskId, wp.clsId, wp.sepId, wp.padId] : []);
  const targetIds = w.ids.map((id, t) => (lm.model.config.causal ? (t + 1 < w.ids.length ? w.ids[t + 1] : null) : special.has(id) ? null : id));
  const L = lm.model.config.nLayers;
  const resid = ['blocks.0.resid_pre', ...Array.from({ length: L }, (_, i) => `blocks.${i}.resid_post`)];
  const keep = new Set(resid);
  const { logits, cache } = lm.model.forward([w.ids], { cache: true, cacheFilter: (n) => keep.has(n) });
  logits.dispose();
  const T = w.ids.length;
  const V = lm.model.config.vocabSize;
  const top: LogitLensResult['top'] = [];
  const targetProb: LogitLensResult['targetProb'] = [];
  try {
    // one layer at a time: [T, V] each (all layers at once would be [L+1, T, V]: 1.3 GB for Gemma 3 270M at 64 tokens)
    for (let l = 0; l <= L; l++) {
      const probs = tf.tidy(() => tf.softmax(lm.model.unembed(cache![resid[l]]))); // [1, T, V]
      const data = (await probs.data()) as Float32Array;
      probs.dispose();
      top.push([]);
      targetProb.push([]);
      for (let t = 0; t < T; t++) {
        const row = data.subarray(t * V, (t + 1) * V);
        top[l].push(rankOrder(row).slice(0, topK).map((id) => ({ id, token: lm.tokenizer.tokenString(id), prob: row[id] })));
        const target = targetIds[t];
        targetProb[l].push(target === null ? null : row[target]);
      }
    }
  } finally {
    disposeCache(cache);
  }
  return { tokens: w.ids.map((i) => lm.tokenizer.tokenString(i)), ids: w.ids, truncated: w.truncated, layers: ['embed', ...Array.from({ length: L }, (_, i) => `block ${i}`)], top, targetProb, targetIds, targetLabel: lm.model.config.causal ? 'actual next' : 'token here' };
}

export interface Evaluation {
  tokens: number;
  chars: number;
  /** Mean cross-entropy, nats per token. */
  loss: number;
  perplexity: number;
  bitsPerToken: number;
  bitsPerChar: number;
  unknownCount: number;
}

export async function evaluateText(lm: AnyLm, text: string, signal?: AbortSignal): Promise<Evaluation> {
  const ids = inputIds(lm, { text });
  if (ids.length < 2) throw new UserError('need at least two tokens to evaluate');
  let sum = 0;
  let n = 0;
  await positionLogProbs(lm, ids, (t, lp) => {
    if (signal?.aborted) return;
    sum -= lp[ids[t]];
    n++;
  });
  const loss = sum / n;
  const chars = lm.tokenizer.decode(ids.slice(1)).length;
  return { tokens: n, chars, loss, perplexity: Math.exp(loss), bitsPerToken: loss / Math.LN2, bitsPerChar: sum / Math.LN2 / Math.max(1, chars), unknownCount: unknown(lm, ids) };
}

export interface ModelCard {
  config: TransformerConfig;
  params: ParamBreakdown;
  tokenizer: { kind: string; vocabSize: number };
  meta: Record<string, unknown>;
  step: number;
  tokensSeen: number;
  trainSeconds: number;
  history: LossPoint[];
  backend: string;
}

export function modelCard(lm: Lm): ModelCard {
  return {
    config: lm.model.config,
    params: countParams(lm.model.config),
    tokenizer: { kind: lm.tokenizer.kind, vocabSize: lm.tokenizer.vocabSize },
    meta: lm.meta,
    step: lm.step,
    tokensSeen: lm.tokensSeen,
    trainSeconds: lm.trainSeconds,
    history: lm.history,
    backend: backendReport()?.active ?? tf.getBackend(),
  };
}
