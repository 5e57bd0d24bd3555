// The key/value cache: next-token logits from one-position-at-a-time decoding equal a full pass over the same window
// (GPT-2 blocks, Llama blocks with RoPE and grouped kv heads, Gemma-style sliding layers), across the point where the
// sequence outgrows the context and the cache restarts; greedy generation gives the same tokens; nothing leaks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useTestBackend } from '../backendForTests';
import { Transformer } from '../../../src/engine/lm/model';
import type { TransformerConfig } from '../../../src/engine/lm/config';
import { CachedNextToken, generate, nextTokenLogits } from '../../../src/engine/lm/generate';
import { CharTokenizer } from '../../../src/engine/lm/tokenizers/char';

const tok = CharTokenizer.train('abcdefghij klmnop');
const base: Partial<TransformerConfig> = { vocabSize: tok.vocabSize, contextLength: 12, dModel: 16, nLayers: 2, nHeads: 2, dFF: 32 };
const configs: [string, Partial<TransformerConfig>][] = [
  ['GPT-2 blocks (learned positions)', base],
  ['sinusoidal positions', { ...base, positional: 'sinusoidal' }],
  ['Llama blocks (RoPE, RMSNorm, SwiGLU, 4 query heads on 2 kv heads)', { ...base, nHeads: 4, nKvHeads: 2, dHead: 4, positional: 'rope', normKind: 'rms', activation: 'swiglu', gatedMlp: true, qkvBias: false, attnOutBias: false, mlpBias: false, tiedEmbeddings: false }],
  ['sliding-window layers (window 4)', { ...base, positional: 'rope', layerTypes: ['sliding', 'global'], slidingWindow: 4 }],
];

for (const [name, cfg] of configs) {
  test(`KV cache, ${name}: each new token's logits equal a full pass, past the context length too`, async () => {
    await useTestBackend();
    const m = Transformer.create(cfg, 11);
    const cached = new CachedNextToken(m);
    const before = tf.memory().numTensors;
    const ids = tok.encode('abc');
    for (let step = 0; step < 16; step++) {
      const a = await cached.logits(ids);
      const b = await nextTokenLogits(m, ids);
      assert.deepEqual(a.used, b.used);
      assert.equal(a.truncated, b.truncated);
      let d = 0;
      for (let i = 0; i < a.logits.length; i++) d = Math.max(d, Math.abs(a.logits[i] - b.logits[i]));
      assert.ok(d < 1e-4, `step ${step} (${ids.length} tokens): logits differ by ${d}`);
      // within the context only the appended token runs; past it the window slides and the whole window runs
      assert.equal(cached.lastPositions, step === 0 ? 3 : ids.length <= 12 ? 1 : 12, `step ${step}`);
      ids.push((step * 7 + 3) % tok.vocabSize);
    }
    cached.dispose();
    assert.equal(tf.memory().numTensors, before, 'the cache leaves no tensor behind');
    m.dispose();
  });
}

test('greedy generation with the cache gives the same text as without it', async () => {
  await useTestBackend();
  const m = Transformer.create({ ...base, positional: 'rope' }, 5);
  const withCache = await generate(m, tok, 'abc', { maxTokens: 20, greedy: true });
  process.env.MODEL_LENS_NO_KV_CACHE = '1';
  const without = await generate(m, tok, 'abc', { maxTokens: 20, greedy: true });
  delete process.env.MODEL_LENS_NO_KV_CACHE;
  assert.deepEqual(withCache.ids, without.ids);
  assert.equal(withCache.truncated, true, '3 + 20 tokens outgrow the 12-token context');
  m.dispose();
});
