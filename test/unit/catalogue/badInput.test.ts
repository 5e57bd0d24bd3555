// The bad-input catalogue: one table of hostile or broken inputs, one test per row. Each row writes its files into a
// fresh temp folder, snapshots every file (bytes + mtime), runs one engine entry point and asserts the exact message
// the person would see, then that none of their files changed. Paths in messages are written as <dir>.
import { runCatalogue, type Case } from './catalogue';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { useTestBackend } from '../backendForTests';
import { initBackend } from '../../../src/engine/backend';
import { loadCorpus } from '../../../src/engine/embeddings/corpora';
import { trainModel } from '../../../src/engine/embeddings/trainModel';
import { readVectors } from '../../../src/engine/embeddings/formats';
import { loadModel, saveModel } from '../../../src/engine/embeddings/checkpoint';
import { loadDataset } from '../../../src/engine/classify/data';
import { disposeLoaded, loadCheckpoint, saveCheckpoint, MANIFEST } from '../../../src/engine/lm/checkpoint';
import { trainToDir } from '../../../src/engine/lm/trainRun';
import { Transformer } from '../../../src/engine/lm/model';
import { CharTokenizer } from '../../../src/engine/lm/tokenizers/char';
import { initialTrainState } from '../../../src/engine/lm/train';
import { attentionMaps, predictNext, type Lm } from '../../../src/engine/lm/inspect';
import { SafetensorsReader } from '../../../src/engine/io/safetensors';
import { CHECKPOINT_FORMAT, ENGINE_VERSION } from '../../../src/engine/version';

type Files = Record<string, string | Uint8Array>;


const enc = (s: string) => new TextEncoder().encode(s);
const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i % 7} alpha beta`).join(' ');
const LM_TEXT = 'the cat sat on the mat. a dog ran in the fog. ';
const tok = CharTokenizer.train(LM_TEXT);
const LM_CFG = { vocabSize: tok.vocabSize, contextLength: 8, dModel: 8, nLayers: 1, nHeads: 1, dFF: 16 };

/** A valid LM checkpoint (with optimizer state) in `<dir>/ckpt`. */
async function lmCheckpoint(dir: string): Promise<string> {
  const ckpt = path.join(dir, 'ckpt');
  const model = Transformer.create(LM_CFG, 1);
  const state = initialTrainState(model, { steps: 1 });
  await saveCheckpoint(ckpt, { model, tokenizer: tok, state, meta: { preset: 'test' } });
  disposeLoaded({ model, state });
  return ckpt;
}
const manifestOf = (ckpt: string) => JSON.parse(fs.readFileSync(path.join(ckpt, MANIFEST), 'utf8'));
const weightsOf = (ckpt: string) => path.join(ckpt, manifestOf(ckpt).weights.file as string);

/** A valid embedding model in `<dir>/emb`. */
async function embModel(dir: string): Promise<string> {
  const out = path.join(dir, 'emb');
  await saveModel(out, { words: ['a', 'b', 'c'], dim: 2, vectors: Float32Array.from([1, 2, 3, 4, 5, 6]) }, { method: 'imported', corpus: 'x', config: {} });
  return out;
}

/** A safetensors file from a header object and a data length. */
function safetensors(header: unknown, dataBytes: number, lie?: number): Uint8Array {
  const h = enc(JSON.stringify(header));
  const out = new Uint8Array(8 + h.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, BigInt(lie ?? h.length), true);
  out.set(h, 8);
  return out;
}

let lm: Lm;
const withLm = async (f: (l: Lm) => string | Promise<string>) => f(lm);
const openSt = async (dir: string) => {
  const r = await SafetensorsReader.open(path.join(dir, 'm.safetensors'));
  try {
    await r.readF32(r.tensors[0].name);
    return 'read';
  } finally {
    await r.close();
  }
};
const trainLmOn = (dir: string, corpus: string) =>
  trainToDir({ corpus: path.join(dir, corpus), outDir: path.join(dir, 'out'), preset: 'femto', options: { steps: 1, batchSize: 1, evalEvery: 0 } }).then(() => 'trained');
const trainSgns = (dir: string, file = 'corpus.txt') =>
  trainModel({ corpus: path.join(dir, file), method: 'sgns', out: path.join(dir, 'out'), config: { epochs: 1, dim: 4 } }).then(() => 'trained');
const dataset = (dir: string, file: string) => Promise.resolve(loadDataset(path.join(dir, file), 'text', 'label')).then((d) => `${d.examples.length} examples`);
const vectors = (dir: string, file = 'v.txt') => readVectors(path.join(dir, file)).then((v) => `${v.words.length} words`);

const CASES: Case[] = [
  // ── corpora (embeddings: loadCorpus / trainModel; language model: trainToDir) ──
  { entry: 'loadCorpus', name: 'empty file', input: { 'c.txt': '' }, run: async (d) => loadCorpus(path.join(d, 'c.txt')).name, expect: '<dir>/c.txt is empty' },
  { entry: 'loadCorpus', name: 'whitespace only', input: { 'c.txt': ' \n\t\n  ' }, run: async (d) => loadCorpus(path.join(d, 'c.txt')).name, expect: '<dir>/c.txt is empty' },
  {
    entry: 'loadCorpus',
    name: 'binary with NUL bytes',
    input: { 'c.txt': new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0x41, 0x42]) },
    run: async (d) => loadCorpus(path.join(d, 'c.txt')).name,
    expect: '<dir>/c.txt looks binary (it contains NUL bytes, the first at byte 4): give a plain-text file',
  },
  {
    entry: 'loadCorpus',
    name: 'non-UTF-8 (Latin-1) bytes on line 2',
    input: { 'c.txt': Buffer.concat([Buffer.from(words(6) + '\n'), Buffer.from('caf\xe9 na\xefve r\xe9sum\xe9\n', 'latin1')]) },
    run: async (d) => loadCorpus(path.join(d, 'c.txt')).name,
    expect: '<dir>/c.txt:2: the file is not valid UTF-8 text (Latin-1 or another encoding?); save it as UTF-8 and try again',
  },
  { entry: 'loadCorpus', name: 'fewer words than the minimum', input: { 'c.txt': 'one two three' }, run: async (d) => loadCorpus(path.join(d, 'c.txt')).name, expect: '<dir>/c.txt has only 3 words; at least 10 are needed' },
  { entry: 'loadCorpus', name: 'folder without text files', input: { 'corpus/a.bin': 'x' }, run: async (d) => loadCorpus(path.join(d, 'corpus')).name, expect: '<dir>/corpus has no .txt or .md files' },
  {
    entry: 'trainModel (sgns)',
    name: 'a single repeated word',
    input: { 'corpus.txt': 'buffalo '.repeat(200) },
    run: (d) => trainSgns(d),
    expect: /^only 1 word\(s\) left after min count \d+ \(0 distinct words seen fewer times\): lower --min-count or use a larger corpus$/,
  },
  {
    entry: 'trainModel (sgns)',
    name: 'corpus smaller than the window',
    input: { 'corpus.txt': 'a b a b a b a b a b' },
    run: (d) => trainModel({ corpus: path.join(d, 'corpus.txt'), method: 'sgns', out: path.join(d, 'out'), config: { epochs: 1, dim: 4, minCount: 1, window: 20 } }).then(() => 'trained'),
    expect: 'the corpus has 10 usable tokens, fewer than needed (21) for a window of 20',
  },
  { entry: 'trainToDir (LM)', name: 'empty corpus file', input: { 'c.txt': '  \n' }, run: (d) => trainLmOn(d, 'c.txt'), expect: 'corpus file is empty: <dir>/c.txt' },
  {
    entry: 'trainToDir (LM)',
    name: 'binary corpus',
    input: { 'c.bin': new Uint8Array([1, 2, 0, 3]) },
    run: (d) => trainLmOn(d, 'c.bin'),
    expect: '<dir>/c.bin looks binary (it contains NUL bytes, the first at byte 2): give a plain-text file',
  },
  {
    entry: 'trainToDir (LM)',
    name: 'Latin-1 corpus',
    input: { 'c.txt': Buffer.from('na\xefve\n', 'latin1') },
    run: (d) => trainLmOn(d, 'c.txt'),
    expect: '<dir>/c.txt:1: the file is not valid UTF-8 text (Latin-1 or another encoding?); save it as UTF-8 and try again',
  },
  { entry: 'trainToDir (LM)', name: 'corpus shorter than one window', input: { 'c.txt': 'ab' }, run: (d) => trainLmOn(d, 'c.txt'), expect: 'the corpus is too short to train on (2 tokens)' },
  {
    entry: 'trainToDir (LM)',
    name: 'output folder holds the person\'s files',
    input: { 'c.txt': LM_TEXT.repeat(3), 'out/notes.md': 'mine' },
    run: (d) => trainLmOn(d, 'c.txt'),
    expect: '<dir>/out is not empty and holds no Model Lens checkpoint (no manifest.json); choose an empty folder',
  },

  // ── word-vector files ──
  { entry: 'readVectors', name: 'wrong dimensions on a line', input: { 'v.txt': 'a 1 2 3\nb 4 5\nc 6 7 8\n' }, run: (d) => vectors(d), expect: '<dir>/v.txt line 2: "b" has 2 numbers, expected 3 (truncated line or wrong dimensions?)' },
  { entry: 'readVectors', name: 'duplicate words', input: { 'v.txt': 'a 1 2\nb 3 4\na 5 6\n' }, run: (d) => vectors(d), expect: '<dir>/v.txt line 3: duplicate word "a" (first at line 1)' },
  { entry: 'readVectors', name: 'truncated last line', input: { 'v.txt': 'a 1 2 3\nb 4 5 6\nc 7' }, run: (d) => vectors(d), expect: '<dir>/v.txt line 3: "c" has 1 numbers, expected 3 (truncated line or wrong dimensions?)' },
  { entry: 'readVectors', name: 'word2vec header count larger than the file', input: { 'v.txt': '5 2\na 1 2\nb 3 4\n' }, run: (d) => vectors(d), expect: '<dir>/v.txt: header says 5 words but the file has 2 (truncated?)' },
  { entry: 'readVectors', name: 'word2vec header dim disagrees with the rows', input: { 'v.txt': '2 3\na 1 2\nb 3 4\n' }, run: (d) => vectors(d), expect: '<dir>/v.txt line 2: "a" has 2 numbers, expected 3 (truncated line or wrong dimensions?)' },
  { entry: 'readVectors', name: 'empty file', input: { 'v.txt': '' }, run: (d) => vectors(d), expect: '<dir>/v.txt: no vectors found' },
  { entry: 'readVectors', name: 'a value that is not a number', input: { 'v.txt': 'a 1 2\nb 3 x\n' }, run: (d) => vectors(d), expect: '<dir>/v.txt line 2: "x" is not a number' },
  {
    entry: 'readVectors',
    name: 'word2vec binary cut inside a vector',
    input: { 'v.bin': Buffer.concat([Buffer.from('2 2\na '), Buffer.alloc(8), Buffer.from('\nb '), Buffer.alloc(3)]) },
    run: (d) => vectors(d, 'v.bin'),
    expect: '<dir>/v.bin: truncated in the vector of "b" (entry 2 of 2)',
  },

  // ── classifier data (CSV / JSONL) ──
  { entry: 'loadDataset', name: 'CSV missing the label column', input: { 'd.csv': 'text,stars\nhello,1\n' }, run: (d) => dataset(d, 'd.csv'), expect: '<dir>/d.csv:1: no column "label" in the header (columns: text, stars)' },
  {
    entry: 'loadDataset',
    name: 'CSV ragged row',
    input: { 'd.csv': 'text,label\ngood film,pos\ngreat, really,pos\n' },
    run: (d) => dataset(d, 'd.csv'),
    expect: '<dir>/d.csv:3: expected 2 fields (text, label) but found 3; quote fields that contain commas',
  },
  { entry: 'loadDataset', name: 'CSV empty text', input: { 'd.csv': 'text,label\ngood,pos\n  ,neg\n' }, run: (d) => dataset(d, 'd.csv'), expect: '<dir>/d.csv:3: the text in column "text" is empty' },
  {
    entry: 'loadDataset',
    name: 'a label with a single example',
    input: { 'd.csv': 'text,label\na,pos\nb,pos\nc,neg\nd,neg\ne,meh\n' },
    run: (d) => dataset(d, 'd.csv'),
    expect: '<dir>/d.csv:6: the label "meh" has only this one example; each class needs at least 2 (one to train, one to validate). Add examples or remove it.',
  },
  {
    entry: 'loadDataset',
    name: 'one class only',
    input: { 'd.jsonl': '{"text":"a","label":"pos"}\n{"text":"b","label":"pos"}\n' },
    run: (d) => dataset(d, 'd.jsonl'),
    expect: '<dir>/d.jsonl: every example has the label "pos"; a classifier needs at least two classes in "label"',
  },
  {
    entry: 'loadDataset',
    name: 'JSONL invalid JSON line',
    input: { 'd.jsonl': '{"text":"a","label":"pos"}\n{"text":"b", label:"neg"}\n' },
    run: (d) => dataset(d, 'd.jsonl'),
    expect: '<dir>/d.jsonl:2: not valid JSON (each line of a JSONL file is one JSON object)',
  },
  {
    entry: 'loadDataset',
    name: 'JSONL missing field',
    input: { 'd.jsonl': '{"text":"a","label":"pos"}\n{"body":"b","label":"neg"}\n' },
    run: (d) => dataset(d, 'd.jsonl'),
    expect: '<dir>/d.jsonl:2: no field "text" (a string) on this line (fields: body, label)',
  },
  {
    entry: 'loadDataset',
    name: 'CSV in Latin-1',
    input: { 'd.csv': Buffer.from('text,label\ncaf\xe9,pos\n', 'latin1') },
    run: (d) => dataset(d, 'd.csv'),
    expect: '<dir>/d.csv:2: the file is not valid UTF-8 text; save it as UTF-8 and try again',
  },

  // ── language-model checkpoints ──
  {
    entry: 'loadCheckpoint',
    name: 'truncated weights file',
    input: async (d) => {
      const w = weightsOf(await lmCheckpoint(d));
      fs.truncateSync(w, Math.floor(fs.statSync(w).size / 2));
    },
    run: async (d) => (loadCheckpoint(path.join(d, 'ckpt')), 'loaded'),
    expect: /^the checkpoint in <dir>\/ckpt is corrupt or truncated: weights-0000000\.bin has \d+ bytes, expected \d+$/,
  },
  {
    entry: 'loadCheckpoint',
    name: 'manifest from another format version',
    input: async (d) => {
      const c = await lmCheckpoint(d);
      fs.writeFileSync(path.join(c, MANIFEST), JSON.stringify({ ...manifestOf(c), format: CHECKPOINT_FORMAT + 1, engineVersion: '9.9.9' }));
    },
    run: async (d) => (loadCheckpoint(path.join(d, 'ckpt')), 'loaded'),
    expect: `the checkpoint in <dir>/ckpt was written by Model Lens engine 9.9.9 (format ${CHECKPOINT_FORMAT + 1}); this engine (${ENGINE_VERSION}) reads format ${CHECKPOINT_FORMAT}. Retrain or use a matching version.`,
  },
  {
    entry: 'loadCheckpoint',
    name: 'hand-edited manifest hash',
    input: async (d) => {
      const c = await lmCheckpoint(d);
      const m = manifestOf(c);
      m.files['config.json'].sha256 = '0'.repeat(64);
      fs.writeFileSync(path.join(c, MANIFEST), JSON.stringify(m));
    },
    run: async (d) => (loadCheckpoint(path.join(d, 'ckpt')), 'loaded'),
    expect: 'the checkpoint in <dir>/ckpt is corrupt: config.json does not match its checksum',
  },
  {
    entry: 'loadCheckpoint',
    name: 'weights edited in place (same size)',
    input: async (d) => {
      const w = weightsOf(await lmCheckpoint(d));
      const b = fs.readFileSync(w);
      b[0] ^= 0xff;
      fs.writeFileSync(w, b);
    },
    run: async (d) => (loadCheckpoint(path.join(d, 'ckpt')), 'loaded'),
    expect: 'the checkpoint in <dir>/ckpt is corrupt: weights-0000000.bin does not match its checksum',
  },
  {
    entry: 'loadCheckpoint',
    name: 'missing tokenizer file',
    input: async (d) => fs.rmSync(path.join(await lmCheckpoint(d), 'tokenizer.json')),
    run: async (d) => (loadCheckpoint(path.join(d, 'ckpt')), 'loaded'),
    expect: 'the checkpoint in <dir>/ckpt is incomplete: tokenizer.json is missing',
  },
  {
    entry: 'loadCheckpoint',
    name: 'missing manifest',
    input: async (d) => fs.rmSync(path.join(await lmCheckpoint(d), MANIFEST)),
    run: async (d) => (loadCheckpoint(path.join(d, 'ckpt')), 'loaded'),
    expect: '<dir>/ckpt is not a Model Lens checkpoint (no manifest.json)',
  },
  {
    entry: 'loadCheckpoint',
    name: 'manifest cut in half',
    input: async (d) => {
      const f = path.join(await lmCheckpoint(d), MANIFEST);
      fs.writeFileSync(f, fs.readFileSync(f).subarray(0, 40));
    },
    run: async (d) => (loadCheckpoint(path.join(d, 'ckpt')), 'loaded'),
    expect: 'the checkpoint in <dir>/ckpt is corrupt: manifest.json is not valid JSON',
  },
  {
    entry: 'loadCheckpoint',
    name: 'manifest with a path outside the folder',
    input: async (d) => {
      const c = await lmCheckpoint(d);
      const m = manifestOf(c);
      m.files['../../etc/passwd'] = { bytes: 1, sha256: '0' };
      fs.writeFileSync(path.join(c, MANIFEST), JSON.stringify(m));
    },
    run: async (d) => (loadCheckpoint(path.join(d, 'ckpt')), 'loaded'),
    expect: 'the checkpoint in <dir>/ckpt is incomplete: ../../etc/passwd is missing',
  },

  // ── embedding checkpoints ──
  {
    entry: 'loadModel (embeddings)',
    name: 'truncated vectors.bin',
    input: async (d) => fs.truncateSync(path.join(await embModel(d), 'vectors.bin'), 10),
    run: async (d) => `${loadModel(path.join(d, 'emb')).vectors.words.length} words`,
    expect: '<dir>/emb/vectors.bin is truncated or corrupt: 10 bytes, expected 24 (3 × 2 float32)',
  },
  {
    entry: 'loadModel (embeddings)',
    name: 'model.json edited (word count)',
    input: async (d) => {
      const f = path.join(await embModel(d), 'model.json');
      fs.writeFileSync(f, JSON.stringify({ ...JSON.parse(fs.readFileSync(f, 'utf8')), words: 4 }));
    },
    run: async (d) => `${loadModel(path.join(d, 'emb')).vectors.words.length} words`,
    expect: '<dir>/emb/vocab.txt has 3 words, model.json says 4',
  },
  {
    entry: 'loadModel (embeddings)',
    name: 'model.json from a newer format',
    input: async (d) => {
      const f = path.join(await embModel(d), 'model.json');
      fs.writeFileSync(f, JSON.stringify({ ...JSON.parse(fs.readFileSync(f, 'utf8')), format: CHECKPOINT_FORMAT + 1 }));
    },
    run: async (d) => `${loadModel(path.join(d, 'emb')).vectors.words.length} words`,
    expect: `<dir>/emb/model.json has checkpoint format ${CHECKPOINT_FORMAT + 1}; this engine (${ENGINE_VERSION}) reads up to ${CHECKPOINT_FORMAT}`,
  },
  {
    entry: 'loadModel (embeddings)',
    name: 'model.json not JSON',
    input: async (d) => fs.writeFileSync(path.join(await embModel(d), 'model.json'), '{"kind": "model-lens-emb'),
    run: async (d) => `${loadModel(path.join(d, 'emb')).vectors.words.length} words`,
    expect: /^<dir>\/emb\/model\.json is corrupt: .*JSON.*$/,
  },

  // ── safetensors ──
  {
    entry: 'SafetensorsReader.open',
    name: 'header length larger than the file',
    input: { 'm.safetensors': safetensors({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, 4, 1e6) },
    run: openSt,
    expect: /^m\.safetensors: header length 1000000 is larger than the rest of the file \(\d+ bytes\): truncated or not safetensors$/,
  },
  {
    entry: 'SafetensorsReader.open',
    name: 'offsets beyond the file',
    input: { 'm.safetensors': safetensors({ a: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, 8) },
    run: openSt,
    expect: 'm.safetensors: tensor "a": data_offsets [0, 16] reach past the end of the data (8 bytes): the file is truncated or corrupt',
  },
  {
    entry: 'SafetensorsReader.open',
    name: 'overlapping offsets',
    input: { 'm.safetensors': safetensors({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } }, 12) },
    run: openSt,
    expect: 'm.safetensors: tensor "b" (bytes 4–12) overlaps tensor "a" (bytes 0–8)',
  },
  {
    entry: 'SafetensorsReader.open',
    name: 'shape that disagrees with the offsets',
    input: { 'm.safetensors': safetensors({ a: { dtype: 'F32', shape: [1000000, 1000000], data_offsets: [0, 8] } }, 8) },
    run: openSt,
    expect: 'm.safetensors: tensor "a": shape [1000000, 1000000] × F32 needs more than 8 bytes but data_offsets [0, 8] hold 8',
  },
  {
    entry: 'SafetensorsReader.readF32',
    name: 'unsupported dtype (I64)',
    input: { 'm.safetensors': safetensors({ a: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, 8) },
    run: openSt,
    expect: 'm.safetensors: tensor "a" has dtype I64, which Model Lens cannot read (supported: F32, F16, BF16)',
  },
  {
    entry: 'SafetensorsReader.open',
    name: 'unknown dtype',
    input: { 'm.safetensors': safetensors({ a: { dtype: 'Q4', shape: [1], data_offsets: [0, 1] } }, 1) },
    run: openSt,
    expect: 'm.safetensors: tensor "a": unknown dtype "Q4"',
  },
  { entry: 'SafetensorsReader.open', name: 'file shorter than the length field', input: { 'm.safetensors': new Uint8Array(3) }, run: openSt, expect: 'm.safetensors is 3 bytes: too short to be safetensors (needs an 8-byte header length)' },

  // ── settings ──
  {
    entry: 'initBackend',
    name: 'unknown backend setting "quantum"',
    input: {},
    run: async () => {
      try {
        return (await initBackend('quantum')).warnings.join(' | ');
      } finally {
        await initBackend(process.env.MODEL_LENS_TEST_BACKEND ?? 'cpu');
      }
    },
    expect: /^Unknown backend setting "quantum"; using "auto"\.( \| .*)?$/,
  },

  // ── language-model input ──
  { entry: 'predictNext', name: 'empty prompt', input: {}, run: () => withLm(async (l) => String((await predictNext(l, { text: '' })).candidates.length)), expect: 'no text given: select some text (or pass token ids)' },
  {
    entry: 'predictNext',
    name: 'token ids outside the vocabulary',
    input: {},
    run: () => withLm(async (l) => String((await predictNext(l, { ids: [1, 9999] })).candidates.length)),
    expect: `token id 9999 is outside the vocabulary (0..${tok.vocabSize - 1})`,
  },
  {
    entry: 'predictNext',
    name: 'unknown characters are counted, not a crash',
    input: {},
    run: () => withLm(async (l) => `unknown ${(await predictNext(l, { text: 'the €at ✓' })).unknownCount}`),
    expect: 'unknown 2',
  },
  {
    entry: 'attentionMaps',
    name: 'selection longer than the context is truncated and flagged',
    input: {},
    run: () => withLm(async (l) => {
      const r = (await attentionMaps(l, { text: LM_TEXT.repeat(5) }));
      return `truncated ${r.truncated}, ${r.tokens.length} tokens`;
    }),
    expect: `truncated true, ${LM_CFG.contextLength} tokens`,
  },
];

/** Every file under dir → bytes (base64) + mtime. */

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-catalogue-'));
let ran = 0;

before(async () => {
  await useTestBackend();
  lm = { model: Transformer.create(LM_CFG, 1), tokenizer: tok, meta: {}, history: [], step: 0, tokensSeen: 0, trainSeconds: 0 };
});

after(() => {
  lm.model.dispose();
  fs.rmSync(root, { recursive: true, force: true });
  console.log(`catalogue: ${ran} of ${CASES.length} bad-input cases ran`);
});

runCatalogue(CASES, root, { onRun: () => ran++ });
