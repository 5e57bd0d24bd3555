// Next-token distributions and sampling: temperature, top-k, top-p (nucleus, Holtzman et al. 2020), greedy,
// seeded sampling, stop sequences, and "predict, append, repeat" one step at a time, with a key/value cache on
// transformers (each new token costs one position) and a full pass over the last window otherwise.
import * as tf from '@tensorflow/tfjs-core';
import type { NextTokenModel } from './nextTokenModel';
import { Transformer, type KvCache } from './model';
import { Rng } from './rng';
import type { Tokenizer } from './tokenizers/types';

export interface SamplingOptions {
  /** > 0; 0 means greedy. Default 1. */
  temperature?: number;
  /** Keep the k most likely tokens (0 or undefined: all). */
  topK?: number;
  /** Keep the smallest set whose probability reaches p, in (0, 1] (1: all). */
  topP?: number;
}

/** The last `contextLength` ids, and whether anything was cut. */
export function lastWindow(ids: number[], contextLength: number): { ids: number[]; truncated: boolean } {
  return ids.length > contextLength ? { ids: ids.slice(-contextLength), truncated: true } : { ids, truncated: false };
}

/** Logits [vocab] for the position after `ids` (the last window if longer than the context). */
export async function nextTokenLogits(model: NextTokenModel, ids: number[]): Promise<{ logits: Float32Array; truncated: boolean; used: number[] }> {
  if (ids.length === 0) throw new Error('need at least one token to predict the next one');
  const w = lastWindow(ids, model.config.contextLength);
  const { logits } = model.forward([w.ids], { lastOnly: true }); // [1, 1, vocab]
  const last = tf.tidy(() => tf.reshape(logits, [-1]));
  logits.dispose();
  // async read: a GPU backend (WebGPU) cannot read synchronously in Node
  const data = (await last.data()) as Float32Array;
  last.dispose();
  return { logits: Float32Array.from(data), truncated: w.truncated, used: w.ids };
}

/** Numerically stable softmax of logits / temperature (temperature ≤ 0 → one-hot on the argmax). */
export function softmaxWithTemperature(logits: ArrayLike<number>, temperature = 1): Float64Array {
  const n = logits.length;
  const out = new Float64Array(n);
  if (!(temperature > 0)) {
    out[argmax(logits)] = 1;
    return out;
  }
  let max = -Infinity;
  for (let i = 0; i < n; i++) max = Math.max(max, logits[i]);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += out[i] = Math.exp((logits[i] - max) / temperature);
  for (let i = 0; i < n; i++) out[i] /= sum;
  return out;
}

export function argmax(xs: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i] > xs[best]) best = i;
  return best;
}

/** Ids sorted by descending probability (ties: lower id first). */
export function rankOrder(probs: ArrayLike<number>): number[] {
  return Array.from({ length: probs.length }, (_, i) => i).sort((a, b) => probs[b] - probs[a] || a - b);
}

/** Zero all but the top-k and the top-p nucleus, renormalised. Returns a new array. */
export function filterTopKTopP(probs: ArrayLike<number>, topK?: number, topP?: number): Float64Array {
  const order = rankOrder(probs);
  let keep = order.length;
  if (topK && topK > 0) keep = Math.min(keep, Math.floor(topK));
  if (topP !== undefined && topP > 0 && topP < 1) {
    let cum = 0;
    for (let r = 0; r < keep; r++) {
      cum += probs[order[r]];
      if (cum >= topP - 1e-12) {
        keep = r + 1;
        break;
      }
    }
  }
  const out = new Float64Array(probs.length);
  let sum = 0;
  for (let r = 0; r < keep; r++) sum += out[order[r]] = probs[order[r]];
  for (let r = 0; r < keep; r++) out[order[r]] /= sum;
  return out;
}

/** The sampling distribution after temperature, top-k and top-p. */
export function samplingDistribution(logits: ArrayLike<number>, o: SamplingOptions = {}): Float64Array {
  return filterTopKTopP(softmaxWithTemperature(logits, o.temperature ?? 1), o.topK, o.topP);
}

/** Entropy in nats: −Σ p ln p. */
export function entropy(probs: ArrayLike<number>): number {
  let h = 0;
  for (let i = 0; i < probs.length; i++) if (probs[i] > 0) h -= probs[i] * Math.log(probs[i]);
  return h;
}

/** Inverse-CDF draw from a distribution. */
export function sampleFrom(probs: ArrayLike<number>, rng: Rng): number {
  const u = rng.next();
  let cum = 0;
  let last = 0;
  for (let i = 0; i < probs.length; i++) {
    if (probs[i] <= 0) continue;
    cum += probs[i];
    last = i;
    if (u < cum) return i;
  }
  return last;
}

export interface GenerateOptions extends SamplingOptions {
  maxTokens: number;
  /** Sampling seed (same seed → same text). */
  seed?: number;
  /** Greedy (argmax) decoding, same as temperature 0. */
  greedy?: boolean;
  /** Stop when the generated text contains any of these (the stop string is not included). */
  stop?: string[];
  /** Stop after generating any of these ids (a chat model's <eos> / <end_of_turn>; kept in ids, not in text). */
  stopIds?: number[];
  signal?: AbortSignal;
  /** Called after each token (step-by-step views). */
  onToken?: (t: { id: number; text: string; prob: number }) => void;
}

export interface GenerateResult {
  /** Generated continuation only. */
  text: string;
  ids: number[];
  /** The prompt was longer than the context at some step (only the last window was seen). */
  truncated: boolean;
  stoppedBy: 'maxTokens' | 'stop';
}

/**
 * Next-token logits with a key/value cache: the first call runs the prompt's window, later calls only the tokens
 * appended since (one, when generating). When the sequence outgrows the context the cache restarts on the last
 * window, as the uncached path would see it. Same numbers as nextTokenLogits up to float rounding.
 */
export class CachedNextToken {
  private kv: KvCache | undefined;
  private seen: number[] = [];
  /** Positions the last call ran through the model (1 while appending within the context). */
  lastPositions = 0;

  constructor(private readonly model: Transformer) {}

  async logits(ids: number[]): Promise<{ logits: Float32Array; truncated: boolean; used: number[] }> {
    const C = this.model.config.contextLength;
    const w = lastWindow(ids, C);
    const extends_ = this.kv && w.ids.length > this.seen.length && this.seen.every((id, i) => id === w.ids[i]);
    if (!extends_) {
      this.dispose();
      this.kv = { past: 0, k: [], v: [] };
      this.seen = [];
    }
    const fresh = w.ids.slice(this.seen.length);
    this.lastPositions = fresh.length;
    const { logits } = this.model.forward([fresh], { lastOnly: true, kv: this.kv }); // [1, 1, vocab]
    this.seen = [...w.ids];
    // the next token would not fit: start over from the window next time
    if (this.seen.length >= C) this.dispose();
    const data = (await logits.data()) as Float32Array;
    logits.dispose();
    return { logits: Float32Array.from(data), truncated: w.truncated, used: w.ids };
  }

  dispose(): void {
    if (this.kv) tf.dispose([...this.kv.k, ...this.kv.v]);
    this.kv = undefined;
    this.seen = [];
  }
}

/** A causal transformer gets the cached path; recurrent models and encoders the plain one. */
function cacheable(model: NextTokenModel): model is Transformer {
  return model instanceof Transformer && model.config.causal !== false && !process.env.MODEL_LENS_NO_KV_CACHE;
}

/** Predict, append, repeat. */
export async function generate(model: NextTokenModel, tokenizer: Tokenizer, prompt: string | number[], o: GenerateOptions): Promise<GenerateResult> {
  const rng = new Rng(o.seed ?? 0);
  const ids = typeof prompt === 'string' ? tokenizer.encode(prompt) : [...prompt];
  if (ids.length === 0) ids.push(0);
  const start = ids.length;
  let truncated = false;
  const samp: SamplingOptions = o.greedy ? { temperature: 0 } : o;
  const cached = cacheable(model) ? new CachedNextToken(model) : undefined;
  try {
    for (let i = 0; i < o.maxTokens; i++) {
      if (o.signal?.aborted) break;
      const next = cached ? await cached.logits(ids) : await nextTokenLogits(model, ids);
      truncated ||= next.truncated;
      const probs = samplingDistribution(next.logits, samp);
      const id = sampleFrom(probs, rng);
      ids.push(id);
      const text = tokenizer.decode(ids.slice(start));
      o.onToken?.({ id, text, prob: probs[id] });
      if (o.stopIds?.includes(id)) return { text, ids: ids.slice(start), truncated, stoppedBy: 'stop' };
      const hit = o.stop?.map((s) => (s ? text.indexOf(s) : -1)).filter((k) => k >= 0);
      if (hit && hit.length) {
        return { text: text.slice(0, Math.min(...hit)), ids: ids.slice(start), truncated, stoppedBy: 'stop' };
      }
    }
    return { text: tokenizer.decode(ids.slice(start)), ids: ids.slice(start), truncated, stoppedBy: 'maxTokens' };
  } finally {
    cached?.dispose();
  }
}
