// Embedding models by id: 'glove-default' (the embedded asset) or the directory of a saved model.
// Keeps a small cache of VectorStores so repeated queries do not reload or renormalise.
import * as fs from 'node:fs';
import { UserError } from '../errors';
import { DEFAULT_MODEL_ID, loadDefaultGlove } from './assets';
import { loadModel, readModelMeta, type ModelMeta } from './checkpoint';
import { VectorStore } from './vectorStore';

const cache = new Map<string, { mtime: number; store: VectorStore }>();

export interface ModelSummary {
  id: string;
  label: string;
  method: string;
  corpus: string;
  words: number;
  dim: number;
  createdAt?: string;
  config?: Record<string, unknown>;
}

export function openModel(id: string = DEFAULT_MODEL_ID): VectorStore {
  if (id === DEFAULT_MODEL_ID) {
    const hit = cache.get(id);
    if (hit) return hit.store;
    const store = new VectorStore(loadDefaultGlove());
    cache.set(id, { mtime: 0, store });
    return store;
  }
  if (!fs.existsSync(id)) throw new UserError(`model "${id}" not found: give '${DEFAULT_MODEL_ID}' or a saved model folder`);
  const mtime = fs.statSync(`${id}/model.json`, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const hit = cache.get(id);
  if (hit && hit.mtime === mtime) return hit.store;
  const store = new VectorStore(loadModel(id).vectors);
  cache.set(id, { mtime, store });
  if (cache.size > 4) cache.delete(cache.keys().next().value as string);
  return store;
}

export function describeModel(id: string = DEFAULT_MODEL_ID): ModelSummary {
  if (id === DEFAULT_MODEL_ID) {
    return { id, label: 'GloVe 6B 100d (top 50k)', method: 'glove', corpus: 'Wikipedia 2014 + Gigaword 5', words: 50000, dim: 100 };
  }
  const m: ModelMeta = readModelMeta(id);
  return { id, label: id.split(/[\\/]/).filter(Boolean).pop() ?? id, method: m.method, corpus: m.corpus, words: m.words, dim: m.dim, createdAt: m.createdAt, config: m.config };
}
