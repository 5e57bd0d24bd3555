import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { ByteBpeTokenizer, CharTokenizer, WordTokenizer, loadGpt2Tokenizer, tokenizerFromJSON, trainTokenizer } from '../../../src/engine/lm/tokenizers/index';

const corpus = 'The whale, the whale! Call me Ishmael. Some years ago — never mind how long precisely — ';

test('char tokenizer: lossless round trip; unseen characters become <unk> instead of failing', () => {
  const t = CharTokenizer.train(corpus);
  assert.equal(t.decode(t.encode('The whale')), 'The whale');
  const ids = t.encode('Zebra 🐋');
  assert.equal(ids[0], t.unkId);
  assert.equal(t.tokenString(ids[0]), '<unk>');
  assert.equal(t.decode(ids).includes('\uFFFD'), true);
  const back = tokenizerFromJSON(JSON.parse(JSON.stringify(t.toJSON())));
  assert.deepEqual(back.encode(corpus), t.encode(corpus));
  assert.equal(t.tokenString(t.encode(' ')[0]), '␣');
});

test('word tokenizer keeps whitespace and punctuation so known text round-trips', () => {
  const t = WordTokenizer.train(corpus);
  assert.equal(t.decode(t.encode('the whale! Call me')), 'the whale! Call me');
  assert.equal(t.encode('submarine')[0], 0);
});

test('byte-level BPE trained on a corpus round-trips any text losslessly and compresses', () => {
  const t = trainTokenizer('bpe', corpus.repeat(5), { vocabSize: 300 }) as ByteBpeTokenizer;
  assert.equal(t.vocabSize, 300);
  for (const s of [corpus, 'Ünïcödé 🐋 text\n\twith tabs', '']) assert.equal(t.decode(t.encode(s)), s);
  assert.ok(t.encode(corpus).length < new TextEncoder().encode(corpus).length / 1.5);
  const back = tokenizerFromJSON(JSON.parse(JSON.stringify(t.toJSON())));
  assert.deepEqual(back.encode(corpus), t.encode(corpus));
});

test('GPT-2 BPE matches the gpt-3-encoder package', () => {
  const ref = createRequire(__filename)('gpt-3-encoder') as { encode(s: string): number[]; decode(ids: number[]): string };
  const t = loadGpt2Tokenizer();
  assert.equal(t.vocabSize, 50257);
  for (const s of ['Hello world', "I'm here, aren't you?  Yes!!", 'Call me Ishmael. Some years ago—never mind how long precisely', 'naïve café 1234 🐋\n\nend']) {
    assert.deepEqual(t.encode(s), ref.encode(s), s);
    assert.equal(t.decode(t.encode(s)), s);
  }
  assert.deepEqual(t.encode('Hello world'), [15496, 995]);
});
