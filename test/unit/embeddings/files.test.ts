// Checkpoint round trip and resume, every vector format round trip, and bad-file messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadModel, saveModel } from '../../../src/engine/embeddings/checkpoint';
import { readVectors, writeVectors, type VectorFormat } from '../../../src/engine/embeddings/formats';
import { trainModel } from '../../../src/engine/embeddings/trainModel';
import { defaultSkipGramConfig, trainSkipGram } from '../../../src/engine/embeddings/word2vec';
import type { TrainState } from '../../../src/engine/embeddings/training';
import { openModel } from '../../../src/engine/embeddings/models';
import type { WordVectors } from '../../../src/engine/embeddings/wordVectors';
import { UserError } from '../../../src/engine/errors';
import { ENGINE_VERSION } from '../../../src/engine/version';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'ml-emb-'));
const wv: WordVectors = { words: ['the', 'dog', 'ran', 'é'], dim: 3, vectors: Float32Array.from([0.5, -1, 2, 0.25, 0, -0.125, 1e-3, 3.5, -2, 1, 1, 1]) };
const corpus = 'the dog ran the zoo the cat ate the dog the cat ran the zoo . '.repeat(40);

test('checkpoint round trip with metadata', async () => {
  const dir = path.join(tmp(), 'model');
  await saveModel(dir, wv, { method: 'sgns', corpus: 'toy', config: { dim: 3 } });
  const m = loadModel(dir);
  assert.deepEqual(m.vectors.words, wv.words);
  assert.deepEqual(m.vectors.vectors, wv.vectors);
  assert.equal(m.meta.engineVersion, ENGINE_VERSION);
  assert.equal(m.meta.method, 'sgns');
  assert.equal(m.meta.corpus, 'toy');
  assert.deepEqual(fs.readdirSync(dir).sort(), ['model.json', 'state.bin', 'vectors.bin', 'vocab.txt']);
});

test('corrupt or truncated model → UserError; a good model survives a failed save', async () => {
  const dir = path.join(tmp(), 'model');
  await saveModel(dir, wv, { method: 'sgns', corpus: 'toy', config: {} });
  const vec = path.join(dir, 'vectors.bin');
  const good = fs.readFileSync(vec);
  fs.writeFileSync(vec, good.subarray(0, good.length - 5));
  assert.throws(() => loadModel(dir), (e: unknown) => e instanceof UserError && /vectors\.bin is truncated or corrupt: 43 bytes, expected 48/.test(e.message));
  fs.writeFileSync(vec, good);
  fs.writeFileSync(path.join(dir, 'model.json'), '{"kind": "model-lens-emb');
  assert.throws(() => loadModel(dir), /model\.json is corrupt/);
  assert.throws(() => loadModel(tmp()), /not a Model Lens embedding model/);
  // A save that fails (a newline in a word) leaves the previous model untouched.
  const dir2 = path.join(tmp(), 'm2');
  await saveModel(dir2, wv, { method: 'sgns', corpus: 'toy', config: {} });
  await assert.rejects(saveModel(dir2, { ...wv, words: ['a\nb', 'x', 'y', 'z'] }, { method: 'sgns', corpus: 'bad', config: {} }), UserError);
  assert.equal(loadModel(dir2).meta.corpus, 'toy');
  assert.deepEqual(fs.readdirSync(dir2).filter((f) => f.endsWith('.tmp')), []);
});

test('train → checkpoint per epoch → resume continues the same run', async () => {
  const root = tmp();
  const base = { corpus: 'toy', text: corpus, method: 'sgns' as const, config: { dim: 8, window: 2, minCount: 1, sample: 0 } };
  await trainModel({ ...base, config: { ...base.config, epochs: 3 }, out: path.join(root, 'full') });
  await trainModel({ ...base, config: { ...base.config, epochs: 2 }, out: path.join(root, 'part') });
  // Continue the 2-epoch run to 3 epochs: resume reads its checkpoint, config asks for 3.
  const saved = loadModel(path.join(root, 'part'), true);
  assert.equal(saved.state?.epochsDone, 2);
  const resumed = await trainModel({ ...base, config: { ...base.config, epochs: 3 }, out: path.join(root, 'part'), resume: true });
  assert.equal(resumed.meta.epochsDone, 3);
  assert.equal(openModel(path.join(root, 'full')).size, openModel(path.join(root, 'part')).size);
  // Resuming from an epoch checkpoint of the same run reproduces the uninterrupted run exactly.
  const cfg = { ...defaultSkipGramConfig(), dim: 8, window: 2, minCount: 1, sample: 0, epochs: 3 };
  let atTwo: TrainState | undefined;
  const once = await trainSkipGram(corpus, cfg, { onEpoch: (st) => { if (st.epochsDone === 2) atTwo = structuredClone(st); } });
  const again = await trainSkipGram(corpus, cfg, { resume: atTwo });
  assert.deepEqual(again.vectors.vectors, once.vectors.vectors);
  await assert.rejects(trainModel({ ...base, method: 'cbow', config: { ...base.config, epochs: 3 }, out: path.join(root, 'part'), resume: true }), /trained with sgns, not cbow/);
  await assert.rejects(trainModel({ ...base, config: { bogus: 1 }, out: path.join(root, 'x') }), /unknown sgns setting "bogus"/);
});

test('every vector format round trips', async () => {
  const dir = tmp();
  for (const [fmt, name] of [['word2vec', 'v.txt'], ['glove', 'g.txt'], ['word2vec-bin', 'v.bin'], ['tsv', 'tsv']] as [VectorFormat, string][]) {
    const file = path.join(dir, name);
    await writeVectors(file, wv, fmt);
    const back = await readVectors(file);
    assert.deepEqual(back.words, wv.words, fmt);
    assert.equal(back.dim, 3);
    assert.deepEqual(back.vectors, wv.vectors, fmt);
    const capped = await readVectors(file, fmt, { maxWords: 2 });
    assert.deepEqual(capped.words, ['the', 'dog'], fmt);
  }
});

test('bad vector files: line number and reason', async () => {
  const dir = tmp();
  const write = (name: string, text: string) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, text);
    return f;
  };
  await assert.rejects(readVectors(write('a.txt', 'a 1 2 3\nb 1 2\n')), /a\.txt line 2: "b" has 2 numbers, expected 3/);
  await assert.rejects(readVectors(write('b.txt', 'a 1 2\nb 1 2\na 3 4\n')), /b\.txt line 3: duplicate word "a" \(first at line 1\)/);
  await assert.rejects(readVectors(write('c.txt', '3 2\na 1 2\nb 1 2\n')), /header says 3 words but the file has 2/);
  await assert.rejects(readVectors(write('d.txt', '2 2\na 1 2\nb 1 x\n')), /d\.txt line 3: "x" is not a number/);
  await assert.rejects(readVectors(write('e.txt', '')), /no vectors found/);
  const bin = path.join(dir, 'v.bin');
  await writeVectors(bin, wv, 'word2vec-bin');
  fs.writeFileSync(bin, fs.readFileSync(bin).subarray(0, 30));
  await assert.rejects(readVectors(bin), /truncated/);
  fs.mkdirSync(path.join(dir, 'tsv'));
  fs.writeFileSync(path.join(dir, 'tsv/vectors.tsv'), '1\t2\n3\t4\n');
  fs.writeFileSync(path.join(dir, 'tsv/metadata.tsv'), 'a\n');
  await assert.rejects(readVectors(path.join(dir, 'tsv')), /line 2: more vectors than labels/);
});
