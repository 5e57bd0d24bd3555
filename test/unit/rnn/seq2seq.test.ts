// Sequence to sequence: on the reverse task (lengths 1–6, seeded), the GRU with additive attention beats the GRU with one
// fixed context vector on the longest inputs; alignments are distributions over the input; checkpoints round-trip;
// the transformer encoder–decoder's cross-attention rows sum to 1; bad input gets a clear message.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/engine/backend';
import { accuracyByLength, loadSeq2Seq, saveSeq2Seq, trainSeq2Seq, translate, type LengthAccuracy } from '../../../src/engine/seq2seq/train';
import { getTask, makeBatch, withMaxLength } from '../../../src/engine/seq2seq/tasks';
import { Rng } from '../../../src/engine/lm/rng';
import { UserError } from '../../../src/engine/errors';

before(async () => {
  // wasm: the backend the CLI and the extension use; ~6× faster than cpu on these unrolled graphs
  assert.equal((await initBackend('wasm')).active, 'wasm');
});

const small = { taskName: 'reverse', maxLength: 6, config: { dHidden: 24 }, options: { steps: 150, batchSize: 16, learningRate: 2e-2 } };

test('tasks are seeded and vary in length: the same seed gives the same batch, reverse reverses', () => {
  const t = getTask('reverse');
  const a = makeBatch(t, new Rng(4), 3, 5);
  const b = makeBatch(t, new Rng(4), 3, 5);
  assert.deepEqual(a, b);
  assert.equal(a.src.length, 15);
  const src = Array.from(a.src.subarray(0, 5));
  assert.deepEqual(Array.from(a.tgtOut.subarray(0, 5)), [...src].reverse());
  assert.equal(a.tgtOut[5], 2); // </s>
  const d = getTask('digits').example(new Rng(1), 3);
  assert.equal(d.source.length, 3);
  assert.deepEqual(d.target, d.source.map((w) => String(['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'].indexOf(w))));
  assert.throws(() => withMaxLength(t, 0), UserError);
});

test('the attention RNN beats the fixed-context RNN on the longest inputs (the bottleneck, measured)', async () => {
  const before = tf.memory().numTensors;
  const fixed = await trainSeq2Seq({ ...small, arch: 'rnn' });
  const attn = await trainSeq2Seq({ ...small, arch: 'rnn-attention' });
  const accF = await accuracyByLength(fixed, 30);
  const accA = await accuracyByLength(attn, 30);
  const at = (a: LengthAccuracy[], L: number) => a.find((r) => r.length === L)!;
  // both learn the shortest inputs
  assert.equal(at(accF, 1).accuracy, 1);
  assert.equal(at(accA, 1).accuracy, 1);
  // on the longest, attention keeps most tokens right while one context vector loses them
  assert.ok(at(accA, 6).tokenAccuracy > at(accF, 6).tokenAccuracy + 0.2, `length 6 tokens: attention ${at(accA, 6).tokenAccuracy}, fixed ${at(accF, 6).tokenAccuracy}`);
  assert.ok(at(accA, 5).accuracy > at(accF, 5).accuracy + 0.3, `length 5 exact: attention ${at(accA, 5).accuracy}, fixed ${at(accF, 5).accuracy}`);
  // the fixed-context model gets worse as inputs get longer
  assert.ok(at(accF, 6).tokenAccuracy < at(accF, 2).tokenAccuracy);

  const tr = await translate(attn, 'a b c d');
  assert.equal(tr.output, 'd c b a');
  assert.equal(tr.alignment!.length, 4);
  for (const row of tr.alignment!) {
    assert.equal(row.length, 4);
    assert.ok(Math.abs(row.reduce((s, x) => s + x, 0) - 1) < 1e-4);
  }
  // reversal: the first output token attends most to the last input token
  assert.equal(tr.alignment![0].indexOf(Math.max(...tr.alignment![0])), 3);
  assert.equal((await translate(fixed, 'a b')).alignment, null);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-s2s-'));
  await saveSeq2Seq(dir, attn, { history: attn.history, accuracy: accA, options: { steps: 150, batchSize: 16, learningRate: 2e-2, gradClip: 1, seed: 1, evalPerLength: 30 }, trainSeconds: 1 });
  const back = loadSeq2Seq(dir);
  assert.deepEqual(await translate(back, 'a b c d'), tr);
  assert.deepEqual(back.accuracy, accA);
  assert.equal(back.task.maxLength, 6);
  await assert.rejects(async () => await translate(back, 'a b zebra'), /"zebra" is not an input word of the reverse task; it reads a b c d e f g h i j/);
  fs.writeFileSync(path.join(dir, 'weights.bin'), 'truncated');
  assert.throws(() => loadSeq2Seq(dir), /corrupt or truncated/);
  for (const m of [fixed, attn, back]) tf.dispose(Object.values(m.params));
  assert.equal(tf.memory().numTensors, before);
});

test('transformer encoder–decoder: trains, and its cross-attention rows are distributions over the input', async () => {
  const m = await trainSeq2Seq({ taskName: 'digits', maxLength: 4, arch: 'transformer', config: { dHidden: 16, nHeads: 2, dFF: 32 }, options: { steps: 40, batchSize: 16 } });
  assert.ok(m.history.at(-1)! < m.history[0], `loss ${m.history[0]} → ${m.history.at(-1)}`);
  const tr = await translate(m, 'four two seven');
  assert.ok(tr.alignment && tr.alignment.length === tr.tokens.length);
  for (const row of tr.alignment!) assert.ok(Math.abs(row.reduce((s, x) => s + x, 0) - 1) < 1e-4);
  // every attention kind, per head: encoder self (input × input), masked decoder self, cross (output × input)
  const p = tr.patterns!;
  assert.deepEqual(Object.keys(p).sort(), ['decoder.cross', 'decoder.self', 'encoder.self']);
  assert.equal(p['encoder.self'].length, 2);
  assert.equal(p['encoder.self'][0].length, 3);
  p['decoder.self'][1].forEach((row, q) => row.forEach((v, k) => k > q && assert.ok(v < 1e-6, `decoder query ${q} sees later key ${k}`)));
  assert.equal(p['decoder.cross'][0][0].length, 3);
  tf.dispose(Object.values(m.params));
});
