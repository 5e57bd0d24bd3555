// Saved embedding models: a directory with model.json (metadata, config, sizes), vocab.txt, vectors.bin
// (float32 LE [n, dim]) and state.bin (trainer tensors for resuming). Written atomically; validated on load.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../errors';
import { CHECKPOINT_FORMAT, ENGINE_VERSION } from '../version';
import { writeFilesAtomic } from './atomic';
import type { EmbeddingMethod, LossPoint, TrainState } from './training';
import type { WordVectors } from './wordVectors';

export interface ModelMeta {
  kind: 'model-lens-embeddings';
  format: number;
  engineVersion: string;
  method: EmbeddingMethod | 'imported';
  corpus: string;
  /** ISO date. */
  createdAt: string;
  words: number;
  dim: number;
  config: Record<string, unknown>;
  epochsDone: number;
  lossHistory: LossPoint[];
  /** Vocabulary report etc. */
  extra?: Record<string, unknown>;
  /** name → float32 count, in state.bin order. */
  stateTensors: { name: string; length: number }[];
}

export interface SavedModel {
  meta: ModelMeta;
  vectors: WordVectors;
  state?: TrainState;
}

export interface SaveOptions {
  method: ModelMeta['method'];
  corpus: string;
  config: Record<string, unknown>;
  state?: TrainState;
  extra?: Record<string, unknown>;
}

function f32Bytes(a: Float32Array): Uint8Array {
  const out = new Uint8Array(a.length * 4);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < a.length; i++) dv.setFloat32(i * 4, a[i], true);
  return out;
}

function readF32(buf: Buffer, offset: number, length: number): Float32Array {
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = buf.readFloatLE(offset + i * 4);
  return out;
}

/** Saves vectors (+ trainer state) into `dir`; model.json is renamed in last, so it marks a complete model. */
export async function saveModel(dir: string, vectors: WordVectors, opts: SaveOptions): Promise<ModelMeta> {
  if (vectors.words.some((w) => /[\n\r]/.test(w))) throw new UserError('a word contains a newline; cannot save the vocabulary');
  const tensors = opts.state ? Object.entries(opts.state.tensors) : [];
  const meta: ModelMeta = {
    kind: 'model-lens-embeddings',
    format: CHECKPOINT_FORMAT,
    engineVersion: ENGINE_VERSION,
    method: opts.method,
    corpus: opts.corpus,
    createdAt: new Date().toISOString(),
    words: vectors.words.length,
    dim: vectors.dim,
    config: opts.config,
    epochsDone: opts.state?.epochsDone ?? 0,
    lossHistory: opts.state?.lossHistory ?? [],
    extra: opts.extra,
    stateTensors: tensors.map(([name, t]) => ({ name, length: t.length })),
  };
  const state = new Uint8Array(tensors.reduce((s, [, t]) => s + t.length * 4, 0));
  let o = 0;
  for (const [, t] of tensors) {
    state.set(f32Bytes(t), o);
    o += t.length * 4;
  }
  await writeFilesAtomic([
    { path: path.join(dir, 'vocab.txt'), data: vectors.words.join('\n') + '\n' },
    { path: path.join(dir, 'vectors.bin'), data: f32Bytes(vectors.vectors) },
    { path: path.join(dir, 'state.bin'), data: state },
    { path: path.join(dir, 'model.json'), data: JSON.stringify(meta, null, 2) + '\n' },
  ]);
  return meta;
}

/** Reads model.json only (for listings). */
export function readModelMeta(dir: string): ModelMeta {
  const file = path.join(dir, 'model.json');
  if (!fs.existsSync(file)) throw new UserError(`${dir} is not a Model Lens embedding model (no model.json)`);
  let meta: ModelMeta;
  try {
    meta = JSON.parse(fs.readFileSync(file, 'utf8')) as ModelMeta;
  } catch (e) {
    throw new UserError(`${file} is corrupt: ${(e as Error).message}`);
  }
  if (meta?.kind !== 'model-lens-embeddings') throw new UserError(`${file} is not a Model Lens embedding model`);
  if (meta.format > CHECKPOINT_FORMAT) throw new UserError(`${file} has checkpoint format ${meta.format}; this engine (${ENGINE_VERSION}) reads up to ${CHECKPOINT_FORMAT}`);
  if (!(Number.isInteger(meta.words) && Number.isInteger(meta.dim) && meta.dim > 0)) throw new UserError(`${file} is corrupt: bad words/dim`);
  return meta;
}

/** Loads and validates a saved model; any size mismatch is a UserError naming the file. */
export function loadModel(dir: string, withState = false): SavedModel {
  const meta = readModelMeta(dir);
  const vocabFile = path.join(dir, 'vocab.txt');
  const vecFile = path.join(dir, 'vectors.bin');
  if (!fs.existsSync(vocabFile) || !fs.existsSync(vecFile)) throw new UserError(`${dir}: vocab.txt or vectors.bin is missing`);
  const words = fs.readFileSync(vocabFile, 'utf8').split('\n');
  if (words[words.length - 1] === '') words.pop();
  if (words.length !== meta.words) throw new UserError(`${vocabFile} has ${words.length} words, model.json says ${meta.words}`);
  const buf = fs.readFileSync(vecFile);
  const need = meta.words * meta.dim * 4;
  if (buf.length !== need) throw new UserError(`${vecFile} is truncated or corrupt: ${buf.length} bytes, expected ${need} (${meta.words} × ${meta.dim} float32)`);
  const vectors: WordVectors = { words, dim: meta.dim, vectors: readF32(buf, 0, meta.words * meta.dim) };
  let state: TrainState | undefined;
  if (withState && meta.stateTensors.length && meta.method !== 'imported') {
    const sb = fs.readFileSync(path.join(dir, 'state.bin'));
    const needS = meta.stateTensors.reduce((s, t) => s + t.length * 4, 0);
    if (sb.length !== needS) throw new UserError(`${path.join(dir, 'state.bin')} is truncated or corrupt: ${sb.length} bytes, expected ${needS}`);
    const tensors: Record<string, Float32Array> = {};
    let o = 0;
    for (const t of meta.stateTensors) {
      tensors[t.name] = readF32(sb, o, t.length);
      o += t.length * 4;
    }
    state = { method: meta.method as EmbeddingMethod, epochsDone: meta.epochsDone, words, tensors, lossHistory: meta.lossHistory };
  }
  return { meta, vectors, state };
}
