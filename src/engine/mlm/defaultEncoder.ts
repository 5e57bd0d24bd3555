// The embedded default bidirectional model (assets/default-encoder, trained by scripts/trainDefaultEncoder.ts): a
// word-level masked-language model, located from the source tree or the bundle by walking up from __dirname.
import type { LoadedLm } from '../lm/checkpoint';
import { embeddedLmDir, loadEmbeddedLm } from '../lm/defaultModel';

export const DEFAULT_ENCODER_ID = 'default-encoder';

/** The folder holding the default encoder, or undefined. MODEL_LENS_DEFAULT_ENCODER overrides (tests, packaging). */
export function defaultEncoderDir(start = __dirname): string | undefined {
  return embeddedLmDir(DEFAULT_ENCODER_ID, start);
}

export function loadDefaultEncoder(): LoadedLm {
  return loadEmbeddedLm(DEFAULT_ENCODER_ID);
}
