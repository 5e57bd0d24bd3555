// Tiny random BERT and DistilBERT folders (written by tinyBert.ts in the HF layout) opened by the engine: logits and
// attention match an independent plain-loop forward to 1e-4, with padding and segment ids; the CLI's fill-mask on the
// folder matches too; vocab.txt gives the hand-worked WordPiece ids; broken folders give clear messages.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useTestBackend } from '../backendForTests';
import { getLm } from '../../../src/engine/lm/registry';
import { disposeCache } from '../../../src/engine/lm/model';
import { mlmCommands } from '../../../src/cli/mlm';
import type { CliIO } from '../../../src/cli/types';
import { encodeSafetensors } from '../../../src/engine/io/safetensors';
import { loadHfLm } from '../../../src/engine/pretrained/hfLm';
import { TINY_BERT, TINY_DISTILBERT, VOCAB, bertWeights, referenceForward, writeBertFolder, type TinyBert } from './tinyBert';

const maxDiff = (a: number[][], b: number[][]) => Math.max(...a.flatMap((r, i) => r.map((v, j) => Math.abs(v - b[i][j]))));

function fakeIO(): CliIO & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (t) => lines.push(t), err: () => undefined, progress: () => undefined, signal: new AbortController().signal };
}

before(async () => {
  await useTestBackend();
});

async function parity(c: TinyBert): Promise<void> {
  const w = bertWeights(c, c.kind === 'bert' ? 3 : 4);
  const dir = await writeBertFolder(c, w);
  const lm = await loadHfLm(dir);
  assert.equal(lm.model.config.causal, false);
  assert.equal(lm.tokenizer.kind, 'wordpiece');
  // [CLS] the cat sat on the [MASK] . [SEP] [PAD] [PAD]: the last two are padding; segments 0…0 1 1 1 (BERT only)
  const ids = [2, 5, 6, 7, 8, 5, 4, 13, 3, 0, 0];
  const mask = [1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0];
  const types = c.types ? [0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0] : undefined;
  for (const [m, t] of [[undefined, undefined], [mask, types]] as const) {
    const ref = referenceForward(c, w, ids, m as number[] | undefined, t as number[] | undefined);
    const { logits, cache } = lm.model.forward([ids], { cache: true, attentionMask: m ? [m as number[]] : undefined, tokenTypeIds: t ? [t as number[]] : undefined });
    const got = (logits.arraySync() as number[][][])[0];
    assert.ok(maxDiff(got, ref.logits) <= 1e-4, `${c.kind} logits differ by ${maxDiff(got, ref.logits)} (mask ${!!m})`);
    for (let l = 0; l < c.layers; l++) {
      const pat = (cache![`blocks.${l}.attn.pattern`].arraySync() as number[][][][])[0];
      for (let h = 0; h < c.heads; h++) assert.ok(maxDiff(pat[h], ref.attention[l][h]) <= 1e-4, `${c.kind} layer ${l} head ${h} attention`);
      if (m) assert.ok(pat[0][3][9] < 1e-9, 'no attention on padding');
    }
    logits.dispose();
    disposeCache(cache);
  }
  // the CLI through the registry, as a person runs it: --ids, --attention-mask, --token-type-ids, --json
  const io = fakeIO();
  const flags: Record<string, string | boolean> = { model: dir, ids: ids.join(','), 'attention-mask': mask.join(','), json: true, 'top-k': '3' };
  if (types) flags['token-type-ids'] = types.join(',');
  await mlmCommands['fill-mask'].run({ _: [], flags }, io);
  const r = JSON.parse(io.lines[0]);
  const ref = referenceForward(c, w, ids, mask, types);
  assert.ok(maxDiff(r.logits, ref.logits) <= 1e-4, `fill-mask --json logits differ by ${maxDiff(r.logits, ref.logits)}`);
  assert.deepEqual(r.masks.map((m: { position: number }) => m.position), [6]);
  const best = ref.logits[6].indexOf(Math.max(...ref.logits[6]));
  assert.equal(r.masks[0].candidates[0].id, best);
  assert.equal(r.masks[0].candidates[0].token, VOCAB[best]);
  // a registry load of the same folder is the same model
  const viaRegistry = await getLm(dir);
  assert.equal(viaRegistry.model.config.nLayers, c.layers);
  lm.model.dispose();
}

test('BERT (BertForMaskedLM): logits and attention match the plain-loop reference, padded and with segments', () => parity(TINY_BERT));
test('DistilBERT (DistilBertForMaskedLM): logits and attention match the plain-loop reference, padded', () => parity(TINY_DISTILBERT));

test('F16 weights load and stay within F16 rounding of the F32 model', async () => {
  const w = bertWeights(TINY_BERT, 3);
  const a = await loadHfLm(await writeBertFolder(TINY_BERT, w));
  const b = await loadHfLm(await writeBertFolder(TINY_BERT, w, { dtype: 'F16' }));
  const ids = [[2, 5, 6, 4, 3]];
  const la = a.model.forward(ids).logits.arraySync() as number[][][];
  const lb = b.model.forward(ids).logits.arraySync() as number[][][];
  assert.ok(maxDiff(la[0], lb[0]) < 0.05);
  assert.equal(b.meta.dtypes, 'F16');
  a.model.dispose();
  b.model.dispose();
});

test('the folder\'s vocab.txt gives the hand-worked WordPiece ids, text fill-mask adds [CLS]/[SEP]', async () => {
  const dir = await writeBertFolder(TINY_BERT, bertWeights(TINY_BERT, 3));
  const lm = await loadHfLm(dir);
  // the=5 | un=10 ##aff=11 ##able=12 | cafe=20 (accent stripped) | ,=14 | a=15 | cat=6 | !=21
  assert.deepEqual(lm.tokenizer.encode('The unaffable Café, a cat!'), [5, 10, 11, 12, 20, 14, 15, 6, 21]);
  const io = fakeIO();
  await mlmCommands['fill-mask'].run({ _: ['The cat sat on the [MASK].'], flags: { model: dir, json: true } }, io);
  assert.deepEqual(JSON.parse(io.lines[0]).tokens, ['[CLS]', 'the', 'cat', 'sat', 'on', 'the', '[MASK]', '.', '[SEP]']);
  lm.model.dispose();
});

test('a WordPiece tokenizer.json wins over vocab.txt, with its normalizer\'s lowercase flag', async () => {
  const dir = await writeBertFolder(TINY_DISTILBERT, bertWeights(TINY_DISTILBERT, 4));
  const vocab = Object.fromEntries(VOCAB.map((t, i) => [t === 'cat' ? 'Cat' : t, i]));
  fs.writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify({ model: { type: 'WordPiece', vocab, unk_token: '[UNK]' }, normalizer: { type: 'BertNormalizer', lowercase: false } }));
  const lm = await loadHfLm(dir);
  assert.equal(lm.meta.tokenizerSource, 'tokenizer.json');
  // cased: "Cat" is id 6, "cat" is unknown, "The" is unknown (only "the" exists)
  assert.deepEqual(lm.tokenizer.encode('Cat cat The the'), [6, 1, 1, 5]);
  lm.model.dispose();
});

test('broken folders: a vocab.txt without the special tokens, mismatched shapes, a vocabulary of the wrong size', async () => {
  const w = bertWeights(TINY_BERT, 3);
  const noSpecials = VOCAB.map((t) => (t === '[MASK]' ? 'mask' : t === '[CLS]' ? 'cls' : t));
  await assert.rejects(loadHfLm(await writeBertFolder(TINY_BERT, w, { vocab: noSpecials })), {
    name: 'UserError',
    message: 'vocab.txt: the WordPiece vocabulary has no [CLS], [MASK]: a BERT vocab.txt lists [PAD], [UNK], [CLS], [SEP] and [MASK], one token per line',
  });
  await assert.rejects(loadHfLm(await writeBertFolder(TINY_BERT, w, { vocab: VOCAB.slice(0, 20) })), { message: 'vocab.txt has 20 tokens but config.json says vocab_size 24' });
  const bad = new Map(w);
  bad.set('bert.encoder.layer.1.intermediate.dense.weight', { shape: [8, 8], data: new Float32Array(64) });
  await assert.rejects(loadHfLm(await writeBertFolder(TINY_BERT, bad)), {
    message:
      'tensor "bert.encoder.layer.1.intermediate.dense.weight" has shape [8, 8] but config.json needs [16, 8] (hidden_size 8, heads 2, kv heads 2, head_dim 4, intermediate_size 16, vocab_size 24)',
  });
  const missing = new Map(w);
  missing.delete('cls.predictions.bias');
  const dir = await writeBertFolder(TINY_BERT, missing);
  await assert.rejects(loadHfLm(dir), { message: 'the weights have no tensor "cls.predictions.bias", which config.json (2 layers, bert) needs' });
  fs.writeFileSync(path.join(dir, 'model.safetensors'), await encodeSafetensors([]));
  await assert.rejects(loadHfLm(dir), /have no tensor "bert.embeddings.word_embeddings.weight"/);
});
