// A checkpoint folder for the models that are not transformers (recurrent LMs, encoder–decoders): JSON files plus named
// float32 tensors (weights, optional AdamW moments), each file written atomically and listed with its size and sha256
// in manifest.json, which is renamed into place last. Reading checks kind, format, sizes, hashes and tensor shapes.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { UserError } from '../errors';
import { saveError, writeFileAtomic } from '../embeddings/atomic';
import { ENGINE_VERSION } from '../version';

export const FOLDER_MANIFEST = 'manifest.json';
const FORMAT = 1;

interface TensorEntry {
  name: string;
  shape: number[];
  offset: number;
}

export interface FolderManifest {
  kind: string;
  format: number;
  engineVersion: string;
  step: number;
  savedAt: string;
  files: Record<string, { bytes: number; sha256: string }>;
  tensors: Record<string, { file: string; index: TensorEntry[] }>;
}

const sha256 = (b: Uint8Array) => crypto.createHash('sha256').update(b).digest('hex');

/** The manifest's kind, or undefined when `dir` holds no readable manifest. */
export function folderKind(dir: string): string | undefined {
  try {
    return (JSON.parse(fs.readFileSync(path.join(dir, FOLDER_MANIFEST), 'utf8')) as { kind?: string }).kind;
  } catch {
    return undefined;
  }
}

/** Refuse a non-empty folder that is not a checkpoint of this kind, so nothing of the person's is overwritten. */
export function assertWritableFolder(dir: string, kind: string): void {
  if (!fs.existsSync(dir)) return;
  if (!fs.statSync(dir).isDirectory()) throw new UserError(`${dir} exists and is not a folder`);
  const entries = fs.readdirSync(dir).filter((e) => !e.startsWith('.'));
  if (entries.length === 0) return;
  const k = folderKind(dir);
  if (!entries.includes(FOLDER_MANIFEST)) throw new UserError(`${dir} is not empty and holds no Model Lens checkpoint (no ${FOLDER_MANIFEST}); choose an empty folder`);
  if (k !== kind) throw new UserError(`${dir} holds a different kind of model (${k ?? 'unreadable manifest'}), not ${kind}; choose another folder`);
}

async function pack(map: Record<string, tf.Tensor>): Promise<{ bytes: Uint8Array; index: TensorEntry[] }> {
  const names = Object.keys(map).sort();
  const buf = new Float32Array(names.reduce((s, n) => s + map[n].size, 0));
  const index: TensorEntry[] = [];
  let off = 0;
  for (const n of names) {
    buf.set((await map[n].data()) as Float32Array, off);
    index.push({ name: n, shape: map[n].shape.slice(), offset: off * 4 });
    off += map[n].size;
  }
  return { bytes: new Uint8Array(buf.buffer), index };
}

/** Write JSON files and tensor groups (e.g. { weights, optimizer }) into `dir`; the manifest goes last. */
export async function saveTensorFolder(dir: string, kind: string, step: number, json: Record<string, unknown>, groups: Record<string, Record<string, tf.Tensor>>): Promise<void> {
  assertWritableFolder(dir, kind);
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw saveError(e, dir);
  }
  const files: FolderManifest['files'] = {};
  const put = async (name: string, data: Uint8Array) => {
    await writeFileAtomic(path.join(dir, name), data);
    files[name] = { bytes: data.length, sha256: sha256(data) };
  };
  for (const [name, value] of Object.entries(json)) await put(`${name}.json`, Buffer.from(JSON.stringify(value)));
  const tensors: FolderManifest['tensors'] = {};
  for (const [group, map] of Object.entries(groups)) {
    const p = await pack(map);
    await put(`${group}.bin`, p.bytes);
    tensors[group] = { file: `${group}.bin`, index: p.index };
  }
  const m: FolderManifest = { kind, format: FORMAT, engineVersion: ENGINE_VERSION, step, savedAt: new Date().toISOString(), files, tensors };
  await writeFileAtomic(path.join(dir, FOLDER_MANIFEST), JSON.stringify(m, null, 1));
  // a group written by an earlier save but not this one (e.g. optimizer moments) must not be read with the new weights
  for (const f of fs.readdirSync(dir)) if (f.endsWith('.bin') && !files[f]) fs.rmSync(path.join(dir, f), { force: true });
}

export interface LoadedFolder {
  manifest: FolderManifest;
  json(name: string): unknown;
  /** A tensor group checked against the expected shapes; undefined when the folder lacks it. The caller disposes. */
  tensors(group: string, expected: Map<string, number[]>): Record<string, tf.Tensor> | undefined;
}

/** Open and verify a folder written by saveTensorFolder with this `kind`. Throws UserError with a clear message. */
export function openTensorFolder(dir: string, kind: string, what: string): LoadedFolder {
  const mf = path.join(dir, FOLDER_MANIFEST);
  if (!fs.existsSync(mf)) throw new UserError(`${dir} is not a Model Lens checkpoint (no ${FOLDER_MANIFEST})`);
  let m: FolderManifest;
  try {
    m = JSON.parse(fs.readFileSync(mf, 'utf8')) as FolderManifest;
  } catch {
    throw new UserError(`the checkpoint in ${dir} is corrupt: ${FOLDER_MANIFEST} is not valid JSON`);
  }
  if (m?.kind !== kind) throw new UserError(`${dir} is not a ${what} checkpoint (it holds ${m?.kind ?? 'something else'})`);
  if (m.format !== FORMAT) throw new UserError(`the checkpoint in ${dir} has format ${m.format}; this engine (${ENGINE_VERSION}) reads format ${FORMAT}`);
  for (const [name, info] of Object.entries(m.files ?? {})) {
    const p = path.join(dir, name);
    if (name.includes('/') || name.includes('\\') || !fs.existsSync(p)) throw new UserError(`the checkpoint in ${dir} is incomplete: ${name} is missing`);
    const bytes = fs.readFileSync(p);
    if (bytes.length !== info.bytes) throw new UserError(`the checkpoint in ${dir} is corrupt or truncated: ${name} has ${bytes.length} bytes, expected ${info.bytes}`);
    if (sha256(bytes) !== info.sha256) throw new UserError(`the checkpoint in ${dir} is corrupt: ${name} does not match its checksum`);
  }
  return {
    manifest: m,
    json(name) {
      const f = `${name}.json`;
      if (!m.files[f]) throw new UserError(`the checkpoint in ${dir} lacks ${f}`);
      try {
        return JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
      } catch (e) {
        throw new UserError(`the checkpoint in ${dir} is corrupt: ${f}: ${(e as Error).message}`);
      }
    },
    tensors(group, expected) {
      const g = m.tensors?.[group];
      if (!g) return undefined;
      const buf = fs.readFileSync(path.join(dir, g.file));
      const out: Record<string, tf.Tensor> = {};
      try {
        for (const e of g.index) {
          const shape = expected.get(e.name);
          if (!shape) throw new UserError(`checkpoint tensor ${e.name} is not part of this model`);
          if (JSON.stringify(shape) !== JSON.stringify(e.shape)) throw new UserError(`checkpoint tensor ${e.name} has shape [${e.shape}], the config needs [${shape}]`);
          const n = shape.reduce((a, b) => a * b, 1);
          if (!(e.offset >= 0 && e.offset % 4 === 0 && e.offset + n * 4 <= buf.length)) throw new UserError(`checkpoint tensor ${e.name} lies outside ${g.file}`);
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
    },
  };
}
