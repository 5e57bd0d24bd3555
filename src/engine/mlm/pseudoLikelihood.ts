// Token probabilities for an encoder as pseudo-likelihood (Salazar et al. 2020, "Masked Language Model Scoring"):
// each token is masked in turn and scored by p(token | every other token). Offsets are found in the original text
// case-insensitively, since an uncased WordPiece model shows "the" for "The".
import * as tf from '@tensorflow/tfjs-core';
import { UserError } from '../errors';
import { rankOrder } from '../lm/generate';
import type { Lm, TokenProbability } from '../lm/inspect';
import { asWordPiece, encodeForEncoder } from './encode';

/** Rows scored per forward pass (each row is the sentence with one token masked). */
const CHUNK = 16;

export async function pseudoLikelihood(lm: Lm, text: string, topN = 5): Promise<{ tokens: TokenProbability[]; unknownCount: number; truncated: boolean }> {
  const wp = asWordPiece(lm.tokenizer);
  if (!wp) throw new UserError('token probabilities of a bidirectional model need its [MASK] token (a WordPiece tokenizer)');
  const C = lm.model.config.contextLength;
  const enc = encodeForEncoder(lm.tokenizer, text, C);
  const ids = enc.ids; // [CLS] … [SEP]
  const V = lm.model.config.vocabSize;
  const positions = ids.map((_, i) => i).filter((i) => ids[i] !== wp.clsId && ids[i] !== wp.sepId);
  const lower = text.toLowerCase();
  let at = 0;
  const out: TokenProbability[] = positions.map((p) => {
    const tok = lm.tokenizer.tokenString(ids[p]).replace(/^##/, '');
    const i = ids[p] === wp.unkId ? -1 : lower.indexOf(tok, at);
    const span = i >= 0 ? [i, i + tok.length] : [at, at];
    if (i >= 0) at = i + tok.length;
    return { id: ids[p], token: lm.tokenizer.tokenString(ids[p]), start: span[0], end: span[1], prob: null, rank: null, surprisal: null, alternatives: [] };
  });
  for (let c0 = 0; c0 < positions.length; c0 += CHUNK) {
    const chunk = positions.slice(c0, c0 + CHUNK);
    const rows = chunk.map((p) => ids.map((id, j) => (j === p ? wp.maskId : id)));
    const lp = tf.tidy(() => tf.logSoftmax(tf.reshape(lm.model.forward(rows).logits, [-1, V]))); // [rows * T, V]
    const data = (await lp.data()) as Float32Array; // async: WebGPU cannot read synchronously in Node
    lp.dispose();
    chunk.forEach((p, r) => {
      const row = data.subarray((r * ids.length + p) * V, (r * ids.length + p + 1) * V);
      const target = ids[p];
      let rank = 1;
      for (let v = 0; v < V; v++) if (row[v] > row[target]) rank++;
      const prob = Math.exp(row[target]);
      Object.assign(out[c0 + r], {
        prob,
        rank,
        surprisal: -Math.log2(prob),
        alternatives: rankOrder(row).slice(0, topN).map((id) => ({ id, token: lm.tokenizer.tokenString(id), prob: Math.exp(row[id]) })),
      });
    });
  }
  return { tokens: out, unknownCount: ids.filter((i) => i === wp.unkId).length, truncated: enc.truncated };
}
