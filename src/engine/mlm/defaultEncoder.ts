// The embedded default bidirectional model (assets/default-encoder, trained by scripts/trainDefaultEncoder.ts): a
// word-level masked-language model, located from the source tree or the bundle by walking up from __dirname.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../errors';
import { loadCheckpoint, MANIFEST, type LoadedLm } from '../lm/checkpoint';

export const DEFAULT_ENCODER_ID = 'default-encoder';

/** The folder holding the default encoder, or undefined. MODEL_LENS_DEFAULT_ENCODER overrides (tests, packaging). */
export function defaultEncoderDir(start = __dirname): string | undefined {
  const env = process.env.MODEL_LENS_DEFAULT_ENCODER;
  if (env) return env;
  for (let dir = start; ; ) {
    const cand = path.join(dir, 'assets', 'default-encoder');
    if (fs.existsSync(path.join(cand, MANIFEST))) return cand;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

export function loadDefaultEncoder(): LoadedLm {
  const dir = defaultEncoderDir();
  if (!dir) throw new UserError('the default bidirectional model is missing (assets/default-encoder); run `npm run train:default-encoder` to rebuild it');
  return loadCheckpoint(dir);
}
