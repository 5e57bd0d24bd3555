// Finding which characters became <unk> and the panels' sentence about them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unknownNote, unknownPieces } from '../../../webview/common/unknown';

test("char model: the apostrophe of didn't is the unknown character", () => {
  assert.deepEqual(unknownPieces(['d', 'i', 'd', 'n', '<unk>', 't'], "didn't"), ["'"]);
  const note = unknownNote(['d', 'i', 'd', 'n', '<unk>', 't'], "didn't")!;
  assert.match(note, /^1 token is <unk>/);
  assert.match(note, /not in the model's vocabulary: “'” \(U\+0027\)/);
});

test('several unknowns, visible whitespace, a selection cut at its start, an unknown first token', () => {
  const text = 'xx “quoted”␣ends';
  // the model kept only the tail: “ q u o t e d ” ␣ e n d s, with both curly quotes unknown
  const tokens = ['<unk>', 'q', 'u', 'o', 't', 'e', 'd', '<unk>', '␣', 'e', 'n', 'd', 's'];
  assert.deepEqual(unknownPieces(tokens, text.replace('␣', ' ')), ['“', '”']);
  assert.match(unknownNote(tokens, text.replace('␣', ' '))!, /^2 tokens are <unk>.*““” \(U\+201C\), “”” \(U\+201D\)/);
});

test('word model: a whole unknown word', () => {
  assert.deepEqual(unknownPieces(['the', '␣', '<unk>', '␣', 'sat'], 'the zyzzyva sat'), ['zyzzyva']);
});

test('no unknown tokens: no note; no text: the count alone', () => {
  assert.equal(unknownNote(['a', 'b'], 'ab'), undefined);
  assert.match(unknownNote(['a', '<unk>'])!, /^1 token is <unk> \(unknown\): .*vocabulary\. /);
});
