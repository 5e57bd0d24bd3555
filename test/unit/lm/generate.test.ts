import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entropy, filterTopKTopP, lastWindow, sampleFrom, samplingDistribution, softmaxWithTemperature } from '../../../src/engine/lm/generate';
import { Rng } from '../../../src/engine/lm/rng';

const close = (a: ArrayLike<number>, b: number[], eps = 1e-9) => b.forEach((v, i) => assert.ok(Math.abs(a[i] - v) < eps, `${a[i]} vs ${v} at ${i}`));

test('temperature: softmax(logits / T); T → 0 is greedy', () => {
  const l = [Math.log(1), Math.log(2), Math.log(5)];
  close(softmaxWithTemperature(l, 1), [0.125, 0.25, 0.625]);
  // T = 0.5 squares the odds: 1 : 4 : 25
  close(softmaxWithTemperature(l, 0.5), [1 / 30, 4 / 30, 25 / 30]);
  close(softmaxWithTemperature(l, 0), [0, 0, 1]);
});

test('top-k and top-p keep the right tokens and renormalise', () => {
  const p = [0.1, 0.5, 0.15, 0.25];
  close(filterTopKTopP(p, 2), [0, 0.5 / 0.75, 0, 0.25 / 0.75]);
  // nucleus 0.8: 0.5 + 0.25 = 0.75 < 0.8, add 0.15 → 0.9
  close(filterTopKTopP(p, undefined, 0.8), [0, 0.5 / 0.9, 0.15 / 0.9, 0.25 / 0.9]);
  close(filterTopKTopP(p, 0, 1), p);
  close(samplingDistribution([0, 0, 10], { topK: 1 }), [0, 0, 1]);
  assert.ok(Math.abs(entropy([0.5, 0.5]) - Math.LN2) < 1e-12);
});

test('seeded sampling is reproducible and follows the distribution', () => {
  const p = [0.2, 0.8];
  const draw = (seed: number) => {
    const r = new Rng(seed);
    return Array.from({ length: 2000 }, () => sampleFrom(p, r));
  };
  assert.deepEqual(draw(3), draw(3));
  const ones = draw(4).filter((x) => x === 1).length / 2000;
  assert.ok(Math.abs(ones - 0.8) < 0.03, String(ones));
});

test('selections longer than the context keep the last window and say so', () => {
  assert.deepEqual(lastWindow([1, 2, 3, 4, 5], 3), { ids: [3, 4, 5], truncated: true });
  assert.deepEqual(lastWindow([1, 2], 3), { ids: [1, 2], truncated: false });
});
