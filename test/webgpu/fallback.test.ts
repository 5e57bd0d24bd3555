// The backend ladder without a GPU: no Vulkan driver → no adapter → the next backend, with the reason in
// `model-lens info`; and a software adapter is never picked by "auto". Runs the CLI as a person would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const bin = path.resolve(__dirname, '../../bin/model-lens.js');

function info(args: string[], env: NodeJS.ProcessEnv = {}): { json: Record<string, any>; stderr: string } {
  // MODEL_LENS_CLI_SOURCES: run src/ through tsx, so the test needs no build
  const r = spawnSync(process.execPath, [bin, 'info', '--json', ...args], { env: { ...process.env, MODEL_LENS_CLI_SOURCES: '1', ...env }, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  return { json: JSON.parse(r.stdout), stderr: r.stderr };
}

test('--backend webgpu with no Vulkan driver falls back to wasm and says why', () => {
  // an ICD list naming no file: the Vulkan loader finds no driver, Dawn no adapter
  const { json, stderr } = info(['--backend', 'webgpu'], { VK_ICD_FILENAMES: '/nonexistent/icd.json' });
  assert.equal(json.backend.requested, 'webgpu');
  assert.equal(json.backend.active, 'wasm');
  const w = json.backend.attempts.find((a: { choice: string }) => a.choice === 'webgpu');
  assert.equal(w.loaded, false);
  assert.equal(w.reason, 'no WebGPU adapter (no Vulkan/Metal/D3D12 driver found by Dawn)');
  assert.match(stderr, /warning: Backend "webgpu" is not available; using "wasm"\./);
  assert.equal(json.adapter, undefined);
  assert.ok(json.wasmThreads >= 1);
});

test('auto never picks a software adapter; asked for by name it does, and names it', () => {
  const auto = info([]);
  const named = info(['--backend', 'webgpu']);
  assert.equal(named.json.backend.active, 'webgpu', 'a Vulkan driver is installed (CI: lavapipe, see .ci/run)');
  const a = named.json.adapter;
  if (!a.software) {
    // a machine with a real GPU: auto takes it (unless CUDA tfjs-node-gpu is installed and comes first)
    assert.ok(['webgpu', 'gpu'].includes(auto.json.backend.active));
    return;
  }
  assert.match(`${a.description} ${a.device}`, /llvmpipe|lavapipe|swiftshader/i);
  assert.notEqual(auto.json.backend.active, 'webgpu');
  const w = auto.json.backend.attempts.find((x: { choice: string }) => x.choice === 'webgpu');
  assert.match(w.reason, /^only a software adapter: .*used only when "webgpu" is asked for by name$/);
  assert.equal(auto.json.wasmThreads, Math.min(8, require('node:os').availableParallelism()));
});

test('a refused GPU readback (Electron\'s V8 sandbox) falls back to wasm and says to use a system Node', () => {
  const { json } = info(['--backend', 'webgpu'], { MODEL_LENS_FAULT: 'webgpu-readback' });
  assert.equal(json.backend.active, 'wasm');
  const w = json.backend.attempts.find((a: { choice: string }) => a.choice === 'webgpu');
  assert.equal(w.loaded, false);
  assert.match(w.reason, /^GPU readback failed \(External buffers are not allowed\); .*run the engine under a system Node \(setting modelLens\.engine\.runtime, see README\)$/);
});
