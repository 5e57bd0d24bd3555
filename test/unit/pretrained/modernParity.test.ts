// Llama, Qwen2 and Gemma 3 folders written by the test in the Hugging Face layout, opened by the generic loader, checked
// against the independent plain-loop transformer (≤ 1e-4): logits and every layer's attention, GQA, llama3 rope scaling,
// biases, sandwich norms, q/k norms, sliding windows shorter than the text, soft-capping, tied and untied heads,
// F32/F16/BF16, shards, and the CLI's predict/attention --ids --json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useTestBackend } from '../backendForTests';
import { loadHfModel } from '../../../src/engine/pretrained/loadHf';
import { disposeCache } from '../../../src/engine/lm/model';
import { forget } from '../../../src/engine/lm/registry';
import { lmCommands } from '../../../src/cli/lm';
import type { CliIO } from '../../../src/cli/types';
import { plainForward } from '../lm/plainTransformer';
import { writeTinyModern, type ModernOptions } from './tinyModern';

const IDS = [1, 5, 9, 2, 33, 17, 4, 4, 38, 12];

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

async function checkFamily(o: ModernOptions, ids = IDS) {
  await useTestBackend();
  const fx = writeTinyModern(o);
  const before = tf.memory().numTensors;
  const loaded = await loadHfModel(fx.dir);
  const ref = plainForward(fx.config, fx.engine, ids);
  const { logits, cache } = loaded.model.forward([ids], { cache: true });
  const refFlat = ref.logits.flat();
  const dl = maxDiff(logits.dataSync(), refFlat);
  assert.ok(dl < 1e-4, `${o.family}: logits differ from the plain-loop reference by ${dl}`);
  for (let l = 0; l < fx.config.nLayers; l++) {
    const dp = maxDiff(cache![`blocks.${l}.attn.pattern`].dataSync(), ref.patterns[l].flat(2));
    assert.ok(dp < 1e-4, `${o.family}: layer ${l} attention differs by ${dp}`);
  }
  // the fused path (no cache) gives the same logits
  const plain = loaded.model.forward([ids]);
  assert.ok(maxDiff(plain.logits.dataSync(), refFlat) < 1e-4);
  tf.dispose([logits, plain.logits]);
  disposeCache(cache);
  const r = { loaded, fx, ref };
  loaded.model.dispose();
  assert.equal(tf.memory().numTensors, before, 'the load and forward leak no tensors');
  return r;
}

test('Llama (untied, 2 query heads per kv head, head_dim ≠ hidden/heads) matches the plain-loop reference', async () => {
  const { loaded } = await checkFamily({ family: 'llama', tied: false });
  assert.equal(loaded.dialect, 'llama');
  assert.deepEqual(loaded.info.dtypes, ['F32']);
  assert.equal(loaded.warnings.length, 1, 'no tokenizer.json → one warning');
  assert.match(loaded.warnings[0], /token ids only/);
});

test('Llama with llama3 rope scaling, BF16, in 3 shards', async () => {
  const scaling = { rope_type: 'llama3', factor: 8, low_freq_factor: 1, high_freq_factor: 4, original_max_position_embeddings: 8 };
  const { loaded } = await checkFamily({
    family: 'llama', tied: true, dtype: 'BF16', shards: 3, extra: { rope_scaling: scaling, rope_theta: 500000 },
    engineExtra: { ropeTheta: 500000, ropeScaling: { type: 'llama3', factor: 8, lowFreqFactor: 1, highFreqFactor: 4, originalContextLength: 8 } },
  });
  assert.equal(loaded.info.files.length, 3);
  assert.deepEqual(loaded.info.dtypes, ['BF16']);
});

test('Qwen2 (q/k/v biases, tied, F16) matches the plain-loop reference', async () => {
  const { loaded } = await checkFamily({ family: 'qwen2', tied: true, dtype: 'F16' });
  assert.ok(loaded.model.params['blocks.0.attn.bq'] && !loaded.model.params['blocks.0.attn.bo']);
});

test('Gemma 3 text (sandwich norms, (1 + w) gains, q/k norms, 10 tokens over a 3-token sliding window, soft-capping) matches', async () => {
  const { ref } = await checkFamily({ family: 'gemma3_text' });
  // the reference itself shows the band: the last query of a sliding layer sees exactly its 3 nearest keys
  assert.deepEqual(ref.patterns[0][0][9].map((p) => p > 0), IDS.map((_, j) => j >= 7));
});

test('Gemma 3 multimodal checkpoint: the text part (language_model.model.*, text_config) loads; untied head under language_model.', async () => {
  await checkFamily({ family: 'gemma3', tied: false });
});

function fakeIO(): CliIO & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (t) => lines.push(t), err: () => undefined, progress: () => undefined, signal: new AbortController().signal };
}

test('CLI predict and attention --ids --json on a Gemma 3 folder match the reference', async () => {
  await useTestBackend();
  const fx = writeTinyModern({ family: 'gemma3_text', seed: 11 });
  const ids = IDS.slice(0, 8);
  const ref = plainForward(fx.config, fx.engine, ids);
  try {
    const io = fakeIO();
    await lmCommands.predict.run({ _: [], flags: { model: fx.dir, ids: ids.join(','), json: true } }, io);
    const p = JSON.parse(io.lines[0]);
    const last = ref.logits[ids.length - 1];
    assert.ok(maxDiff(p.logits, last) < 1e-4, 'predict --json logits');
    const io2 = fakeIO();
    await lmCommands.attention.run({ _: [], flags: { model: fx.dir, ids: ids.join(','), json: true } }, io2);
    const a = JSON.parse(io2.lines[0]);
    for (let l = 0; l < 3; l++) assert.ok(maxDiff(a.attention[l].flat(2), ref.patterns[l].flat(2)) < 1e-4, `attention layer ${l}`);
  } finally {
    forget(fx.dir);
  }
});

test('loading reports progress over every tensor and a cancel disposes what was made', async () => {
  await useTestBackend();
  const fx = writeTinyModern({ family: 'llama', shards: 2 });
  const seen: number[] = [];
  const r = await loadHfModel(fx.dir, { onProgress: (p) => seen.push(p.loadedBytes / p.totalBytes) });
  // 1 embedding + 2 layers × 9 tensors + final norm + untied head = 21 tensors, fractions rising to exactly 1
  assert.equal(seen.length, 21);
  assert.equal(seen[20], 1);
  assert.ok(seen.every((f, i) => i === 0 || f > seen[i - 1]));
  r.model.dispose();
  const before = tf.memory().numTensors;
  const ac = new AbortController();
  await assert.rejects(loadHfModel(fx.dir, { signal: ac.signal, onProgress: (p) => p.index === 5 && ac.abort() }), { name: 'CancelledError' });
  assert.equal(tf.memory().numTensors, before);
});
