// Exact maths on hand-made vectors, and analogy/neighbours on the embedded GloVe asset.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VectorStore, cosMul } from '../../../src/engine/embeddings/vectorStore';
import { loadDefaultGlove } from '../../../src/engine/embeddings/assets';
import { evaluateAnalogies, parseAnalogies, parseSimilarityPairs, evaluateSimilarity, spearman, ranks } from '../../../src/engine/embeddings/evaluate';
import { editDistance } from '../../../src/engine/embeddings/spelling';
import { UserError } from '../../../src/engine/errors';

const toy = () =>
  new VectorStore({
    words: ['a', 'b', 'c', 'd', 'e'],
    dim: 2,
    vectors: Float32Array.from([1, 0, 0, 2, 3, 4, -1, 0, 1, 1]),
  });

test('neighbours by cosine, dot and euclidean on hand-made vectors', () => {
  const s = toy();
  assert.deepEqual(s.nearest('a', { k: 4 }).map((r) => r.word), ['e', 'c', 'b', 'd']);
  const e = s.nearest('a', { k: 1 })[0];
  assert.ok(Math.abs(e.score - Math.SQRT1_2) < 1e-6);
  assert.deepEqual(s.nearest('a', { k: 2, metric: 'dot' }), [{ word: 'c', score: 3 }, { word: 'e', score: 1 }]);
  assert.deepEqual(s.nearest('a', { k: 2, metric: 'euclidean' }), [{ word: 'e', score: 1 }, { word: 'd', score: 2 }]);
  assert.ok(Math.abs(s.similarity('a', 'c') - 0.6) < 1e-6);
  const unit = s.normalized();
  assert.ok(Math.abs(unit.vectors[4] - 0.6) < 1e-6 && Math.abs(unit.vectors[5] - 0.8) < 1e-6);
});

test('analogy excludes inputs; 3CosMul formula', () => {
  const s = new VectorStore({ words: ['king', 'man', 'woman', 'queen', 'apple'], dim: 3, vectors: Float32Array.from([1, 1, 0, 1, 0, 0, 0, 0, 1, 0, 1, 1, 1, 0, 0.1]) });
  assert.equal(s.analogy('king', 'man', 'woman', { k: 1 })[0].word, 'queen');
  assert.equal(s.analogy('king', 'man', 'woman', { k: 1, method: '3cosmul' })[0].word, 'queen');
  assert.ok(!s.analogy('king', 'man', 'woman', { k: 5 }).some((r) => ['king', 'man', 'woman'].includes(r.word)));
  assert.ok(Math.abs(cosMul(1, -1, 1) - 1 / 0.001) < 1e-6);
});

test('unknown word names it and suggests spellings', () => {
  const s = toy();
  assert.throws(() => s.nearest('zz'), (e: unknown) => e instanceof UserError && /"zz" is not in the vocabulary/.test(e.message));
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.throws(
    () => new VectorStore({ words: ['x', 'x'], dim: 1, vectors: Float32Array.from([1, 2]) }),
    /duplicate word "x"/,
  );
});

// Load time is measured by `npm run bench` (default models ≤ 1 s), not asserted here.
test('default GloVe asset: king − man + woman = queen, spelling suggestions', () => {
  const wv = loadDefaultGlove();
  const s = new VectorStore(wv);
  assert.equal(wv.words.length, 50000);
  assert.equal(wv.dim, 100);
  assert.equal(s.analogy('king', 'man', 'woman', { k: 1 })[0].word, 'queen');
  assert.equal(s.analogy('king', 'man', 'woman', { k: 1, method: '3cosmul' })[0].word, 'queen');
  assert.equal(s.analogy('paris', 'france', 'italy', { k: 1 })[0].word, 'rome');
  const nn = s.nearest('frog', { k: 5 }).map((r) => r.word);
  assert.ok(nn.includes('toad'), nn.join(' '));
  assert.throws(() => s.indexOf('qeeen'), /"qeeen" is not in the vocabulary \(did you mean: queen/);
});

test('analogy evaluation: sections, accuracy, coverage; bad lines', () => {
  const s = new VectorStore(loadDefaultGlove());
  const q = parseAnalogies(': capital\nAthens Greece Baghdad Iraq\nAthens Greece Zzyzxq Nowhere\n: family\nman woman king queen\n');
  const r = evaluateAnalogies(s, q, { topN: 30000 });
  assert.equal(r.total, 3);
  assert.equal(r.answered, 2);
  assert.equal(r.correct, 2);
  assert.equal(r.coverage, 2 / 3);
  assert.deepEqual(r.sections.map((x) => [x.section, x.accuracy]), [['capital', 1], ['family', 1]]);
  assert.throws(() => parseAnalogies(': s\na b c\n', 'q.txt'), /q\.txt line 2: expected 4 words/);
});

test('Spearman ρ with ties; similarity files', () => {
  assert.deepEqual(ranks([10, 20, 20, 5]), [2, 3.5, 3.5, 1]);
  assert.ok(Math.abs(spearman([1, 2, 3, 4], [10, 20, 30, 40]) - 1) < 1e-12);
  assert.ok(Math.abs(spearman([1, 2, 3, 4], [4, 3, 2, 1]) + 1) < 1e-12);
  const pairs = parseSimilarityPairs('word1 word2 score\ncat dog 8\ncat car 2\ncat kitten 9\nfoo qqqzzz 1\n');
  assert.equal(pairs.length, 4);
  const r = evaluateSimilarity(new VectorStore(loadDefaultGlove()), pairs);
  assert.equal(r.found, 3);
  assert.ok(r.spearman > 0.4, String(r.spearman));
  assert.throws(() => parseSimilarityPairs('a b 1\nc d x\n', 's.txt'), /s\.txt line 2/);
});
