// The next-token chart's rows and the split of the text into prompt and continuation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reshape } from '../../../webview/nextToken/distribution';
import { axisMax, barRows, splitContinuation } from '../../../webview/nextToken/traces';

test('bar rows: most likely first, percentages, cut candidates say so', () => {
  const s = reshape(
    [
      { id: 1, token: ' a', logit: 2 },
      { id: 2, token: 'b', logit: 1 },
      { id: 3, token: '\n', logit: 0 },
    ],
    { temperature: 1, topK: 2, topP: 1 },
  );
  const rows = barRows(s, 15);
  assert.deepEqual(rows.map((r) => r.label), ['␣a', 'b', '↵']);
  // top-k 2 renormalises e^2 and e^1: p = 1/(1+e^-1)
  assert.equal(rows[0].text, `${((1 / (1 + Math.exp(-1))) * 100).toFixed(1)}%`);
  assert.equal(rows[2].text, 'cut');
  assert.equal(rows[2].p, 0);
  assert.ok(Math.abs(axisMax(rows) - Math.min(1, rows[0].p * 1.15)) < 1e-12);
});

test('continuation: appended tokens (visible whitespace) split off the context text', () => {
  const r = splitContinuation('Call me Ishmael.␣Some', ['␣', 'S', 'o', 'm', 'e']);
  assert.deepEqual(r, { prompt: 'Call me Ishmael.', continuation: ' Some' });
  assert.deepEqual(splitContinuation('abc', []), { prompt: 'abc', continuation: '' });
});
