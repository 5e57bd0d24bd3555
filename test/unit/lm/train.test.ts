// Training on the wasm backend (the default one): overfitting, resume = uninterrupted, NaN guard, checkpoint checks.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/engine/backend';
import { Transformer } from '../../../src/engine/lm/model';
import { CharTokenizer } from '../../../src/engine/lm/tokenizers/char';
import { trainLm, type TrainOptions, type TrainState } from '../../../src/engine/lm/train';
import { generate } from '../../../src/engine/lm/generate';
import { disposeLoaded, loadCheckpoint, saveCheckpoint } from '../../../src/engine/lm/checkpoint';
import { UserError } from '../../../src/engine/errors';

const text = 'the cat sat on the mat. a dog ran in the fog. ';
const tok = CharTokenizer.train(text);
const ids = tok.encode(text.repeat(4));
const cfg = { vocabSize: tok.vocabSize, contextLength: 16, dModel: 16, nLayers: 1, nHeads: 2, dFF: 32 };
const opts: Partial<TrainOptions> = { batchSize: 4, learningRate: 1e-2, minLearningRate: 1e-3, warmupSteps: 5, evalEvery: 0, valFraction: 0, checkpointEvery: 0, seed: 3 };
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'ml-lm-'));

before(async () => {
  const r = await initBackend('wasm');
  assert.equal(r.active, 'wasm');
});

test('a toy model overfits two sentences on wasm (and leaks no tensors)', async () => {
  const m = Transformer.create(cfg, 1);
  const before = tf.memory().numTensors;
  const losses: number[] = [];
  const state = await trainLm({ model: m, tokenizer: tok, ids, options: { ...opts, steps: 150 }, onStep: (s) => { losses.push(s.loss); } });
  assert.ok(losses[0] > 2.5, `first loss ${losses[0]}`);
  assert.ok(losses.at(-1)! < 0.8, `last loss ${losses.at(-1)}`);
  assert.equal(state.history.length, 150);
  // parameters + 2 Adam moments per parameter, nothing else
  assert.equal(tf.memory().numTensors, before + 2 * Object.keys(m.params).length);
  const out = (await generate(m, tok, 'the cat ', { maxTokens: 14, greedy: true }));
  assert.equal(out.text, 'sat on the mat');
  tf.dispose(Object.values(state.optimizer.moments));
  m.dispose();
});

test('resuming from a checkpoint follows the same loss curve as an uninterrupted run', async () => {
  const full: number[] = [];
  const a = Transformer.create(cfg, 2);
  const sa = await trainLm({ model: a, tokenizer: tok, ids, options: { ...opts, steps: 20 }, onStep: (s) => { full.push(s.loss); } });
  const dir = tmp();
  const part: number[] = [];
  const b = Transformer.create(cfg, 2);
  const ac = new AbortController();
  await assert.rejects(
    trainLm({
      model: b, tokenizer: tok, ids, options: { ...opts, steps: 20 }, signal: ac.signal,
      onStep: (s) => { part.push(s.loss); if (s.step === 8) ac.abort(); },
      onCheckpoint: async (s: TrainState) => { await saveCheckpoint(dir, { model: b, tokenizer: tok, state: s }); },
    }),
    /Cancelled/,
  );
  const loaded = loadCheckpoint(dir, { withOptimizer: true });
  assert.equal(loaded.step, 8);
  await trainLm({ model: loaded.model, tokenizer: loaded.tokenizer, ids, state: loaded.state, onStep: (s) => { part.push(s.loss); } });
  assert.equal(part.length, 20);
  for (let i = 0; i < 20; i++) assert.ok(Math.abs(part[i] - full[i]) < 1e-5, `step ${i + 1}: ${part[i]} vs ${full[i]}`);
  disposeLoaded(loaded);
  tf.dispose(Object.values(sa.optimizer.moments));
  a.dispose();
  b.dispose();
});

test('NaN loss stops training with a UserError naming the step and suggesting a lower learning rate', async () => {
  const m = Transformer.create(cfg, 1);
  const old = m.params.wte;
  m.params.wte = tf.fill(old.shape, NaN);
  old.dispose();
  await assert.rejects(trainLm({ model: m, tokenizer: tok, ids, options: { ...opts, steps: 3 } }), (e: Error) => {
    assert.ok(e instanceof UserError);
    assert.match(e.message, /step 1/);
    assert.match(e.message, /lower learning rate/);
    return true;
  });
  m.dispose();
});

test('truncated, corrupt or other-version checkpoints give clear errors and nothing is overwritten', async () => {
  const m = Transformer.create(cfg, 1);
  const dir = tmp();
  const man = await saveCheckpoint(dir, { model: m, tokenizer: tok });
  const w = path.join(dir, man.weights.file);
  const good = fs.readFileSync(w);
  fs.writeFileSync(w, good.subarray(0, 100));
  assert.throws(() => loadCheckpoint(dir), (e: Error) => e instanceof UserError && /truncated/.test(e.message));
  const bad = Buffer.from(good);
  bad[10] ^= 0xff;
  fs.writeFileSync(w, bad);
  assert.throws(() => loadCheckpoint(dir), (e: Error) => e instanceof UserError && /checksum/.test(e.message));
  fs.writeFileSync(w, good);
  const mf = path.join(dir, 'manifest.json');
  const mj = JSON.parse(fs.readFileSync(mf, 'utf8'));
  fs.writeFileSync(mf, JSON.stringify({ ...mj, format: 99, engineVersion: '9.0.0' }));
  assert.throws(() => loadCheckpoint(dir), (e: Error) => e instanceof UserError && /9\.0\.0.*format 99/.test(e.message));
  fs.writeFileSync(mf, '{not json');
  assert.throws(() => loadCheckpoint(dir), (e: Error) => e instanceof UserError && /corrupt/.test(e.message));
  // a folder of someone's files is never written into
  const other = tmp();
  fs.writeFileSync(path.join(other, 'notes.txt'), 'mine');
  await assert.rejects(saveCheckpoint(other, { model: m, tokenizer: tok }), UserError);
  assert.deepEqual(fs.readdirSync(other), ['notes.txt']);
  m.dispose();
});
