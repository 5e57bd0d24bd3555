// Masked-language-model training of a toy encoder on wasm: it learns to fill masks of a tiny corpus, loss and
// masked-token accuracy are reported, and a run resumed from a checkpoint continues the same curve.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/engine/backend';
import { Transformer } from '../../../src/engine/lm/model';
import { WordPieceTokenizer } from '../../../src/engine/lm/tokenizers/wordpiece';
import { disposeLoaded, loadCheckpoint, saveCheckpoint } from '../../../src/engine/lm/checkpoint';
import { trainMlm, type MlmTrainOptions, type MlmLossPoint } from '../../../src/engine/mlm/train';
import type { TrainState } from '../../../src/engine/lm/train';

const text = 'the cat sat on the mat . the dog ran in the fog . ';
const tok = WordPieceTokenizer.trainWords(text, 100);
const ids = tok.encode(text.repeat(20));
const cfg = { vocabSize: tok.vocabSize, contextLength: 10, dModel: 24, nLayers: 1, nHeads: 2, dFF: 48, causal: false, activation: 'gelu' as const };
const opts: Partial<MlmTrainOptions> = { batchSize: 8, learningRate: 1e-2, minLearningRate: 1e-3, warmupSteps: 5, evalEvery: 0, valFraction: 0, checkpointEvery: 0, seed: 3, minLength: 8, maskRate: 0.3 };

before(async () => {
  assert.equal((await initBackend('wasm')).active, 'wasm');
});

test('a toy encoder learns to fill masks (loss falls, masked accuracy rises, no tensors leak)', async () => {
  const m = Transformer.create(cfg, 1);
  const before = tf.memory().numTensors;
  const state = await trainMlm({ model: m, tokenizer: tok, ids, options: { ...opts, steps: 120 } });
  const h = state.history as MlmLossPoint[];
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  assert.ok(mean(h.slice(0, 5).map((p) => p.loss)) > 2, `first losses ${h.slice(0, 5).map((p) => p.loss)}`);
  assert.ok(mean(h.slice(-10).map((p) => p.loss)) < 0.8, `last losses ${h.slice(-10).map((p) => p.loss)}`);
  assert.ok(mean(h.slice(-10).map((p) => p.acc)) > 0.7, `last acc ${h.slice(-10).map((p) => p.acc)}`);
  assert.equal(tf.memory().numTensors, before + 2 * Object.keys(m.params).length);
  // "[CLS] the cat sat on the [MASK] . [SEP]" → mat
  const x = [tok.clsId, ...tok.encode('the cat sat on the [MASK] .'), tok.sepId];
  const { logits } = m.forward([x]);
  const row = (await logits.array())[0][x.indexOf(tok.maskId)];
  logits.dispose();
  assert.equal(tok.tokenString(row.indexOf(Math.max(...row))), 'mat');
  tf.dispose(Object.values(state.optimizer.moments));
  m.dispose();
});

test('an encoder is required, and a resumed run follows the uninterrupted loss curve', async () => {
  const causal = Transformer.create({ ...cfg, causal: true }, 1);
  await assert.rejects(trainMlm({ model: causal, tokenizer: tok, ids, options: { ...opts, steps: 2 } }), /needs an encoder/);
  causal.dispose();
  const full: number[] = [];
  const a = Transformer.create(cfg, 2);
  const sa = await trainMlm({ model: a, tokenizer: tok, ids, options: { ...opts, steps: 12 }, onStep: (s) => { full.push(s.loss); } });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-mlm-'));
  const part: number[] = [];
  const b = Transformer.create(cfg, 2);
  const ac = new AbortController();
  await assert.rejects(
    trainMlm({
      model: b, tokenizer: tok, ids, options: { ...opts, steps: 12 }, signal: ac.signal,
      onStep: (s) => { part.push(s.loss); if (s.step === 5) ac.abort(); },
      onCheckpoint: async (s: TrainState) => { await saveCheckpoint(dir, { model: b, tokenizer: tok, state: s }); },
    }),
    /Cancelled/,
  );
  const l = loadCheckpoint(dir, { withOptimizer: true });
  assert.equal(l.step, 5);
  await trainMlm({ model: l.model, tokenizer: l.tokenizer as WordPieceTokenizer, ids, state: l.state, onStep: (s) => { part.push(s.loss); } });
  assert.equal(part.length, 12);
  part.forEach((v, i) => assert.ok(Math.abs(v - full[i]) < 1e-4, `step ${i + 1}: ${v} vs ${full[i]}`));
  disposeLoaded(l);
  disposeLoaded({ model: b });
  tf.dispose(Object.values(sa.optimizer.moments));
  a.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});
