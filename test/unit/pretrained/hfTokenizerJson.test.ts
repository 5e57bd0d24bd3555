// tokenizer.json through @huggingface/tokenizers and chat templates through @huggingface/jinja, on a hand-written
// tokenizer whose ids are worked out by hand in the comments (merge ranks apply lowest first).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { hfTokenizerFromJson, readHfTokenizerJson } from '../../../src/engine/pretrained/hfTokenizerJson';
import { findChatTemplate, renderChatTemplate } from '../../../src/engine/pretrained/chatTemplate';
import { TEMPLATE, tinyTokenizerConfig, tinyTokenizerJson } from './tinyTokenizer';

test('SentencePiece-style BPE: " hello world" → <bos> ▁hello ▁ w or l d', () => {
  const tok = hfTokenizerFromJson(tinyTokenizerJson());
  // "▁hello▁world": ▁h (rank 0), ll (1), ▁he (2), ▁hell (3), ▁hello (4), or (5); ▁ w l d stay single
  const e = tok.encodeWithTokens(' hello world');
  assert.deepEqual(e.ids, [2, 17, 5, 10, 18, 8, 12]);
  assert.deepEqual(e.tokens, ['<bos>', '▁hello', '▁', 'w', 'or', 'l', 'd']);
  assert.deepEqual(tok.withSpecialTokens(false).encode(' hello world'), [17, 5, 10, 18, 8, 12]);
  assert.equal(tok.decode([17, 5, 10, 18, 8, 12]), ' hello world');
  assert.ok(tok.isSpecial(2) && !tok.isSpecial(17));
  assert.equal(tok.tokenString(2), '<bos>');
  assert.equal(tok.tokenString(17), '␣hello');
});

test('byte fallback: "é" (not in the vocabulary) becomes its UTF-8 bytes <0xC3> <0xA9>', () => {
  const tok = hfTokenizerFromJson(tinyTokenizerJson());
  // " hé" → "▁hé": ▁h (rank 0), then é → bytes C3 A9 → ids 19, 20
  assert.deepEqual(tok.encode(' hé'), [2, 13, 19, 20]);
  assert.equal(tok.decode([13, 19, 20]), ' hé');
});

test('special tokens written in the text are single ids', () => {
  const tok = hfTokenizerFromJson(tinyTokenizerJson()).withSpecialTokens(false);
  assert.deepEqual(tok.encode('<start_of_turn>user hello<end_of_turn>'), [3, 21, 17, 4]);
});

test('chat template: rendered text and ids as apply_chat_template gives them (template adds <bos>, no second one)', () => {
  const cfg = tinyTokenizerConfig();
  const src = findChatTemplate(os.tmpdir(), cfg);
  const text = renderChatTemplate(src, [{ role: 'user', content: 'hello world' }], { addGenerationPrompt: true, bosToken: '<bos>', eosToken: '<eos>' });
  assert.equal(text, '<bos><start_of_turn>user hello world<end_of_turn><start_of_turn>model');
  const tok = hfTokenizerFromJson(tinyTokenizerJson()).withSpecialTokens(false);
  // <bos> 2, <start_of_turn> 3, user 21, "▁hello▁world" → 17 5 10 18 8 12, <end_of_turn> 4, <start_of_turn> 3, model 22
  assert.deepEqual(tok.encode(text), [2, 3, 21, 17, 5, 10, 18, 8, 12, 4, 3, 22]);
  const noPrompt = renderChatTemplate(src, [{ role: 'user', content: 'hi' }], { bosToken: '<bos>' });
  assert.equal(noPrompt, '<bos><start_of_turn>user hi<end_of_turn>');
});

test('named templates: "default" is used, others by name; a missing name lists what exists', () => {
  const cfg = tinyTokenizerConfig([{ name: 'tool_use', template: 'TOOLS' }, { name: 'default', template: TEMPLATE }]);
  assert.equal(findChatTemplate(os.tmpdir(), cfg).source, 'tokenizer_config.json (default)');
  assert.equal(renderChatTemplate(findChatTemplate(os.tmpdir(), cfg, 'tool_use'), []), 'TOOLS');
  assert.throws(() => findChatTemplate(os.tmpdir(), cfg, 'rag'), { message: 'tokenizer_config.json has no chat template named "rag" (it has: tool_use, default)' });
});

test('a template error reports the template’s own message with its line', () => {
  const src = { template: 'line one\n{% for m in messages %}\n{{ m.content | nosuchfilter }}\n{% endfor %}', source: 'tokenizer_config.json' };
  assert.throws(() => renderChatTemplate(src, [{ role: 'user', content: 'x' }]), { message: /failed at line 3: .*nosuchfilter/ });
  const bad = { template: 'a\nb\n{% if %}', source: 'tokenizer_config.json' };
  assert.throws(() => renderChatTemplate(bad, []), { message: /does not parse at line 3: Unexpected token/ });
  const raise = { template: "{% if messages[0].role == 'system' %}\n{{ raise_exception('System role not supported') }}\n{% endif %}", source: 'x' };
  assert.throws(() => renderChatTemplate(raise, [{ role: 'system', content: 's' }]), { message: 'the chat template (x) failed at line 2: System role not supported' });
});

test('a folder without tokenizer.json loads no tokenizer and says ids still work', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-notok-'));
  const r = await readHfTokenizerJson(dir, 100);
  assert.equal(r.tokenizer, undefined);
  assert.match(r.warnings[0], /no tokenizer\.json: the model runs on token ids only \(--ids 1,2,3\)/);
});

test('byte-level BPE (Llama 3, Qwen2, SmolLM2 style): "hello world" → hello Ġworld, <|im_start|> a single special id', () => {
  const pieces = ['h', 'e', 'l', 'o', 'Ġ', 'w', 'r', 'd', 'll', 'he', 'hell', 'hello', 'Ġw', 'or', 'Ġwor', 'Ġworl', 'Ġworld'];
  const merges = ['l l', 'h e', 'he ll', 'hell o', 'Ġ w', 'o r', 'Ġw or', 'Ġwor l', 'Ġworl d'];
  const json = {
    version: '1.0',
    added_tokens: [{ id: 17, content: '<|im_start|>', single_word: false, lstrip: false, rstrip: false, normalized: false, special: true }],
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: null,
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: { type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: '', end_of_word_suffix: '', fuse_unk: false, byte_fallback: false, vocab: Object.fromEntries([...pieces.map((p, i) => [p, i]), ['<|im_start|>', 17]]), merges },
  };
  const tok = hfTokenizerFromJson(json);
  // the ByteLevel regex splits "hello" and " world"; the space byte is "Ġ"; merges by rank build hello (3) and Ġworld (8)
  assert.deepEqual(tok.encodeWithTokens('hello world'), { ids: [11, 16], tokens: ['hello', 'Ġworld'] });
  assert.deepEqual(tok.encode('<|im_start|>hello'), [17, 11]);
  assert.equal(tok.decode([11, 16]), 'hello world');
  assert.equal(tok.tokenString(16), '␣world');
});
