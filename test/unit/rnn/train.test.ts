// Recurrent LM training: the lecture's "hello" preset reaches near-zero loss and spells "hello" for every cell, a
// checkpoint resumes to the same loss curve as an uninterrupted run, the gradient-through-time trace has one norm per step.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { useTestBackend } from '../backendForTests';
import { trainRnnToDir } from '../../../src/engine/rnn/trainRun';
import { disposeRnn, loadRnnCheckpoint } from '../../../src/engine/rnn/checkpoint';
import { generate } from '../../../src/engine/lm/generate';
import { predictNext } from '../../../src/engine/lm/inspect';
import { UserError } from '../../../src/engine/errors';
import type { RnnArch } from '../../../src/engine/rnn/config';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'ml-rnn-'));

before(async () => {
  await useTestBackend();
});

for (const arch of ['rnn', 'lstm', 'gru'] as RnnArch[]) {
  test(`"hello" preset (${arch}): loss falls to near zero and the model spells hello`, async () => {
    const dir = tmp();
    const before = tf.memory().numTensors;
    const r = await trainRnnToDir({ arch, preset: 'hello', outDir: dir });
    assert.equal(r.state.step, 300);
    assert.ok(r.state.history[0].loss > 1.2, `first loss ${r.state.history[0].loss}`);
    assert.ok(r.finalLoss! < 0.05, `final loss ${r.finalLoss}`);
    assert.equal(tf.memory().numTensors, before);
    const lm = loadRnnCheckpoint(dir);
    assert.equal(lm.meta.architecture, arch);
    assert.equal((await generate(lm.model, lm.tokenizer, 'h', { maxTokens: 4, greedy: true })).text, 'ello');
    const p = (await predictNext(lm, { text: 'hel' }));
    assert.equal(p.candidates[0].token, 'l');
    assert.ok(p.candidates[0].prob > 0.9);
    disposeRnn(lm);
  });
}

test('a resumed LSTM run follows the uninterrupted loss curve', async () => {
  const text = 'the cat sat on the mat. a dog ran in the fog. '.repeat(6);
  const options = { steps: 24, batchSize: 4, evalEvery: 0, valFraction: 0, checkpointEvery: 0, seed: 5 };
  const config = { dHidden: 12, contextLength: 12 };
  const full = await trainRnnToDir({ arch: 'lstm', text, preset: 'femto', config, options, outDir: tmp() });
  const dir = tmp();
  await trainRnnToDir({ arch: 'lstm', text, preset: 'femto', config, options: { ...options, steps: 10 }, outDir: dir });
  const rest = await trainRnnToDir({ arch: 'lstm', text, preset: 'femto', config, options: { steps: 24 }, outDir: dir });
  assert.equal(rest.resumed, true);
  assert.equal(rest.state.history.length, 24);
  full.state.history.forEach((p, i) => assert.ok(Math.abs(p.loss - rest.state.history[i].loss) < 1e-5, `step ${p.step}: ${p.loss} vs ${rest.state.history[i].loss}`));
  await assert.rejects(trainRnnToDir({ arch: 'gru', text, outDir: dir }), (e: unknown) => e instanceof UserError && /holds a LSTM, not a GRU/.test(e.message));
});

test('gradient through time: one finite norm per position, traced on the first and last steps', async () => {
  const traces: number[][] = [];
  const r = await trainRnnToDir({ arch: 'rnn', text: 'abcdefgh'.repeat(8), preset: 'femto', config: { contextLength: 10 }, options: { steps: 6, batchSize: 2, valFraction: 0, evalEvery: 0 }, traceEvery: 3, outDir: tmp(), onStep: (s) => { if (s.gradThroughTime) traces.push(s.gradThroughTime); } });
  assert.equal(traces.length, 3); // steps 1, 3, 6
  for (const t of traces) {
    assert.equal(t.length, 10);
    assert.ok(t.every((v) => Number.isFinite(v) && v >= 0));
    // the last state feeds the last prediction directly: it carries the largest gradient of a fresh vanilla RNN
    assert.ok(t[9] >= t[0], `‖∂L/∂h_10‖ ${t[9]} < ‖∂L/∂h_1‖ ${t[0]}`);
  }
  assert.deepEqual(r.gradThroughTime, traces[2]);
});

test('a folder that is not a checkpoint is refused with a clear message', async () => {
  const dir = tmp();
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine');
  await assert.rejects(trainRnnToDir({ arch: 'lstm', preset: 'hello', outDir: dir }), /not empty and holds no Model Lens checkpoint/);
  assert.equal(fs.readFileSync(path.join(dir, 'notes.txt'), 'utf8'), 'mine');
  assert.throws(() => loadRnnCheckpoint(dir), /not a Model Lens checkpoint/);
});
