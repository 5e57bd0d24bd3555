// Recurrent cells: autodiff gradients against central finite differences (RNN, LSTM, GRU), an LSTM step against a
// plain-loop computation of the gate equations, and the forward pass's shapes and cache names.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useTestBackend } from '../backendForTests';
import { lstmStep } from '../../../src/engine/rnn/cells';
import { RecurrentLm, disposeRnnCache } from '../../../src/engine/rnn/model';
import { rnnLoss } from '../../../src/engine/rnn/train';
import { Rng } from '../../../src/engine/lm/rng';
import type { RnnArch } from '../../../src/engine/rnn/config';

before(async () => {
  await useTestBackend();
});

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

test('an LSTM step equals the gate equations computed with plain loops', () => {
  const rng = new Rng(7);
  const B = 2, H = 3;
  const rand = (n: number) => Array.from({ length: n }, () => rng.normal() * 0.7);
  const xp = rand(B * 4 * H), h0 = rand(B * H), c0 = rand(B * H), wh = rand(H * 4 * H);
  const r = tf.tidy(() => {
    const s = lstmStep(tf.tensor2d(xp, [B, 4 * H]), { h: tf.tensor2d(h0, [B, H]), c: tf.tensor2d(c0, [B, H]) }, tf.tensor2d(wh, [H, 4 * H]));
    return [s.state.h, s.state.c!, s.gates.input!, s.gates.forget!, s.gates.output!].map((t) => tf.keep(t));
  });
  const [h, c, gi, gf, go] = r.map((t) => t.arraySync() as number[][]);
  tf.dispose(r);
  for (let b = 0; b < B; b++) {
    // z = xp + h0 · W_h, then i, f, g, o by hand
    const z = Array.from({ length: 4 * H }, (_, j) => {
      let s = xp[b * 4 * H + j];
      for (let k = 0; k < H; k++) s += h0[b * H + k] * wh[k * 4 * H + j];
      return s;
    });
    for (let u = 0; u < H; u++) {
      const i = sigmoid(z[u]), f = sigmoid(z[H + u]), g = Math.tanh(z[2 * H + u]), o = sigmoid(z[3 * H + u]);
      const cNew = f * c0[b * H + u] + i * g;
      const hNew = o * Math.tanh(cNew);
      assert.ok(Math.abs(c[b][u] - cNew) < 1e-5, `c[${b}][${u}] ${c[b][u]} vs ${cNew}`);
      assert.ok(Math.abs(h[b][u] - hNew) < 1e-5, `h[${b}][${u}] ${h[b][u]} vs ${hNew}`);
      assert.ok(Math.abs(gi[b][u] - i) < 1e-6 && Math.abs(gf[b][u] - f) < 1e-6 && Math.abs(go[b][u] - o) < 1e-6);
    }
  }
});

for (const arch of ['rnn', 'lstm', 'gru'] as RnnArch[]) {
  test(`${arch}: autodiff gradients match central finite differences`, () => {
    const m = RecurrentLm.create({ arch, vocabSize: 5, dHidden: 4, nLayers: 2, contextLength: 4 }, 11);
    const x = tf.tensor2d([[1, 2, 3, 4], [4, 0, 2, 1]], [2, 4], 'int32');
    const y = tf.tensor1d([2, 3, 4, 0, 0, 2, 1, 3], 'int32');
    const names = Object.keys(m.params);
    const grads = tf.tidy(() =>
      tf.grads((...ts: tf.Tensor[]) => rnnLoss(Object.fromEntries(names.map((n, i) => [n, ts[i]])), m.config, x, y))(names.map((n) => m.params[n])).map((g) => g.arraySync()),
    );
    const lossWith = (name: string, flat: number, delta: number): number =>
      tf.tidy(() => {
        const v = m.params[name].dataSync().slice();
        v[flat] += delta;
        const p = { ...m.params, [name]: tf.tensor(v, m.params[name].shape) };
        return rnnLoss(p, m.config, x, y).dataSync()[0];
      });
    const rng = new Rng(3);
    let checked = 0;
    names.forEach((name, k) => {
      const g = (grads[k] as number[] | number[][]).flat() as number[];
      for (let trial = 0; trial < 3; trial++) {
        const j = rng.int(g.length);
        const eps = 1e-2;
        const numeric = (lossWith(name, j, eps) - lossWith(name, j, -eps)) / (2 * eps);
        assert.ok(Math.abs(g[j] - numeric) <= 2e-3 + 2e-2 * Math.abs(numeric), `${name}[${j}]: autodiff ${g[j]} vs numeric ${numeric}`);
        checked++;
      }
    });
    assert.equal(checked, names.length * 3);
    tf.dispose([x, y]);
    m.dispose();
  });
}

test('forward: logits [B, T, V], the cache names hidden states and LSTM gates, nothing leaks', () => {
  const m = RecurrentLm.create({ arch: 'lstm', vocabSize: 6, dHidden: 5, nLayers: 1, contextLength: 8 }, 2);
  const before = tf.memory().numTensors;
  const { logits, cache } = m.forward([[1, 2, 3], [3, 2, 1]], { cache: true });
  assert.deepEqual(logits.shape, [2, 3, 6]);
  assert.deepEqual(Object.keys(cache!).sort(), ['layers.0.cell', 'layers.0.gate.forget', 'layers.0.gate.input', 'layers.0.gate.output', 'layers.0.hidden']);
  assert.deepEqual(cache!['layers.0.hidden'].shape, [2, 3, 5]);
  const last = m.forward([[1, 2, 3]], { lastOnly: true }).logits;
  // the last-only logits are the full pass's last row
  const full = (logits.arraySync() as number[][][])[0][2];
  (last.arraySync() as number[][][])[0][0].forEach((v, i) => assert.ok(Math.abs(v - full[i]) < 1e-5));
  tf.dispose([logits, last]);
  disposeRnnCache(cache);
  assert.equal(tf.memory().numTensors, before);
  m.dispose();
});
