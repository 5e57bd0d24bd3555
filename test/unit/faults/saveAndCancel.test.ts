// Fault injection in process: saving onto a read-only folder / a full disk / a path under a file gives a clear message
// and leaves the old model byte-identical; cancelling LM training, SGNS training and a projection at seeded random
// points leaves no half-written (temp) files and no leaked tensors.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { useTestBackend } from '../backendForTests';
import { CancelledError, UserError } from '../../../src/engine/errors';
import { disposeLoaded, loadCheckpoint, saveCheckpoint } from '../../../src/engine/lm/checkpoint';
import { Transformer } from '../../../src/engine/lm/model';
import { CharTokenizer } from '../../../src/engine/lm/tokenizers/char';
import { initialTrainState } from '../../../src/engine/lm/train';
import { trainToDir } from '../../../src/engine/lm/trainRun';
import { loadModel, saveModel } from '../../../src/engine/embeddings/checkpoint';
import { trainModel } from '../../../src/engine/embeddings/trainModel';
import { project } from '../../../src/engine/analysis/project';
import { faultRunArgs } from './fixtures/lmRun';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-faults-'));
const isRoot = process.getuid?.() === 0;
const tok = CharTokenizer.train('abcdefgh ');
const cfg = { vocabSize: tok.vocabSize, contextLength: 8, dModel: 8, nLayers: 1, nHeads: 1, dFF: 16 };
let ran = 0;

/** Every file under dir → size, mtime and bytes. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const p = path.join(dir, f);
    if (fs.statSync(p).isFile()) out[f] = `${fs.statSync(p).mtimeMs} ${fs.readFileSync(p).toString('base64')}`;
  }
  return out;
}
const temps = (dir: string) => (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.tmp'));

/** Replace one fs function for the duration of `f` (CJS and ESM importers both see it). */
async function withFsFault<K extends 'writeSync' | 'openSync'>(name: K, fault: typeof fs[K], f: () => Promise<void>): Promise<void> {
  const orig = fs[name];
  (fs as unknown as Record<string, unknown>)[name] = fault;
  syncBuiltinESMExports();
  try {
    await f();
  } finally {
    (fs as unknown as Record<string, unknown>)[name] = orig;
    syncBuiltinESMExports();
  }
}
const errno = (code: string) => Object.assign(new Error(`${code}: injected`), { code });

async function lmCheckpointAt(dir: string, step: number): Promise<void> {
  const model = Transformer.create(cfg, step);
  const state = { ...initialTrainState(model, { steps: 10 }), step };
  await saveCheckpoint(dir, { model, tokenizer: tok, state });
  disposeLoaded({ model, state });
}

/** Seeded LCG so the cancel points are the same on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

before(async () => {
  await useTestBackend();
});

after(() => {
  fs.rmSync(root, { recursive: true, force: true });
  console.log(`faults: ${ran} save-failure and cancellation cases ran${isRoot ? ' (running as root: chmod 0o555 cannot block writes, so EACCES/ENOSPC are injected)' : ''}`);
});

const DISK_FULL = /^cannot save to .+: the disk is full\. Nothing was overwritten; free space or choose another folder and try again\.$/;

test('fault: LM checkpoint save on a full disk → clear message, previous checkpoint untouched, no temp files', async () => {
  ran++;
  const dir = path.join(root, 'full');
  await lmCheckpointAt(dir, 5);
  const before = snapshot(dir);
  let writes = 0;
  const orig = fs.writeSync;
  await withFsFault('writeSync', ((...a: Parameters<typeof fs.writeSync>) => {
    if (++writes === 3) throw errno('ENOSPC'); // config, tokenizer, then the weights fail
    return (orig as (...x: unknown[]) => number)(...a);
  }) as typeof fs.writeSync, async () => {
    await assert.rejects(lmCheckpointAt(dir, 10), (e: Error) => e instanceof UserError && DISK_FULL.test(e.message));
  });
  // config.json / tokenizer.json were rewritten with identical bytes by then; compare bytes, and the weights by mtime too.
  const now = snapshot(dir);
  for (const [f, v] of Object.entries(before)) {
    if (f === 'config.json' || f === 'tokenizer.json') assert.equal(now[f].split(' ')[1], v.split(' ')[1], `${f} bytes changed`);
    else assert.equal(now[f], v, `${f} changed`);
  }
  assert.deepEqual(temps(dir), []);
  const l = loadCheckpoint(dir);
  assert.equal(l.step, 5);
  disposeLoaded(l);
});

test('fault: save into a read-only folder → permission message, old model untouched', async () => {
  ran++;
  const dir = path.join(root, 'ro');
  await lmCheckpointAt(dir, 5);
  const before = snapshot(dir);
  const expectDenied = (e: Error) =>
    e instanceof UserError && /^cannot save to .+: permission denied \(is the folder read-only\?\)\. Nothing was overwritten/.test(e.message);
  if (!isRoot) {
    fs.chmodSync(dir, 0o555);
    try {
      await assert.rejects(lmCheckpointAt(dir, 10), expectDenied);
    } finally {
      fs.chmodSync(dir, 0o755);
    }
  } else {
    const orig = fs.openSync;
    await withFsFault('openSync', ((p: fs.PathLike, ...rest: unknown[]) => {
      if (String(p).startsWith(dir)) throw errno('EACCES');
      return (orig as (...x: unknown[]) => number)(p, ...rest);
    }) as typeof fs.openSync, async () => {
      await assert.rejects(lmCheckpointAt(dir, 10), expectDenied);
    });
  }
  assert.deepEqual(snapshot(dir), before);
});

test('fault: save to a path under a file (ENOTDIR) → clear message for LM checkpoints and embedding models', async () => {
  ran++;
  const file = path.join(root, 'a-file.txt');
  fs.writeFileSync(file, 'mine');
  const notDir = /^cannot save to .+: part of the path is a file, not a folder\. Nothing was overwritten/;
  await assert.rejects(lmCheckpointAt(path.join(file, 'ckpt'), 1), (e: Error) => e instanceof UserError && notDir.test(e.message));
  await assert.rejects(
    saveModel(path.join(file, 'emb'), { words: ['a', 'b'], dim: 1, vectors: Float32Array.from([1, 2]) }, { method: 'imported', corpus: 'x', config: {} }),
    (e: Error) => e instanceof UserError && notDir.test(e.message),
  );
  assert.equal(fs.readFileSync(file, 'utf8'), 'mine');
});

test('fault: embedding model save on a full disk → old model loads unchanged, temps removed', async () => {
  ran++;
  const dir = path.join(root, 'emb-full');
  const wv = { words: ['a', 'b', 'c'], dim: 2, vectors: Float32Array.from([1, 2, 3, 4, 5, 6]) };
  await saveModel(dir, wv, { method: 'imported', corpus: 'x', config: {} });
  const before = snapshot(dir);
  const origOpen = fs.promises.open;
  let opens = 0;
  fs.promises.open = (async (...a: Parameters<typeof origOpen>) => {
    if (++opens === 2) throw errno('ENOSPC');
    return origOpen(...a);
  }) as typeof origOpen;
  try {
    await assert.rejects(saveModel(dir, { ...wv, vectors: Float32Array.from([9, 9, 9, 9, 9, 9]) }, { method: 'imported', corpus: 'x', config: {} }), (e: Error) => e instanceof UserError && DISK_FULL.test(e.message));
  } finally {
    fs.promises.open = origOpen;
  }
  assert.deepEqual(snapshot(dir), before);
  assert.deepEqual(Array.from(loadModel(dir).vectors.vectors), [1, 2, 3, 4, 5, 6]);
});

const CANCELS = 4;

test(`fault: cancel LM training at ${CANCELS} seeded random steps → checkpoint at that step, no temp files, tensors back to baseline`, async () => {
  const next = rng(11);
  for (let k = 0; k < CANCELS; k++) {
    ran++;
    const at = 1 + Math.floor(next() * 11);
    const dir = path.join(root, `lm-cancel-${k}`);
    const base = tf.memory().numTensors;
    const ac = new AbortController();
    await assert.rejects(
      trainToDir({ ...faultRunArgs(dir, 12), signal: ac.signal, onStep: (s) => void (s.step === at && ac.abort()) }),
      CancelledError,
    );
    assert.equal(tf.memory().numTensors, base, `tensors leaked after cancelling at step ${at}`);
    assert.deepEqual(temps(dir), []);
    const l = loadCheckpoint(dir, { withOptimizer: true });
    assert.equal(l.step, at, 'the cancel saved the step it stopped at');
    disposeLoaded(l);
    assert.equal(tf.memory().numTensors, base);
  }
});

test(`fault: cancel SGNS training at ${CANCELS} seeded random progress reports → no temp files, model (if any) complete`, async () => {
  const next = rng(12);
  const corpus = path.join(root, 'corpus.txt');
  fs.writeFileSync(corpus, Array.from({ length: 3000 }, (_, i) => `w${(i * 7919) % 97}`).join(' '));
  for (let k = 0; k < CANCELS; k++) {
    ran++;
    const out = path.join(root, `sgns-cancel-${k}`);
    const at = 1 + Math.floor(next() * 6);
    const base = tf.memory().numTensors;
    const ac = new AbortController();
    let reports = 0;
    await assert.rejects(
      trainModel({ corpus, method: 'sgns', out, config: { epochs: 3, dim: 8, minCount: 1 } }, { signal: ac.signal, onProgress: () => void (++reports >= at && ac.abort()) }),
      CancelledError,
    );
    assert.equal(tf.memory().numTensors, base);
    if (fs.existsSync(out)) {
      assert.deepEqual(temps(out), []);
      if (fs.existsSync(path.join(out, 'model.json'))) loadModel(out, true); // a checkpoint that exists is whole
    }
  }
});

test(`fault: cancel a projection at ${CANCELS} seeded random progress points → CancelledError, tensors back to baseline`, async () => {
  const next = rng(13);
  const n = 300;
  const d = 16;
  const r = rng(5);
  const vectors = Float32Array.from({ length: n * d }, () => r() - 0.5);
  for (let k = 0; k < CANCELS; k++) {
    ran++;
    const method = k % 2 ? 'tsne' : 'umap';
    const at = next() * 0.8;
    const base = tf.memory().numTensors;
    const ac = new AbortController();
    await assert.rejects(
      project(vectors, n, d, { method, dims: 2, seed: k }, { signal: ac.signal, onProgress: (p) => void (p.fraction >= at && ac.abort()) }),
      CancelledError,
    );
    assert.equal(tf.memory().numTensors, base);
  }
  ran++;
  const pre = new AbortController();
  pre.abort();
  await assert.rejects(project(vectors, n, d, { method: 'pca', dims: 2 }, { signal: pre.signal }), CancelledError);
});
