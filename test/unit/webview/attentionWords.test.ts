// Word-level grouping of character attention: which tokens form a word, and the grouped maths
// (rows averaged over query characters, columns summed over key characters; rows still sum to 1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupAttention, groupOf, tokenGroups, wordGroups } from '../../../webview/attention/words';

test('characters group into words, leading whitespace joins the next word, punctuation stays with its word', () => {
  const g = wordGroups([...'I went.'.replace(/ /g, '␣')]);
  assert.deepEqual(g.labels, ['I', '␣went.']);
  assert.deepEqual(g.members, [[0], [1, 2, 3, 4, 5, 6]]);
  assert.equal(groupOf(g, 4), 1);
  // subword tokens with their own leading space; a run of spaces joins the word after it
  assert.deepEqual(wordGroups(['␣The', '␣ban', 'k', '␣', '␣it']).labels, ['␣The', '␣bank', '␣␣it']);
  assert.deepEqual(wordGroups(['␣', 'a', '␣', '␣', 'b']).labels, ['␣a', '␣␣b']);
  assert.deepEqual(tokenGroups(['a', 'b']).members, [[0], [1]]);
});

test('grouped attention: mean over query characters of the sum over key characters', () => {
  // tokens a b ␣ c: groups "ab" (0,1) and "␣c" (2,3); causal rows summing to 1
  const m = [
    [1, 0, 0, 0],
    [0.3, 0.7, 0, 0],
    [0.1, 0.2, 0.7, 0],
    [0.4, 0.1, 0.2, 0.3],
  ];
  const g = wordGroups(['a', 'b', '␣', 'c']);
  const w = groupAttention(m, g);
  // row "ab": ((1 + 0) + (0.3 + 0.7)) / 2 = 1 on "ab"; 0 on "␣c" (masked for both queries)
  assert.deepEqual(w[0], [1, 0]);
  // row "␣c": on "ab" ((0.1 + 0.2) + (0.4 + 0.1)) / 2 = 0.4; on "␣c" ((0.7 + 0) + (0.2 + 0.3)) / 2 = 0.6
  assert.ok(Math.abs(w[1][0] - 0.4) < 1e-12 && Math.abs(w[1][1] - 0.6) < 1e-12);
  for (const row of w) assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-12, 'rows sum to 1');
  // one group per token gives back the matrix
  assert.deepEqual(groupAttention(m, tokenGroups(['a', 'b', '␣', 'c'])), m);
});

test('heat-map cell size: fits the panel, never below the readable minimum (then the map scrolls)', async () => {
  const { fitCell, MIN_CELL } = await import('../../../webview/attention/heat');
  // 11 words in a maximized panel: (700 − 80 − 12) / 11 = 55 → capped at 28 px
  assert.equal(fitCell(11, 1200, 700, 90, 80), 28);
  // 59 characters in a 400 px tall panel: (400 − 80 − 12) / 59 = 5.2 px is unreadable, so the map
  // scrolls and takes the width: (1200 − 90 − 12) / 59 = 18.6 → 18 px
  assert.equal(fitCell(59, 1200, 400, 90, 80), 18);
  // … in a narrow panel too: (700 − 90 − 12) / 59 = 10.1 → 10; never below the minimum
  assert.equal(fitCell(59, 700, 400, 90, 80), 10);
  assert.equal(fitCell(59, 400, 400, 90, 80), MIN_CELL);
  // width-bound: 30 tokens in 500 px: (500 − 90 − 12) / 30 = 13.3 → 13
  assert.equal(fitCell(30, 500, 2000, 90, 80), 13);
});
