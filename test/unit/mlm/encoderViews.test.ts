// The views on an encoder: attention is the full matrix with [CLS]/[SEP] shown and no causal mask, and Compare Word
// in Contexts reads the whole sentence, so words after "it" move its hidden state (a causal model cannot).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../../../src/engine/backend';
import { Transformer } from '../../../src/engine/lm/model';
import { WordPieceTokenizer } from '../../../src/engine/lm/tokenizers/wordpiece';
import { attentionMaps, logitLens, tokenProbabilities, type Lm } from '../../../src/engine/lm/inspect';
import { lensCells } from '../../../webview/logitLens/cells';
import * as tf from '@tensorflow/tfjs-core';
import { contextualEmbeddings } from '../../../src/engine/lm/contextual';

const tired = "The animal didn't cross the street because it was too tired.";
const wide = "The animal didn't cross the street because it was too wide.";
const tok = WordPieceTokenizer.trainWords(`${tired} ${wide}`, 100);
const lmOf = (causal: boolean, contextLength = 32): Lm => ({
  model: Transformer.create({ vocabSize: tok.vocabSize, contextLength, dModel: 16, nLayers: 2, nHeads: 2, dFF: 32, causal }, 4),
  tokenizer: tok, meta: {}, history: [], step: 0, tokensSeen: 0, trainSeconds: 0,
});

before(async () => {
  assert.equal((await initBackend('wasm')).active, 'wasm');
});

test('encoder attention: [CLS] … [SEP], causal false, and queries attend to later keys', async () => {
  const lm = lmOf(false);
  const a = (await attentionMaps(lm, { text: tired }));
  assert.equal(a.causal, false);
  assert.deepEqual(a.tokens, ['[CLS]', 'the', 'animal', 'didn', "'", 't', 'cross', 'the', 'street', 'because', 'it', 'was', 'too', 'tired', '.', '[SEP]']);
  const row = a.attention[0][0][1]; // "the" → every key
  assert.ok(Math.abs(row.reduce((s, v) => s + v, 0) - 1) < 1e-5);
  assert.ok(row.slice(2).every((v) => v > 1e-4), 'keys after the query get weight');
  const c = (await attentionMaps(lmOf(true), { text: tired }));
  assert.equal(c.causal, true);
  assert.equal(c.tokens[0], 'the', 'a causal model gets no [CLS]');
  // longer than the positions: an encoder keeps the start and its [SEP]
  const cut = (await attentionMaps(lmOf(false, 8), { text: tired }));
  assert.equal(cut.truncated, true);
  assert.deepEqual(cut.tokens, ['[CLS]', 'the', 'animal', 'didn', "'", 't', 'cross', '[SEP]']);
  lm.model.dispose();
});

test('Compare Word in Contexts on an encoder: "it" before "tired"/"wide" moves apart after the first block', async () => {
  const enc = (await contextualEmbeddings(lmOf(false), 'it', [tired, wide]));
  assert.equal(enc.contexts[0].tokens[enc.contexts[0].position], 'it');
  assert.equal(enc.contexts[0].tokens.at(-3), 'tired');
  assert.ok(Math.abs(enc.meanCosine[0] - 1) < 1e-6, 'same token, same position: identical embeddings');
  assert.ok(enc.meanCosine[1] < 1 - 1e-5 && enc.meanCosine[2] < 1 - 1e-5, `block 0 cosine ${enc.meanCosine[1]}`);
  assert.deepEqual(enc.identical, []);
  const dec = (await contextualEmbeddings(lmOf(true), 'it', [tired, wide]));
  dec.meanCosine.forEach((c) => assert.ok(Math.abs(c - 1) < 1e-6), 'a causal model never sees the last word');
  assert.deepEqual(dec.identical, [[0, 1]]);
});

test('token probabilities on an encoder are pseudo-likelihoods: each token masked in turn, offsets in the original text', async () => {
  const lm = lmOf(false);
  const r = (await tokenProbabilities(lm, { text: tired }));
  assert.equal(r.tokens.length, 14, 'no [CLS]/[SEP]');
  assert.deepEqual([r.tokens[0].start, r.tokens[0].end], [0, 3]);
  assert.equal(tired.slice(r.tokens[8].start, r.tokens[8].end), 'because');
  // "animal" (token 1, position 2 after [CLS]) scored with it masked and everything else visible
  const ids = [tok.clsId, ...tok.encode(tired), tok.sepId];
  const masked = ids.map((id, j) => (j === 2 ? tok.maskId : id));
  const { logits } = lm.model.forward([masked]);
  const row = tf.tidy(() => tf.softmax(tf.reshape(tf.slice(logits, [0, 2, 0], [1, 1, -1]), [-1]))).dataSync();
  logits.dispose();
  assert.ok(Math.abs(r.tokens[1].prob! - row[ids[2]]) < 1e-6, `${r.tokens[1].prob} vs ${row[ids[2]]}`);
  assert.equal(r.tokens[1].alternatives.length, 5);
  lm.model.dispose();
});

test('logit lens on an encoder: each column scored against its own token, none at [MASK]/[CLS]/[SEP] (the top-1 is the guess)', async () => {
  const lm = lmOf(false);
  const r = await logitLens(lm, { text: 'The animal didn\'t cross the [MASK] because it was too wide.' }, 3);
  assert.equal(r.targetLabel, 'token here');
  const m = r.tokens.indexOf('[MASK]');
  assert.equal(r.targetIds[0], null);
  assert.equal(r.targetIds[m], null);
  assert.equal(r.targetIds.at(-1), null);
  assert.equal(r.targetIds[2], r.ids[2]);
  assert.equal(r.top.length, 3, 'embed + 2 blocks');
  assert.equal(r.targetProb[2][m], null);
  const cells = lensCells(r);
  assert.equal(cells[2][m].hit, false);
  assert.equal(cells[2][2].hit, cells[2][2].token === r.tokens[2]);
  const causal = await logitLens(lmOf(true), { text: tired }, 3);
  assert.equal(causal.targetLabel, 'actual next');
  assert.equal(causal.targetIds[0], causal.ids[1]);
  lm.model.dispose();
});
