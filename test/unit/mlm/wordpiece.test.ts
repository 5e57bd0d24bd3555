// WordPiece tokenization (BERT): basic tokenization and greedy longest-match pieces, with ids worked out by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basicTokenize, WordPieceTokenizer } from '../../../src/engine/lm/tokenizers/wordpiece';
import { tokenizerFromJSON } from '../../../src/engine/lm/tokenizers/index';

//                 0        1        2        3        4         5      6     7       8        9      10   11   12      13
const vocab = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', 'the', 'un', '##aff', '##able', 'cat', ',', '!', 'cafe', 'a'];
const tok = new WordPieceTokenizer(vocab);

test('basic tokenization lower-cases, strips accents, splits punctuation and keeps special tokens whole', () => {
  assert.deepEqual(basicTokenize('The unaffable Café, a cat!'), ['the', 'unaffable', 'cafe', ',', 'a', 'cat', '!']);
  assert.deepEqual(basicTokenize('The [MASK] was  superb.'), ['the', '[MASK]', 'was', 'superb', '.']);
  assert.deepEqual(basicTokenize("didn't"), ['didn', "'", 't']);
  assert.deepEqual(basicTokenize('Café', false), ['Café']);
});

test('greedy longest-match-first pieces give the hand-worked ids', () => {
  // the=5 | un=6 ##aff=7 ##able=8 | cafe=12 | ,=10 | a=13 | cat=9 | !=11
  assert.deepEqual(tok.encode('The unaffable Café, a cat!'), [5, 6, 7, 8, 12, 10, 13, 9, 11]);
  assert.deepEqual(tok.encode('unable'), [6, 8]);
  // a word whose tail has no piece is [UNK] as a whole (not "un" + [UNK])
  assert.deepEqual(tok.encode('unaffx dog'), [1, 1]);
  assert.deepEqual(tok.encode('the [MASK]!'), [5, 4, 11]);
  assert.equal(tok.decode([2, 5, 6, 7, 8, 9, 3, 0]), '[CLS] the unaffable cat [SEP]');
  assert.equal(tok.tokenString(7), '##aff');
  assert.deepEqual([tok.padId, tok.unkId, tok.clsId, tok.sepId, tok.maskId], [0, 1, 2, 3, 4]);
});

test('a vocabulary without the special tokens is refused with a message that names them', () => {
  assert.throws(() => new WordPieceTokenizer(['[PAD]', '[UNK]', 'the']), /no \[CLS\], \[SEP\], \[MASK\].*vocab\.txt/);
});

test('a word vocabulary trained from text: specials first, words by frequency, extra words appended, JSON round trip', () => {
  const t = WordPieceTokenizer.trainWords('the cat sat. the cat ran. the dog!', 8, 1, ['dog', 'absent']);
  assert.deepEqual(t.vocab, ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', 'the', '.', 'cat', 'dog']); // ties by spelling
  const back = tokenizerFromJSON(JSON.parse(JSON.stringify(t.toJSON())));
  assert.deepEqual(back.encode('The dog sat.'), [5, 8, 1, 6]);
});
