// Locates the files shipped in <root>/assets (from source, tests and the bundled dist/engine.js alike)
// and decodes the default embedded GloVe vectors. Building the asset lives in scripts/buildGloveAsset.mjs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../errors';
import type { WordVectors } from './wordVectors';

export const DEFAULT_MODEL_ID = 'glove-default';

let assetRoot: string | undefined;

/** The folder holding `assets/glove`: walks up from this file (src/engine/embeddings or dist/). */
export function findAssetRoot(): string {
  if (assetRoot) return assetRoot;
  const override = process.env.MODEL_LENS_ROOT;
  const starts = [override, __dirname, process.cwd()].filter((s): s is string => !!s);
  for (const start of starts) {
    let dir = path.resolve(start);
    for (;;) {
      if (fs.existsSync(path.join(dir, 'assets', 'glove', 'vectors.bin'))) return (assetRoot = dir);
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  throw new UserError(`cannot find the Model Lens assets folder (assets/glove) above ${__dirname}`);
}

/** Absolute path of a file under <root>/assets, e.g. assetPath('eval/questions-words.txt'). */
export function assetPath(rel: string): string {
  return path.join(findAssetRoot(), 'assets', rel);
}

/** Decodes the MLWV int8 layout: "MLWV" | u32 version | u32 n | u32 dim | f32 scale[n] | i8 q[n*dim]. */
export function decodeInt8Vectors(buf: Buffer, words: string[], source: string): WordVectors {
  if (buf.length < 16 || buf.toString('ascii', 0, 4) !== 'MLWV') throw new UserError(`${source}: not a Model Lens vector file`);
  const version = buf.readUInt32LE(4);
  const n = buf.readUInt32LE(8);
  const dim = buf.readUInt32LE(12);
  if (version !== 1) throw new UserError(`${source}: unsupported vector file version ${version}`);
  const need = 16 + 4 * n + n * dim;
  if (buf.length !== need) throw new UserError(`${source}: truncated or corrupt (${buf.length} bytes, expected ${need})`);
  if (words.length !== n) throw new UserError(`${source}: ${n} vectors but ${words.length} words in the vocabulary`);
  // Copy into aligned arrays: the Buffer's byteOffset may not be a multiple of 4.
  const scales = new Float32Array(n);
  for (let i = 0; i < n; i++) scales[i] = buf.readFloatLE(16 + 4 * i);
  const q = new Int8Array(buf.buffer, buf.byteOffset + 16 + 4 * n, n * dim);
  const vectors = new Float32Array(n * dim); // [n, dim]
  for (let i = 0; i < n; i++) {
    const s = scales[i];
    const o = i * dim;
    for (let d = 0; d < dim; d++) vectors[o + d] = q[o + d] * s;
  }
  return { words, dim, vectors };
}

let defaultGlove: WordVectors | undefined;

/** GloVe 6B 100d, 50,000 most frequent words, frequency order (cached after the first call, ~50 ms). */
export function loadDefaultGlove(): WordVectors {
  if (defaultGlove) return defaultGlove;
  const dir = assetPath('glove');
  const words = fs.readFileSync(path.join(dir, 'vocab.txt'), 'utf8').split('\n');
  if (words[words.length - 1] === '') words.pop();
  defaultGlove = decodeInt8Vectors(fs.readFileSync(path.join(dir, 'vectors.bin')), words, 'assets/glove/vectors.bin');
  return defaultGlove;
}
