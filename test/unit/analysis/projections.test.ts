import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CancelledError, UserError } from '../../../src/engine/errors';
import { project } from '../../../src/engine/analysis/project';
import { tsne } from '../../../src/engine/analysis/tsne';
import { umap } from '../../../src/engine/analysis/umap';
import { gaussianClusters, knnLabelAgreement } from './helpers';

const N = 300, D = 20;
const { x, labels } = gaussianClusters(N, D, 3, 4);

test('t-SNE separates three well-separated Gaussian clusters (2-D and 3-D)', async () => {
  for (const dims of [2, 3] as const) {
    const y = await tsne(x, N, D, { dims, perplexity: 20, nIterations: 300 });
    assert.equal(y.length, N * dims);
    assert.ok(y.every(Number.isFinite));
    const agree = knnLabelAgreement(y, dims, labels, 10);
    assert.ok(agree > 0.9, `${dims}-D kNN label agreement ${agree}`);
  }
});

test('UMAP separates three well-separated Gaussian clusters', async () => {
  const y = await umap(x, N, D, { dims: 2, seed: 3, nEpochs: 150 });
  assert.equal(y.length, N * 2);
  const agree = knnLabelAgreement(y, 2, labels, 10);
  assert.ok(agree > 0.9, `kNN label agreement ${agree}`);
});

test('seeds reproduce t-SNE and UMAP exactly, and another seed changes them', async () => {
  const small = x.subarray(0, 120 * D);
  const t = (seed: number) => tsne(small, 120, D, { dims: 2, seed, init: 'random', nIterations: 300 });
  const a = await t(1);
  assert.deepEqual(await t(1), a);
  assert.notDeepEqual(await t(2), a);
  const u = (seed: number) => umap(small, 120, D, { dims: 2, seed, nEpochs: 50 });
  const b = await u(5);
  assert.deepEqual(await u(5), b);
  assert.notDeepEqual(await u(6), b);
});

test('an abort stops t-SNE and UMAP early with CancelledError', async () => {
  for (const method of ['tsne', 'umap'] as const) {
    const ac = new AbortController();
    const fractions: number[] = [];
    const run = project(x, N, D, { method, dims: 2 }, {
      signal: ac.signal,
      onProgress: (p) => {
        fractions.push(p.fraction);
        if (p.fraction > 0.3) ac.abort();
      },
    });
    await assert.rejects(run, CancelledError);
    assert.ok(fractions.length > 0 && fractions.at(-1)! < 0.9, `${method} stopped at ${fractions.at(-1)}`);
  }
  // an abort from outside lands between slices of work (the engine's RPC cancel path)
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 30);
  const t0 = Date.now();
  await assert.rejects(tsne(x, N, D, { dims: 2, nIterations: 100000 }, { signal: ac.signal }), CancelledError);
  assert.ok(Date.now() - t0 < 3000);
});

test('project() returns PCA explained variance and refuses inputs it cannot project', async () => {
  const p = await project(x, N, D, { method: 'pca', dims: 3 });
  assert.equal(p.coords.length, N * 3);
  assert.equal(p.dims, 3);
  assert.equal(p.explainedVariance!.length, 3);
  assert.ok(p.explainedVariance![0] >= p.explainedVariance![1] && p.explainedVariance![1] >= p.explainedVariance![2]);
  assert.ok(p.explainedVariance!.reduce((s, v) => s + v, 0) <= 1 + 1e-9);
  assert.ok(p.ms >= 0);
  await assert.rejects(project(new Float32Array(6), 3, 2, { method: 'tsne', dims: 2 }), UserError);
  await assert.rejects(project(new Float32Array(6), 3, 2, { method: 'pca', dims: 3 }), /at least 3 dimensions/);
});

test('vectors wider than 50 dims go through PCA first and still separate', async () => {
  const wide = gaussianClusters(150, 80, 3, 4, 9);
  const p = await project(wide.x, 150, 80, { method: 'umap', dims: 2, seed: 1 });
  assert.ok(knnLabelAgreement(p.coords, 2, wide.labels, 5) > 0.9);
});
