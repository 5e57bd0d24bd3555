// Classifier folders: config (+ label names, data provenance), tokenizer, weights (one float32 .bin indexed in the
// manifest) and the metrics history. Atomic: each file is written to a temp name and renamed, the manifest goes last,
// and only then is the previous epoch's weights file removed. Loading checks sizes and hashes.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { Baseline, ClassifierOrigin, EpochMetrics } from '../../protocol/classify';
import { UserError } from '../errors';
import { validateConfig } from '../lm/config';
import type { ParamMap } from '../lm/params';
import { tokenizerFromJSON } from '../lm/tokenizers/index';
import type { Tokenizer } from '../lm/tokenizers/types';
import { ENGINE_VERSION } from '../version';
import { HEAD_B, HEAD_W, type ClassifierConfig } from './encoder';

export const CLASSIFIER_KIND = 'model-lens-classifier';
export const CLASSIFIER_FORMAT = 1;
const MANIFEST = 'manifest.json';

/** Where the training data came from (evaluate re-creates the validation split from it). */
export interface ClassifierMeta {
  data: string;
  textColumn: string;
  labelColumn: string;
  valFraction: number;
  seed: number;
  maxExamples?: number;
  tokenizer: string;
  backend?: string;
  name?: string;
  /** The pretrained encoder it was fine-tuned from (absent: trained from scratch). */
  from?: ClassifierOrigin;
}

export interface ClassifierMetricsFile {
  history: EpochMetrics[];
  /** The epoch whose weights are saved (best validation macro-F1). */
  bestEpoch?: number;
  baseline: Baseline;
  truncated: number;
  examples: { train: number; val: number };
  notes: string[];
}

interface Manifest {
  kind: typeof CLASSIFIER_KIND;
  format: number;
  engineVersion: string;
  epoch: number;
  savedAt: string;
  files: Record<string, { bytes: number; sha256: string }>;
  weights: { file: string; tensors: { name: string; shape: number[]; offset: number }[] };
  metrics: string;
}

export interface LoadedClassifier {
  dir: string;
  config: ClassifierConfig;
  labels: string[];
  tokenizer: Tokenizer;
  params: ParamMap;
  meta: ClassifierMeta;
  metrics: ClassifierMetricsFile;
}

const sha256 = (b: Uint8Array) => crypto.createHash('sha256').update(b).digest('hex');

function writeAtomic(file: string, bytes: Uint8Array): void {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, bytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

export function isClassifierDir(dir: string): boolean {
  try {
    return (JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), 'utf8')) as Manifest).kind === CLASSIFIER_KIND;
  } catch {
    return false;
  }
}

/** Refuse to write into a non-empty folder that holds no classifier (nothing of the person's is overwritten). */
export function assertClassifierDir(dir: string): void {
  if (!fs.existsSync(dir)) return;
  if (!fs.statSync(dir).isDirectory()) throw new UserError(`${dir} exists and is not a folder`);
  const entries = fs.readdirSync(dir).filter((e) => !e.startsWith('.'));
  if (entries.length > 0 && !isClassifierDir(dir)) throw new UserError(`${dir} is not empty and holds no Model Lens classifier; choose an empty folder`);
}

export async function saveClassifier(
  dir: string,
  a: { config: ClassifierConfig; labels: string[]; tokenizer: Tokenizer; params: ParamMap; meta: ClassifierMeta; metrics: ClassifierMetricsFile; epoch: number },
): Promise<void> {
  assertClassifierDir(dir);
  fs.mkdirSync(dir, { recursive: true });
  let previous: Manifest | undefined;
  try {
    previous = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), 'utf8')) as Manifest;
  } catch {
    previous = undefined;
  }
  const files: Manifest['files'] = {};
  const put = (name: string, data: Uint8Array | string) => {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    writeAtomic(path.join(dir, name), bytes);
    files[name] = { bytes: bytes.length, sha256: sha256(bytes) };
  };
  const tag = String(a.epoch).padStart(4, '0');
  put('config.json', JSON.stringify({ config: a.config, labels: a.labels, meta: a.meta }, null, 2));
  put('tokenizer.json', JSON.stringify(a.tokenizer.toJSON()));
  const names = Object.keys(a.params).sort();
  const total = names.reduce((s, n) => s + a.params[n].size, 0);
  const buf = new Float32Array(total);
  const tensors: Manifest['weights']['tensors'] = [];
  let off = 0;
  for (const n of names) {
    buf.set((await a.params[n].data()) as Float32Array, off);
    tensors.push({ name: n, shape: a.params[n].shape.slice(), offset: off * 4 });
    off += a.params[n].size;
  }
  const weightsFile = `weights-${tag}.bin`;
  put(weightsFile, new Uint8Array(buf.buffer));
  const metricsFile = `metrics-${tag}.json`;
  put(metricsFile, JSON.stringify(a.metrics));
  const manifest: Manifest = {
    kind: CLASSIFIER_KIND,
    format: CLASSIFIER_FORMAT,
    engineVersion: ENGINE_VERSION,
    epoch: a.epoch,
    savedAt: new Date().toISOString(),
    files,
    weights: { file: weightsFile, tensors },
    metrics: metricsFile,
  };
  writeAtomic(path.join(dir, MANIFEST), Buffer.from(JSON.stringify(manifest, null, 1)));
  for (const f of Object.keys(previous?.files ?? {})) if (!files[f]) fs.rmSync(path.join(dir, f), { force: true });
  for (const f of fs.readdirSync(dir)) if (f.endsWith('.tmp')) fs.rmSync(path.join(dir, f), { force: true });
}

export function loadClassifier(dir: string): LoadedClassifier {
  const mf = path.join(dir, MANIFEST);
  if (!fs.existsSync(mf)) throw new UserError(`${dir} is not a Model Lens classifier (no ${MANIFEST}); train one with "Train Text Classifier…"`);
  let m: Manifest;
  try {
    m = JSON.parse(fs.readFileSync(mf, 'utf8')) as Manifest;
  } catch {
    throw new UserError(`the classifier in ${dir} is corrupt: ${MANIFEST} is not valid JSON`);
  }
  if (m.kind !== CLASSIFIER_KIND) throw new UserError(`${dir} holds a Model Lens model that is not a text classifier`);
  if (m.format !== CLASSIFIER_FORMAT) throw new UserError(`the classifier in ${dir} has format ${m.format}; this engine reads format ${CLASSIFIER_FORMAT}. Retrain it.`);
  for (const [name, info] of Object.entries(m.files ?? {})) {
    const p = path.join(dir, name);
    if (name.includes('/') || name.includes('\\') || !fs.existsSync(p)) throw new UserError(`the classifier in ${dir} is incomplete: ${name} is missing`);
    const bytes = fs.readFileSync(p);
    if (bytes.length !== info.bytes || sha256(bytes) !== info.sha256) throw new UserError(`the classifier in ${dir} is corrupt: ${name} does not match its checksum`);
  }
  const cj = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as { config: ClassifierConfig; labels: string[]; meta: ClassifierMeta };
  const config: ClassifierConfig = { ...cj.config, encoder: validateConfig(cj.config.encoder) };
  if (config.encoder.causal) throw new UserError(`the classifier in ${dir} has a causal encoder; it is not a valid classifier`);
  const tokenizer = tokenizerFromJSON(JSON.parse(fs.readFileSync(path.join(dir, 'tokenizer.json'), 'utf8')));
  const metrics = JSON.parse(fs.readFileSync(path.join(dir, m.metrics), 'utf8')) as ClassifierMetricsFile;
  const buf = fs.readFileSync(path.join(dir, m.weights.file));
  const params: ParamMap = {};
  for (const e of m.weights.tensors) {
    const n = e.shape.reduce((x, y) => x * y, 1);
    if (!(e.offset >= 0 && e.offset % 4 === 0 && e.offset + n * 4 <= buf.length)) {
      tf.dispose(Object.values(params));
      throw new UserError(`classifier tensor ${e.name} lies outside ${m.weights.file}`);
    }
    const data = new Float32Array(n);
    new Uint8Array(data.buffer).set(buf.subarray(e.offset, e.offset + n * 4));
    params[e.name] = tf.tensor(data, e.shape, 'float32');
  }
  if (!params[HEAD_W] || !params[HEAD_B] || params[HEAD_W].shape[1] !== cj.labels.length) {
    tf.dispose(Object.values(params));
    throw new UserError(`the classifier in ${dir} has no head matching its ${cj.labels.length} labels`);
  }
  return { dir, config, labels: cj.labels, tokenizer, params, meta: cj.meta, metrics };
}
