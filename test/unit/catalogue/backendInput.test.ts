// Bad input to the backend settings (a sibling of the bad-input catalogue): thread counts that are not numbers, a
// WebGPU that is switched off, a backend name that does not exist. Each ends in a working backend and a message
// that says what happened; nothing throws.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as os from 'node:os';
import { initBackend } from '../../../src/engine/backend';
import { wantedWasmThreads } from '../../../src/engine/backends/wasmThreads';

const cores = Math.min(8, os.availableParallelism());

test('MODEL_LENS_WASM_THREADS / modelLens.wasmThreads: junk means every core, too many is capped', () => {
  const cases: [string | undefined, number][] = [
    [undefined, cores],
    ['', cores],
    ['abc', cores],
    ['-3', cores],
    ['0', cores],
    ['1.5', cores],
    ['1', 1],
    ['999', cores],
  ];
  for (const [env, want] of cases) {
    if (env === undefined) delete process.env.MODEL_LENS_WASM_THREADS;
    else process.env.MODEL_LENS_WASM_THREADS = env;
    assert.equal(wantedWasmThreads(), want, `MODEL_LENS_WASM_THREADS=${JSON.stringify(env)}`);
  }
  delete process.env.MODEL_LENS_WASM_THREADS;
});

test('--backend webgpu where WebGPU is switched off: the next backend, and the reason in the report', async () => {
  process.env.MODEL_LENS_WEBGPU_DISABLE = '1';
  const r = await initBackend('webgpu');
  assert.notEqual(r.active, 'webgpu');
  assert.equal(r.attempts.find((a) => a.choice === 'webgpu')!.reason, 'disabled by MODEL_LENS_WEBGPU_DISABLE');
  assert.deepEqual(r.warnings, [`Backend "webgpu" is not available; using "${r.active}".`]);
  const bad = await initBackend('WebGPU');
  assert.deepEqual(bad.warnings.slice(0, 1), ['Unknown backend setting "WebGPU"; using "auto".']);
  assert.notEqual(bad.active, 'webgpu');
});
