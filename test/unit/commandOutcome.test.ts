// A cancelled command (a training run stopped with Cancel) is logged as cancelled, not as a failure with a stack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isCancellation, outcomeLogLine } from '../../src/features/commandOutcome';

test('a cancelled training is logged as cancelled, without a stack trace', () => {
  const line = outcomeLogLine('modelLens.trainLanguageModel', new Error('Cancelled'));
  assert.equal(line, 'modelLens.trainLanguageModel cancelled');
  const vsCancel = Object.assign(new Error('Canceled'), { name: 'Canceled' });
  assert.equal(isCancellation(vsCancel), true);
});

test('a failure is logged with its stack', () => {
  const e = new Error('disk full');
  const line = outcomeLogLine('modelLens.trainLanguageModel', e);
  assert.match(line, /^modelLens\.trainLanguageModel failed: Error: disk full\n\s+at /);
  assert.equal(outcomeLogLine('x', 'plain'), 'x failed: plain');
  assert.equal(isCancellation(new Error('cancelled by a bug in the name')), false);
});
