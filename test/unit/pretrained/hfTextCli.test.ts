// `model-lens tokenize` and `model-lens chat-template` on a folder with the hand-written tokenizer (ids worked out in
// hfTokenizerJson.test.ts), and their messages for folders without a tokenizer or with bad message files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { hfTextCommands } from '../../../src/cli/hfText';
import type { CliIO } from '../../../src/cli/types';
import { tinyTokenizerConfig, tinyTokenizerJson } from './tinyTokenizer';

function fakeIO(): CliIO & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (t) => lines.push(t), err: () => undefined, progress: () => undefined, signal: new AbortController().signal };
}

function folder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-hftext-'));
  fs.writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify(tinyTokenizerJson()));
  fs.writeFileSync(path.join(dir, 'tokenizer_config.json'), JSON.stringify(tinyTokenizerConfig()));
  return dir;
}

test('tokenize --json gives ids and vocabulary tokens; --no-special leaves out <bos>', async () => {
  const dir = folder();
  const io = fakeIO();
  await hfTextCommands.tokenize.run({ _: [' hello world'], flags: { model: dir, json: true } }, io);
  assert.deepEqual(JSON.parse(io.lines[0]), { ids: [2, 17, 5, 10, 18, 8, 12], tokens: ['<bos>', '▁hello', '▁', 'w', 'or', 'l', 'd'] });
  const io2 = fakeIO();
  await hfTextCommands.tokenize.run({ _: [' hello world'], flags: { model: dir, special: false, json: true } }, io2);
  assert.deepEqual(JSON.parse(io2.lines[0]).ids, [17, 5, 10, 18, 8, 12]);
});

test('chat-template --json renders the messages file and tokenizes the prompt', async () => {
  const dir = folder();
  const file = path.join(dir, 'messages.json');
  fs.writeFileSync(file, JSON.stringify([{ role: 'user', content: 'hello world' }]));
  const io = fakeIO();
  await hfTextCommands['chat-template'].run({ _: [], flags: { model: dir, messages: file, 'add-generation-prompt': true, json: true } }, io);
  assert.deepEqual(JSON.parse(io.lines[0]), {
    rendered: '<bos><start_of_turn>user hello world<end_of_turn><start_of_turn>model',
    ids: [2, 3, 21, 17, 5, 10, 18, 8, 12, 4, 3, 22],
  });
});

test('bad input: no tokenizer.json, a messages file that is not a list of messages', async () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-hftext-empty-'));
  await assert.rejects(hfTextCommands.tokenize.run({ _: ['hi'], flags: { model: empty } }, fakeIO()), {
    message: `${empty} has no tokenizer.json, so text cannot be tokenized (a model without one still runs on --ids 1,2,3)`,
  });
  const dir = folder();
  const file = path.join(dir, 'm.json');
  fs.writeFileSync(file, JSON.stringify({ role: 'user', content: 'x' }));
  await assert.rejects(hfTextCommands['chat-template'].run({ _: [], flags: { model: dir, messages: file } }, fakeIO()), {
    message: 'messages must be a JSON list of {"role": "...", "content": "..."}',
  });
});
