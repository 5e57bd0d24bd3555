// The bad-input catalogue of the bidirectional entry points (fill mask, masked-LM training, WordPiece vocabularies):
// each row runs one entry point on broken input and asserts the exact message a person sees, then that none of their
// files changed. Same form as badInput.test.ts; paths in messages are written as <dir>.
import { runCatalogue, type Case } from './catalogue';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { useTestBackend } from '../backendForTests';
import { disposeLoaded, saveCheckpoint } from '../../../src/engine/lm/checkpoint';
import { Transformer } from '../../../src/engine/lm/model';
import { CharTokenizer } from '../../../src/engine/lm/tokenizers/char';
import { WordPieceTokenizer } from '../../../src/engine/lm/tokenizers/wordpiece';
import { tokenizerFromJSON } from '../../../src/engine/lm/tokenizers/index';
import { initialTrainState } from '../../../src/engine/lm/train';
import type { Lm } from '../../../src/engine/lm/inspect';
import { fillMask } from '../../../src/engine/mlm/fillMask';
import { trainMlmToDir } from '../../../src/engine/mlm/trainRun';
import { mlmCommands } from '../../../src/cli/mlm';
import { classifyCommands } from '../../../src/cli/classify';


const TEXT = 'the cat sat on the mat . the dog ran in the fog . ';
const LABELLED = ['text,label', ...Array.from({ length: 20 }, (_, i) => (i % 2 ? 'the cat sat,cat' : 'the dog ran,dog'))].join('\n');
const wp = WordPieceTokenizer.trainWords(TEXT, 50);
let enc: Lm;
const io = { out: () => undefined, err: () => undefined, progress: () => undefined, signal: new AbortController().signal };
const fill = (text: string, extra: Partial<Parameters<typeof fillMask>[1]> = {}) => async () => {
  const r = await fillMask(enc, { text, ...extra });
  return `${r.masks.length} mask(s); ${r.notes.join(' ')}`;
};

const CASES: Case[] = [
  { entry: 'fillMask', name: 'no [MASK] in the text', input: {}, run: fill('the cat sat on the mat'), expect: 'no [MASK] in the input: write [MASK] where a word is missing (e.g. "The acting in the [MASK] was superb."), or select one word in the editor to hide it' },
  { entry: 'fillMask', name: 'text longer than the positions is cut with a note', input: {}, run: fill('the [MASK] sat on the mat . the dog ran in the fog .'), expect: "1 mask(s); The text has 16 tokens, more than the model's 8 positions: only the first 8 were used." },
  { entry: 'fillMask', name: 'the only [MASK] lies beyond the positions', input: {}, run: fill('the cat sat on the mat . the [MASK]'), expect: /^no \[MASK\] in the input: .* \(the text was cut to the model's 8 positions; put \[MASK\] earlier\)$/ },
  { entry: 'fillMask', name: 'segment ids on a model without token types', input: {}, run: fill('the [MASK]', { tokenTypeIds: [0, 1, 1, 1] }), expect: 'this model has no token-type (segment) embeddings: --token-type-ids must be all 0' },
  { entry: 'fillMask', name: 'attention mask of the wrong length', input: {}, run: fill('the [MASK]', { attentionMask: [1, 1] }), expect: '--attention-mask has 2 values but the input has 4 tokens' },
  {
    entry: 'fillMask',
    name: 'a causal model',
    input: {},
    run: async () => {
      const causal = Transformer.create({ vocabSize: wp.vocabSize, contextLength: 8, dModel: 8, nLayers: 1, nHeads: 1, dFF: 8 }, 1);
      try {
        await fillMask({ ...enc, model: causal }, { text: 'the [MASK]' });
        return 'ran';
      } finally {
        causal.dispose();
      }
    },
    expect: /^Fill Mask needs a bidirectional model .* Choose the default encoder or a BERT-family folder\.$/,
  },
  {
    entry: 'tokenizerFromJSON (wordpiece)',
    name: 'a vocabulary without [CLS] [SEP] [MASK]',
    input: { 'tokenizer.json': JSON.stringify({ kind: 'wordpiece', vocab: ['[PAD]', '[UNK]', 'the'], lowerCase: true }) },
    run: async (d) => tokenizerFromJSON(JSON.parse(fs.readFileSync(path.join(d, 'tokenizer.json'), 'utf8'))).kind,
    expect: 'the WordPiece vocabulary has no [CLS], [SEP], [MASK]: a BERT vocab.txt lists [PAD], [UNK], [CLS], [SEP] and [MASK], one token per line',
  },
  {
    entry: 'trainMlmToDir',
    name: 'resuming into a causal language-model checkpoint',
    input: async (d) => {
      const tok = CharTokenizer.train(TEXT);
      const model = Transformer.create({ vocabSize: tok.vocabSize, contextLength: 8, dModel: 8, nLayers: 1, nHeads: 1, dFF: 8 }, 1);
      const state = initialTrainState(model, { steps: 1 });
      await saveCheckpoint(path.join(d, 'ckpt'), { model, tokenizer: tok, state });
      disposeLoaded({ model, state });
      fs.writeFileSync(path.join(d, 'c.txt'), TEXT);
    },
    run: (d) => trainMlmToDir({ corpus: path.join(d, 'c.txt'), outDir: path.join(d, 'ckpt'), options: { steps: 2 } }).then(() => 'trained'),
    expect: '<dir>/ckpt does not hold a resumable masked-language model (choose another --out)',
  },
  {
    entry: 'train-mlm (CLI)',
    name: 'a mask rate outside (0, 1)',
    input: { 'c.txt': TEXT },
    run: (d) => mlmCommands['train-mlm'].run({ _: [], flags: { corpus: path.join(d, 'c.txt'), out: path.join(d, 'out'), 'mask-rate': '1.5' } }, io).then(() => 'trained'),
    expect: '--mask-rate must be between 0 and 1 (BERT: 0.15)',
  },
  {
    entry: 'fill-mask (CLI)',
    name: '--ids that are not integers',
    input: {},
    run: () => mlmCommands['fill-mask'].run({ _: [], flags: { model: 'default-encoder', ids: '2,x,3' } }, io).then(() => 'ran'),
    expect: '--ids must be comma-separated integers, got "2,x,3"',
  },
  {
    entry: 'train-classifier --from (CLI)',
    name: 'a causal language model as the encoder',
    input: async (d) => {
      const tok = CharTokenizer.train(TEXT);
      const model = Transformer.create({ vocabSize: tok.vocabSize, contextLength: 8, dModel: 8, nLayers: 1, nHeads: 1, dFF: 8 }, 1);
      await saveCheckpoint(path.join(d, 'causal'), { model, tokenizer: tok, meta: { name: 'my char model' } });
      model.dispose();
      fs.writeFileSync(path.join(d, 'd.csv'), LABELLED);
    },
    run: (d) => classifyCommands['train-classifier'].run({ _: [], flags: { data: path.join(d, 'd.csv'), 'text-column': 'text', 'label-column': 'label', from: path.join(d, 'causal'), out: path.join(d, 'out') } }, io).then(() => 'trained'),
    expect: 'my char model is a next-token (causal) model: a classifier starts from a bidirectional encoder — the embedded default encoder, a masked-LM trained with "Train Masked Language Model…", or a BERT / DistilBERT folder',
  },
  {
    entry: 'train-classifier --from (CLI)',
    name: 'a folder that holds no model',
    input: { 'd.csv': LABELLED, 'notes.txt': 'not a model' },
    run: (d) => classifyCommands['train-classifier'].run({ _: [], flags: { data: path.join(d, 'd.csv'), 'text-column': 'text', 'label-column': 'label', from: d, out: path.join(d, 'out') } }, io).then(() => 'trained'),
    expect: /^<dir> is not a Model Lens checkpoint/,
  },
  {
    entry: 'train-classifier --from (CLI)',
    name: 'resizing the pretrained encoder (--d-model)',
    input: { 'd.csv': LABELLED },
    run: (d) => classifyCommands['train-classifier'].run({ _: [], flags: { data: path.join(d, 'd.csv'), 'text-column': 'text', 'label-column': 'label', from: 'default-encoder', 'd-model': '32', out: path.join(d, 'out') } }, io).then(() => 'trained'),
    expect: 'dModel does not apply when fine-tuning a pretrained encoder: default-encoder brings its own',
  },
];


const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-catalogue-mlm-'));

before(async () => {
  await useTestBackend();
  enc = { model: Transformer.create({ vocabSize: wp.vocabSize, contextLength: 8, dModel: 8, nLayers: 1, nHeads: 1, dFF: 8, causal: false }, 1), tokenizer: wp, meta: {}, history: [], step: 0, tokensSeen: 0, trainSeconds: 0 };
});

after(() => {
  enc.model.dispose();
  fs.rmSync(root, { recursive: true, force: true });
});

runCatalogue(CASES, root);
