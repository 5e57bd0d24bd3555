// The language models shipped inside Model Lens, located from the source tree or from the bundle (dist/engine.js) by
// walking up from __dirname: 'subword-lm' (assets/subword-lm, scripts/trainSubwordModel.ts), a BPE model that predicts
// words and is the default for predictions, and 'default-lm' (assets/default-lm, scripts/trainDefaultModel.ts), the
// character-level model the lessons about characters use (its id predates the subword model and is kept for settings).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../errors';
import { loadCheckpoint, MANIFEST, type LoadedLm } from './checkpoint';

/** The embedded character-level model. */
export const DEFAULT_LM_ID = 'default-lm';
/** The embedded subword model, used for predictions unless the person picks another. */
export const SUBWORD_LM_ID = 'subword-lm';
/** The model a prediction uses when none is named (CLI without --model, setting modelLens.languageModel's default). */
export const PREDICTION_LM_ID = SUBWORD_LM_ID;

interface EmbeddedLm {
  folder: string;
  /** Environment variable that points elsewhere (tests, packaging). */
  env: string;
  rebuild: string;
}

const EMBEDDED: Record<string, EmbeddedLm> = {
  [DEFAULT_LM_ID]: { folder: 'default-lm', env: 'MODEL_LENS_DEFAULT_LM', rebuild: 'npm run train:char-lm' },
  [SUBWORD_LM_ID]: { folder: 'subword-lm', env: 'MODEL_LENS_SUBWORD_LM', rebuild: 'npm run train:subword-lm' },
  // the bidirectional (masked-LM) model; not a next-token model, so not in EMBEDDED_LM_IDS
  'default-encoder': { folder: 'default-encoder', env: 'MODEL_LENS_DEFAULT_ENCODER', rebuild: 'npm run train:default-encoder' },
};

/** Ids of the embedded models, the default for predictions first. */
export const EMBEDDED_LM_IDS: readonly string[] = [SUBWORD_LM_ID, DEFAULT_LM_ID];

export function isEmbeddedLmId(id: string | undefined): boolean {
  return id !== undefined && Object.hasOwn(EMBEDDED, id);
}

/** The folder holding embedded model `id`, or undefined when it is missing. */
export function embeddedLmDir(id: string, start = __dirname): string | undefined {
  const e = EMBEDDED[id];
  if (!e) return undefined;
  const env = process.env[e.env];
  if (env) return env;
  let dir = start;
  for (;;) {
    const cand = path.join(dir, 'assets', e.folder);
    if (fs.existsSync(path.join(cand, MANIFEST))) return cand;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** The folder holding the character-level model, or undefined. MODEL_LENS_DEFAULT_LM overrides (tests, packaging). */
export function defaultLmDir(start = __dirname): string | undefined {
  return embeddedLmDir(DEFAULT_LM_ID, start);
}

/** The command that rebuilds embedded model `id` (named in messages when its folder is missing). */
export function rebuildCommand(id: string): string {
  return EMBEDDED[id]?.rebuild ?? '';
}

export function loadEmbeddedLm(id: string): LoadedLm {
  const dir = embeddedLmDir(id);
  if (!dir) throw new UserError(`the embedded language model "${id}" is missing (assets/${EMBEDDED[id]?.folder ?? id}); rebuild it with \`${rebuildCommand(id)}\``);
  return loadCheckpoint(dir);
}

/** The character-level model. */
export function loadDefaultLm(): LoadedLm {
  return loadEmbeddedLm(DEFAULT_LM_ID);
}
