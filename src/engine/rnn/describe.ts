// A cheap look at a recurrent checkpoint folder for the Models view: config, parameter count, step and provenance,
// read from its small JSON files (no weights loaded).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ModelMeta } from '../lm/checkpoint';
import { validateRnnConfig, type RnnConfig } from './config';
import { isRnnCheckpoint } from './checkpoint';
import { rnnParamSpecs } from './model';
import { FOLDER_MANIFEST } from './tensorFolder';

export { isRnnCheckpoint };

export function describeRnnFolder(dir: string): { recurrent: RnnConfig; params: number; step: number; meta: ModelMeta } {
  const m = JSON.parse(fs.readFileSync(path.join(dir, FOLDER_MANIFEST), 'utf8')) as { step?: number };
  const cj = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as { config: RnnConfig; meta?: ModelMeta };
  const recurrent = validateRnnConfig(cj.config);
  const params = rnnParamSpecs(recurrent).reduce((s, p) => s + p.shape.reduce((a, b) => a * b, 1), 0);
  return { recurrent, params, step: m.step ?? 0, meta: cj.meta ?? {} };
}
