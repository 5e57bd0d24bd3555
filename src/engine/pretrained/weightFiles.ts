// Where each tensor of a Hugging Face folder lives: model.safetensors, or the shards named by
// model.safetensors.index.json. Every shard path must stay inside the model folder (no absolute paths, no `..`, no
// symlink leading out), checked before any shard is opened.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../errors';
import { SafetensorsReader } from '../io/safetensors';

export const SINGLE_WEIGHTS = 'model.safetensors';
export const SHARD_INDEX = 'model.safetensors.index.json';
const MAX_INDEX_BYTES = 16 << 20;

/** True when the folder has weights the generic loader reads (one file or a shard index). */
export function hasHfWeights(dir: string): boolean {
  return fs.existsSync(path.join(dir, SINGLE_WEIGHTS)) || fs.existsSync(path.join(dir, SHARD_INDEX));
}

/** A shard path from the index, resolved and checked to lie inside `dir` (also through symlinks). */
export function resolveInside(dir: string, rel: unknown, label = SHARD_INDEX): string {
  if (typeof rel !== 'string' || rel.length === 0 || rel.length > 1024) throw new UserError(`${label}: a shard file name must be a non-empty string, got ${JSON.stringify(rel)?.slice(0, 80)}`);
  if (path.isAbsolute(rel) || /^[a-zA-Z]:/.test(rel) || rel.split(/[\\/]/).includes('..') || rel.includes('\0')) {
    throw new UserError(`${label}: shard ${JSON.stringify(rel)} points outside the model folder; shards must be files inside it`);
  }
  const full = path.resolve(dir, rel);
  if (!fs.existsSync(full)) throw new UserError(`${label} names shard ${JSON.stringify(rel)}, which is not in ${dir}`);
  const realDir = fs.realpathSync(dir);
  const real = fs.realpathSync(full);
  if (real !== realDir && !real.startsWith(realDir + path.sep)) {
    throw new UserError(`${label}: shard ${JSON.stringify(rel)} is a link to ${real}, outside the model folder; Model Lens reads nothing outside it`);
  }
  if (!fs.statSync(real).isFile()) throw new UserError(`${label}: shard ${JSON.stringify(rel)} is not a file`);
  return real;
}

/** Open readers by tensor name. `close()` closes every shard. */
export interface WeightFiles {
  /** The reader holding a tensor, or undefined. */
  readerOf(name: string): SafetensorsReader | undefined;
  /** Every tensor name across the files. */
  names(): string[];
  /** File names read (for messages and the model card). */
  files: string[];
  close(): Promise<void>;
}

/** Opens model.safetensors or every shard of the index (headers only; data is read tensor by tensor later). */
export async function openWeightFiles(dir: string): Promise<WeightFiles> {
  const single = path.join(dir, SINGLE_WEIGHTS);
  const index = path.join(dir, SHARD_INDEX);
  const readers = new Map<string, SafetensorsReader>();
  const byTensor = new Map<string, SafetensorsReader>();
  const closeAll = async () => {
    for (const r of readers.values()) await r.close();
  };
  try {
    if (fs.existsSync(single) && !fs.existsSync(index)) {
      const r = await SafetensorsReader.open(resolveInside(dir, SINGLE_WEIGHTS, SINGLE_WEIGHTS));
      readers.set(SINGLE_WEIGHTS, r);
      for (const t of r.tensors) byTensor.set(t.name, r);
    } else if (fs.existsSync(index)) {
      const { size } = await fs.promises.stat(index);
      if (size > MAX_INDEX_BYTES) throw new UserError(`${SHARD_INDEX} is ${size} bytes, too large for a shard index`);
      let json: unknown;
      try {
        json = JSON.parse(await fs.promises.readFile(index, 'utf8'));
      } catch (e) {
        throw new UserError(`${SHARD_INDEX} is not valid JSON (${(e as Error).message.slice(0, 100)})`);
      }
      const map = (json as { weight_map?: unknown })?.weight_map;
      if (typeof map !== 'object' || map === null || Array.isArray(map)) throw new UserError(`${SHARD_INDEX} has no weight_map object`);
      const entries = Object.entries(map as Record<string, unknown>);
      // check every path before opening any shard
      const shardPaths = new Map<string, string>();
      for (const [, rel] of entries) if (!shardPaths.has(rel as string)) shardPaths.set(rel as string, resolveInside(dir, rel));
      for (const [rel, full] of shardPaths) readers.set(rel, await SafetensorsReader.open(full));
      for (const [name, rel] of entries) {
        const r = readers.get(rel as string)!;
        if (!r.has(name)) throw new UserError(`${SHARD_INDEX} says tensor ${JSON.stringify(name)} is in ${rel as string}, but that shard does not hold it`);
        byTensor.set(name, r);
      }
    } else {
      throw new UserError(`${dir} has no ${SINGLE_WEIGHTS} or ${SHARD_INDEX} (only safetensors weights are read, not pytorch_model.bin)`);
    }
  } catch (e) {
    await closeAll();
    throw e;
  }
  return {
    readerOf: (n) => byTensor.get(n),
    names: () => [...byTensor.keys()],
    files: [...readers.keys()],
    close: closeAll,
  };
}
