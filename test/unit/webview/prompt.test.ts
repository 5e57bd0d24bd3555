// The Prompt panel's pure pieces: token chips with special tokens marked, the message validator, the messages a request
// becomes; and the engine side it calls: a rendered prompt's stop ids, and generation stopping at them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tokenCells, tokenSummary } from '../../../webview/prompt/tokens';
import { isPromptToHost, promptMessages } from '../../../src/protocol/webview/prompt';
import { renderPrompt } from '../../../src/engine/pretrained/prompt';
import { generate } from '../../../src/engine/lm/generate';
import { Transformer } from '../../../src/engine/lm/model';
import { hfTokenizerFromJson } from '../../../src/engine/pretrained/hfTokenizerJson';
import { useTestBackend } from '../backendForTests';
import { tinyTokenizerConfig, tinyTokenizerJson } from '../pretrained/tinyTokenizer';

test('chips: ▁ and Ġ become visible spaces, specials are marked and titled', () => {
  const toks = [['<bos>', 2, true], ['▁hello', 17, false], ['Ġworld', 9, false], ['d', 12, false]] as const;
  const chips = tokenCells(toks.map(([text, id, special]) => ({ id, text, special })));
  assert.deepEqual(chips.map((c) => [c.label, c.special]), [['<bos>', true], ['␣hello', false], ['␣world', false], ['d', false]]);
  assert.equal(chips[0].title, 'id 2 · special token: "<bos>"');
  assert.equal(tokenSummary(toks.map(([text, id, special]) => ({ id, text, special }))), '4 tokens · 1 special (<bos>)');
});

test('messages from the webview are validated; an empty system message is left out', () => {
  assert.ok(isPromptToHost({ type: 'generate', system: '', user: 'hi', sampling: { maxTokens: 10, temperature: 0, topK: 0 } }));
  assert.ok(!isPromptToHost({ type: 'generate', system: '', user: 'hi', sampling: { maxTokens: 0, temperature: 0, topK: 0 } }));
  assert.ok(!isPromptToHost({ type: 'render', user: 'hi' }));
  assert.deepEqual(promptMessages({ system: '  ', user: 'hi' }), [{ role: 'user', content: 'hi' }]);
  assert.deepEqual(promptMessages({ system: 'be brief', user: 'hi' }), [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'hi' }]);
});

test('renderPrompt: stop ids from generation_config.json and the eos token; generation stops at one of them', async () => {
  await useTestBackend();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-prompt-'));
  fs.writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify(tinyTokenizerJson()));
  fs.writeFileSync(path.join(dir, 'tokenizer_config.json'), JSON.stringify(tinyTokenizerConfig()));
  fs.writeFileSync(path.join(dir, 'generation_config.json'), JSON.stringify({ eos_token_id: [1, 4] }));
  const r = await renderPrompt(dir, [{ role: 'user', content: 'hello world' }], { addGenerationPrompt: true });
  assert.deepEqual(r.ids, [2, 3, 21, 17, 5, 10, 18, 8, 12, 4, 3, 22]);
  assert.deepEqual(r.special, r.ids.map((i) => i <= 4));
  assert.deepEqual(r.stopIds.sort(), [1, 4]);
  // a model that always favours id 4 (<end_of_turn>): final LayerNorm bias 1 in every dimension (its normalised part sums
  // to 0) and unembedding column 4 = 50, so logit 4 = 8 · 50; it stops after one token, the stop id kept in ids, not text
  const tf = await import('@tensorflow/tfjs-core');
  const m = Transformer.create({ vocabSize: 23, contextLength: 32, dModel: 8, nLayers: 1, nHeads: 2, dFF: 16, tiedEmbeddings: false }, 1);
  const b = new Float32Array(8 * 23);
  for (let i = 0; i < 8; i++) b[i * 23 + 4] = 50;
  m.params.unembed.dispose();
  m.params.unembed = tf.tensor2d(b, [8, 23]);
  m.params['lnF.b'].dispose();
  m.params['lnF.b'] = tf.ones([8]);
  const tok = hfTokenizerFromJson(tinyTokenizerJson());
  const g = await generate(m, tok, r.ids, { maxTokens: 5, greedy: true, stopIds: r.stopIds });
  assert.deepEqual(g.ids, [4]);
  assert.equal(g.stoppedBy, 'stop');
  assert.equal(g.text, '');
  m.dispose();
});
