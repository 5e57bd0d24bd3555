// BERT masking statistics (15 % chosen; 80 % [MASK], 10 % random, 10 % kept) and the encoder row sampler.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../src/engine/lm/rng';
import { maskTokens, sampleEncoderRows, sentenceStarts } from '../../../src/engine/mlm/masking';

const spec = { maskId: 4, vocabSize: 100, specialIds: new Set([0, 1, 2, 3, 4]), rate: 0.15 };

test('15 % of ordinary tokens are chosen; of those 80 % become [MASK], 10 % a random token, 10 % stay', () => {
  const n = 200_000;
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) ids[i] = i % 50 === 0 ? 2 : 5 + (i % 90); // every 50th is [CLS]
  const m = maskTokens(ids, spec, new Rng(1));
  let chosen = 0, masked = 0, replaced = 0, kept = 0, specialChosen = 0;
  for (let i = 0; i < n; i++) {
    if (!m.weights[i]) {
      assert.equal(m.input[i], ids[i]);
      continue;
    }
    chosen++;
    if (ids[i] === 2) specialChosen++;
    if (m.input[i] === 4) masked++;
    else if (m.input[i] === ids[i]) kept++;
    else {
      replaced++;
      assert.ok(m.input[i] >= 5, 'a random replacement is never a special token');
    }
  }
  const ordinary = n - n / 50;
  assert.equal(specialChosen, 0);
  assert.equal(m.chosen, chosen);
  assert.ok(Math.abs(chosen / ordinary - 0.15) < 0.005, `chosen ${chosen / ordinary}`);
  assert.ok(Math.abs(masked / chosen - 0.8) < 0.01, `masked ${masked / chosen}`);
  // a random draw equals the original 1/95 of the time, so "kept" is slightly above 10 %
  assert.ok(Math.abs(replaced / chosen - 0.1) < 0.01, `replaced ${replaced / chosen}`);
  assert.ok(Math.abs(kept / chosen - 0.1) < 0.01, `kept ${kept / chosen}`);
  assert.deepEqual(Array.from(m.targets), Array.from(ids));
});

test('a short row still gets one chosen position', () => {
  const m = maskTokens(Int32Array.from([2, 7, 3]), spec, new Rng(5));
  assert.deepEqual(Array.from(m.weights), [0, 1, 0]);
});

test('rows are [CLS] + a span from a sentence start + [SEP]', () => {
  const data = Int32Array.from([10, 11, 9, 20, 21, 22, 9, 30, 31, 9]); // 9 = "."
  const starts = sentenceStarts(data, new Set([9]));
  assert.deepEqual(Array.from(starts), [0, 3, 7]);
  const rows = sampleEncoderRows(data, starts, 3, 5, 2, 3, new Rng(2));
  for (let b = 0; b < 3; b++) {
    const row = Array.from(rows.subarray(b * 5, b * 5 + 5));
    assert.equal(row[0], 2);
    assert.equal(row[4], 3);
    assert.ok([10, 20, 30].includes(row[1]) || row[1] === 31 || row[1] === 21, `row ${row}`);
  }
});
