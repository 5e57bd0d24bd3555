// The classifier panels' pure view logic: bars sorted by probability, head/mean attention, shading, cell lists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attentionWeights, probabilityBars, rgba, shades } from '../../../webview/classify/view';
import { cellShare, examplesInCell } from '../../../webview/confusion/view';
import type { ClassifyEvaluateResult, ClassifyPredictResult } from '../../../src/protocol/classify';

const r: ClassifyPredictResult = {
  labels: ['a', 'b'], probabilities: [0.25, 0.75], predicted: 'b', tokens: ['x', 'y', 'z'],
  attention: [[[0.2, 0.3, 0.5], [0.6, 0.2, 0.2]]], pool: 'mean', truncated: false,
};

test('bars: most probable first, width in percent, the predicted class flagged', () => {
  assert.deepEqual(probabilityBars(r).map((b) => [b.label, b.width, b.text, b.predicted]), [['b', 75, '75.0%', true], ['a', 25, '25.0%', false]]);
});

test('attention: one head or the mean of heads; shading relative to the strongest word', () => {
  assert.deepEqual(attentionWeights(r, 0, 1), [0.6, 0.2, 0.2]);
  assert.deepEqual(attentionWeights(r, 0, 'mean').map((x) => +x.toFixed(3)), [0.4, 0.25, 0.35]);
  assert.deepEqual(shades([0.1, 0.4, 0.2]), [0.25, 1, 0.5]);
  assert.deepEqual(shades([0, 0]), [0, 0]);
  assert.equal(rgba('#3794ff', 0.5), 'rgba(55, 148, 255, 0.500)');
  assert.equal(rgba('#fff', 1), 'rgba(255, 255, 255, 1.000)');
  assert.equal(rgba('var(--x)', 0), 'rgba(55, 148, 255, 0.000)');
});

test('confusion: row share and the misclassified examples of one cell', () => {
  const ev = {
    labels: ['a', 'b'], confusion: [[3, 1], [2, 2]],
    misclassified: [
      { file: 'f', line: 2, text: 't', label: 'a', predicted: 'b', confidence: 0.6 },
      { file: 'f', line: 5, text: 't', label: 'b', predicted: 'a', confidence: 0.6 },
      { file: 'f', line: 9, text: 't', label: 'b', predicted: 'a', confidence: 0.7 },
    ],
  } as unknown as ClassifyEvaluateResult;
  assert.equal(cellShare(ev.confusion, 0, 0), 0.75);
  assert.equal(cellShare(ev.confusion, 1, 0), 0.5);
  assert.deepEqual(examplesInCell(ev, 1, 0), [1, 2]);
  assert.deepEqual(examplesInCell(ev, 0, 1), [0]);
});
