// Soak: for MODEL_LENS_SOAK_SECONDS (default 45; the nightly scripts/soak.mjs runs 600) repeatedly train a few steps,
// save, reopen the model through the registry, predict, compute attention, project 2k words with PCA, close it. Tensors
// must return exactly to the baseline after every round, and the heap (after GC) may grow by at most HEAP_BOUND_MB.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as tf from '@tensorflow/tfjs-core';
import { useTestBackend } from './backendForTests';
import { disposeLoaded, saveCheckpoint } from '../../src/engine/lm/checkpoint';
import { Transformer } from '../../src/engine/lm/model';
import { CharTokenizer } from '../../src/engine/lm/tokenizers/char';
import { trainLm, type TrainState } from '../../src/engine/lm/train';
import { forget, getLm } from '../../src/engine/lm/registry';
import { attentionMaps, predictNext } from '../../src/engine/lm/inspect';
import { project } from '../../src/engine/analysis/project';

const SECONDS = Number(process.env.MODEL_LENS_SOAK_SECONDS ?? 45);
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as (() => void) | undefined;
/** Heap growth allowed over the run: tight with a real GC, generous without. */
const HEAP_BOUND_MB = gc ? 24 : 128;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-soak-'));
const text = 'the cat sat on the mat. a dog ran in the fog. the end of the day. '.repeat(20);
const tok = CharTokenizer.train(text);
const ids = tok.encode(text);
const words = 2000;
const dim = 32;
const wordVectors = Float32Array.from({ length: words * dim }, (_, i) => Math.sin(i * 12.9898) * 0.5);

const heapMB = () => {
  gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

before(async () => {
  await useTestBackend();
});

after(() => fs.rmSync(root, { recursive: true, force: true }));

test(`soak: train / save / reopen / predict / attention / PCA of ${words} words for ${SECONDS} s — tensors and heap flat`, async () => {
  const dir = path.join(root, 'model');
  const model = Transformer.create({ vocabSize: tok.vocabSize, contextLength: 16, dModel: 16, nLayers: 1, nHeads: 2, dFF: 32 }, 1);
  let state: TrainState | undefined;
  const base = tf.memory().numTensors; // the live model's parameters
  const counts = { rounds: 0, steps: 0, predictions: 0, attentions: 0, projections: 0, reopens: 0 };
  const tensorSamples: number[] = [];
  const heapSamples: number[] = [];
  const t0 = Date.now();
  let heap0 = 0;
  while (Date.now() - t0 < SECONDS * 1000 || counts.rounds < 3) {
    const steps = (state?.step ?? 0) + 3;
    state = await trainLm({ model, tokenizer: tok, ids, state, options: { steps, batchSize: 4, evalEvery: 0, valFraction: 0, checkpointEvery: 0, seed: 1 } });
    counts.steps += 3;
    await saveCheckpoint(dir, { model, tokenizer: tok, state });
    const lm = await getLm(dir);
    counts.reopens++;
    const p = (await predictNext(lm, { text: 'the cat ' }));
    assert.ok(p.candidates.length > 0);
    counts.predictions++;
    const att = (await attentionMaps(lm, { text: 'a dog ran in the fog' }));
    assert.equal(att.nLayers, 1);
    counts.attentions++;
    forget(path.resolve(dir));
    const pr = await project(wordVectors, words, dim, { method: 'pca', dims: 2 });
    assert.equal(pr.coords.length, words * 2);
    counts.projections++;
    counts.rounds++;
    // Between rounds the only tensors alive are the model's parameters and the two Adam moments per parameter.
    const live = tf.memory().numTensors - Object.keys(state.optimizer.moments).length;
    tensorSamples.push(live);
    assert.equal(live, base, `round ${counts.rounds}: ${live - base} tensors leaked`);
    if (counts.rounds === 2) heap0 = heapMB(); // after warm-up (JIT, caches)
    if (counts.rounds % 10 === 0) heapSamples.push(heapMB());
  }
  const heapEnd = heapMB();
  const growth = heapEnd - heap0;
  console.log(
    `soak: ${counts.rounds} rounds in ${((Date.now() - t0) / 1000).toFixed(0)} s (${counts.steps} train steps, ${counts.reopens} reopens, ` +
      `${counts.predictions} predictions, ${counts.attentions} attention maps, ${counts.projections} PCA projections); ` +
      `tensors ${Math.min(...tensorSamples)}–${Math.max(...tensorSamples)} (baseline ${base}); heap ${heap0.toFixed(1)} → ${heapEnd.toFixed(1)} MB ` +
      `(${growth >= 0 ? '+' : ''}${growth.toFixed(1)} MB, bound ${HEAP_BOUND_MB} MB, gc ${gc ? 'exposed' : 'not available'}; samples ${heapSamples.map((h) => h.toFixed(0)).join(' ')})`,
  );
  assert.ok(growth < HEAP_BOUND_MB, `heap grew ${growth.toFixed(1)} MB (bound ${HEAP_BOUND_MB} MB)`);
  if (state) disposeLoaded({ model, state });
});
