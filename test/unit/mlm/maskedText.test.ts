// What Predict Masked Word reads from the editor, and the Fill Mask panel's pure trace builders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskedText, NO_MASK_MESSAGE } from '../../../src/commands/mlm/maskedText';
import { filledSentence, maskBars } from '../../../webview/fillMask/traces';

const line = 'The acting in the movie was superb.';

test('a selected word is hidden as [MASK] in its line; a selection with [MASK] is used as it is', () => {
  const a = line.indexOf('movie');
  assert.deepEqual(maskedText(line, a, a + 5, 'movie'), { text: 'The acting in the [MASK] was superb.', note: '“movie” hidden as [MASK] in its line.' });
  // surrounding spaces in the selection stay in the text
  assert.equal(maskedText(line, a - 1, a + 6, ' movie ')!.text, 'The acting in the [MASK] was superb.');
  assert.deepEqual(maskedText('x', 0, 9, 'The [MASK] sat on the [MASK].'), { text: 'The [MASK] sat on the [MASK].' });
  // other [MASK]s of the line stay: several masks at once
  const two = 'The [MASK] sat on the mat.';
  assert.equal(maskedText(two, two.indexOf('mat'), two.indexOf('mat') + 3, 'mat')!.text, 'The [MASK] sat on the [MASK].');
});

test('nothing selected: the line must hold a [MASK]; otherwise there is nothing to predict', () => {
  assert.deepEqual(maskedText('The [MASK] was superb.', 3, 3, ''), { text: 'The [MASK] was superb.' });
  assert.equal(maskedText(line, 3, 3, ''), undefined);
  assert.equal(maskedText('a\nb', 0, 3, 'a\nb'), undefined);
  assert.match(NO_MASK_MESSAGE, /type \[MASK\] where a word is missing/);
});

test('bars per mask (chosen candidate highlighted) and the sentence filled with the choices', () => {
  const masks = [
    { position: 2, entropyBits: 1, candidates: [{ id: 7, token: 'film', prob: 0.5 }, { id: 8, token: 'play', prob: 0.25 }] },
    { position: 4, entropyBits: 1, candidates: [{ id: 9, token: 'good', prob: 0.9 }] },
  ];
  const { trace, tickLabels } = maskBars(masks[0], 1, { bar: 'b', chosen: 'c' });
  assert.deepEqual(tickLabels, ['film', 'play']);
  assert.deepEqual(trace.x, [0.5, 0.25]);
  assert.deepEqual(trace.text, ['50.0%', '25.0%']);
  assert.deepEqual(trace.marker.color, ['b', 'c']);
  const parts = filledSentence(['[CLS]', 'the', '[MASK]', 'was', '[MASK]', '[SEP]'], masks, [1, 0]);
  assert.deepEqual(parts, [
    { text: '[CLS]', special: true },
    { text: 'the' },
    { text: 'play', mask: 0 },
    { text: 'was' },
    { text: 'good', mask: 1 },
    { text: '[SEP]', special: true },
  ]);
});
