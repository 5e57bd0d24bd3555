// The embedded default model (assets/default-lm, trained by scripts/trainDefaultModel.ts): located from the source tree
// or from the bundle (dist/engine.js) by walking up from __dirname.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../errors';
import { loadCheckpoint, MANIFEST, type LoadedLm } from './checkpoint';

export const DEFAULT_LM_ID = 'default-lm';

/** The folder holding the default model, or undefined. MODEL_LENS_DEFAULT_LM overrides (tests, packaging). */
export function defaultLmDir(start = __dirname): string | undefined {
  const env = process.env.MODEL_LENS_DEFAULT_LM;
  if (env) return env;
  let dir = start;
  for (;;) {
    const cand = path.join(dir, 'assets', 'default-lm');
    if (fs.existsSync(path.join(cand, MANIFEST))) return cand;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

export function loadDefaultLm(): LoadedLm {
  const dir = defaultLmDir();
  if (!dir) throw new UserError('the default language model is missing (assets/default-lm); run `npm run train:default` to rebuild it');
  return loadCheckpoint(dir);
}
