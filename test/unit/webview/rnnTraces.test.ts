// Trace builders of the "Inside an RNN" and Sequence to Sequence panels: units × time orientation, clipping maths,
// one accuracy line per trained variant, alignment heat map shape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clipNorms, gateHeatmap, gradientTraces, hiddenHeatmap, reachRatio, unitsByTime, type States } from '../../../webview/insideRnn/traces';
import { accuracyTraces, alignmentHeatmap, chosenMatrix, matrixChoices } from '../../../webview/seq2seq/traces';

const states: States = {
  type: 'states',
  model: 'm',
  ms: 1,
  arch: 'lstm',
  tokens: ['h', 'e', 'l'],
  ids: [2, 1, 3],
  truncated: false,
  layers: [{ hidden: [[0.1, -0.5], [0.2, 0.4], [0.3, -0.9]], gates: { input: [[0.5, 0.5], [0.1, 0.9], [1, 0]] } }],
  gradThroughTime: [3, 4],
  trainingTraces: [{ step: 10, norms: [0.1, 1] }, { step: 20, norms: [0.01, 1] }],
};

test('hidden state: units run down, time runs across, colour range symmetric around 0', () => {
  const h = hiddenHeatmap(states, 0);
  assert.deepEqual(h.z, [[0.1, 0.2, 0.3], [-0.5, 0.4, -0.9]]);
  assert.deepEqual(h.x, [0, 1, 2]);
  assert.equal(h.zmax, 0.9);
  assert.equal(h.zmin, -0.9);
  assert.deepEqual(gateHeatmap(states.layers[0].gates.input!, 'input').z, [[0.5, 0.1, 1], [0.5, 0.9, 0]]);
  assert.deepEqual(unitsByTime([]), []);
});

test('gradient clipping rescales the whole trace by c/‖g‖ only when ‖g‖ > c', () => {
  const near = (a: number[], b: number[]) => assert.ok(a.length === b.length && a.every((x, i) => Math.abs(x - b[i]) < 1e-12), `${a} vs ${b}`);
  near(clipNorms([3, 4], 1), [0.6, 0.8]); // ‖g‖ = 5
  assert.deepEqual(clipNorms([0.3, 0.4], 1), [0.3, 0.4]);
  const t = gradientTraces(states, 1);
  assert.equal(t.length, 3);
  assert.equal(t[0].name, 'this text (clipped at 1)');
  near(t[0].y, [0.6, 0.8]);
  assert.equal(t[2].name, 'training step 20');
  assert.ok(t[2].opacity! > t[1].opacity!);
  assert.deepEqual(t.map((x) => x.showlegend), [undefined, false, true]); // one legend entry for the training traces
  assert.deepEqual(gradientTraces(states, undefined)[0].y, [3, 4]);
  assert.equal(reachRatio([0.01, 1]), 0.01);
  assert.equal(reachRatio([1]), undefined);
});

test('accuracy chart: one line per trained variant in percent; alignment keeps repeated tokens apart', () => {
  const acc = [
    { length: 1, accuracy: 1, tokenAccuracy: 1, n: 10 },
    { length: 2, accuracy: 0.5, tokenAccuracy: 0.7, n: 10 },
  ];
  const lines = accuracyTraces([{ dir: 'a', arch: 'rnn', accuracy: acc }, { dir: 'b', arch: 'rnn-attention', accuracy: acc }, { dir: 'c', error: 'broken' }]);
  assert.deepEqual(lines.map((l) => l.name), ['RNN, fixed context', 'RNN + attention']);
  assert.deepEqual(lines[0].y, [100, 50]);
  const t = { alignment: [[0.2, 0.8]], input: ['a', 'b'], tokens: ['b'], patterns: { 'encoder.self': [[[1, 0], [0.5, 0.5]]], 'decoder.self': [[[1]]] } };
  assert.deepEqual(matrixChoices(t.patterns).map((c) => c.value), ['alignment', 'encoder.self:0', 'decoder.self:0']);
  assert.deepEqual(chosenMatrix(t, 'encoder.self:0'), { z: [[1, 0], [0.5, 0.5]], rows: ['a', 'b'], cols: ['a', 'b'] });
  assert.deepEqual(chosenMatrix(t, 'decoder.self:0')!.rows, ['<s>']);
  assert.equal(chosenMatrix({ ...t, alignment: null }, 'alignment'), undefined);
  const h = alignmentHeatmap([[0.2, 0.8], [1, 0]]);
  assert.deepEqual(h.x, [0, 1]);
  assert.deepEqual(h.y, [0, 1]);
});
