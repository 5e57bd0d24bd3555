// The model card's config rows for a grouped-query, sliding-window model (Gemma 3 270M's config) and their absence for GPT-2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configRows } from '../../../webview/modelCard/card';
import { validateConfig } from '../../../src/engine/lm/config';
import { countParams } from '../../../src/engine/lm/params';
import type { ModelCard } from '../../../src/protocol/lm';

function card(cfg: Parameters<typeof validateConfig>[0]): ModelCard {
  const config = validateConfig(cfg);
  return { config, params: countParams(config), tokenizer: { kind: 'hf', vocabSize: config.vocabSize }, meta: {}, step: 0, tokensSeen: 0, trainSeconds: 0, history: [], backend: 'cpu' };
}

test('Gemma 3 270M card: kv heads shared, head width, RMSNorm, GeGLU, rotary bases, sliding layers, sandwich norms', () => {
  const rows = new Map(configRows(card({
    vocabSize: 262144, contextLength: 32768, dModel: 640, nLayers: 18, nHeads: 4, nKvHeads: 1, dHead: 256, dFF: 2048, positional: 'rope',
    norm: 'sandwich', normKind: 'rms', gatedMlp: true, activation: 'gelu_new', ropeTheta: 1e6, ropeLocalTheta: 10000, slidingWindow: 512,
    qkvBias: false, attnOutBias: false, mlpBias: false, qkNorm: true,
    layerTypes: Array.from({ length: 18 }, (_, i) => ((i + 1) % 6 ? 'sliding' : 'global')),
  })));
  assert.equal(rows.get('key/value heads (nKvHeads)'), '1 (4 query heads share each)');
  assert.equal(rows.get('head width (dHead)'), '256');
  assert.equal(rows.get('norm'), 'RMSNorm');
  assert.equal(rows.get('MLP'), 'gated (GeGLU)');
  assert.equal(rows.get('rotary base (ropeTheta)'), '1,000,000');
  assert.equal(rows.get('sliding-window layers'), '15 of 18, window 512, rotary base 10,000');
  assert.equal(rows.get('norm placement'), 'sandwich: before and after each sublayer (Gemma)');
  assert.equal(rows.get('parameters'), '268,098,176');
});

test('a GPT-2 card has none of the newer rows', () => {
  const rows = configRows(card({ vocabSize: 100, dModel: 16, nHeads: 2, nLayers: 1, dFF: 32 }));
  assert.ok(!rows.some(([k]) => /kv|dHead|RMSNorm|MLP|rotary|sliding|soft-cap/.test(k)));
});

test("a BERT-base card says it is bidirectional, with segment embeddings, an embedding norm and BERT's MLM head", () => {
  const rows = new Map(configRows(card({
    vocabSize: 30522, contextLength: 512, dModel: 768, nLayers: 12, nHeads: 12, dFF: 3072, positional: 'learned', norm: 'post', causal: false,
    tiedEmbeddings: true, typeVocabSize: 2, embeddingNorm: true, mlmHead: true, activation: 'gelu',
  })));
  assert.equal(rows.get('masking'), 'none: bidirectional, every token attends to every token (an encoder)');
  assert.equal(rows.get('token types (typeVocabSize)'), "2 (segment embeddings, as BERT's sentence A / B)");
  assert.equal(rows.get('embedding norm'), 'LayerNorm of the summed embeddings, before block 0');
  assert.equal(rows.get('MLM head'), 'dense → activation → LayerNorm, then the tied embeddings + an output bias');
  assert.equal(rows.get('norm placement'), 'post (original transformer)');
  // BERT-base with its MLM head: 109,514,298 (the embeddings, 12 blocks, the pooler-free MLM head)
  assert.equal(rows.get('parameters'), '109,514,298');
  assert.ok(!configRows(card({ vocabSize: 100, dModel: 16, nHeads: 2, nLayers: 1, dFF: 32 })).some(([k]) => k === 'masking'));
});
