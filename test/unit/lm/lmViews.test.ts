// Engine data of the model-internals views on tiny seeded models: contextual-embedding trajectories, positional encodings and
// the attention step by step (recomputed from the cached q/k/v, checked against the model's own pattern and z).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useTestBackend } from '../backendForTests';
import { Transformer } from '../../../src/engine/lm/model';
import type { TransformerConfig } from '../../../src/engine/lm/config';
import { CharTokenizer } from '../../../src/engine/lm/tokenizers/char';
import type { Lm } from '../../../src/engine/lm/inspect';
import { contextualEmbeddings, findWord } from '../../../src/engine/lm/contextual';
import { positionalEncodings } from '../../../src/engine/lm/positions';
import { attentionStep, tokenAtChar } from '../../../src/engine/lm/attentionStep';

const corpus = 'the bank of the river. money in the bank. it was wide. it was tired.';
function tinyLm(config: Partial<TransformerConfig> = {}): Lm {
  const tokenizer = CharTokenizer.train(corpus);
  const model = Transformer.create({ vocabSize: tokenizer.vocabSize, contextLength: 32, dModel: 16, nLayers: 2, nHeads: 2, dFF: 32, ...config }, 3);
  return { model, tokenizer, meta: {}, history: [], step: 0, tokensSeen: 0, trainSeconds: 0 };
}

test('findWord: whole words first, case-insensitive', async () => {
  assert.deepEqual(findWord('Bankers at the bank', 'bank'), { start: 15, end: 19 });
  assert.deepEqual(findWord('The BANK', 'bank'), { start: 4, end: 8 });
  assert.deepEqual(findWord('riverbanks', 'bank'), { start: 5, end: 9 });
  assert.equal(findWord('no such', 'bank'), undefined);
});

test('contextual embeddings: one point per layer per context; same token at the same position starts equal', async () => {
  await useTestBackend();
  const lm = tinyLm();
  const before = tf.memory().numTensors;
  const r = (await contextualEmbeddings(lm, 'bank', ['the bank of the river.', 'the bank of money.', 'money in the bank.'], { normalize: false }));
  assert.deepEqual(r.layers, ['embed+pos', 'block 0', 'block 1']);
  assert.equal(r.contexts.length, 3);
  for (const c of r.contexts) {
    assert.equal(c.points.length, 3);
    assert.equal(c.tokens[c.position], 'k', 'a char model follows the last character of the word');
    assert.ok(c.points.flat().every(Number.isFinite));
  }
  // contexts 0 and 1 share "the bank": identical prefixes → identical states (a causal model sees nothing after the word)
  assert.deepEqual(r.identical, [[0, 1]]);
  assert.deepEqual(r.contexts[0].points, r.contexts[1].points);
  // the word at a different position: layer 0 = wte + wpe differs only through the learned position
  assert.notDeepEqual(r.contexts[0].points[0], r.contexts[2].points[0]);
  assert.ok(r.meanCosine.every((x) => x <= 1 + 1e-6 && x >= -1 - 1e-6));
  assert.ok(r.explained[0] >= r.explained[1] && r.explained[0] + r.explained[1] <= 1 + 1e-9);
  assert.equal(tf.memory().numTensors, before);
  await assert.rejects(async () => (await contextualEmbeddings(lm, 'bank', ['no such word'])), /does not occur/);
  lm.model.dispose();
});

test('contextual embeddings: with no positional encoding the same token starts at the same point wherever it is', async () => {
  await useTestBackend();
  const lm = tinyLm({ positional: 'rope' });
  const r = (await contextualEmbeddings(lm, 'bank', ['the bank', 'money in the bank'], { normalize: false }));
  assert.equal(r.layers[0], 'embed');
  const [a, b] = r.contexts.map((c) => c.points[0]);
  assert.ok(Math.abs(a[0] - b[0]) < 1e-5 && Math.abs(a[1] - b[1]) < 1e-5, `${a} vs ${b}`);
  assert.ok(Math.abs(r.meanCosine[0] - 1) < 1e-5);
  lm.model.dispose();
});

test('positions: learned rows are wpe, sinusoidal matches the formula, RoPE similarity depends on p − p′ only', async () => {
  await useTestBackend();
  const learned = tinyLm();
  const p = (await positionalEncodings(learned));
  assert.equal(p.kind, 'learned');
  assert.equal(p.matrix.length, 32);
  const wpe = learned.model.params.wpe.arraySync() as number[][];
  assert.ok(Math.abs(p.matrix[5][7] - wpe[5][7]) < 1e-7);
  p.similarity.forEach((row, i) => assert.ok(Math.abs(row[i] - 1) < 1e-9));
  learned.model.dispose();

  const sin = tinyLm({ positional: 'sinusoidal' });
  const s = (await positionalEncodings(sin, 10));
  assert.equal(s.matrix.length, 10);
  const d = 16;
  for (const [pos, i] of [[3, 0], [3, 1], [7, 4], [9, 15]]) {
    const angle = pos / Math.pow(10000, (2 * Math.floor(i / 2)) / d);
    assert.ok(Math.abs(s.matrix[pos][i] - (i % 2 === 0 ? Math.sin(angle) : Math.cos(angle))) < 1e-6, `PE[${pos}, ${i}]`);
  }
  assert.ok(Math.abs(s.similarity[2][5] - s.similarity[5][2]) < 1e-12);
  sin.model.dispose();

  const rope = tinyLm({ positional: 'rope' });
  const r = (await positionalEncodings(rope));
  assert.equal(r.kind, 'rope');
  assert.equal(r.matrix[0].length, 16 / 2 / 2);
  assert.ok(Math.abs(r.matrix[4][0] - 4) < 1e-6, 'θ[p, 0] = p');
  assert.ok(Math.abs(r.similarity[3][7] - r.similarity[10][14]) < 1e-9, 'shift-invariant');
  rope.model.dispose();

  const none = tinyLm({ positional: 'none' });
  await assert.rejects(async () => (await positionalEncodings(none)), /no positional encoding/);
  none.model.dispose();
});

test('attention step: softmax of the scaled, masked q·k equals the cached pattern row; Σ p·v equals attn.z', async () => {
  await useTestBackend();
  const lm = tinyLm();
  const before = tf.memory().numTensors;
  const text = 'money in the bank';
  const r = (await attentionStep(lm, { text }, { layer: 1, head: 1, query: 5 }));
  assert.equal(r.query, 5);
  assert.equal(r.dHead, 8);
  assert.ok(Math.abs(r.scale - 1 / Math.sqrt(8)) < 1e-12);
  assert.equal(r.keys.length, text.length);
  assert.ok(r.keys.slice(6).every((k) => k.masked && k.prob === 0));
  assert.ok(r.keys.slice(0, 6).every((k) => !k.masked));
  for (const k of r.keys.slice(0, 6)) {
    assert.ok(Math.abs(k.dot - r.q.reduce((s, x, i) => s + x * k.k[i], 0)) < 1e-9);
    assert.ok(Math.abs(k.scaled - k.score) < 1e-4, `recomputed ${k.scaled} vs cached score ${k.score}`);
  }
  r.probs.forEach((p, j) => assert.ok(Math.abs(p - r.keys[j].prob) < 1e-5));
  assert.ok(Math.abs(r.probs.reduce((a, b) => a + b, 0) - 1) < 1e-9);
  r.output.forEach((x, i) => assert.ok(Math.abs(x - r.cachedOutput[i]) < 1e-5));
  assert.ok(r.maxAbsDiff < 1e-5);
  assert.equal(tf.memory().numTensors, before);
  // query by character offset: the 'b' of "bank"
  assert.equal(tokenAtChar(lm, lm.tokenizer.encode(text), 13), 13);
  assert.equal((await attentionStep(lm, { text }, { queryChar: 13 })).query, 13);
  await assert.rejects(async () => (await attentionStep(lm, { text }, { layer: 2 })), /layer must be/);
  lm.model.dispose();
});
