// The text classifier: the language model's Transformer blocks with `causal: false` (an encoder, Devlin et al. 2019),
// a pooling of the final hidden states (a prepended [CLS] token, or the mean over non-pad positions) and a linear
// softmax head. Token ids: the tokenizer's, then PAD = V and CLS = V + 1. Training lives in train.ts.
import * as tf from '@tensorflow/tfjs-core';
import type { Pooling } from '../../protocol/classify';
import { validateConfig, type TransformerConfig } from '../lm/config';
import { forwardWith, type ActivationCache } from '../lm/model';
import { decayedParams, initParams, type ParamMap } from '../lm/params';
import { Rng } from '../lm/rng';
import { WordTokenizer } from '../lm/tokenizers/word';
import type { Tokenizer } from '../lm/tokenizers/types';

export interface ClassifierConfig {
  /** The encoder: a TransformerConfig with causal = false and vocabSize = tokenizer vocabulary + 2. */
  encoder: TransformerConfig;
  pool: Pooling;
  nClasses: number;
  padId: number;
  clsId: number;
  /** Lower-case texts before tokenising (word tokenizer). */
  lowercase: boolean;
  /**
   * A pretrained encoder's [SEP]: texts are wrapped [CLS] … [SEP] whatever the pooling, as the encoder saw them in
   * pretraining. Absent for an encoder trained from scratch here (CLS only under cls pooling, no SEP).
   */
  sepId?: number;
  /** Rows are padded to this length (≤ encoder.contextLength, the position table); default contextLength. */
  inputLength?: number;
  /** Padded keys are masked out of attention (a pretrained encoder was never trained to ignore [PAD] by itself). */
  keyPadding?: boolean;
}

export const HEAD_W = 'head.w';
export const HEAD_B = 'head.b';

/** A classifier config for a tokenizer of `tokVocab` ids; `encoder` overrides the small defaults. */
export function classifierConfig(
  tokVocab: number,
  nClasses: number,
  pool: Pooling,
  encoder: Partial<TransformerConfig> = {},
  lowercase = true,
): ClassifierConfig {
  const enc = validateConfig({
    dModel: 64,
    nLayers: 1,
    nHeads: 4,
    dFF: 128,
    contextLength: 64,
    positional: 'learned',
    dropout: 0.1,
    ...encoder,
    vocabSize: tokVocab + 2,
    causal: false,
    tiedEmbeddings: true,
  });
  return { encoder: enc, pool, nClasses, padId: tokVocab, clsId: tokVocab + 1, lowercase };
}

/** Encoder parameters (the LM's names) plus head.w [dModel, C] ~ N(0, 0.02) and head.b [C] = 0. Seeded. */
export function initClassifierParams(c: ClassifierConfig, seed: number): ParamMap {
  return { ...initParams(c.encoder, seed), ...initHead(c, seed) };
}

/** A fresh head: head.w [dModel, C] ~ N(0, 0.02), head.b [C] = 0. Seeded; also the head of a fine-tuned encoder. */
export function initHead(c: ClassifierConfig, seed: number): ParamMap {
  const rng = new Rng(seed + 7919);
  const d = c.encoder.dModel;
  const w = new Float32Array(d * c.nClasses);
  for (let i = 0; i < w.length; i++) w[i] = rng.normal() * 0.02;
  return { [HEAD_W]: tf.tensor2d(w, [d, c.nClasses]), [HEAD_B]: tf.zeros([c.nClasses]) };
}

export function classifierDecay(c: ClassifierConfig): Set<string> {
  const s = decayedParams(c.encoder);
  s.add(HEAD_W);
  return s;
}

/** Tokens of one text as the classifier sees them. */
export interface EncodedText {
  /** Token ids without padding, length ≤ contextLength (CLS first under cls pooling). */
  ids: number[];
  /** How each token is shown. */
  pieces: string[];
  truncated: boolean;
  /** Tokens before truncation (without CLS). */
  fullLength: number;
}

/** Tokenise without padding or truncation; the word tokenizer's whitespace tokens are dropped (they carry no class signal). */
export function tokenizeText(tok: Tokenizer, text: string, lowercase: boolean): { ids: number[]; pieces: string[] } {
  const t = lowercase ? text.toLowerCase() : text;
  if (tok.kind === 'word') {
    const pieces = WordTokenizer.split(t).filter((p) => !/^\s+$/u.test(p));
    const ids = pieces.map((p) => tok.encode(p)[0] ?? tok.unkId ?? 0);
    return { ids, pieces };
  }
  const ids = tok.encode(t);
  return { ids, pieces: ids.map((i) => tok.tokenString(i)) };
}

export function encodeText(tok: Tokenizer, c: ClassifierConfig, text: string): EncodedText {
  const { ids, pieces } = tokenizeText(tok, text, c.lowercase);
  const wrapped = c.sepId !== undefined;
  const room = inputLength(c) - (wrapped ? 2 : c.pool === 'cls' ? 1 : 0);
  const truncated = ids.length > room;
  const keep = Math.max(0, room);
  const outIds = ids.slice(0, keep);
  const outPieces = pieces.slice(0, keep);
  if (outIds.length === 0) {
    // an empty text (all whitespace after tokenising) still needs a position to pool: one unknown token
    outIds.push(tok.unkId ?? 0);
    outPieces.push('<unk>');
  }
  if (c.pool === 'cls' || wrapped) {
    outIds.unshift(c.clsId);
    outPieces.unshift('[CLS]');
  }
  if (wrapped) {
    outIds.push(c.sepId as number);
    outPieces.push('[SEP]');
  }
  return { ids: outIds, pieces: outPieces, truncated, fullLength: ids.length };
}

/** The padded row length. */
export function inputLength(c: ClassifierConfig): number {
  return c.inputLength ?? c.encoder.contextLength;
}

/**
 * Fixed-length batch: every row padded with PAD to the input length, in training and inference alike. An encoder
 * trained here from scratch has no key-padding mask (it learns to ignore PAD), so padding to one length keeps what it
 * sees identical in both; a pretrained one masks the padded keys (keyPadding). Pooling ignores pads either way.
 */
export function padBatch(rows: number[][], c: ClassifierConfig): { ids: Int32Array; mask: Float32Array; T: number } {
  const T = inputLength(c);
  const ids = new Int32Array(rows.length * T).fill(c.padId);
  const mask = new Float32Array(rows.length * T);
  rows.forEach((r, b) => {
    for (let t = 0; t < Math.min(T, r.length); t++) {
      ids[b * T + t] = r[t];
      mask[b * T + t] = 1;
    }
  });
  return { ids, mask, T };
}

/** cls: h[:, 0]; mean: Σ_t mask·h / Σ_t mask (pads excluded). h: [B, T, d], mask: [B, T] of 0/1 → [B, d]. */
export function poolHidden(h: tf.Tensor3D, mask: tf.Tensor2D, pool: Pooling): tf.Tensor2D {
  const [B, , d] = h.shape;
  if (pool === 'cls') return tf.reshape(tf.slice(h, [0, 0, 0], [B, 1, d]), [B, d]) as tf.Tensor2D;
  const m = tf.expandDims(mask, 2); // [B, T, 1]
  const sum = tf.sum(tf.mul(h, m), 1); // [B, d]
  const n = tf.maximum(tf.sum(m, 1), 1); // [B, 1]
  return tf.div(sum, n) as tf.Tensor2D;
}

/**
 * Logits [B, C] for ids [B, T] with padding mask [B, T]; a pure function of the parameters (tf.grads differentiates it).
 * Call inside tf.tidy. The encoder's named activations go to `cache` (plus `pooled`).
 */
export function classifierForward(
  p: ParamMap,
  c: ClassifierConfig,
  ids: tf.Tensor2D,
  mask: tf.Tensor2D,
  opts: { training?: boolean; dropoutSeed?: number } = {},
  cache?: ActivationCache,
): tf.Tensor2D {
  // The encoder's final normed hidden states, without its vocabulary unembedding (a classifier never uses it).
  const h = forwardWith(p, c.encoder, ids, { ...opts, hiddenOnly: true, ...(c.keyPadding ? { attentionMask: mask } : {}) }, cache); // [B, T, d]
  const pooled = poolHidden(h, mask, c.pool); // [B, d]
  if (cache) cache['pooled'] = pooled;
  return tf.add(tf.matMul(pooled, p[HEAD_W] as tf.Tensor2D), p[HEAD_B]) as tf.Tensor2D; // [B, C]
}

/**
 * Inverse-frequency weighted cross-entropy: Σ_i w_{y_i} · (−log softmax(z_i)[y_i]) / Σ_i w_{y_i}. logits [B, C];
 * y one-hot [B, C]; w [B].
 */
export function weightedCrossEntropy(logits: tf.Tensor2D, yOneHot: tf.Tensor2D, w: tf.Tensor1D): tf.Scalar {
  const nll = tf.neg(tf.sum(tf.mul(yOneHot, tf.logSoftmax(logits)), 1)); // [B]
  return tf.div(tf.sum(tf.mul(nll, w)), tf.maximum(tf.sum(w), 1e-12)) as tf.Scalar;
}

/**
 * The pooled position's attention over the real tokens, per layer and head: cls → the CLS query row; mean → the mean of
 * the rows of the real positions (what the mean-pooled vector attended to). pattern: [1, H, T, T]; returns [H][len].
 */
export function pooledAttentionRows(pattern: Float32Array, H: number, T: number, len: number, pool: Pooling): number[][] {
  const out: number[][] = [];
  for (let h = 0; h < H; h++) {
    const row = new Array<number>(len).fill(0);
    const queries = pool === 'cls' ? [0] : Array.from({ length: len }, (_, q) => q);
    for (const q of queries) for (let k = 0; k < len; k++) row[k] += pattern[(h * T + q) * T + k] / queries.length;
    out.push(row);
  }
  return out;
}
