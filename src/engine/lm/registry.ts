// Loaded models by id (an embedded model: 'subword-lm', 'default-lm' (the char model) or 'default-encoder'; a Hugging
// Face folder (GPT-2, Llama, Qwen2, Gemma 3); or a Model Lens checkpoint folder), in a small LRU cache
// that reloads a folder when its manifest changes (e.g. training wrote a newer checkpoint).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCheckpoint, disposeLoaded, MANIFEST, type LoadedLm } from './checkpoint';
import { embeddedLmDir, isEmbeddedLmId, loadEmbeddedLm, PREDICTION_LM_ID } from './defaultModel';
import { hfWeightsStamp, isHfFolder, loadHfLm } from '../pretrained/hfLm';

interface Entry {
  lm: LoadedLm;
  mtimeMs: number;
}

const cache = new Map<string, Entry>();
const MAX = 3;

function manifestTime(dir: string): number {
  try {
    return fs.statSync(isHfFolder(dir) ? hfWeightsStamp(dir) : path.join(dir, MANIFEST)).mtimeMs;
  } catch {
    return -1;
  }
}

/** Loads in flight, so two requests for the same folder share one load. */
const loading = new Map<string, Promise<LoadedLm>>();

/** The model for an id (none: the default for predictions), loading it on first use. Throws UserError for a missing or bad checkpoint. */
export async function getLm(modelId: string | undefined, opts: { onProgress?: (p: { message?: string; fraction?: number }) => void; signal?: AbortSignal } = {}): Promise<LoadedLm> {
  const id = !modelId ? PREDICTION_LM_ID : isEmbeddedLmId(modelId) ? modelId : path.resolve(modelId);
  const embedded = isEmbeddedLmId(id);
  const dir = embedded ? embeddedLmDir(id) : id;
  const mtime = dir ? manifestTime(dir) : -1;
  const hit = cache.get(id);
  if (hit && hit.mtimeMs === mtime) {
    cache.delete(id);
    cache.set(id, hit);
    return hit.lm;
  }
  if (hit) forget(id);
  const pending = loading.get(id);
  if (pending) return pending;
  const load = (async () =>
    embedded
      ? loadEmbeddedLm(id)
      : isHfFolder(id)
        ? loadHfLm(id, {
            signal: opts.signal,
            onProgress: (p) => opts.onProgress?.({ message: `loading ${p.tensor}`, fraction: p.loadedBytes / Math.max(1, p.totalBytes) }),
          })
        : loadCheckpoint(id))();
  loading.set(id, load);
  let lm: LoadedLm;
  try {
    lm = await load;
  } finally {
    loading.delete(id);
  }
  cache.set(id, { lm, mtimeMs: mtime });
  while (cache.size > MAX) forget(cache.keys().next().value as string);
  return lm;
}

export function forget(id: string): void {
  const e = cache.get(id);
  if (e) disposeLoaded(e.lm);
  cache.delete(id);
}

export function loadedModelIds(): string[] {
  return [...cache.keys()];
}
