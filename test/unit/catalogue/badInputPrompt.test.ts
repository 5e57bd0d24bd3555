// Bad input at the Prompt panel's entry points: folders whose chat template cannot be found or read (the panel falls
// back to a plain prompt and says so), and a template that fails to render (the engine's message with its line).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { hasChatTemplate } from '../../../src/commands/lm/chatTemplateFile';
import { renderPrompt } from '../../../src/engine/pretrained/prompt';
import { tinyTokenizerConfig, tinyTokenizerJson } from '../pretrained/tinyTokenizer';

function folder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-prompt-bad-'));
  for (const [n, t] of Object.entries(files)) fs.writeFileSync(path.join(dir, n), t);
  return dir;
}

test('hasChatTemplate: missing, malformed, null, empty-list and oversized configs are "no template", never a crash', () => {
  assert.equal(hasChatTemplate(path.join(os.tmpdir(), 'ml-no-such-folder-xyz')), false);
  assert.equal(hasChatTemplate(folder({ 'tokenizer_config.json': '{ not json' })), false);
  assert.equal(hasChatTemplate(folder({ 'tokenizer_config.json': 'null' })), false);
  assert.equal(hasChatTemplate(folder({ 'tokenizer_config.json': JSON.stringify({ chat_template: [] }) })), false);
  assert.equal(hasChatTemplate(folder({ 'tokenizer_config.json': JSON.stringify({ chat_template: 42 }) })), false);
  assert.equal(hasChatTemplate(folder({ 'tokenizer_config.json': JSON.stringify({ bos_token: '<s>', pad: 'x'.repeat(5 << 20) }) })), false);
  assert.equal(hasChatTemplate(folder({ 'tokenizer_config.json': JSON.stringify({ chat_template: '{{ messages }}' }) })), true);
  assert.equal(hasChatTemplate(folder({ 'tokenizer_config.json': JSON.stringify({ chat_template: [{ name: 'default', template: 'x' }] }) })), true);
  assert.equal(hasChatTemplate(folder({ 'chat_template.jinja': '{{ messages }}' })), true);
});

test('a template that fails to parse: the panel shows the template\'s own message with its line, and the files are untouched', async () => {
  const broken = '{{ bos_token }}\n{% for m in messages %}\n{{ m.content }\n{% endfor %}';
  const files = { 'tokenizer.json': JSON.stringify(tinyTokenizerJson()), 'tokenizer_config.json': JSON.stringify(tinyTokenizerConfig(broken)) };
  const dir = folder(files);
  await assert.rejects(renderPrompt(dir, [{ role: 'user', content: 'hello' }], { addGenerationPrompt: true }), (e: Error) => {
    assert.match(e.message, /^the chat template \(tokenizer_config\.json\) does not parse at line 3: /);
    return true;
  });
  for (const [n, t] of Object.entries(files)) assert.equal(fs.readFileSync(path.join(dir, n), 'utf8'), t);
});
