// Recurrent-LM checkpoints: config, tokenizer, weights, AdamW moments and training state in a verified tensor folder,
// so a run resumes to the same loss curve and every next-token view can load the model.
import * as tf from '@tensorflow/tfjs-core';
import { UserError } from '../errors';
import { tokenizerFromJSON } from '../lm/tokenizers/index';
import type { Tokenizer } from '../lm/tokenizers/types';
import type { ModelMeta } from '../lm/checkpoint';
import type { LossPoint, TrainOptions, TrainState } from '../lm/train';
import { validateRnnConfig, type RnnConfig } from './config';
import { RecurrentLm, rnnParamSpecs } from './model';
import { folderKind, openTensorFolder, saveTensorFolder } from './tensorFolder';

export const RNN_KIND = 'model-lens-rnn';

export function isRnnCheckpoint(dir: string): boolean {
  return folderKind(dir) === RNN_KIND;
}

interface StateFile {
  step: number;
  rngState: number;
  history: LossPoint[];
  tokensSeen: number;
  trainSeconds: number;
  options: TrainOptions | null;
  optimizerT: number;
}

export interface LoadedRnn {
  dir: string;
  model: RecurrentLm;
  tokenizer: Tokenizer;
  meta: ModelMeta;
  state?: TrainState;
  step: number;
  history: LossPoint[];
  tokensSeen: number;
  trainSeconds: number;
}

export async function saveRnnCheckpoint(dir: string, a: { model: RecurrentLm; tokenizer: Tokenizer; state?: TrainState; meta?: ModelMeta }): Promise<void> {
  const s = a.state;
  const st: StateFile = { step: s?.step ?? 0, rngState: s?.rngState ?? 0, history: s?.history ?? [], tokensSeen: s?.tokensSeen ?? 0, trainSeconds: s?.trainSeconds ?? 0, options: s?.options ?? null, optimizerT: s?.optimizer.t ?? 0 };
  const groups: Record<string, Record<string, tf.Tensor>> = { weights: a.model.params };
  if (s) groups.optimizer = s.optimizer.moments;
  await saveTensorFolder(dir, RNN_KIND, st.step, { config: { config: a.model.config, meta: a.meta ?? {} }, tokenizer: a.tokenizer.toJSON(), state: st }, groups);
}

export function loadRnnCheckpoint(dir: string, opts: { withOptimizer?: boolean } = {}): LoadedRnn {
  const f = openTensorFolder(dir, RNN_KIND, 'recurrent language-model');
  const cj = f.json('config') as { config: RnnConfig; meta?: ModelMeta };
  const config = validateRnnConfig(cj?.config ?? {});
  let tokenizer: Tokenizer;
  try {
    tokenizer = tokenizerFromJSON(f.json('tokenizer'));
  } catch (e) {
    throw e instanceof UserError ? e : new UserError(`the checkpoint in ${dir} has an unreadable tokenizer: ${(e as Error).message}`);
  }
  if (tokenizer.vocabSize !== config.vocabSize) throw new UserError(`checkpoint tokenizer has ${tokenizer.vocabSize} tokens but the model expects ${config.vocabSize}`);
  const st = f.json('state') as StateFile;
  const shapes = new Map(rnnParamSpecs(config).map((s) => [s.name, s.shape]));
  const params = f.tensors('weights', shapes);
  if (!params) throw new UserError(`the checkpoint in ${dir} has no weights`);
  const model = new RecurrentLm(config, params);
  let state: TrainState | undefined;
  if (opts.withOptimizer && st.options) {
    const mShapes = new Map([...shapes].flatMap(([n, s]) => [[`m.${n}`, s], [`v.${n}`, s]] as [string, number[]][]));
    try {
      const moments = f.tensors('optimizer', mShapes);
      if (moments) state = { step: st.step, rngState: st.rngState, optimizer: { t: st.optimizerT, moments }, history: st.history, tokensSeen: st.tokensSeen, trainSeconds: st.trainSeconds, options: st.options };
    } catch (e) {
      model.dispose();
      throw e;
    }
  }
  return { dir, model, tokenizer, meta: cj.meta ?? {}, state, step: st.step, history: st.history ?? [], tokensSeen: st.tokensSeen ?? 0, trainSeconds: st.trainSeconds ?? 0 };
}

export function disposeRnn(l: { model: RecurrentLm; state?: TrainState }): void {
  l.model.dispose();
  if (l.state) tf.dispose(Object.values(l.state.optimizer.moments));
}
