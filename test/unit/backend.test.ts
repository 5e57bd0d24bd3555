import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/engine/backend';
import { timeMatmuls } from '../../src/engine/diagnostics';
import * as os from 'node:os';

test('auto picks the best backend that loads and says why the others did not', async () => {
  const r = await initBackend('auto');
  // the native packages are not installed here and the only WebGPU adapter (if any) is software,
  // so wasm is the best that loads, on every core
  const byChoice = Object.fromEntries(r.attempts.map((a) => [a.choice, a]));
  assert.deepEqual(r.attempts.map((a) => a.choice), ['gpu', 'webgpu', 'node', 'wasm', 'cpu']);
  if (!byChoice.gpu.loaded && !byChoice.node.loaded && !byChoice.webgpu.loaded) {
    assert.equal(r.active, 'wasm');
    assert.match(byChoice.gpu.reason, /not installed|GPU|failed|registered/);
    assert.match(byChoice.webgpu.reason, /software adapter|no WebGPU adapter|Dawn/);
    if (r.adapter?.software) assert.match(byChoice.webgpu.reason, /used only when "webgpu" is asked for by name/);
    assert.equal(byChoice.cpu.reason, 'not needed: wasm is active');
    assert.equal(r.wasmThreads, Math.min(8, os.availableParallelism()));
    assert.match(byChoice.wasm.reason, os.availableParallelism() > 1 ? /\d threads/ : /single thread/);
  }
  assert.equal(tf.getBackend(), r.tfName);
});

test('an unknown backend setting warns and falls back to auto', async () => {
  const r = await initBackend('quantum');
  assert.equal(r.requested, 'auto');
  assert.deepEqual(r.warnings, ['Unknown backend setting "quantum"; using "auto".']);
});

test('explicit cpu skips the faster ones and runs a real matmul', async () => {
  const r = await initBackend('cpu');
  assert.equal(r.active, 'cpu');
  assert.equal(tf.getBackend(), 'cpu');
  assert.match(r.attempts[0].reason, /not tried/);
  const d = await timeMatmuls([16, 32], 1);
  assert.equal(d.timings.length, 2);
  assert.ok(d.timings.every((t) => t.ms > 0 && t.gflops > 0));
  const a = tf.tensor2d([[1, 2], [3, 4]]);
  assert.deepEqual(Array.from(tf.matMul(a, a).dataSync()), [7, 10, 15, 22]);
});
