import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pca } from '../../../src/engine/analysis/pca';
import { gaussian, makeRandom } from '../../../src/engine/analysis/random';
import { symmetricEigen } from '../../../src/engine/analysis/symmetricEigen';
import { exactNeighbours } from '../../../src/engine/analysis/knn';

/** Orthonormal basis of R^d from seeded Gram–Schmidt; row r is axis r. */
function randomBasis(d: number, random: () => number): Float64Array {
  const b = new Float64Array(d * d);
  for (let r = 0; r < d; r++) {
    for (let j = 0; j < d; j++) b[r * d + j] = gaussian(random);
    for (let q = 0; q < r; q++) {
      let dot = 0;
      for (let j = 0; j < d; j++) dot += b[r * d + j] * b[q * d + j];
      for (let j = 0; j < d; j++) b[r * d + j] -= dot * b[q * d + j];
    }
    let norm = 0;
    for (let j = 0; j < d; j++) norm += b[r * d + j] ** 2;
    for (let j = 0; j < d; j++) b[r * d + j] /= Math.sqrt(norm);
  }
  return b;
}

test('PCA recovers the axes of a rotated anisotropic Gaussian, largest variance first', () => {
  const d = 6, n = 20000;
  const sd = [6, 3, 1.5, 0.8, 0.4, 0.2];
  const random = makeRandom(7);
  const axes = randomBasis(d, random);
  const shift = [10, -5, 3, 0, 1, 2];
  const x = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const z = sd.map((s) => gaussian(random) * s);
    for (let j = 0; j < d; j++) {
      let v = shift[j];
      for (let r = 0; r < d; r++) v += z[r] * axes[r * d + j];
      x[i * d + j] = v;
    }
  }
  const r = pca(x, n, d, 3);
  const total = sd.reduce((s, v) => s + v * v, 0);
  assert.equal(r.coords.length, n * 3);
  for (let c = 0; c < 3; c++) {
    assert.ok(Math.abs(r.explainedVarianceRatio[c] - sd[c] ** 2 / total) < 0.01, `ratio ${c}: ${r.explainedVarianceRatio[c]}`);
    if (c > 0) assert.ok(r.explainedVarianceRatio[c] < r.explainedVarianceRatio[c - 1]);
    let dot = 0;
    for (let j = 0; j < d; j++) dot += r.components[c * d + j] * axes[c * d + j];
    assert.ok(Math.abs(dot) > 0.995, `component ${c} is axis ${c} (|cos| = ${Math.abs(dot)})`);
    for (let q = 0; q < c; q++) {
      let o = 0;
      for (let j = 0; j < d; j++) o += r.components[c * d + j] * r.components[q * d + j];
      assert.ok(Math.abs(o) < 1e-9, 'components are orthogonal');
    }
    // the coordinates are centred and carry the stated variance
    let mean = 0, ss = 0;
    for (let i = 0; i < n; i++) mean += r.coords[i * 3 + c] / n;
    for (let i = 0; i < n; i++) ss += (r.coords[i * 3 + c] - mean) ** 2;
    assert.ok(Math.abs(mean) < 1e-3);
    assert.ok(Math.abs(ss / (n - 1) / r.explainedVariance[c] - 1) < 1e-3);
  }
  for (let j = 0; j < d; j++) assert.ok(Math.abs(r.mean[j] - shift[j]) < 0.2);
});

test('PCA of a constant input gives zeros, not NaN', () => {
  const r = pca(new Float32Array(4 * 3).fill(2), 4, 3, 2);
  assert.deepEqual(Array.from(r.coords), new Array(8).fill(0));
  assert.deepEqual(Array.from(r.explainedVarianceRatio), [0, 0]);
});

test('the symmetric eigensolver returns A v = λ v with orthonormal v, descending', () => {
  const d = 30, random = makeRandom(3);
  const b = Array.from({ length: d * d }, () => gaussian(random));
  const a = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) a[i * d + j] += b[i * d + k] * b[j * d + k];
  const { values, vectors } = symmetricEigen(a, d);
  for (let r = 0; r < d; r++) {
    if (r > 0) assert.ok(values[r] <= values[r - 1]);
    for (let i = 0; i < d; i++) {
      let av = 0;
      for (let k = 0; k < d; k++) av += a[i * d + k] * vectors[r * d + k];
      assert.ok(Math.abs(av - values[r] * vectors[r * d + i]) < 1e-9 * values[0]);
    }
    let norm = 0;
    for (let k = 0; k < d; k++) norm += vectors[r * d + k] ** 2;
    assert.ok(Math.abs(norm - 1) < 1e-12);
  }
});

test('exact kNN matches a direct sort, nearest first, never itself', async () => {
  const n = 203, d = 7, k = 5, random = makeRandom(5);
  const x = Float32Array.from({ length: n * d }, () => gaussian(random));
  const nb = await exactNeighbours(x, n, d, k);
  for (const i of [0, 1, 2, 3, 100, 201, 202]) {
    const want = Array.from({ length: n }, (_, j) => j).filter((j) => j !== i)
      .map((j) => [x.subarray(j * d, j * d + d).reduce((s, v, t) => s + (v - x[i * d + t]) ** 2, 0), j] as const)
      .sort((a, b) => a[0] - b[0]).slice(0, k);
    assert.deepEqual(Array.from(nb.indices.subarray(i * k, i * k + k)), want.map(([, j]) => j));
    want.forEach(([dd], t) => assert.ok(Math.abs(nb.sqDistances[i * k + t] - dd) < 1e-4 * (1 + dd)));
  }
});
