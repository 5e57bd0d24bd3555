// The attention panel's pure geometry: head aggregation, entropy, heat-map cells with the causal
// mask, head-view lines and theme colour mixing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregateHeads, headColor, headEntropies, headLines, heatCells, mixColor, parseColor, rowEntropy } from '../../../webview/attention/geometry';

const h0 = [[1, 0, 0], [1, 0, 0], [0.5, 0.5, 0]];
const h1 = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];

test('mean and max over heads', () => {
  assert.deepEqual(aggregateHeads([h0, h1], 'mean'), [[1, 0, 0], [0.5, 0.5, 0], [0.25, 0.25, 0.5]]);
  assert.deepEqual(aggregateHeads([h0, h1], 'max'), [[1, 0, 0], [1, 1, 0], [0.5, 0.5, 1]]);
  aggregateHeads([h0, h1], 'mean').forEach((row) => assert.ok(Math.abs(row.reduce((a, b) => a + b) - 1) < 1e-12));
});

test('entropy: one-hot rows 0 bits, a 50/50 row 1 bit', () => {
  assert.equal(rowEntropy([0, 1, 0]), 0);
  assert.equal(rowEntropy([0.5, 0.5]), 1);
  const e = headEntropies([[h0, h1]]);
  assert.ok(Math.abs(e[0][0] - 1 / 3) < 1e-12);
  assert.equal(e[0][1], 0);
});

test('heat cells: n² squares, upper triangle masked, positions on the grid', () => {
  const c = heatCells(h0, 10, 5, 7);
  assert.equal(c.length, 9);
  assert.deepEqual(c.filter((x) => x.masked).map((x) => [x.q, x.k]), [[0, 1], [0, 2], [1, 2]]);
  const cell = c.find((x) => x.q === 2 && x.k === 1)!;
  assert.deepEqual([cell.x, cell.y, cell.value], [15, 27, 0.5]);
});

test('head lines: only enabled heads, weights above the floor, one query when isolated', () => {
  const o = { xLeft: 0, xRight: 100, rowH: 10, y0: 5 };
  const all = headLines([h0, h1], [true, true], o);
  assert.equal(all.length, 4 + 3);
  assert.equal(headLines([h0, h1], [false, true], o).length, 3);
  const one = headLines([h0, h1], [true, true], { ...o, onlyQuery: 2 });
  assert.deepEqual(one.map((l) => [l.head, l.k, l.weight]), [[0, 0, 0.5], [0, 1, 0.5], [1, 2, 1]]);
  assert.deepEqual([one[0].y1, one[0].y2, one[1].y2], [25, 5, 15]);
});

test('colours', () => {
  assert.deepEqual(parseColor('#fff'), [255, 255, 255]);
  assert.deepEqual(parseColor('#3794ffcc'), [55, 148, 255]);
  assert.deepEqual(parseColor('rgb(1, 2, 3)'), [1, 2, 3]);
  assert.equal(mixColor('#000000', '#ffffff', 0.5), 'rgb(128, 128, 128)');
  assert.equal(mixColor('#000000', '#ffffff', 2), 'rgb(255, 255, 255)');
  assert.equal(headColor(['red', 'blue'], 1, 4), 'blue');
  assert.match(headColor(['red'], 3, 4), /^hsl\(270/);
});
