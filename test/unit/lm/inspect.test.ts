// The views' data from a tiny trained model: prediction, token probabilities, attention, logit lens, evaluation,
// and the CLI end to end (train-lm → resume → predict --json → attention --json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { useTestBackend } from '../backendForTests';
import { Transformer } from '../../../src/engine/lm/model';
import { CharTokenizer } from '../../../src/engine/lm/tokenizers/char';
import { attentionMaps, evaluateText, logitLens, modelCard, predictNext, tokenProbabilities, type Lm } from '../../../src/engine/lm/inspect';
import { lmCommands } from '../../../src/cli/lm';
import { parseArgs } from '../../../src/cli/args';
import type { CliIO } from '../../../src/cli/types';

const text = 'abcabcabcabc';
function tinyLm(): Lm {
  const tokenizer = CharTokenizer.train(text);
  const model = Transformer.create({ vocabSize: tokenizer.vocabSize, contextLength: 4, dModel: 8, nLayers: 2, nHeads: 2, dFF: 16 }, 1);
  return { model, tokenizer, meta: {}, history: [], step: 0, tokensSeen: 0, trainSeconds: 0 };
}

test('prediction: candidates sorted, probabilities sum to 1, long input uses the last window, unknown chars counted', async () => {
  await useTestBackend();
  const lm = tinyLm();
  const before = tf.memory().numTensors;
  const p = (await predictNext(lm, { text: 'abcabcz' }, { full: true, topK: 3 }));
  assert.equal(p.truncated, true);
  assert.deepEqual(p.tokens, ['a', 'b', 'c', '<unk>']);
  assert.equal(p.unknownCount, 1);
  assert.equal(p.candidates.length, 3);
  assert.ok(p.candidates[0].prob >= p.candidates[1].prob);
  assert.ok(Math.abs(p.probs!.reduce((a, b) => a + b, 0) - 1) < 1e-5);
  assert.equal(p.logits!.length, lm.model.config.vocabSize);
  const tp = (await tokenProbabilities(lm, { text: 'abcabcab' }));
  assert.equal(tp.tokens.length, 8);
  assert.equal(tp.tokens[0].prob, null);
  assert.ok(tp.tokens.slice(1).every((t) => t.prob! > 0 && t.rank! >= 1 && t.alternatives.length === 4));
  assert.deepEqual([tp.tokens[3].start, tp.tokens[3].end], [3, 4]);
  const att = (await attentionMaps(lm, { text: 'abca' }));
  assert.equal(att.attention.length, 2);
  assert.equal(att.attention[0].length, 2);
  assert.deepEqual(att.attention[1][1][0], [1, 0, 0, 0]);
  const lens = (await logitLens(lm, { text: 'abc' }, 2));
  assert.deepEqual(lens.layers, ['embed', 'block 0', 'block 1']);
  assert.equal(lens.top[2][0].length, 2);
  const e = (await evaluateText(lm, text));
  assert.ok(Math.abs(e.perplexity - Math.exp(e.loss)) < 1e-9);
  assert.equal(e.tokens, text.length - 1);
  assert.equal(modelCard(lm).params.total, Object.values(lm.model.params).reduce((s, t) => s + t.size, 0));
  assert.equal(tf.memory().numTensors, before);
  lm.model.dispose();
});

test('CLI: train-lm femto, resume, predict --json and attention --json on the checkpoint', async () => {
  await useTestBackend();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-cli-'));
  const corpus = path.join(dir, 'corpus.txt');
  fs.writeFileSync(corpus, 'hello world. hello there. '.repeat(20));
  const out = path.join(dir, 'model');
  const lines: string[] = [];
  const io: CliIO = { out: (t) => lines.push(t), err: () => {}, progress: () => {}, signal: new AbortController().signal };
  const run = (cmd: string, argv: string[]) => lmCommands[cmd].run(parseArgs(argv), io);
  await run('train-lm', ['--corpus', corpus, '--preset', 'femto', '--steps', '3', '--out', out, '--json']);
  assert.equal(JSON.parse(lines.pop()!).steps, 3);
  await run('train-lm', ['--corpus', corpus, '--preset', 'femto', '--steps', '5', '--out', out, '--json']);
  const resumed = JSON.parse(lines.pop()!);
  assert.equal(resumed.resumed, true);
  assert.equal(resumed.steps, 5);
  await run('predict', ['--model', out, '--json', 'hello']);
  const p = JSON.parse(lines.pop()!);
  assert.equal(p.ids.length, 5);
  assert.equal(p.probs.length, p.logits.length);
  await run('attention', ['--model', out, '--ids', '1,2,3', '--json']);
  const a = JSON.parse(lines.pop()!);
  assert.deepEqual(a.attention[0][0][0], [1, 0, 0]);
});
