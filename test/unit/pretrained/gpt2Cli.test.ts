// The CLI commands of src/cli/pretrained.ts on a tiny GPT-2 folder: inspect-safetensors (text and JSON) and export-hf.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useTestBackend } from '../backendForTests';
import { pretrainedCommands } from '../../../src/cli/pretrained';
import type { CliIO } from '../../../src/cli/types';
import { TINY, hfConfigJson, tinyWeights, tmpDir, weightsFile, writeFolder } from './tinyGpt2';

function fakeIO(): CliIO & { lines: string[]; errs: string[] } {
  const lines: string[] = [];
  const errs: string[] = [];
  return { lines, errs, out: (t) => lines.push(t), err: (t) => errs.push(t), progress: () => undefined, signal: new AbortController().signal };
}

test('inspect-safetensors lists tensors; --json gives the same as data', async () => {
  const dir = writeFolder(tmpDir('cli'), hfConfigJson(TINY), weightsFile(tinyWeights(TINY, 1), { dtype: 'BF16' }));
  const file = path.join(dir, 'model.safetensors');
  const io = fakeIO();
  await pretrainedCommands['inspect-safetensors'].run({ _: [file], flags: {} }, io);
  assert.match(io.lines[0], /: 28 tensors, 11,904 values, 0\.0 MB$/);
  assert.equal(io.lines[1], 'metadata: {"format":"pt"}');
  assert.match(io.lines[2], /^  wte\.weight\s+BF16  \[300, 16\]$/);
  const j = fakeIO();
  await pretrainedCommands['inspect-safetensors'].run({ _: [file], flags: { json: true } }, j);
  const parsed = JSON.parse(j.lines[0]);
  assert.equal(parsed.tensors.length, 28);
  assert.deepEqual(parsed.tensors[0], { name: 'wte.weight', dtype: 'BF16', shape: [300, 16], bytes: 9600 });
});

test('export-hf re-exports a BF16 folder as F32 with the GPT-2 tokenizer files it fell back to', async () => {
  await useTestBackend();
  const src = writeFolder(tmpDir('cli-src'), hfConfigJson(TINY), weightsFile(tinyWeights(TINY, 2), { dtype: 'BF16' }));
  const out = tmpDir('cli-out');
  const io = fakeIO();
  await pretrainedCommands['export-hf'].run({ _: [], flags: { model: src, out, json: true } }, io);
  const r = JSON.parse(io.lines[0]);
  assert.deepEqual(r.files, ['config.json', 'model.safetensors', 'vocab.json', 'merges.txt']);
  assert.ok(fs.existsSync(path.join(out, 'merges.txt')));
  await assert.rejects(pretrainedCommands['export-hf'].run({ _: [], flags: { model: out } }, fakeIO()), {
    name: 'UserError',
    message: 'usage: export-hf --model DIR --out DIR [--dtype F32|F16]',
  });
});
