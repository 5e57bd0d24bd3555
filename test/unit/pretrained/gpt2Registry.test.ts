// A Hugging Face GPT-2 folder is a model id like any other: the LM views (predict, attention,
// logit lens, model card) run on it through the registry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { useTestBackend } from '../backendForTests';
import { getLm, forget } from '../../../src/engine/lm/registry';
import { attentionMaps, modelCard, predictNext } from '../../../src/engine/lm/inspect';
import { TINY, hfConfigJson, tinyWeights, tmpDir, weightsFile, writeFolder } from './tinyGpt2';

test('registry: a GPT-2 folder loads by path and every LM view runs on it', async () => {
  await useTestBackend();
  const dir = writeFolder(path.join(tmpDir('reg'), 'gpt2-tiny'), hfConfigJson(TINY), weightsFile(tinyWeights(TINY)));
  const progress: number[] = [];
  const lm = await getLm(dir, { onProgress: (p) => p.fraction !== undefined && progress.push(p.fraction) });
  assert.equal(lm.model.config.nLayers, TINY.nLayer);
  assert.ok(progress.length > 0 && progress.at(-1)! > 0.99, 'load progress reported');
  assert.equal(await getLm(dir), lm, 'second request hits the cache');
  const p = (await predictNext(lm, { ids: [1, 2, 3] }, { top: 5 }));
  const sum = p.candidates.reduce((s, c) => s + c.prob, 0);
  assert.ok(sum > 0 && sum <= 1.0001);
  const a = (await attentionMaps(lm, { ids: [1, 2, 3, 4] }));
  assert.equal(a.attention.length, TINY.nLayer);
  assert.equal(a.attention[0].length, TINY.nHead);
  assert.equal(a.attention[0][0][0][3], 0, 'causal mask');
  assert.match(JSON.stringify(modelCard(lm)), /huggingface/);
  forget(path.resolve(dir));
});
