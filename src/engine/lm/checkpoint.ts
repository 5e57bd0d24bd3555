// Checkpoint directories: config, tokenizer, weights (one .bin, indexed in the manifest), optional AdamW moments,
// training state (step, RNG, loss history). Atomic: new files get new names (or temp + rename), manifest.json is
// renamed into place last, and only then are the previous step's files removed. Reading checks every size and hash.
// Test hook: MODEL_LENS_FAULT=after-weights[@step] kills the process right after the weights file is written (before
// the manifest), to simulate a crash mid-save (test/unit/faults/). Unset in normal use.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { UserError } from '../errors';
import { saveError } from '../embeddings/atomic';
import { CHECKPOINT_FORMAT, ENGINE_VERSION } from '../version';
import { validateConfig, type TransformerConfig } from './config';
import { Transformer } from './model';
import { paramSpecs, type ParamMap } from './params';
import { tokenizerFromJSON } from './tokenizers/index';
import type { Tokenizer } from './tokenizers/types';
import type { LossPoint, TrainOptions, TrainState } from './train';

export const MANIFEST = 'manifest.json';
const KIND = 'model-lens-lm';

/** Where a model came from, shown on the model card. */
export interface ModelMeta {
  name?: string;
  preset?: string;
  corpus?: string;
  corpusTokens?: number;
  backend?: string;
  [k: string]: unknown;
}

interface TensorEntry {
  name: string;
  shape: number[];
  /** Byte offset in the .bin (float32 little-endian). */
  offset: number;
}

export interface Manifest {
  kind: typeof KIND;
  format: number;
  engineVersion: string;
  step: number;
  savedAt: string;
  files: Record<string, { bytes: number; sha256: string }>;
  weights: { file: string; tensors: TensorEntry[] };
  optimizer?: { file: string; t: number; tensors: TensorEntry[] };
  state: string;
}

/** The JSON part of a TrainState (the optimizer moments go to a .bin). */
interface StateFile {
  step: number;
  rngState: number;
  history: LossPoint[];
  tokensSeen: number;
  trainSeconds: number;
  options: TrainOptions | null;
}

export interface SaveArgs {
  model: Transformer;
  tokenizer: Tokenizer;
  state?: TrainState;
  meta?: ModelMeta;
  /** Save AdamW moments (needed to resume exactly; 3× the size). Default true when a state is given. */
  includeOptimizer?: boolean;
}

export interface LoadedLm {
  dir: string;
  model: Transformer;
  tokenizer: Tokenizer;
  meta: ModelMeta;
  manifest: Manifest;
  /** Present when the checkpoint holds optimizer state (resumable). */
  state?: TrainState;
  /** Step and loss history even when not resumable. */
  step: number;
  history: LossPoint[];
  tokensSeen: number;
  trainSeconds: number;
}

const sha256 = (b: Uint8Array) => crypto.createHash('sha256').update(b).digest('hex');

function writeAtomic(file: string, data: Uint8Array | string): void {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw saveError(e, path.dirname(file));
  }
}

function faultAfterWeights(step: number): void {
  const m = /^after-weights(?:@(\d+))?$/.exec(process.env.MODEL_LENS_FAULT ?? '');
  if (m && (m[1] === undefined || Number(m[1]) === step)) process.kill(process.pid, 'SIGKILL');
}

/** Step-tagged files this module writes; ones the manifest does not list are leftovers of an interrupted save. */
const STEP_FILE = /^(weights|optimizer|state)-\d{7}\.(bin|json)$/;

/** Concatenate tensors as float32 little-endian; returns the bytes and the index. */
async function packTensors(map: ParamMap, names: string[]): Promise<{ bytes: Uint8Array; index: TensorEntry[] }> {
  const total = names.reduce((s, n) => s + map[n].size, 0);
  const buf = new Float32Array(total);
  const index: TensorEntry[] = [];
  let off = 0;
  for (const n of names) {
    const t = map[n];
    buf.set((await t.data()) as Float32Array, off);
    index.push({ name: n, shape: t.shape.slice(), offset: off * 4 });
    off += t.size;
  }
  return { bytes: new Uint8Array(buf.buffer), index };
}

export function hasCheckpoint(dir: string): boolean {
  return fs.existsSync(path.join(dir, MANIFEST));
}

/** Refuse to write into a non-empty folder that is not a checkpoint (so nothing of the person's is overwritten). */
export function assertCheckpointDir(dir: string): void {
  if (!fs.existsSync(dir)) return;
  if (!fs.statSync(dir).isDirectory()) throw new UserError(`${dir} exists and is not a folder`);
  const entries = fs.readdirSync(dir).filter((e) => !e.startsWith('.'));
  if (entries.length > 0 && !entries.includes(MANIFEST)) {
    throw new UserError(`${dir} is not empty and holds no Model Lens checkpoint (no ${MANIFEST}); choose an empty folder`);
  }
}

/** Write a checkpoint atomically into `dir` (created if needed). */
export async function saveCheckpoint(dir: string, a: SaveArgs): Promise<Manifest> {
  assertCheckpointDir(dir);
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw saveError(e, dir);
  }
  const previous = hasCheckpoint(dir) ? readManifestLoose(dir) : undefined;
  const step = a.state?.step ?? 0;
  const tag = String(step).padStart(7, '0');
  const files: Manifest['files'] = {};
  const put = (name: string, data: Uint8Array | string) => {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    writeAtomic(path.join(dir, name), bytes);
    files[name] = { bytes: bytes.length, sha256: sha256(bytes) };
  };
  put('config.json', JSON.stringify({ config: a.model.config, meta: a.meta ?? {} }, null, 2));
  put('tokenizer.json', JSON.stringify(a.tokenizer.toJSON()));
  const names = paramSpecs(a.model.config).map((s) => s.name);
  const w = await packTensors(a.model.params, names);
  const weightsFile = `weights-${tag}.bin`;
  put(weightsFile, w.bytes);
  faultAfterWeights(step);
  let optimizer: Manifest['optimizer'];
  if (a.state && (a.includeOptimizer ?? true)) {
    const mNames = names.flatMap((n) => [`m.${n}`, `v.${n}`]);
    const o = await packTensors(a.state.optimizer.moments, mNames);
    const file = `optimizer-${tag}.bin`;
    put(file, o.bytes);
    optimizer = { file, t: a.state.optimizer.t, tensors: o.index };
  }
  const st: StateFile = {
    step,
    rngState: a.state?.rngState ?? 0,
    history: a.state?.history ?? [],
    tokensSeen: a.state?.tokensSeen ?? 0,
    trainSeconds: a.state?.trainSeconds ?? 0,
    options: a.state?.options ?? null,
  };
  const stateFile = `state-${tag}.json`;
  put(stateFile, JSON.stringify(st));
  const manifest: Manifest = {
    kind: KIND,
    format: CHECKPOINT_FORMAT,
    engineVersion: ENGINE_VERSION,
    step,
    savedAt: new Date().toISOString(),
    files,
    weights: { file: weightsFile, tensors: w.index },
    optimizer,
    state: stateFile,
  };
  writeAtomic(path.join(dir, MANIFEST), JSON.stringify(manifest, null, 1));
  // The new manifest is in place: the previous step's files are no longer referenced.
  for (const f of Object.keys(previous?.files ?? {})) if (!files[f]) fs.rmSync(path.join(dir, f), { force: true });
  for (const f of fs.readdirSync(dir)) {
    if (f.endsWith('.tmp') || (STEP_FILE.test(f) && !files[f])) fs.rmSync(path.join(dir, f), { force: true });
  }
  return manifest;
}

function readManifestLoose(dir: string): Manifest | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

/** Read and check the manifest: kind, format version, every file's size and hash. */
export function readManifest(dir: string): Manifest {
  const file = path.join(dir, MANIFEST);
  if (!fs.existsSync(file)) throw new UserError(`${dir} is not a Model Lens checkpoint (no ${MANIFEST})`);
  let m: Manifest;
  try {
    m = JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
  } catch {
    throw new UserError(`the checkpoint in ${dir} is corrupt: ${MANIFEST} is not valid JSON`);
  }
  if (m?.kind !== KIND) throw new UserError(`${dir} is not a Model Lens language-model checkpoint`);
  if (m.format !== CHECKPOINT_FORMAT) {
    throw new UserError(
      `the checkpoint in ${dir} was written by Model Lens engine ${m.engineVersion} (format ${m.format}); ` +
        `this engine (${ENGINE_VERSION}) reads format ${CHECKPOINT_FORMAT}. Retrain or use a matching version.`,
    );
  }
  for (const [name, info] of Object.entries(m.files ?? {})) {
    const p = path.join(dir, name);
    if (name.includes('/') || name.includes('\\') || !fs.existsSync(p)) throw new UserError(`the checkpoint in ${dir} is incomplete: ${name} is missing`);
    const size = fs.statSync(p).size;
    if (size !== info.bytes) {
      throw new UserError(`the checkpoint in ${dir} is corrupt or truncated: ${name} has ${size} bytes, expected ${info.bytes}`);
    }
    if (sha256(fs.readFileSync(p)) !== info.sha256) throw new UserError(`the checkpoint in ${dir} is corrupt: ${name} does not match its checksum`);
  }
  return m;
}

function unpack(dir: string, file: string, index: TensorEntry[], expected: Map<string, number[]>): ParamMap {
  const buf = fs.readFileSync(path.join(dir, file));
  const out: ParamMap = {};
  try {
    for (const e of index) {
      const shape = expected.get(e.name);
      if (!shape) throw new UserError(`checkpoint tensor ${e.name} is not part of this model`);
      if (JSON.stringify(shape) !== JSON.stringify(e.shape)) {
        throw new UserError(`checkpoint tensor ${e.name} has shape [${e.shape}], the config needs [${shape}]`);
      }
      const n = shape.reduce((a, b) => a * b, 1);
      if (!(e.offset >= 0 && e.offset % 4 === 0 && e.offset + n * 4 <= buf.length)) {
        throw new UserError(`checkpoint tensor ${e.name} lies outside ${file}`);
      }
      const data = new Float32Array(n);
      new Uint8Array(data.buffer).set(buf.subarray(e.offset, e.offset + n * 4));
      out[e.name] = tf.tensor(data, shape, 'float32');
    }
    const missing = [...expected.keys()].filter((k) => !out[k]);
    if (missing.length) throw new UserError(`checkpoint lacks tensors: ${missing.slice(0, 5).join(', ')}`);
  } catch (e) {
    tf.dispose(Object.values(out));
    throw e;
  }
  return out;
}

/** Load a checkpoint; throws UserError with a clear message when it is missing, corrupt, truncated or from another format. */
export function loadCheckpoint(dir: string, opts: { withOptimizer?: boolean } = {}): LoadedLm {
  const m = readManifest(dir);
  let config: TransformerConfig;
  let meta: ModelMeta;
  let tokenizer: Tokenizer;
  let st: StateFile;
  try {
    const cj = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as { config: TransformerConfig; meta?: ModelMeta };
    config = validateConfig(cj.config);
    meta = cj.meta ?? {};
    tokenizer = tokenizerFromJSON(JSON.parse(fs.readFileSync(path.join(dir, 'tokenizer.json'), 'utf8')));
    st = JSON.parse(fs.readFileSync(path.join(dir, m.state), 'utf8')) as StateFile;
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`the checkpoint in ${dir} is corrupt: ${(e as Error).message}`);
  }
  if (tokenizer.vocabSize !== config.vocabSize) {
    throw new UserError(`checkpoint tokenizer has ${tokenizer.vocabSize} tokens but the model expects ${config.vocabSize}`);
  }
  const shapes = new Map(paramSpecs(config).map((s) => [s.name, s.shape]));
  const params = unpack(dir, m.weights.file, m.weights.tensors, shapes);
  const model = new Transformer(config, params);
  let state: TrainState | undefined;
  if (opts.withOptimizer && m.optimizer && st.options) {
    const mShapes = new Map([...shapes].flatMap(([n, s]) => [[`m.${n}`, s], [`v.${n}`, s]] as [string, number[]][]));
    try {
      const moments = unpack(dir, m.optimizer.file, m.optimizer.tensors, mShapes);
      state = { step: st.step, rngState: st.rngState, optimizer: { t: m.optimizer.t, moments }, history: st.history, tokensSeen: st.tokensSeen, trainSeconds: st.trainSeconds, options: st.options };
    } catch (e) {
      model.dispose();
      throw e;
    }
  }
  return { dir, model, tokenizer, meta, manifest: m, state, step: st.step, history: st.history ?? [], tokensSeen: st.tokensSeen, trainSeconds: st.trainSeconds };
}

/** Dispose a loaded model and its optimizer state. */
export function disposeLoaded(l: { model: Transformer; state?: TrainState }): void {
  l.model.dispose();
  if (l.state) tf.dispose(Object.values(l.state.optimizer.moments));
}
