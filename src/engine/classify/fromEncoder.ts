// Starting a classifier from a pretrained bidirectional encoder (Devlin et al. 2019, §4: fine-tuning): the encoder's
// own tokenizer, blocks and weights, a fresh linear head on the pooled [CLS] (or mean) state, and every weight trained
// at a small learning rate. The vocabulary unembedding and MLM head are dropped: a classifier never reads them.
import * as tf from '@tensorflow/tfjs-core';
import type { ClassifierOrigin, Pooling } from '../../protocol/classify';
import { UserError } from '../errors';
import { validateConfig } from '../lm/config';
import type { ParamMap } from '../lm/params';
import { getLm } from '../lm/registry';
import { asWordPiece } from '../mlm/encode';
import type { Tokenizer } from '../lm/tokenizers/types';
import { initHead, type ClassifierConfig } from './encoder';

/**
 * Fine-tuning peak rates: BERT's paper searched 2e-5 … 5e-5 for its 110 M-parameter model. For the ~1 M-parameter
 * encoders trained here 1e-3 was best of 2e-4, 5e-4 and 1e-3 on the sotu-era sample's validation split (52.5 %,
 * 56.4 %, 61.4 % accuracy after 4 epochs).
 */
export const FINE_TUNE_LR = { hf: 5e-5, modelLens: 1e-3 } as const;

export interface EncoderStart {
  config: ClassifierConfig;
  /** Clones of the encoder's weights plus the fresh head; the caller disposes them. */
  params: ParamMap;
  tokenizer: Tokenizer;
  origin: ClassifierOrigin;
  /** The learning rate used when none is given. */
  learningRate: number;
}

const DROPPED = (name: string) => name.startsWith('mlm.') || name === 'unembed';

/**
 * Load `from` (an id getLm understands) and build a classifier of `nClasses` on it, rows padded to
 * `lengthOf(its tokenizer)` tokens or the encoder's positions, whichever is fewer.
 */
export async function startFromEncoder(
  from: string,
  nClasses: number,
  pool: Pooling,
  lengthOf: (tok: Tokenizer) => number,
  seed: number,
  signal?: AbortSignal,
): Promise<EncoderStart> {
  const lm = await getLm(from, { signal });
  const name = String(lm.meta.name ?? from);
  const src = lm.model.config;
  const wp = asWordPiece(lm.tokenizer);
  if (src.causal || !wp) {
    throw new UserError(
      `${name} is a next-token (causal) model: a classifier starts from a bidirectional encoder — the embedded default encoder, a masked-LM trained with "Train Masked Language Model…", or a BERT / DistilBERT folder`,
    );
  }
  const inputLength = Math.min(src.contextLength, lengthOf(lm.tokenizer));
  const encoder = validateConfig({ ...src, mlmHead: false, tiedEmbeddings: true, dropout: 0.1, finalLogitSoftcap: null });
  const config: ClassifierConfig = {
    encoder, pool, nClasses, padId: wp.padId, clsId: wp.clsId, sepId: wp.sepId, lowercase: false, inputLength, keyPadding: true,
  };
  const params: ParamMap = initHead(config, seed);
  for (const [k, t] of Object.entries(lm.model.params)) if (!DROPPED(k)) params[k] = tf.clone(t);
  const parameters = Object.values(params).reduce((s, t) => s + t.size, 0);
  const isHf = lm.meta.source === 'huggingface';
  return {
    config, params, tokenizer: lm.tokenizer, origin: { id: from, name, parameters },
    learningRate: isHf ? FINE_TUNE_LR.hf : FINE_TUNE_LR.modelLens,
  };
}
