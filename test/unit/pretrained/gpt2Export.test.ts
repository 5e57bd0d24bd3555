// Export a Model Lens transformer to the Hugging Face GPT-2 layout and load it back: identical logits, same tokenizer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { useTestBackend } from '../backendForTests';
import { Transformer } from '../../../src/engine/lm/model';
import { presetConfig } from '../../../src/engine/lm/config';
import { ByteBpeTokenizer, CharTokenizer, loadGpt2Tokenizer } from '../../../src/engine/lm/tokenizers';
import { exportHfGpt2 } from '../../../src/engine/pretrained/exportHfGpt2';
import { loadHfGpt2 } from '../../../src/engine/pretrained/loadHfGpt2';
import { SafetensorsReader } from '../../../src/engine/io/safetensors';
import { maxAbsDiff, tmpDir } from './tinyGpt2';

async function logitsOf(m: Transformer, ids: number[]): Promise<Float32Array> {
  const { logits } = m.forward([ids]);
  const d = (await logits.data()) as Float32Array;
  logits.dispose();
  return d;
}

test('export → load gives bit-identical logits and the same BPE tokenizer', async () => {
  await useTestBackend();
  const tok = ByteBpeTokenizer.train('one fish two fish red fish blue fish '.repeat(30), 280);
  const model = Transformer.create({ ...presetConfig('pico', tok.vocabSize), activation: 'gelu_new' }, 11);
  const dir = tmpDir('export');
  const steps: string[] = [];
  const r = await exportHfGpt2(model, tok, dir, { onProgress: (p) => steps.push(p.tensor) });
  assert.deepEqual(r.files, ['config.json', 'model.safetensors', 'vocab.json', 'merges.txt']);
  assert.equal(steps.length, 2 + 3 * 12 + 2);
  const cfg = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'));
  assert.equal(cfg.model_type, 'gpt2');
  assert.deepEqual(cfg.architectures, ['GPT2LMHeadModel']);
  assert.equal(cfg.n_embd, 48);
  assert.equal(cfg.n_inner, 192);
  const reader = await SafetensorsReader.open(path.join(dir, 'model.safetensors'));
  assert.deepEqual(reader.metadata, { format: 'pt' });
  assert.deepEqual(reader.info('h.0.attn.c_attn.weight')?.shape, [48, 144]);
  await reader.close();

  const loaded = await loadHfGpt2(dir);
  assert.deepEqual(loaded.warnings, []);
  assert.deepEqual(loaded.tokenizer.toJSON(), tok.toJSON());
  const ids = tok.encode('red fish blue fish one fish');
  assert.deepEqual(Array.from(await logitsOf(loaded.model, ids)), Array.from(await logitsOf(model, ids)));
  for (const [name, t] of Object.entries(model.params)) {
    assert.deepEqual(Array.from(loaded.model.params[name].dataSync()), Array.from(t.dataSync()), name);
  }
  loaded.model.dispose();
  model.dispose();
  fs.rmSync(dir, { recursive: true });
});

test('F16 export is half the size and close; untied head and exact GELU survive', async () => {
  await useTestBackend();
  const model = Transformer.create({ ...presetConfig('femto', 40), dModel: 8, nHeads: 2, dFF: 32, tiedEmbeddings: false, activation: 'gelu' }, 3);
  const f32 = tmpDir('f32');
  const f16 = tmpDir('f16');
  const a = await exportHfGpt2(model, undefined, f32);
  const b = await exportHfGpt2(model, undefined, f16, { dtype: 'F16' });
  assert.ok(b.bytes < a.bytes * 0.6);
  for (const dir of [f32, f16]) {
    const cfg = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'));
    assert.equal(cfg.tie_word_embeddings, false);
    assert.equal(cfg.activation_function, 'gelu');
  }
  const ids = [1, 5, 7, 39, 0];
  const want = await logitsOf(model, ids);
  const l32 = await loadHfGpt2(f32);
  assert.deepEqual(Array.from(await logitsOf(l32.model, ids)), Array.from(want));
  assert.equal(l32.model.config.tiedEmbeddings, false);
  const l16 = await loadHfGpt2(f16);
  assert.ok(maxAbsDiff(await logitsOf(l16.model, ids), want) < 1e-3);
  for (const m of [l32, l16, { model }]) m.model.dispose();
});

test('a char tokenizer travels as model_lens_tokenizer.json; the GPT-2 tokenizer as its own files', async () => {
  await useTestBackend();
  const char = CharTokenizer.train('hello world');
  const m1 = Transformer.create({ ...presetConfig('femto', char.vocabSize) }, 1);
  const d1 = tmpDir('char');
  assert.deepEqual((await exportHfGpt2(m1, char, d1)).files, ['config.json', 'model.safetensors', 'model_lens_tokenizer.json']);
  const l1 = await loadHfGpt2(d1);
  assert.deepEqual(l1.tokenizer.toJSON(), char.toJSON());
  l1.model.dispose();
  m1.dispose();

  const gpt2 = loadGpt2Tokenizer();
  const m2 = Transformer.create({ ...presetConfig('femto', gpt2.vocabSize), dModel: 4, nHeads: 1 }, 1);
  const d2 = tmpDir('gpt2tok');
  await exportHfGpt2(m2, gpt2, d2);
  const cfg = JSON.parse(fs.readFileSync(path.join(d2, 'config.json'), 'utf8'));
  assert.equal(cfg.eos_token_id, 50256);
  const l2 = await loadHfGpt2(d2);
  assert.equal(l2.tokenizer.kind, 'gpt2');
  l2.model.dispose();
  m2.dispose();
});

test('models that do not fit the GPT-2 layout are refused with the reasons', async () => {
  await useTestBackend();
  const before = tf.memory().numTensors;
  const model = Transformer.create({ ...presetConfig('femto', 20), positional: 'rope', norm: 'post', activation: 'swiglu' }, 1);
  await assert.rejects(exportHfGpt2(model, undefined, tmpDir('refuse')), {
    name: 'UserError',
    message:
      'this model cannot be saved in the GPT-2 layout: positions are rope (GPT-2 needs learned); norm is post (GPT-2 needs pre-norm); activation is swiglu (GPT-2 needs gelu, gelu_new or relu)',
  });
  model.dispose();
  assert.equal(tf.memory().numTensors, before);
});
