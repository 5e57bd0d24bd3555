// Tokenizer, vocabulary, subsampling and the four trainers on toy corpora (seeded, seconds).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenizeWords, buildVocabulary, keepProbabilities } from '../../../src/engine/embeddings/tokenize';
import { trainSkipGram, trainCbow, defaultSkipGramConfig, defaultCbowConfig } from '../../../src/engine/embeddings/word2vec';
import { trainGlove, defaultGloveConfig, countCooccurrences } from '../../../src/engine/embeddings/glove';
import { trainPrevNext, defaultPrevNextConfig, samplePrevNext } from '../../../src/engine/embeddings/prevNext';
import { VectorStore } from '../../../src/engine/embeddings/vectorStore';
import { CancelledError, UserError } from '../../../src/engine/errors';
import { checkCorpusText, stripBrownTags } from '../../../src/engine/embeddings/corpora';

test('tokenizer options', () => {
  assert.deepEqual(tokenizeWords("The dog's bone, ran!"), ["the", "dog's", 'bone', 'ran']);
  assert.deepEqual(tokenizeWords('The dog ran.', { keepPunctuation: true, lowercase: false }), ['The', 'dog', 'ran', '.']);
});

test('vocabulary reports what it dropped', () => {
  const v = buildVocabulary('a a a b b c d d d d e'.split(' '), { minCount: 2, maxVocab: 2 });
  assert.deepEqual(v.words, ['d', 'a']);
  assert.deepEqual(v.report.belowMinCount, { types: 2, tokens: 2 });
  assert.deepEqual(v.report.beyondMaxVocab, { types: 1, tokens: 2 });
  assert.deepEqual(v.report.kept, { types: 2, tokens: 7 });
});

test('subsampling keep probability follows word2vec.c', () => {
  const keep = keepProbabilities(Float64Array.from([1e6, 10]), 1e-3);
  const st = 1e-3 * 1000010;
  assert.ok(Math.abs(keep[0] - (Math.sqrt(1e6 / st) + 1) * (st / 1e6)) < 1e-6); // ≈ 0.032: frequent words mostly dropped
  assert.equal(keep[1], 1);
  assert.deepEqual([...keepProbabilities(Float64Array.from([5, 5]), 0)], [1, 1]);
});

/** Two topics that never share a window: animals and vehicles. */
function toyCorpus(): string {
  const animals = ['cat', 'dog', 'mouse', 'horse'];
  const vehicles = ['car', 'truck', 'bus', 'train'];
  let s = 1;
  const rnd = (n: number) => ((s = (s * 16807) % 2147483647), s % n);
  const out: string[] = [];
  for (let i = 0; i < 600; i++) {
    const g = i % 2 ? animals : vehicles;
    const filler = i % 2 ? ['eats', 'runs', 'sleeps'] : ['drives', 'parks', 'honks'];
    for (let j = 0; j < 8; j++) out.push(j % 2 ? filler[rnd(3)] : g[rnd(4)]);
    out.push('.', '.', '.', '.', '.', '.');
  }
  return out.join(' ');
}

function related(vectors: VectorStore): void {
  assert.ok(vectors.similarity('cat', 'dog') > vectors.similarity('cat', 'truck'), `cat·dog ${vectors.similarity('cat', 'dog')} vs cat·truck ${vectors.similarity('cat', 'truck')}`);
  assert.ok(vectors.similarity('car', 'bus') > vectors.similarity('car', 'horse'));
}

test('skip-gram: related words closer, loss falls, progress reported, reproducible', async () => {
  const cfg = { ...defaultSkipGramConfig(), dim: 16, window: 3, epochs: 5, minCount: 1, sample: 0, keepPunctuation: true };
  const seen: number[] = [];
  const r = await trainSkipGram(toyCorpus(), cfg, { onProgress: (p) => seen.push(p.wordsDone) });
  related(new VectorStore(r.vectors));
  assert.ok(r.lossHistory[r.lossHistory.length - 1].loss < r.lossHistory[0].loss);
  assert.ok(seen.length > 0 && seen[seen.length - 1] === r.lossHistory[r.lossHistory.length - 1].wordsDone);
  const r2 = await trainSkipGram(toyCorpus(), cfg);
  assert.deepEqual(r2.vectors.vectors, r.vectors.vectors);
});

test('CBOW with negative sampling and full softmax', async () => {
  for (const softmax of [false, true]) {
    const r = await trainCbow(toyCorpus(), { ...defaultCbowConfig(), dim: 16, window: 3, epochs: 5, minCount: 1, sample: 0, softmax, keepPunctuation: true });
    related(new VectorStore(r.vectors));
  }
});

test('GloVe: 1/d co-occurrence counts and related words closer', async () => {
  const X = countCooccurrences(Int32Array.from([0, 1, 2]), 3, 2);
  const get = (i: number, j: number) => X.values[[...X.rows].findIndex((r, k) => r === i && X.cols[k] === j)];
  assert.equal(get(0, 1), 1);
  assert.equal(get(0, 2), 0.5);
  assert.equal(get(2, 0), 0.5);
  const r = await trainGlove(toyCorpus(), { ...defaultGloveConfig(), dim: 16, window: 3, epochs: 30, minCount: 1, keepPunctuation: true });
  related(new VectorStore(r.vectors));
  assert.ok(r.lossHistory[r.lossHistory.length - 1].loss < r.lossHistory[0].loss);
});

test('prev/next LM learns the lecture corpus', async () => {
  const lecture = 'The dog ran. The dog ate. The dog ran the zoo. The cat ate the dog! The cat ran the zoo.';
  const r = await trainPrevNext(lecture, { ...defaultPrevNextConfig(), epochs: 300 });
  assert.deepEqual([...r.vectors.words].sort(), ['!', '.', 'ate', 'cat', 'dog', 'ran', 'the', 'zoo']);
  assert.equal(r.vectors.dim, 2);
  assert.ok(r.lossHistory[r.lossHistory.length - 1].loss < 0.9 && r.lossHistory[0].loss > 1.5);
  const text = samplePrevNext(r.model, ['the'], 30);
  const after = new Map<string, Set<string>>();
  for (let i = 0; i + 1 < text.length; i++) (after.get(text[i]) ?? after.set(text[i], new Set()).get(text[i])!).add(text[i + 1]);
  // after "the" the corpus only has dog, cat, zoo
  for (const w of after.get('the') ?? []) assert.ok(['dog', 'cat', 'zoo'].includes(w), w);
});

test('cancellation and bad corpora', async () => {
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(trainSkipGram(toyCorpus(), { ...defaultSkipGramConfig(), minCount: 1 }, { signal: ac.signal }), CancelledError);
  await assert.rejects(trainSkipGram('', defaultSkipGramConfig()), /no words/);
  await assert.rejects(trainSkipGram('one two three', { ...defaultSkipGramConfig(), minCount: 5 }), /only 0 word\(s\) left after min count 5/);
  await assert.rejects(trainSkipGram('a b a b', { ...defaultSkipGramConfig(), minCount: 1, window: 5 }), /fewer than needed \(6\) for a window of 5/);
  assert.throws(() => checkCorpusText('', 'x.txt'), /x\.txt is empty/);
  assert.throws(() => checkCorpusText('abc\0def '.repeat(20), 'x.bin'), /looks binary/);
  assert.throws(() => checkCorpusText('\ufffd'.repeat(50) + ' a b c d e f g h i j k', 'y'), /not UTF-8/);
  assert.throws(() => checkCorpusText('just three words', 'z'), (e: unknown) => e instanceof UserError && /only 3 words/.test(e.message));
  assert.equal(stripBrownTags('The/at jury/nn ./.'), 'The jury .');
});
