// A classifier fine-tuned from a pretrained encoder: the encoder's weights, tokenizer and [CLS]/[SEP] layout carry over
// (the saved classifier's [CLS] state equals the encoder's own, padding masked), it learns, and misuse gets a message.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/engine/backend';
import { Transformer, actName } from '../../../src/engine/lm/model';
import { WordPieceTokenizer } from '../../../src/engine/lm/tokenizers/wordpiece';
import { WordTokenizer } from '../../../src/engine/lm/tokenizers/word';
import { saveCheckpoint } from '../../../src/engine/lm/checkpoint';
import { openClassifier, predictText, trainClassifierFromFile } from '../../../src/engine/classify/classifier';
import { HEAD_B, HEAD_W } from '../../../src/engine/classify/encoder';
import { TINY_BERT, bertWeights, referenceForward, writeBertFolder } from '../pretrained/tinyBert';

/** softmax(h·W + b) */
function headProbabilities(h: number[], W: number[][], b: number[]): number[] {
  const z = b.map((bk, k) => bk + h.reduce((s, hj, j) => s + hj * W[j][k], 0));
  const zmax = Math.max(...z);
  const e = z.map((v) => Math.exp(v - zmax));
  const sum = e.reduce((s, x) => s + x, 0);
  return e.map((v) => v / sum);
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-from-encoder-'));
const animals = ['cat', 'dog', 'horse', 'bird', 'fish'];
const weather = ['rain', 'snow', 'sun', 'wind', 'fog'];
const words = [...animals, ...weather, 'the', 'a', 'was', 'saw', 'we', 'today', 'there', 'is', '.'];
const tok = WordPieceTokenizer.trainWords(words.join(' '), 100);
const encoderDir = path.join(root, 'encoder');
const causalDir = path.join(root, 'causal');
const csv = path.join(root, 'topics.csv');

before(async () => {
  assert.equal((await initBackend('wasm')).active, 'wasm');
  const enc = Transformer.create({ vocabSize: tok.vocabSize, contextLength: 16, dModel: 16, nLayers: 2, nHeads: 2, dFF: 32, causal: false, activation: 'gelu', mlmHead: true }, 5);
  await saveCheckpoint(encoderDir, { model: enc, tokenizer: tok, meta: { name: 'tiny test encoder', objective: 'mlm' } });
  enc.dispose();
  const wt = WordTokenizer.train(words.join(' '), 100);
  const causal = Transformer.create({ vocabSize: wt.vocabSize, contextLength: 16, dModel: 16, nLayers: 1, nHeads: 2, dFF: 32 }, 5);
  await saveCheckpoint(causalDir, { model: causal, tokenizer: wt, meta: { name: 'tiny causal model' } });
  causal.dispose();
  const rows = ['text,topic'];
  for (let i = 0; i < 60; i++) {
    const a = animals[i % 5];
    const w = weather[(i * 3) % 5];
    rows.push(i % 2 ? `we saw the ${a} there today .,animal` : `there was ${w} today .,weather`);
  }
  fs.writeFileSync(csv, rows.join('\n'));
});

after(() => fs.rmSync(root, { recursive: true, force: true }));

test("the classifier's [CLS] state is the encoder's own: weights, tokenizer and padding carry over", async () => {
  const out = path.join(root, 'frozen');
  // a learning rate of 1e-12 leaves the encoder as it was, so its forward pass can be compared with the encoder's
  const r = await trainClassifierFromFile({ data: csv, textColumn: 'text', labelColumn: 'topic', out, from: encoderDir, epochs: 1, learningRate: 1e-12 });
  assert.equal(r.from?.name, 'tiny test encoder');
  assert.equal(r.vocabSize, tok.vocabSize);
  const m = openClassifier(out);
  assert.equal(m.config.pool, 'cls');
  assert.equal(m.meta.from?.id, encoderDir);
  const text = 'the dog was there';
  const p = await predictText(m, text);
  assert.deepEqual(p.tokens, ['[CLS]', 'the', 'dog', 'was', 'there', '[SEP]']);
  // the encoder alone, on the unpadded row: h = final hidden state at [CLS]; probabilities = softmax(h·W + b)
  const enc = Transformer.create({ vocabSize: tok.vocabSize, contextLength: 16, dModel: 16, nLayers: 2, nHeads: 2, dFF: 32, causal: false, activation: 'gelu', mlmHead: true }, 5);
  const ids = [tok.clsId, ...tok.encode(text), tok.sepId];
  const { logits, cache } = enc.forward([ids], { cache: true });
  const h = Array.from((await cache![actName('ln_final')].data()) as Float32Array).slice(0, 16);
  const W = (await m.params[HEAD_W].array()) as number[][];
  const b = (await m.params[HEAD_B].array()) as number[];
  const expected = headProbabilities(h, W, b);
  for (let k = 0; k < expected.length; k++) assert.ok(Math.abs(p.probabilities[k] - expected[k]) < 1e-4, `class ${k}: ${p.probabilities[k]} vs ${expected[k]}`);
  logits.dispose();
  tf.dispose(Object.values(cache!));
  enc.dispose();
});

test('fine-tuning learns the topics and records its origin', async () => {
  const out = path.join(root, 'tuned');
  const r = await trainClassifierFromFile({ data: csv, textColumn: 'text', labelColumn: 'topic', out, from: encoderDir, epochs: 6, learningRate: 5e-3, batchSize: 8 });
  const best = r.history[r.bestEpoch - 1];
  assert.ok(best.accuracy >= 0.9, `validation accuracy ${best.accuracy}`);
  const p = await predictText(openClassifier(out), 'we saw the horse today .');
  assert.equal(p.predicted, 'animal');
});

test('starting from a causal model, or resizing the encoder, is refused with a message', async () => {
  const base = { data: csv, textColumn: 'text', labelColumn: 'topic', epochs: 1 };
  await assert.rejects(trainClassifierFromFile({ ...base, out: path.join(root, 'x1'), from: causalDir }), /tiny causal model is a next-token \(causal\) model: a classifier starts from a bidirectional encoder/);
  await assert.rejects(trainClassifierFromFile({ ...base, out: path.join(root, 'x2'), from: encoderDir, dModel: 32 }), /dModel does not apply when fine-tuning a pretrained encoder/);
  await assert.rejects(trainClassifierFromFile({ ...base, out: path.join(root, 'x3'), from: path.join(root, 'nowhere') }), /nowhere/);
  assert.equal(fs.existsSync(path.join(root, 'x1')), false);
});

test("from a BERT folder: the padded [CLS] state matches an independent plain-loop BERT, and the folder's WordPiece is kept", async () => {
  const w = bertWeights(TINY_BERT, 7);
  const dir = await writeBertFolder(TINY_BERT, w);
  const data = path.join(root, 'pets.csv');
  fs.writeFileSync(data, ['text,label', ...Array.from({ length: 20 }, (_, i) => (i % 2 ? 'the cat sat on the mat .,cat' : 'a dog ran in fog !,dog'))].join('\n'));
  const out = path.join(root, 'from-bert');
  const r = await trainClassifierFromFile({ data, textColumn: 'text', labelColumn: 'label', out, from: dir, epochs: 1, learningRate: 1e-12 });
  assert.match(r.from?.name ?? '', /BERT/i);
  const m = openClassifier(out);
  const p = await predictText(m, 'the cat sat');
  assert.deepEqual(p.tokens, ['[CLS]', 'the', 'cat', 'sat', '[SEP]']);
  // ids [CLS] the cat sat [SEP] = 2 5 6 7 3; the classifier pads them to its input length, the reference does not pad
  const ref = referenceForward(TINY_BERT, w, [2, 5, 6, 7, 3]);
  const expected = headProbabilities(ref.hidden[0], (await m.params[HEAD_W].array()) as number[][], (await m.params[HEAD_B].array()) as number[]);
  for (let k = 0; k < expected.length; k++) assert.ok(Math.abs(p.probabilities[k] - expected[k]) < 1e-4, `class ${k}: ${p.probabilities[k]} vs ${expected[k]}`);
  assert.equal(r.contextLength > 5, true, `input length ${r.contextLength}`);
});
