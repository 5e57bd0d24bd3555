// Any language model by id for the next-token views: recurrent checkpoints load here (small LRU cache, reloaded when
// the manifest changes), everything else goes to the transformer registry. Also the recurrent model card.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { backendReport } from '../backend';
import { UserError } from '../errors';
import { getLm } from '../lm/registry';
import type { AnyLm } from '../lm/inspect';
import type { LossPoint } from '../lm/train';
import { disposeRnn, isRnnCheckpoint, loadRnnCheckpoint, type LoadedRnn } from './checkpoint';
import type { RnnConfig } from './config';
import { rnnParamSpecs } from './model';
import { FOLDER_MANIFEST } from './tensorFolder';

const cache = new Map<string, { lm: LoadedRnn; mtimeMs: number }>();
const MAX = 3;

const mtime = (dir: string) => {
  try {
    return fs.statSync(path.join(dir, FOLDER_MANIFEST)).mtimeMs;
  } catch {
    return -1;
  }
};

/** True when `modelId` names a recurrent checkpoint folder. */
export function isRecurrentId(modelId: string | undefined): boolean {
  return !!modelId && modelId !== 'default-lm' && isRnnCheckpoint(path.resolve(modelId));
}

/** A loaded recurrent model by folder (cached). */
export function getRnn(modelId: string): LoadedRnn {
  const dir = path.resolve(modelId);
  const m = mtime(dir);
  const hit = cache.get(dir);
  if (hit && hit.mtimeMs === m) return hit.lm;
  if (hit) {
    disposeRnn(hit.lm);
    cache.delete(dir);
  }
  const lm = loadRnnCheckpoint(dir);
  cache.set(dir, { lm, mtimeMs: m });
  while (cache.size > MAX) {
    const k = cache.keys().next().value as string;
    disposeRnn(cache.get(k)!.lm);
    cache.delete(k);
  }
  return lm;
}

/** The model for predict / generate / token probabilities / evaluation, whatever its architecture. */
export async function getAnyLm(modelId: string | undefined, opts: Parameters<typeof getLm>[1] = {}): Promise<AnyLm & { family?: 'recurrent' }> {
  if (isRecurrentId(modelId)) return { ...getRnn(modelId!), family: 'recurrent' };
  return getLm(modelId, opts);
}

/** Refuse transformer-only views (attention, logit lens, positions…) on a recurrent model with a message that says why. */
export function assertNotRecurrent(modelId: string | undefined, view: string): void {
  if (isRecurrentId(modelId)) {
    const arch = getRnn(modelId!).model.config.arch.toUpperCase();
    throw new UserError(`${view} needs a transformer; ${modelId} is a recurrent model (${arch}), which has no attention or layers of residual stream. Open "Inside an RNN" for its hidden states and gates.`);
  }
}

export interface RnnModelCard {
  family: 'recurrent';
  config: RnnConfig;
  params: { total: number; tensors: { name: string; shape: number[]; count: number }[] };
  tokenizer: { kind: string; vocabSize: number };
  meta: Record<string, unknown>;
  step: number;
  tokensSeen: number;
  trainSeconds: number;
  history: LossPoint[];
  backend: string;
}

export function rnnModelCard(lm: LoadedRnn): RnnModelCard {
  const tensors = rnnParamSpecs(lm.model.config).map((s) => ({ ...s, count: s.shape.reduce((a, b) => a * b, 1) }));
  return {
    family: 'recurrent',
    config: lm.model.config,
    params: { total: tensors.reduce((s, t) => s + t.count, 0), tensors },
    tokenizer: { kind: lm.tokenizer.kind, vocabSize: lm.tokenizer.vocabSize },
    meta: lm.meta,
    step: lm.step,
    tokensSeen: lm.tokensSeen,
    trainSeconds: lm.trainSeconds,
    history: lm.history,
    backend: backendReport()?.active ?? tf.getBackend(),
  };
}
