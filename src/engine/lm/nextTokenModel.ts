// What next-token views (predict, generate, token probabilities, evaluation) need of a language model, whatever its
// architecture: the transformer and the recurrent LM (src/engine/rnn) both satisfy it.
import type * as tf from '@tensorflow/tfjs-core';

export interface NextTokenModel {
  /** causal false: a bidirectional encoder (predicts masked words, not the next one). */
  config: { vocabSize: number; contextLength: number; causal?: boolean };
  /** ids: [batch][seq]. Logits [batch, seq, vocab], or [batch, 1, vocab] with lastOnly. The caller disposes them. */
  forward(ids: number[][], o?: { lastOnly?: boolean }): { logits: tf.Tensor3D };
}
