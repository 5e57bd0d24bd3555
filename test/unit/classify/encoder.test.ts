// The encoder: bidirectional attention (no causal mask), pooling that ignores padding, a tiny data set it overfits,
// checkpoint round trip, prediction with the pooled token's attention, evaluation, cancellation, no tensor leaks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { useTestBackend } from '../backendForTests';
import { classifierConfig, classifierForward, encodeText, initClassifierParams, padBatch, poolHidden } from '../../../src/engine/classify/encoder';
import { trainClassifierLoop } from '../../../src/engine/classify/train';
import { evaluateClassifier, openClassifier, predictText, trainClassifierFromFile } from '../../../src/engine/classify/classifier';
import { CancelledError } from '../../../src/engine/errors';
import { Transformer } from '../../../src/engine/lm/model';
import { WordTokenizer } from '../../../src/engine/lm/tokenizers/word';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'ml-clf-'));

test('the encoder attends both ways: the upper triangle of every pattern is non-zero (the LM decoder\'s is zero)', async () => {
  await useTestBackend();
  const c = classifierConfig(10, 3, 'mean', { dModel: 8, nHeads: 2, nLayers: 2, contextLength: 6, dropout: 0 });
  assert.equal(c.encoder.causal, false);
  const p = initClassifierParams(c, 1);
  const acts: Record<string, tf.Tensor> = {};
  const ids = [[1, 2, 3, 4, 5, 6]];
  const { ids: flat, mask } = padBatch(ids, c);
  tf.tidy(() => {
    const logits = classifierForward(p, c, tf.tensor2d(flat, [1, 6], 'int32'), tf.tensor2d(mask, [1, 6]), {}, acts);
    assert.deepEqual(logits.shape, [1, 3]);
    for (const l of [0, 1]) {
      const pat = acts[`blocks.${l}.attn.pattern`].arraySync() as number[][][][];
      for (let h = 0; h < 2; h++) for (let q = 0; q < 6; q++) for (let k = q + 1; k < 6; k++) assert.ok(pat[0][h][q][k] > 0.01, `layer ${l} head ${h} q${q}→k${k}`);
    }
  });
  // the same blocks with causal = true (the language model) mask the future exactly
  const lm = Transformer.create({ ...c.encoder, causal: true }, 1);
  const { cache } = lm.forward(ids, { cache: true });
  const pat = cache!['blocks.0.attn.pattern'].arraySync() as number[][][][];
  assert.equal(pat[0][0][0][5], 0);
  lm.dispose();
  tf.dispose(Object.values(cache!));
  tf.dispose(Object.values(p));
});

test('pooling: mean ignores padded positions, cls takes position 0, and pads do not change the mean-pooled logits', async () => {
  await useTestBackend();
  tf.tidy(() => {
    const h = tf.tensor3d([[[1, 2], [3, 4], [100, 100], [-50, 7]]]); // [1, 4, 2]
    const mask = tf.tensor2d([[1, 1, 0, 0]]);
    assert.deepEqual(Array.from(poolHidden(h, mask, 'mean').dataSync()), [2, 3]);
    assert.deepEqual(Array.from(poolHidden(h, mask, 'cls').dataSync()), [1, 2]);
  });
  const c = classifierConfig(12, 2, 'mean', { dModel: 8, nHeads: 2, contextLength: 8, dropout: 0 });
  const p = initClassifierParams(c, 3);
  const { ids, mask, T } = padBatch([[1, 2, 3]], c);
  assert.deepEqual(Array.from(ids), [1, 2, 3, 12, 12, 12, 12, 12]);
  assert.deepEqual(Array.from(mask), [1, 1, 1, 0, 0, 0, 0, 0]);
  tf.tidy(() => {
    // a hidden state forced to huge values at pad positions leaves the pooled vector unchanged
    const acts: Record<string, tf.Tensor> = {};
    classifierForward(p, c, tf.tensor2d(ids, [1, T], 'int32'), tf.tensor2d(mask, [1, T]), {}, acts);
    const h = acts['ln_final'] as tf.Tensor3D;
    const noisy = tf.add(h, tf.mul(tf.reshape(tf.sub(1, tf.tensor2d(mask, [1, T])), [1, T, 1]), 1e3)) as tf.Tensor3D;
    const a = poolHidden(h, tf.tensor2d(mask, [1, T]), 'mean').dataSync();
    const b = poolHidden(noisy, tf.tensor2d(mask, [1, T]), 'mean').dataSync();
    for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) < 1e-4);
  });
  tf.dispose(Object.values(p));
  // cls pooling prepends [CLS] and truncates to the context
  const tok = WordTokenizer.train('the film was great and the film was bad', 50);
  const cc = classifierConfig(tok.vocabSize, 2, 'cls', { contextLength: 4 });
  const e = encodeText(tok, cc, 'The film was great fun');
  assert.deepEqual(e.pieces, ['[CLS]', 'the', 'film', 'was']);
  assert.equal(e.ids[0], cc.clsId);
  assert.equal(e.truncated, true);
});

test('a tiny data set is overfitted (train accuracy 100%) without leaking tensors', async () => {
  await useTestBackend();
  const texts = ['good great fine', 'great good', 'fine good nice', 'nice great', 'bad awful poor', 'awful bad', 'poor bad awful', 'awful poor'];
  const y = [0, 0, 0, 0, 1, 1, 1, 1];
  const tok = WordTokenizer.train(texts.join(' '), 50);
  for (const pool of ['mean', 'cls'] as const) {
    const before = tf.memory().numTensors;
    const c = classifierConfig(tok.vocabSize, 2, pool, { dModel: 16, nHeads: 2, contextLength: 8, dropout: 0 });
    const p = initClassifierParams(c, 1);
    const ids = texts.map((t) => encodeText(tok, c, t).ids);
    const h = await trainClassifierLoop({ params: p, config: c, labels: ['pos', 'neg'], train: { ids, y }, val: { ids, y }, options: { epochs: 40, batchSize: 4, learningRate: 1e-2, seed: 2 } });
    assert.equal(h.at(-1)!.accuracy, 1, `${pool}: ${JSON.stringify(h.at(-1))}`);
    assert.ok(h.at(-1)!.trainLoss < h[0].trainLoss / 4, `${pool}: loss falls`);
    tf.dispose(Object.values(p));
    assert.equal(tf.memory().numTensors, before, `${pool}: no tensor leaks`);
  }
});

function reviewsCsv(dir: string): string {
  const pos = ['a wonderful warm film', 'great acting and a lovely story', 'wonderful, lovely, great', 'I loved it, great fun', 'lovely warm story', 'great great film'];
  const neg = ['a dull boring mess', 'awful acting and a boring plot', 'boring, awful, dull', 'I hated it, a mess', 'dull slow plot', 'awful awful film'];
  const rows = pos.map((t) => `"${t}",5`).concat(neg.map((t) => `"${t}",1`));
  const file = path.join(dir, 'reviews.csv');
  fs.writeFileSync(file, `text,stars\n${rows.join('\n')}\n`);
  return file;
}

test('train from a file → checkpoint → predict (probabilities sum to 1, attention per layer and head) → evaluate with lines', async () => {
  await useTestBackend();
  const dir = tmp();
  const data = reviewsCsv(dir);
  const out = path.join(dir, 'model');
  const progress: number[] = [];
  const r = await trainClassifierFromFile(
    { data, textColumn: 'text', labelColumn: 'stars', out, pool: 'cls', epochs: 30, batchSize: 4, learningRate: 1e-2, dModel: 16, nHeads: 2, nLayers: 2, valFraction: 0.34 },
    { onProgress: (d) => progress.push(d.step) },
  );
  assert.deepEqual(r.labels, ['1', '5']);
  assert.equal(r.history.length, 30);
  assert.equal(r.baseline.accuracy, 0.5);
  assert.ok(progress.length > 0);
  for (const f of ['manifest.json', 'config.json', 'tokenizer.json']) assert.ok(fs.existsSync(path.join(out, f)), f);
  assert.equal(fs.readdirSync(out).filter((f) => f.startsWith('weights-')).length, 1, 'older epochs removed');
  assert.equal(fs.readdirSync(out).filter((f) => f.endsWith('.tmp')).length, 0);
  const m = openClassifier(out);
  const before = tf.memory().numTensors;
  const pr = await predictText(m, 'a lovely, wonderful film');
  assert.equal(tf.memory().numTensors, before, 'predict leaks no tensors');
  assert.ok(Math.abs(pr.probabilities.reduce((a, b) => a + b, 0) - 1) < 1e-5);
  assert.equal(pr.predicted, '5');
  assert.deepEqual(pr.tokens, ['[CLS]', 'a', 'lovely', ',', 'wonderful', 'film']);
  assert.equal(pr.attention.length, 2);
  assert.equal(pr.attention[0].length, 2);
  assert.equal(pr.attention[0][0].length, pr.tokens.length);
  for (const head of pr.attention.flat()) {
    const s = head.reduce((a, b) => a + b, 0);
    assert.ok(s > 0 && s <= 1 + 1e-5, `attention over the input sums to ${s}`);
  }
  const ev = await evaluateClassifier(m, {});
  assert.equal(ev.examples, 4);
  assert.equal(ev.confusion.flat().reduce((a, b) => a + b, 0), 4);
  for (const x of ev.misclassified) assert.ok(x.line >= 2 && x.file === data);
  const full = await evaluateClassifier(m, { data });
  assert.equal(full.examples, 12);
  assert.ok(full.accuracy >= 0.75, `accuracy on the training file ${full.accuracy}`);
});

test('training is cancellable through its AbortSignal', async () => {
  await useTestBackend();
  const dir = tmp();
  const ac = new AbortController();
  const p = trainClassifierFromFile(
    { data: reviewsCsv(dir), textColumn: 'text', labelColumn: 'stars', out: path.join(dir, 'm'), epochs: 1000, batchSize: 2, dModel: 8, nHeads: 2 },
    { signal: ac.signal, onProgress: () => ac.abort() },
  );
  await assert.rejects(p, CancelledError);
});
