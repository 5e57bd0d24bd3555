// Metrics maths on a hand-made confusion matrix, the majority baseline, class weights and the stratified split.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classWeights, confusionMatrix, majorityBaseline, metricsFromConfusion, stratifiedSplit } from '../../../src/engine/classify/metrics';

const close = (a: number, b: number, msg?: string) => assert.ok(Math.abs(a - b) < 1e-9, `${msg ?? ''} ${a} ≠ ${b}`);

test('accuracy, per-class precision/recall/F1 and macro-F1 from a hand-made confusion matrix', () => {
  // rows = true, columns = predicted
  const cm = [
    [5, 1, 0],
    [2, 3, 1],
    [0, 0, 4],
  ];
  const m = metricsFromConfusion(cm, ['a', 'b', 'c']);
  close(m.accuracy, 12 / 16, 'accuracy');
  // a: P = 5/7, R = 5/6; b: P = 3/4, R = 3/6; c: P = 4/5, R = 4/4
  close(m.perClass[0].precision, 5 / 7);
  close(m.perClass[0].recall, 5 / 6);
  close(m.perClass[1].precision, 3 / 4);
  close(m.perClass[1].recall, 1 / 2);
  close(m.perClass[2].f1, (2 * 0.8 * 1) / 1.8);
  const f1 = (p: number, r: number) => (2 * p * r) / (p + r);
  close(m.macroF1, (f1(5 / 7, 5 / 6) + f1(3 / 4, 1 / 2) + f1(4 / 5, 1)) / 3, 'macro-F1');
  assert.deepEqual(m.perClass.map((c) => c.support), [6, 6, 4]);
  assert.deepEqual(confusionMatrix([0, 0, 1, 2], [0, 1, 1, 0], 3), [[1, 1, 0], [0, 1, 0], [1, 0, 0]]);
});

test('majority baseline and inverse-frequency class weights', () => {
  const b = majorityBaseline([0, 0, 0, 1], [0, 1, 1, 0], ['x', 'y']);
  assert.equal(b.label, 'x');
  close(b.accuracy, 0.5);
  // x: P = 2/4, R = 1 → F1 = 2/3; y: never predicted, F1 = 0
  close(b.macroF1, (2 / 3 + 0) / 2);
  const w = classWeights([0, 0, 0, 1], 2);
  close(w[0], 4 / (2 * 3));
  close(w[1], 4 / (2 * 1));
  close(w[0] * 3 + w[1] * 1, 4, 'weights keep the total mass');
});

test('the stratified split is seeded, disjoint and keeps every class on both sides', () => {
  const y = [...Array(50).fill(0), ...Array(10).fill(1), 2, 2];
  const a = stratifiedSplit(y, 3, 0.2, 7);
  assert.deepEqual(a, stratifiedSplit(y, 3, 0.2, 7));
  assert.notDeepEqual(a.val, stratifiedSplit(y, 3, 0.2, 8).val);
  assert.equal(a.train.length + a.val.length, y.length);
  assert.equal(new Set([...a.train, ...a.val]).size, y.length);
  const count = (idx: number[], c: number) => idx.filter((i) => y[i] === c).length;
  assert.deepEqual([0, 1, 2].map((c) => count(a.val, c)), [10, 2, 1]);
  assert.deepEqual([0, 1, 2].map((c) => count(a.train, c)), [40, 8, 1]);
});
