// The transformer's architecture switches (GQA, dHead, RMSNorm, sandwich norms, gated MLPs, biases, RoPE base and scaling,
// sliding layers, q/k norms, scales, soft-capping, token types, embedding norm, MLM head, key padding) against an
// independent plain-loop implementation (plainTransformer.ts), on both the reference and the fused attention paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useTestBackend } from '../backendForTests';
import { Transformer, disposeCache } from '../../../src/engine/lm/model';
import { kvHeadOf, validateConfig, type TransformerConfig } from '../../../src/engine/lm/config';
import { countParams } from '../../../src/engine/lm/params';
import { Rng } from '../../../src/engine/lm/rng';
import { plainForward, type PlainOptions } from './plainTransformer';

/** A model whose every weight is random and large enough that attention is far from uniform; gains near 1, biases non-zero. */
function randomModel(cfg: Partial<TransformerConfig>, seed: number): { m: Transformer; p: Record<string, Float32Array> } {
  const c = validateConfig(cfg);
  const rng = new Rng(seed);
  const base = Transformer.create(c, seed);
  const p: Record<string, Float32Array> = {};
  const shapes: Record<string, number[]> = {};
  for (const [name, t] of Object.entries(base.params)) {
    shapes[name] = t.shape;
    const n = t.size;
    const a = new Float32Array(n);
    const gain = name.endsWith('.g');
    const bias = /\.b[a-zA-Z]*$|\.b$/.test(name) && !gain;
    for (let i = 0; i < n; i++) a[i] = gain ? 1 + 0.3 * rng.normal() : bias ? 0.2 * rng.normal() : 0.5 * rng.normal();
    p[name] = a;
  }
  base.dispose();
  const params = Object.fromEntries(Object.entries(p).map(([k, v]) => [k, tf.tensor(v, shapes[k])]));
  return { m: new Transformer(c, params), p };
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function checkAgainstPlain(cfg: Partial<TransformerConfig>, ids: number[], opts: PlainOptions = {}, seed = 1) {
  const { m, p } = randomModel(cfg, seed);
  const ref = plainForward(m.config, p, ids, opts);
  const fwd = { attentionMask: opts.attentionMask && [opts.attentionMask], tokenTypeIds: opts.tokenTypes && [opts.tokenTypes] };
  // without a cache (the fused kernel where it applies) and with one (the reference path that records patterns)
  const plain = m.forward([ids], fwd);
  const withCache = m.forward([ids], { ...fwd, cache: true });
  const refFlat = ref.logits.flat();
  const scale = Math.max(1, ...refFlat.map(Math.abs));
  assert.ok(maxDiff(plain.logits.dataSync(), refFlat) / scale < 1e-4, `logits (fused path) differ by ${maxDiff(plain.logits.dataSync(), refFlat)}`);
  assert.ok(maxDiff(withCache.logits.dataSync(), refFlat) / scale < 1e-4, `logits (cached path) differ by ${maxDiff(withCache.logits.dataSync(), refFlat)}`);
  for (let l = 0; l < m.config.nLayers; l++) {
    const pat = withCache.cache![`blocks.${l}.attn.pattern`];
    assert.deepEqual(pat.shape, [1, m.config.nHeads, ids.length, ids.length]);
    assert.ok(maxDiff(pat.dataSync(), ref.patterns[l].flat(2)) < 1e-4, `layer ${l} pattern differs`);
  }
  const out = { m, cache: withCache.cache!, ref };
  plain.logits.dispose();
  withCache.logits.dispose();
  return out;
}

const llama: Partial<TransformerConfig> = {
  vocabSize: 23, contextLength: 16, dModel: 16, nLayers: 2, nHeads: 4, nKvHeads: 2, dHead: 8, dFF: 24,
  positional: 'rope', normKind: 'rms', gatedMlp: true, activation: 'silu', qkvBias: false, attnOutBias: false, mlpBias: false,
  tiedEmbeddings: false, ropeTheta: 500000, layerNormEpsilon: 1e-5,
  ropeScaling: { type: 'llama3', factor: 8, lowFreqFactor: 1, highFreqFactor: 4, originalContextLength: 8 },
};

test('Llama: RMSNorm, SwiGLU, no biases, GQA (2 query heads per kv head), dHead ≠ dModel/nHeads, llama3 rope scaling, untied', async () => {
  await useTestBackend();
  const before = tf.memory().numTensors;
  const { m, cache } = checkAgainstPlain(llama, [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8]);
  // k and v are cached per kv head, q and the pattern per query head
  assert.deepEqual(cache['blocks.0.attn.k'].shape, [1, 2, 12, 8]);
  assert.deepEqual(cache['blocks.0.attn.q'].shape, [1, 4, 12, 8]);
  assert.deepEqual(kvHeadOf(m.config), [0, 0, 1, 1]);
  disposeCache(cache);
  m.dispose();
  assert.equal(tf.memory().numTensors, before);
});

test('Qwen2: q/k/v biases only, 3 query heads per kv head, rope θ = 10⁶, tied', async () => {
  await useTestBackend();
  const { m, cache } = checkAgainstPlain(
    { ...llama, nHeads: 6, nKvHeads: 2, dHead: 4, dModel: 12, qkvBias: true, tiedEmbeddings: true, ropeTheta: 1e6, ropeScaling: null },
    [7, 7, 1, 0, 22, 13, 5],
  );
  assert.ok(m.params['blocks.0.attn.bq'] && !m.params['blocks.0.attn.bo'] && !m.params['blocks.0.mlp.bUp']);
  disposeCache(cache);
  m.dispose();
});

const gemma: Partial<TransformerConfig> = {
  vocabSize: 19, contextLength: 16, dModel: 8, nLayers: 3, nHeads: 2, nKvHeads: 1, dHead: 8, dFF: 16,
  positional: 'rope', normKind: 'rms', norm: 'sandwich', gatedMlp: true, activation: 'gelu_new',
  qkvBias: false, attnOutBias: false, mlpBias: false, qkNorm: true, attnScale: 1 / Math.sqrt(6), embedScale: Math.sqrt(8),
  layerTypes: ['sliding', 'sliding', 'global'], slidingWindow: 3, ropeTheta: 1e6, ropeLocalTheta: 10000,
  ropeScaling: { type: 'linear', factor: 2 }, finalLogitSoftcap: 4, attnLogitSoftcap: 2, tiedEmbeddings: true, layerNormEpsilon: 1e-6,
};

test('Gemma 3: sandwich norms, GeGLU, q/k norms, query_pre_attn_scalar, √d embedding scale, sliding layers shorter than the text, local rope base, soft-capping', async () => {
  await useTestBackend();
  const ids = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const { m, cache } = checkAgainstPlain(gemma, ids);
  // a sliding layer's query sees only its window: position 9 attends to 7, 8, 9 only
  const row = (cache['blocks.0.attn.pattern'].arraySync() as number[][][][])[0][0][9];
  assert.deepEqual(row.map((v) => v > 0), ids.map((_, j) => j >= 7));
  const globalRow = (cache['blocks.2.attn.pattern'].arraySync() as number[][][][])[0][0][9];
  assert.ok(globalRow.every((v) => v > 0));
  disposeCache(cache);
  m.dispose();
});

test('BERT-style encoder: post-norm, token types, embedding LayerNorm, MLM head with output bias, key-padding mask', async () => {
  await useTestBackend();
  const bert: Partial<TransformerConfig> = {
    vocabSize: 17, contextLength: 12, dModel: 8, nLayers: 2, nHeads: 2, dFF: 16, positional: 'learned', norm: 'post', activation: 'gelu',
    causal: false, typeVocabSize: 2, embeddingNorm: true, mlmHead: true, tiedEmbeddings: true, layerNormEpsilon: 1e-12,
  };
  const { m, cache } = checkAgainstPlain(bert, [2, 5, 6, 3, 7, 8, 3, 0, 0], { attentionMask: [1, 1, 1, 1, 1, 1, 1, 0, 0], tokenTypes: [0, 0, 0, 0, 1, 1, 1, 0, 0] });
  const pat = cache['blocks.1.attn.pattern'].arraySync() as number[][][][];
  assert.equal(pat[0][1][0][8], 0, 'a padded key gets no attention');
  disposeCache(cache);
  m.dispose();
});

test('configs saved before the switches existed load with GPT-2 defaults; "swiglu" still means a SiLU-gated MLP', () => {
  const old = validateConfig({ vocabSize: 10, dModel: 8, nHeads: 2, nLayers: 1, dFF: 8, activation: 'swiglu' });
  assert.equal(old.normKind, 'layer');
  assert.equal(old.ropeTheta, 10000);
  assert.equal(old.dHead, undefined);
  const a = randomModel({ vocabSize: 10, dModel: 8, nHeads: 2, nLayers: 1, dFF: 8, activation: 'swiglu' }, 4);
  const b = randomModel({ vocabSize: 10, dModel: 8, nHeads: 2, nLayers: 1, dFF: 8, activation: 'silu', gatedMlp: true }, 4);
  const la = a.m.forward([[1, 2, 3]]).logits;
  const lb = b.m.forward([[1, 2, 3]]).logits;
  assert.equal(maxDiff(la.dataSync(), lb.dataSync()), 0);
  tf.dispose([la, lb]);
  a.m.dispose();
  b.m.dispose();
});

test('parameter counts follow GQA: K and V are nKvHeads·dHead wide', () => {
  const c = validateConfig(llama);
  const n = countParams(c);
  assert.equal(n.byCategory.attnQ, 2 * 16 * 32);
  assert.equal(n.byCategory.attnK, 2 * 16 * 16);
  assert.equal(n.byCategory.attnO, 2 * 32 * 16);
  assert.equal(n.byCategory.ffnUp, 2 * 2 * 16 * 24);
});

test('bad switches are refused with the field named', () => {
  assert.throws(() => validateConfig({ nHeads: 4, nKvHeads: 3 }), /nKvHeads/);
  assert.throws(() => validateConfig({ nLayers: 2, layerTypes: ['global'] as TransformerConfig['layerTypes'] }), /layerTypes/);
  assert.throws(() => validateConfig({ ropeScaling: { type: 'llama3', factor: 8, lowFreqFactor: 4, highFreqFactor: 1, originalContextLength: 8 } }), /llama3/);
  assert.throws(() => validateConfig({ dModel: 10, nHeads: 4 }), /dHead/);
});

test('training differentiates through every switch (finite gradients for every parameter)', async () => {
  await useTestBackend();
  const { m } = randomModel(gemma, 2);
  const ids = tf.tensor2d([[1, 2, 3, 4, 5, 6]], undefined, 'int32');
  const names = Object.keys(m.params);
  const { forwardWith } = await import('../../../src/engine/lm/model');
  const g = tf.grads((...ps: tf.Tensor[]) => tf.mean(forwardWith(Object.fromEntries(names.map((n, i) => [n, ps[i]])), m.config, ids, { training: true })));
  const grads = g(names.map((n) => m.params[n]));
  for (const [i, t] of grads.entries()) assert.ok(t.dataSync().every(Number.isFinite), names[i]);
  tf.dispose([...grads, ids]);
  m.dispose();
});
