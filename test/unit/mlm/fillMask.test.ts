// Fill Mask and train-mlm through the CLI on a toy encoder trained here: candidates a person would read, logits of
// every position, several masks, padding, segment ids, truncation and the messages for bad input.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initBackend } from '../../../src/engine/backend';
import { mlmCommands } from '../../../src/cli/mlm';
import type { CliIO } from '../../../src/cli/types';
import { getLm } from '../../../src/engine/lm/registry';
import { fillMask } from '../../../src/engine/mlm/fillMask';
import { Transformer } from '../../../src/engine/lm/model';
import { WordPieceTokenizer } from '../../../src/engine/lm/tokenizers/wordpiece';

function fakeIO(): CliIO & { lines: string[]; errs: string[] } {
  const lines: string[] = [];
  const errs: string[] = [];
  return { lines, errs, out: (t) => lines.push(t), err: (t) => errs.push(t), progress: () => undefined, signal: new AbortController().signal };
}

const corpus = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ml-fm-')), 'toy.txt');
const out = path.join(path.dirname(corpus), 'enc');
fs.writeFileSync(corpus, 'the cat sat on the mat . the dog ran in the fog . '.repeat(30));

before(async () => {
  assert.equal((await initBackend('wasm')).active, 'wasm');
  const io = fakeIO();
  await mlmCommands['train-mlm'].run({ _: [], flags: { corpus, out, preset: 'pico', context: '16', steps: '150', batch: '8', lr: '0.01', 'mask-rate': '0.3', 'eval-every': '0', json: true } }, io);
  const r = JSON.parse(io.lines[0]);
  assert.equal(r.steps, 150);
  assert.ok(r.maskedAccuracy > 0.5, `masked accuracy ${r.maskedAccuracy}`);
});

test('fill-mask --json: tokens with [CLS]/[SEP], candidates at each [MASK], logits of every position', async () => {
  const io = fakeIO();
  await mlmCommands['fill-mask'].run({ _: ['The cat sat on the [MASK] . the [MASK] ran'], flags: { model: out, 'top-k': '3', json: true } }, io);
  const r = JSON.parse(io.lines[0]);
  assert.deepEqual(r.tokens, ['[CLS]', 'the', 'cat', 'sat', 'on', 'the', '[MASK]', '.', 'the', '[MASK]', 'ran', '[SEP]']);
  assert.deepEqual(r.masks.map((m: { position: number }) => m.position), [6, 9]);
  assert.equal(r.masks[0].candidates[0].token, 'mat');
  assert.equal(r.masks[1].candidates[0].token, 'dog');
  assert.equal(r.logits.length, 12);
  // probabilities are the softmax of the reported logits at that position
  const row: number[] = r.logits[6];
  const max = Math.max(...row);
  const z = row.reduce((s, v) => s + Math.exp(v - max), 0);
  for (const c of r.masks[0].candidates) assert.ok(Math.abs(c.prob - Math.exp(row[c.id] - max) / z) < 1e-6);
  assert.ok(r.masks[0].candidates[0].prob >= r.masks[0].candidates[1].prob);
  // the same through --ids, and trailing padding behaves as if it were not there
  const ids = fakeIO();
  await mlmCommands['fill-mask'].run({ _: [], flags: { model: out, ids: [...r.ids, 0, 0].join(','), 'attention-mask': [...r.ids.map(() => 1), 0, 0].join(','), 'token-type-ids': [...r.ids, 0, 0].map(() => 0).join(','), json: true } }, ids);
  const p = JSON.parse(ids.lines[0]);
  assert.equal(p.logits.length, 14);
  assert.equal(p.logits[13].length, row.length, 'padded positions have logits too, as the model outputs them');
  for (let i = 0; i < 12; i++) for (let v = 0; v < row.length; v += 7) assert.ok(Math.abs(p.logits[i][v] - r.logits[i][v]) < 1e-4);
  const text = fakeIO();
  await mlmCommands['fill-mask'].run({ _: ['the', 'dog', 'ran', 'in', 'the', '[MASK]'], flags: { model: out, 'top-k': '2' } }, text);
  assert.equal(text.lines[0], '[CLS] the dog ran in the [MASK] [SEP]');
  assert.equal(text.lines[1], '[MASK] at position 6:');
  // the text form shows the same top candidate, as a percentage, as the JSON form
  const top = (await fillMask(await getLm(out), { text: 'the dog ran in the [MASK]', topK: 1 })).masks[0].candidates[0];
  assert.equal(text.lines[2], `${(top.prob * 100).toFixed(2).padStart(6)}%  ${top.token}  (id ${top.id})`);
});

test('bad input to fill-mask gets a message that says what to do', async () => {
  const lm = await getLm(out);
  await assert.rejects(async () => await fillMask(lm, { text: 'the cat sat' }), /no \[MASK\] in the input: write \[MASK\] where a word is missing/);
  await assert.rejects(async () => await fillMask(lm, { text: 'the [MASK] sat', tokenTypeIds: [0, 0, 1, 0, 0] }), /no token-type \(segment\) embeddings/);
  await assert.rejects(async () => await fillMask(lm, { text: 'the [MASK] sat', attentionMask: [0, 0, 0, 0, 0] }), /marks every token as padding/);
  await assert.rejects(async () => await fillMask(lm, { text: 'the [MASK] sat', attentionMask: [1, 1] }), /has 2 values but the input has 5 tokens/);
  await assert.rejects(async () => await fillMask(lm, { ids: [2, 99999, 3] }), /token id 99999 is outside the vocabulary/);
  const long = await fillMask(lm, { text: 'the [MASK] sat on the mat . '.repeat(3) });
  assert.equal(long.truncated, true);
  assert.equal(long.ids.length, lm.model.config.contextLength);
  assert.equal(long.tokens.at(-1), '[SEP]');
  assert.match(long.notes[0], /^The text has 23 tokens, more than the model's 16 positions: only the first 16 were used\.$/);
  const tok = WordPieceTokenizer.trainWords('a b c', 10);
  const causal = Transformer.create({ vocabSize: tok.vocabSize, contextLength: 8, dModel: 8, nLayers: 1, nHeads: 1, dFF: 8 }, 1);
  await assert.rejects(async () => (await fillMask({ model: causal, tokenizer: tok, meta: {}, history: [], step: 0, tokensSeen: 0, trainSeconds: 0 }, { text: 'a [MASK]' })), /needs a bidirectional model/);
  causal.dispose();
  await assert.rejects(mlmCommands['fill-mask'].run({ _: ['x'], flags: { model: out, ids: true } }, fakeIO()), /--ids needs comma-separated integers/);
});
