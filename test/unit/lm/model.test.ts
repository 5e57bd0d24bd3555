import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useTestBackend } from '../backendForTests';
import { Transformer, actName, disposeCache } from '../../../src/engine/lm/model';
import { presetConfig, validateConfig, type TransformerConfig } from '../../../src/engine/lm/config';
import { countParams } from '../../../src/engine/lm/params';

const tiny: Partial<TransformerConfig> = { vocabSize: 11, contextLength: 8, dModel: 8, nLayers: 2, nHeads: 2, dFF: 16 };

test('forward gives [batch, seq, vocab] logits and a cache with TransformerLens-style names', async () => {
  await useTestBackend();
  const m = Transformer.create(tiny, 3);
  const { logits, cache } = m.forward([[1, 2, 3, 4, 5], [5, 4, 3, 2, 1]], { cache: true });
  assert.deepEqual(logits.shape, [2, 5, 11]);
  assert.equal(actName('blocks', 1, 'attn.pattern'), 'blocks.1.attn.pattern');
  for (const n of ['embed', 'pos_embed', 'ln_final', 'blocks.0.resid_pre', 'blocks.1.resid_mid', 'blocks.1.resid_post']) {
    assert.deepEqual(cache![n].shape, [2, 5, 8], n);
  }
  assert.deepEqual(cache!['blocks.0.attn.pattern'].shape, [2, 2, 5, 5]);
  assert.deepEqual(cache!['blocks.0.attn.scores'].shape, [2, 2, 5, 5]);
  // the final residual through lnF and unembedding is the logits (logit lens at the last layer)
  const lens = m.unembed(cache!['blocks.1.resid_post']);
  assert.ok(tf.max(tf.abs(tf.sub(lens, logits))).dataSync()[0] < 1e-5);
  lens.dispose();
  logits.dispose();
  disposeCache(cache);
  m.dispose();
});

/** Direct computation of layer 0's attention pattern from the weights with plain loops. */
function plainPattern(p: Record<string, Float32Array>, c: TransformerConfig, ids: number[]): number[][][] {
  const d = c.dModel, H = c.nHeads, dh = d / H, T = ids.length;
  const x = ids.map((id, t) => Array.from({ length: d }, (_, j) => p.wte[id * d + j] + p.wpe[t * d + j]));
  const ln = x.map((row) => {
    const mu = row.reduce((a, b) => a + b, 0) / d;
    const v = row.reduce((a, b) => a + (b - mu) ** 2, 0) / d;
    return row.map((r, j) => ((r - mu) / Math.sqrt(v + c.layerNormEpsilon)) * p['blocks.0.ln1.g'][j] + p['blocks.0.ln1.b'][j]);
  });
  const proj = (w: string, b: string) => ln.map((row) => Array.from({ length: d }, (_, o) => row.reduce((s, r, i) => s + r * p[w][i * d + o], p[b][o])));
  const q = proj('blocks.0.attn.wq', 'blocks.0.attn.bq');
  const k = proj('blocks.0.attn.wk', 'blocks.0.attn.bk');
  const out: number[][][] = [];
  for (let h = 0; h < H; h++) {
    out.push([]);
    for (let i = 0; i < T; i++) {
      const s = [];
      for (let j = 0; j <= i; j++) {
        let dot = 0;
        for (let e = 0; e < dh; e++) dot += q[i][h * dh + e] * k[j][h * dh + e];
        s.push(dot / Math.sqrt(dh));
      }
      const mx = Math.max(...s);
      const ex = s.map((v) => Math.exp(v - mx));
      const z = ex.reduce((a, b) => a + b, 0);
      out[h].push([...ex.map((e) => e / z), ...new Array(T - i - 1).fill(0)]);
    }
  }
  return out;
}

test('attention rows sum to 1, respect the causal mask, and match a plain-loop computation', async () => {
  await useTestBackend();
  const m = Transformer.create({ ...tiny, nLayers: 1 }, 5);
  // make the weights large enough that the pattern is not uniform
  for (const n of ['blocks.0.attn.wq', 'blocks.0.attn.wk']) {
    const old = m.params[n];
    m.params[n] = tf.mul(old, 40);
    old.dispose();
  }
  const ids = [3, 1, 4, 1, 5, 9];
  const { logits, cache } = m.forward([ids], { cache: true });
  const pat = (await cache!['blocks.0.attn.pattern'].array()) as number[][][][];
  const p: Record<string, Float32Array> = {};
  for (const [n, t] of Object.entries(m.params)) p[n] = t.dataSync() as Float32Array;
  const want = plainPattern(p, m.config, ids);
  let maxDiff = 0;
  let nonUniform = 0;
  for (let h = 0; h < 2; h++) {
    for (let i = 0; i < ids.length; i++) {
      const row = pat[0][h][i];
      assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-5);
      for (let j = i + 1; j < ids.length; j++) assert.equal(row[j], 0, `future key ${j} visible from ${i}`);
      for (let j = 0; j < ids.length; j++) maxDiff = Math.max(maxDiff, Math.abs(row[j] - want[h][i][j]));
      if (i > 0 && Math.abs(row[0] - 1 / (i + 1)) > 0.02) nonUniform++;
    }
  }
  assert.ok(maxDiff < 1e-4, `max difference ${maxDiff}`);
  assert.ok(nonUniform > 0, 'pattern should not be uniform');
  logits.dispose();
  disposeCache(cache);
  m.dispose();
});

test('every architecture variant runs; encoder (causal=false) sees the future', async () => {
  await useTestBackend();
  const variants: Partial<TransformerConfig>[] = [
    { positional: 'sinusoidal', norm: 'post', activation: 'relu' },
    { positional: 'rope', activation: 'swiglu', tiedEmbeddings: false },
    { positional: 'none', activation: 'gelu', attention: 'simple' },
    { causal: false },
  ];
  for (const v of variants) {
    const m = Transformer.create({ ...tiny, ...v }, 1);
    const { logits, cache } = m.forward([[1, 2, 3]], { cache: true });
    assert.deepEqual(logits.shape, [1, 3, 11]);
    assert.ok(logits.dataSync().every(Number.isFinite));
    const row0 = (cache!['blocks.0.attn.pattern'].arraySync() as number[][][][])[0][0][0];
    if (v.causal === false) assert.ok(row0[2] > 0);
    else assert.equal(row0[2], 0);
    logits.dispose();
    disposeCache(cache);
    m.dispose();
  }
});

test('no tensors leak from forward with cache', async () => {
  await useTestBackend();
  const m = Transformer.create(tiny, 2);
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) {
    const { logits, cache } = m.forward([[1, 2, 3, 4]], { cache: true });
    logits.dispose();
    disposeCache(cache);
  }
  assert.equal(tf.memory().numTensors, before);
  m.dispose();
});

test('parameter breakdown: GPT-2 small has 124,439,808 parameters (GPT-3 paper table style)', () => {
  const gpt2 = validateConfig({ vocabSize: 50257, contextLength: 1024, dModel: 768, nLayers: 12, nHeads: 12, dFF: 3072 });
  const b = countParams(gpt2);
  assert.equal(b.total, 124439808);
  assert.equal(b.byCategory.tokenEmbedding, 50257 * 768);
  assert.equal(b.byCategory.positionEmbedding, 1024 * 768);
  assert.equal(b.byCategory.attnQ, 12 * (768 * 768 + 768));
  assert.equal(b.byCategory.ffnUp, 12 * (768 * 3072 + 3072));
  assert.equal(b.byCategory.unembedding, 0);
  assert.equal(b.byCategory.norms, (12 * 2 + 1) * 2 * 768);
  const femto = countParams(presetConfig('femto', 65));
  assert.equal(femto.byCategory.tokenEmbedding, 130);
});
