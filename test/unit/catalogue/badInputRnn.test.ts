// The bad-input catalogue of the recurrent and seq2seq rooms: each row runs one entry point on a broken or hostile
// input in a fresh temp folder and asserts the exact message the person sees, then that none of their files changed.
import { runCatalogue, type Case } from './catalogue';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { useTestBackend } from '../backendForTests';
import { trainRnnToDir } from '../../../src/engine/rnn/trainRun';
import { loadRnnCheckpoint, saveRnnCheckpoint } from '../../../src/engine/rnn/checkpoint';
import { RecurrentLm } from '../../../src/engine/rnn/model';
import { recurrentStates } from '../../../src/engine/rnn/inspect';
import { CharTokenizer } from '../../../src/engine/lm/tokenizers/char';
import { Transformer } from '../../../src/engine/lm/model';
import { saveCheckpoint, disposeLoaded } from '../../../src/engine/lm/checkpoint';
import { loadSeq2Seq, saveSeq2Seq, trainSeq2Seq, translate } from '../../../src/engine/seq2seq/train';
import { validateSeq2SeqConfig } from '../../../src/engine/seq2seq/model';

const tok = CharTokenizer.train('hello');

async function rnnCkpt(dir: string): Promise<string> {
  const ckpt = path.join(dir, 'ckpt');
  const model = RecurrentLm.create({ arch: 'gru', vocabSize: tok.vocabSize, dHidden: 3, contextLength: 4 }, 1);
  await saveRnnCheckpoint(ckpt, { model, tokenizer: tok });
  model.dispose();
  return ckpt;
}


const CASES: Case[] = [
  {
    entry: 'train-lm --arch lstm',
    name: 'output folder holds the person’s files',
    input: async (d) => fs.writeFileSync(path.join(d, 'notes.txt'), 'mine'),
    run: async (d) => (await trainRnnToDir({ arch: 'lstm', preset: 'hello', outDir: d }), 'trained'),
    expect: '<dir> is not empty and holds no Model Lens checkpoint (no manifest.json); choose an empty folder',
  },
  {
    entry: 'train-lm --arch gru',
    name: 'output folder holds a transformer checkpoint',
    input: async (d) => {
      const model = Transformer.create({ vocabSize: tok.vocabSize, contextLength: 4, dModel: 4, nLayers: 1, nHeads: 1, dFF: 8 }, 1);
      await saveCheckpoint(d, { model, tokenizer: tok });
      disposeLoaded({ model });
    },
    run: async (d) => (await trainRnnToDir({ arch: 'gru', preset: 'hello', outDir: d }), 'trained'),
    expect: '<dir> holds a different kind of model (model-lens-lm), not model-lens-rnn; choose another folder',
  },
  {
    entry: 'recurrent checkpoint',
    name: 'weights file truncated',
    input: async (d) => {
      const c = await rnnCkpt(d);
      fs.writeFileSync(path.join(c, 'weights.bin'), 'short');
    },
    run: async (d) => (loadRnnCheckpoint(path.join(d, 'ckpt')), 'loaded'),
    expect: /^the checkpoint in <dir>\/ckpt is corrupt or truncated: weights\.bin has 5 bytes, expected \d+$/,
  },
  {
    entry: 'recurrent checkpoint',
    name: 'config names an unknown cell',
    input: async (d) => {
      const c = await rnnCkpt(d);
      const cfg = path.join(c, 'config.json');
      const j = JSON.parse(fs.readFileSync(cfg, 'utf8'));
      j.config.arch = 'cnn';
      fs.writeFileSync(cfg, JSON.stringify(j));
    },
    run: async (d) => (loadRnnCheckpoint(path.join(d, 'ckpt')), 'loaded'),
    // the edited file no longer matches its recorded checksum: caught before the config is read
    expect: 'the checkpoint in <dir>/ckpt is corrupt: config.json does not match its checksum',
  },
  {
    entry: 'rnn-states',
    name: 'empty text',
    input: async (d) => void (await rnnCkpt(d)),
    run: async (d) => {
      const lm = loadRnnCheckpoint(path.join(d, 'ckpt'));
      try {
        await recurrentStates(lm, '');
        return 'ran';
      } finally {
        lm.model.dispose();
      }
    },
    expect: 'no text given: select some text',
  },
  {
    entry: 'train-seq2seq',
    name: 'unknown task',
    input: async () => undefined,
    run: async () => (await trainSeq2Seq({ taskName: 'klingon', arch: 'rnn' }), 'trained'),
    expect: 'unknown task "klingon"; choose one of digits, reverse',
  },
  {
    entry: 'train-seq2seq',
    name: 'transformer width not divisible by its heads',
    input: async () => undefined,
    run: async () => (validateSeq2SeqConfig({ arch: 'transformer', vocabSize: 10, dHidden: 10, nHeads: 3 }), 'valid'),
    expect: 'seq2seq config: dHidden (10) must be divisible by nHeads (3)',
  },
  {
    entry: 'translate',
    name: 'a folder holding a recurrent LM, not a seq2seq model',
    input: async (d) => void (await rnnCkpt(d)),
    run: async (d) => (loadSeq2Seq(path.join(d, 'ckpt')), 'loaded'),
    expect: '<dir>/ckpt is not a sequence-to-sequence checkpoint (it holds model-lens-rnn)',
  },
  {
    entry: 'translate',
    name: 'a word outside the task',
    input: async (d) => {
      const m = await trainSeq2Seq({ taskName: 'digits', arch: 'rnn', maxLength: 2, config: { dHidden: 4 }, options: { steps: 1, batchSize: 2 } });
      await saveSeq2Seq(path.join(d, 's2s'), m, { history: m.history, accuracy: [], options: { steps: 1, batchSize: 2, learningRate: 0.01, gradClip: 1, seed: 1, evalPerLength: 1 }, trainSeconds: 0 });
    },
    run: async (d) => {
      const m = loadSeq2Seq(path.join(d, 's2s'));
      return (await translate(m, 'four 4')).output;
    },
    expect: '"4" is not an input word of the digits task; it reads zero one two three four five six seven eight nine',
  },
];


const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-catalogue-rnn-'));
before(async () => {
  await useTestBackend();
});
after(() => fs.rmSync(root, { recursive: true, force: true }));

runCatalogue(CASES, root);
