// The async analogy evaluation gives the event loop turns (so the engine's progress notifications and
// cancellations get through) and returns exactly what the synchronous one does; the text readers
// report progress while streaming.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { VectorStore } from '../../../src/engine/embeddings/vectorStore';
import { evaluateAnalogies, evaluateAnalogiesAsync, type AnalogyQuestion } from '../../../src/engine/embeddings/evaluate';
import { readVectors } from '../../../src/engine/embeddings/formats';

function toyStore(n: number, dim = 8): VectorStore {
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5;
  const words = Array.from({ length: n }, (_, i) => `w${i}`);
  return new VectorStore({ words, dim, vectors: Float32Array.from({ length: n * dim }, rnd) });
}

test('evaluateAnalogiesAsync: same result as the sync version, progress reported, timers run in between', async () => {
  const s = toyStore(200);
  const qs: AnalogyQuestion[] = Array.from({ length: 1000 }, (_, i) => ({
    section: i < 600 ? 'a' : 'b',
    line: i + 1,
    words: [`w${i % 200}`, `w${(i * 7) % 200}`, `w${(i * 13 + 1) % 200}`, `w${(i * 3 + 2) % 200}`],
  }));
  const sync = evaluateAnalogies(s, qs, { topN: 150 });
  const seen: number[] = [];
  let ticks = 0;
  const timer = setInterval(() => ticks++, 0);
  const r = await evaluateAnalogiesAsync(s, qs, { topN: 150, onProgress: (d) => seen.push(d) });
  clearInterval(timer);
  assert.deepEqual(r, sync);
  assert.deepEqual(seen, [0, 256, 512, 768, 1000]);
  assert.ok(ticks >= 1, 'the event loop ran during the evaluation');
});

test('evaluateAnalogiesAsync: an abort between steps stops it', async () => {
  const s = toyStore(50);
  const qs: AnalogyQuestion[] = Array.from({ length: 2000 }, (_, i) => ({ section: 'x', line: i + 1, words: ['w1', 'w2', 'w3', 'w4'] }));
  const ac = new AbortController();
  const p = evaluateAnalogiesAsync(s, qs, { signal: ac.signal, onProgress: (d) => d >= 512 && ac.abort() });
  await assert.rejects(p, /cancel/i);
});

test('readVectors: GloVe text reports words read while streaming', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-fmt-'));
  const file = path.join(dir, 'v.txt');
  fs.writeFileSync(file, Array.from({ length: 20000 }, (_, i) => `w${i} ${i % 7} 1 2`).join('\n') + '\n');
  const calls: [number, number][] = [];
  const wv = await readVectors(file, 'glove', { onProgress: (w, f) => calls.push([w, f]) });
  assert.equal(wv.words.length, 20000);
  assert.deepEqual(calls.map((c) => c[0]), [8191, 16383]);
  assert.ok(calls.every(([, f]) => f > 0 && f <= 1) && calls[1][1] > calls[0][1]);
});
