// Every LM view's engine side on a Gemma 3 folder opened through the registry (as the extension and CLI open it):
// attention says which kv head each query head reads and each sliding layer's band, the logit lens runs through the
// model's own final norm, positions list RoPE frequencies per layer type, the model card counts GQA's narrower K/V,
// the attention step recomputes a grouped, windowed head, and generation/next-token run with the folder's tokenizer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useTestBackend } from '../backendForTests';
import { forget, getLm } from '../../../src/engine/lm/registry';
import { attentionMaps, logitLens, modelCard, predictNext, tokenProbabilities } from '../../../src/engine/lm/inspect';
import { positionalEncodings } from '../../../src/engine/lm/positions';
import { attentionStep } from '../../../src/engine/lm/attentionStep';
import { generate } from '../../../src/engine/lm/generate';
import { plainForward } from '../lm/plainTransformer';
import { writeTinyModern } from './tinyModern';
import { tinyTokenizerConfig, tinyTokenizerJson } from './tinyTokenizer';

test('views on a Gemma 3 folder: GQA, sliding bands, logit lens, RoPE per layer type, model card, attention step, generation', async () => {
  await useTestBackend();
  const fx = writeTinyModern({ family: 'gemma3_text', seed: 5 });
  fs.writeFileSync(path.join(fx.dir, 'tokenizer.json'), JSON.stringify(tinyTokenizerJson()));
  fs.writeFileSync(path.join(fx.dir, 'tokenizer_config.json'), JSON.stringify(tinyTokenizerConfig()));
  try {
    const lm = await getLm(fx.dir);
    const text = ' hello world hello';
    const a = await attentionMaps(lm, { text });
    // " hello world hello" → <bos> ▁hello ▁ w or l d ▁hello (8 tokens), <bos> marked special
    assert.equal(a.ids.length, 8);
    assert.deepEqual(a.special, [true, false, false, false, false, false, false, false]);
    assert.deepEqual(a.kvHeadOf, [0, 0, 0, 0].slice(0, 4).map((_, h) => Math.floor(h / 2)));
    assert.equal(a.nKvHeads, 2);
    assert.deepEqual(a.windows, [3, 3, null]);
    const ref = plainForward(fx.config, fx.engine, a.ids);
    for (let l = 0; l < 3; l++) for (let h = 0; h < 4; h++) for (let q = 0; q < 8; q++) for (let k = 0; k < 8; k++) {
      assert.ok(Math.abs(a.attention[l][h][q][k] - ref.patterns[l][h][q][k]) < 1e-4);
    }
    // logit lens: the last layer's row is the model's own prediction (final RMSNorm, tied head, soft-capping)
    const lens = await logitLens(lm, { text }, 3);
    const p = await predictNext(lm, { text }, { top: 3 });
    assert.equal(lens.top[3][7][0].id, p.candidates[0].id);
    assert.ok(Math.abs(lens.top[3][7][0].prob - p.candidates[0].prob) < 1e-5);
    // positions: global layers at θ = 10⁶, sliding ones at 10⁴ with their window
    const pos = await positionalEncodings(lm, 16);
    assert.deepEqual(pos.ropeByLayerType?.map((r) => [r.kind, r.layers, r.theta, r.window]), [['global', [2], 1e6, null], ['sliding', [0, 1], 10000, 3]]);
    assert.ok(Math.abs(pos.ropeByLayerType![1].inverseFrequencies[1] - 10000 ** (-2 / 8)) < 1e-12);
    // model card: K and V are 2 kv heads × 8 wide, Q is 4 × 8 (GQA), over 3 layers
    const card = modelCard(lm);
    assert.equal(card.params.byCategory.attnQ, 3 * 16 * 32);
    assert.equal(card.params.byCategory.attnK, 3 * 16 * 16);
    assert.equal(card.config.nKvHeads, 2);
    // attention step on query head 3 (kv head 1) of a sliding layer: recomputed from q/k/v, matches the cache
    const step = await attentionStep(lm, { text }, { layer: 1, head: 3 });
    assert.equal(step.kvHead, 1);
    assert.equal(step.window, 3);
    assert.deepEqual(step.keys.map((k) => k.masked), [true, true, true, true, true, false, false, false]);
    assert.ok(step.maxAbsDiff < 1e-4, `attention step recomputation differs by ${step.maxAbsDiff}`);
    // greedy generation continues with the folder's tokenizer
    const g = await generate(lm.model, lm.tokenizer, text, { maxTokens: 3, greedy: true });
    assert.equal(g.ids.length, 3);
    assert.equal(g.ids[0], p.candidates[0].id);
  } finally {
    forget(fx.dir);
  }
});

test('token probabilities on a folder whose tokenizer adds <bos>: character offsets point into the person’s text', async () => {
  await useTestBackend();
  const fx = writeTinyModern({ family: 'llama', seed: 3 });
  fs.writeFileSync(path.join(fx.dir, 'tokenizer.json'), JSON.stringify(tinyTokenizerJson()));
  try {
    const lm = await getLm(fx.dir);
    const text = ' hello world';
    const r = await tokenProbabilities(lm, { text });
    // <bos> covers no characters; "▁hello" covers " hello" (0–6), then "▁" "w" "or" "l" "d"
    assert.deepEqual(r.tokens.map((t) => [t.token, text.slice(t.start, t.end)]), [['<bos>', ''], ['␣hello', ' hello'], ['␣', ' '], ['w', 'w'], ['or', 'or'], ['l', 'l'], ['d', 'd']]);
  } finally {
    forget(fx.dir);
  }
});
