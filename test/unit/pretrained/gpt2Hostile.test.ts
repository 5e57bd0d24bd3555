// Broken and hostile GPT-2 folders: each gives the exact message a person sees (naming the tensor), never a crash,
// and leaves no tensors behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { UserError } from '../../../src/engine/errors';
import { useTestBackend } from '../backendForTests';
import { loadHfGpt2 } from '../../../src/engine/pretrained/loadHfGpt2';
import { TINY, hfConfigJson, rawSafetensors, tinyWeights, tmpDir, weightsFile, writeFolder } from './tinyGpt2';

const weights = tinyWeights(TINY, 3);
const good = weightsFile(weights);
const headerLen = Number(new DataView(good.buffer).getBigUint64(0, true));
const dataSize = good.length - 8 - headerLen;

/** Loads a folder and returns the UserError message; fails the test on success or any other error. */
async function loadError(config: Record<string, unknown> | null, file: Uint8Array): Promise<string> {
  await useTestBackend();
  const dir = writeFolder(tmpDir('hostile'), config, file);
  const before = tf.memory().numTensors;
  try {
    const m = await loadHfGpt2(dir);
    m.model.dispose();
    assert.fail('expected the load to fail');
  } catch (e) {
    assert.ok(e instanceof UserError, `expected a UserError, got ${(e as Error)?.stack}`);
    assert.equal(tf.memory().numTensors, before, 'no tensors leak from a failed load');
    return e.message;
  } finally {
    fs.rmSync(dir, { recursive: true });
  }
}

test('folder without config.json', async () => {
  const dir = writeFolder(tmpDir('noconfig'), null, good);
  await assert.rejects(loadHfGpt2(dir), { name: 'UserError', message: `${dir} has no config.json: is this a Hugging Face GPT-2 folder?` });
});

test('config that is not GPT-2', async () => {
  const msg = await loadError({ model_type: 'llama', architectures: ['LlamaForCausalLM'], hidden_size: 16 }, good);
  assert.equal(msg, 'config.json describes a "llama" model (LlamaForCausalLM); Model Lens opens only GPT-2-layout models (model_type "gpt2", GPT2LMHeadModel)');
});

test('GPT-2 config with an activation the engine does not have', async () => {
  const msg = await loadError(hfConfigJson(TINY, { activation_function: 'silu' }), good);
  assert.match(msg, /^config\.json: activation_function "silu" is not supported/);
});

test('folder with config.json but no model.safetensors', async () => {
  const dir = writeFolder(tmpDir('noweights'), hfConfigJson(TINY), good);
  fs.rmSync(path.join(dir, 'model.safetensors'));
  await assert.rejects(loadHfGpt2(dir), { message: `${dir} has config.json but no model.safetensors (only safetensors weights are read, not pytorch_model.bin)` });
});

test('truncated header (file cut inside the JSON)', async () => {
  const cut = good.slice(0, 8 + 100);
  assert.equal(await loadError(hfConfigJson(TINY), cut), `model.safetensors: header length ${headerLen} is larger than the rest of the file (100 bytes): truncated or not safetensors`);
});

test('file shorter than the 8-byte length', async () => {
  assert.equal(await loadError(hfConfigJson(TINY), good.slice(0, 5)), 'model.safetensors is 5 bytes: too short to be safetensors (needs an 8-byte header length)');
});

test('header length far larger than the file (hostile: would be a multi-GB allocation)', async () => {
  const f = good.slice();
  new DataView(f.buffer).setBigUint64(0, 2n ** 62n, true);
  assert.equal(
    await loadError(hfConfigJson(TINY), f),
    `model.safetensors: header length ${2n ** 62n} is larger than the rest of the file (${good.length - 8} bytes): truncated or not safetensors`,
  );
});

test('header that is not JSON', async () => {
  const f = good.slice();
  f[8] = 0x5b; // '[' then garbage
  f[9] = 0x7b;
  assert.match(await loadError(hfConfigJson(TINY), f), /^model\.safetensors: the header is not valid JSON \(/);
});

test('offsets beyond the file (data section truncated) name the last tensor', async () => {
  const f = good.slice(0, good.length - 10);
  assert.equal(
    await loadError(hfConfigJson(TINY), f),
    `model.safetensors: tensor "ln_f.bias": data_offsets [${dataSize - 64}, ${dataSize}] reach past the end of the data (${dataSize - 10} bytes): the file is truncated or corrupt`,
  );
});

test('overlapping offsets name both tensors', async () => {
  const f = weightsFile(weights, { mutate: (h) => (h['h.0.ln_1.bias'].data_offsets = [...h['h.0.ln_1.weight'].data_offsets]) });
  const [b, e] = (JSON.parse(new TextDecoder().decode(f.subarray(8, 8 + Number(new DataView(f.buffer).getBigUint64(0, true))))) as Record<string, { data_offsets: number[] }>)['h.0.ln_1.weight'].data_offsets;
  const msg = await loadError(hfConfigJson(TINY), f);
  assert.equal(msg, `model.safetensors: tensor "h.0.ln_1.bias" (bytes ${b}–${e}) overlaps tensor "h.0.ln_1.weight" (bytes ${b}–${e})`);
});

test('shape that disagrees with its byte size', async () => {
  const f = weightsFile(weights, { mutate: (h) => (h['h.1.attn.c_proj.bias'].shape = [17]) });
  assert.match(
    await loadError(hfConfigJson(TINY), f),
    /^model\.safetensors: tensor "h\.1\.attn\.c_proj\.bias": shape \[17\] × F32 needs 68 bytes but data_offsets \[\d+, \d+\] hold 64$/,
  );
});

test('hostile shape whose product overflows is caught without allocating', async () => {
  const f = weightsFile(weights, { mutate: (h) => (h['wte.weight'].shape = [2 ** 40, 2 ** 40, 2 ** 40]) });
  assert.match(await loadError(hfConfigJson(TINY), f), /^model\.safetensors: tensor "wte\.weight": shape \[1099511627776, 1099511627776, 1099511627776\] × F32 needs more than \d+ bytes/);
});

test('unsupported dtype (I64) names the tensor and the dtype', async () => {
  const f = weightsFile(weights, {
    mutate: (h) => {
      h['ln_f.bias'].dtype = 'I64';
      h['ln_f.bias'].shape = [8];
    },
  });
  assert.equal(await loadError(hfConfigJson(TINY), f), 'model.safetensors: tensor "ln_f.bias" has dtype I64, which Model Lens cannot read (supported: F32, F16, BF16)');
});

test('unknown dtype string', async () => {
  const f = weightsFile(weights, { mutate: (h) => (h['wpe.weight'].dtype = 'Q4') });
  assert.equal(await loadError(hfConfigJson(TINY), f), 'model.safetensors: tensor "wpe.weight": unknown dtype "Q4"');
});

test('missing tensor', async () => {
  const w = new Map(weights);
  w.delete('h.1.mlp.c_fc.weight');
  assert.equal(await loadError(hfConfigJson(TINY), weightsFile(w)), 'model.safetensors has no tensor "h.1.mlp.c_fc.weight", which config.json (2 layers) needs');
});

test('shape that disagrees with config.json', async () => {
  const w = tinyWeights({ ...TINY, nPositions: 16 }, 3);
  assert.equal(
    await loadError(hfConfigJson(TINY), weightsFile(w)),
    'model.safetensors: tensor "wpe.weight" has shape [16, 16] but config.json (vocab_size 300, n_positions 32, n_embd 16, n_inner 64) needs [32, 16]',
  );
});

test('a config with more layers than the file holds', async () => {
  assert.equal(
    await loadError(hfConfigJson({ ...TINY, nLayer: 3 }), good),
    'model.safetensors has no tensor "h.2.ln_1.weight", which config.json (3 layers) needs',
  );
});

test('extra tensors (attn.bias masks, lm_head copy) are listed as unused, not an error', async () => {
  await useTestBackend();
  const w = new Map(weights);
  w.set('h.0.attn.bias', { shape: [1, 1, 32, 32], data: new Float32Array(32 * 32) });
  w.set('lm_head.weight', weights.get('wte.weight')!);
  const dir = writeFolder(tmpDir('extra'), hfConfigJson(TINY), weightsFile(w));
  const m = await loadHfGpt2(dir);
  assert.deepEqual(m.info.unusedTensors.sort(), ['h.0.attn.bias', 'lm_head.weight']);
  m.model.dispose();
});

test('cancelling a load disposes what was made', async () => {
  await useTestBackend();
  const dir = writeFolder(tmpDir('cancel'), hfConfigJson(TINY), good);
  const before = tf.memory().numTensors;
  const ac = new AbortController();
  await assert.rejects(
    loadHfGpt2(dir, { signal: ac.signal, onProgress: (p) => p.index === 5 && ac.abort() }),
    { name: 'CancelledError' },
  );
  assert.equal(tf.memory().numTensors, before);
});

test('raw builder sanity: an empty header is a valid, empty file', async () => {
  const { SafetensorsReader, memorySource } = await import('../../../src/engine/io/safetensors');
  const r = await SafetensorsReader.open(memorySource(rawSafetensors({}, new Uint8Array(0))));
  assert.equal(r.tensors.length, 0);
});
