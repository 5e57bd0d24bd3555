// Contextual embeddings: one word's hidden state at every layer (embed (+pos), then each block's resid_post) in several
// contexts, projected together onto a shared 2-D PCA so the trajectories show how context pulls the word apart.
// Leaves out choosing contexts (the host does) and drawing (the webview does).
import { UserError } from '../errors';
import { pca } from '../analysis/pca';
import { lastWindow } from './generate';
import type { Lm } from './inspect';
import { disposeCache } from './model';
import { asWordPiece, encodeForEncoder } from '../mlm/encode';

export interface ContextualOptions {
  /** Scale every vector to unit length before the PCA (compare directions, as cosine similarity does). Default true. */
  normalize?: boolean;
}

export interface ContextTrajectory {
  text: string;
  /** Character span of the word in `text`. */
  start: number;
  end: number;
  /** Tokens the model saw: the context up to and including the word for a causal model (it sees nothing after it), the whole context for an encoder. */
  tokens: string[];
  /** Index in `tokens` of the word's last token (the one whose hidden state is followed). */
  position: number;
  truncated: boolean;
  /** [layer] [x, y] on the shared principal components. */
  points: [number, number][];
  /** [layer] Euclidean norm of the raw hidden state. */
  norms: number[];
}

export interface ContextualResult {
  word: string;
  /** Row labels: 'embed' or 'embed+pos', then 'block 0' … */
  layers: string[];
  contexts: ContextTrajectory[];
  /** Fraction of the variance on each of the two components. */
  explained: [number, number];
  /** [layer] mean cosine similarity over pairs of contexts (1 = the contexts have not pulled the word apart). */
  meanCosine: number[];
  /** Pairs of contexts with identical tokens up to the word: a causal model gives them the same states. */
  identical: [number, number][];
  tokenizer: string;
  normalized: boolean;
  /** false for an encoder, which reads the words after the word too. */
  causal: boolean;
}

/** Span of the first whole-word occurrence of `word` in `text` (case-insensitive), else of any occurrence, else undefined. */
export function findWord(text: string, word: string): { start: number; end: number } | undefined {
  const esc = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`(?<![\\p{L}\\p{N}])${esc}(?![\\p{L}\\p{N}])`, 'iu').exec(text) ?? new RegExp(esc, 'iu').exec(text);
  return m ? { start: m.index, end: m.index + m[0].length } : undefined;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

/** The word's hidden states per context and layer, and their shared 2-D PCA. Needs ≥ 1 context containing the word. */
export async function contextualEmbeddings(lm: Lm, word: string, contexts: string[], o: ContextualOptions = {}): Promise<ContextualResult> {
  const w = word.trim();
  if (!w) throw new UserError('no word given');
  if (contexts.length === 0) throw new UserError('give at least one context');
  const c = lm.model.config;
  const L = c.nLayers;
  const d = c.dModel;
  const normalize = o.normalize !== false;
  const states: Float32Array[][] = []; // [context][layer] [d]
  const trajectories: ContextTrajectory[] = [];
  const windows: number[][] = [];
  for (const text of contexts) {
    const span = findWord(text, w);
    if (!span) throw new UserError(`“${w}” does not occur in the context “${text.slice(0, 80)}”`);
    const prefix = lm.tokenizer.encode(text.slice(0, span.end));
    if (prefix.length === 0) throw new UserError(`the context “${text.slice(0, 80)}” produced no tokens`);
    // A causal model reads up to the word; an encoder reads the whole sentence, words after the word included.
    const win = c.causal ? lastWindow(prefix, c.contextLength) : encodeForEncoder(lm.tokenizer, text, c.contextLength);
    const p = c.causal ? win.ids.length - 1 : prefix.length - (asWordPiece(lm.tokenizer) ? 0 : 1);
    if (p >= win.ids.length) throw new UserError(`“${w}” lies beyond the model's ${c.contextLength} positions in “${text.slice(0, 80)}”`);
    const { logits, cache } = lm.model.forward([win.ids], { cache: true });
    try {
      const names = ['blocks.0.resid_pre', ...Array.from({ length: L }, (_, i) => `blocks.${i}.resid_post`)];
      // one async read per layer: a GPU backend (WebGPU) cannot read synchronously in Node
      states.push(await Promise.all(names.map(async (n) => ((await cache![n].data()) as Float32Array).slice(p * d, (p + 1) * d))));
    } finally {
      logits.dispose();
      disposeCache(cache);
    }
    windows.push(win.ids);
    trajectories.push({ text, ...span, tokens: win.ids.map((i) => lm.tokenizer.tokenString(i)), position: p, truncated: win.truncated, points: [], norms: [] });
  }
  const n = contexts.length * (L + 1);
  const x = new Float32Array(n * d);
  states.forEach((layers, ci) =>
    layers.forEach((v, l) => {
      let norm = 0;
      for (const a of v) norm += a * a;
      norm = Math.sqrt(norm);
      trajectories[ci].norms.push(norm);
      const s = normalize && norm > 0 ? 1 / norm : 1;
      for (let j = 0; j < d; j++) x[(ci * (L + 1) + l) * d + j] = v[j] * s;
    }),
  );
  const k = Math.min(2, d);
  const r = pca(x, n, d, k);
  trajectories.forEach((t, ci) => {
    for (let l = 0; l <= L; l++) {
      const row = ci * (L + 1) + l;
      t.points.push([r.coords[row * k], k > 1 ? r.coords[row * k + 1] : 0]);
    }
  });
  const meanCosine: number[] = [];
  for (let l = 0; l <= L; l++) {
    let sum = 0, pairs = 0;
    for (let a = 0; a < states.length; a++) for (let b = a + 1; b < states.length; b++, pairs++) sum += cosine(states[a][l], states[b][l]);
    meanCosine.push(pairs ? sum / pairs : 1);
  }
  const identical: [number, number][] = [];
  for (let a = 0; a < windows.length; a++)
    for (let b = a + 1; b < windows.length; b++) if (windows[a].length === windows[b].length && windows[a].every((id, i) => id === windows[b][i])) identical.push([a, b]);
  const positional = c.positional === 'learned' || c.positional === 'sinusoidal';
  return {
    word: w,
    layers: [positional ? 'embed+pos' : 'embed', ...Array.from({ length: L }, (_, i) => `block ${i}`)],
    contexts: trajectories,
    explained: [r.explainedVarianceRatio[0] ?? 0, r.explainedVarianceRatio[1] ?? 0],
    meanCosine,
    identical,
    tokenizer: lm.tokenizer.kind,
    normalized: normalize,
    causal: c.causal,
  };
}
