// Picks the TensorFlow.js backend at engine start: tfjs-node-gpu (CUDA) → WebGPU on a hardware
// adapter → tfjs-node → wasm (threads = cores) → cpu, recording why each was or was not used, and
// exports what the active backend can do (capabilities) so engine code need not test names.
// The native TensorFlow packages are optional (their install downloads libtensorflow), so they are
// required by a computed name that the bundler leaves alone.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';

import { isBackendChoice, type BackendAttempt, type BackendChoice, type BackendReport, type GpuAdapterReport } from '../protocol/backend';
import { adapterLabel, findAdapter, startWebGpu, stopWebGpu } from './backends/webgpu';
import { setWasmBackendThreaded, wantedWasmThreads, wasmThreadScriptsDir } from './backends/wasmThreads';
export { isBackendChoice, BACKEND_CHOICES, type BackendChoice, type BackendReport, type BackendAttempt } from '../protocol/backend';

// PROD silences tfjs's console banner ("Hi, looks like you are running TensorFlow.js in Node.js"),
// which would otherwise land in every CLI run and in the engine log.
tf.env().set('PROD', true);

const LABELS: Record<Exclude<BackendChoice, 'auto'>, string> = {
  gpu: '@tensorflow/tfjs-node-gpu (CUDA)',
  webgpu: '@tensorflow/tfjs-backend-webgpu on Dawn (Vulkan / Metal / D3D12)',
  node: '@tensorflow/tfjs-node (native CPU)',
  wasm: '@tensorflow/tfjs-backend-wasm (WebAssembly SIMD, threads)',
  cpu: '@tensorflow/tfjs-backend-cpu (plain JavaScript)',
};

let report: BackendReport | undefined;


/** tfjs-node 4.22 calls util.isNullOrUndefined, removed in Node 23: put it back before require. */
function polyfillNodeUtil(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const util = require('node:util') as Record<string, unknown>;
  if (typeof util.isNullOrUndefined !== 'function') {
    util.isNullOrUndefined = (v: unknown) => v === null || v === undefined;
  }
}

/** Folders to resolve the optional native packages from: the extension root, then the cwd. */
function nativeRequire(name: string): unknown {
  const roots = [path.resolve(__dirname, '..'), path.resolve(__dirname, '..', '..'), process.cwd()];
  const extra = process.env.MODEL_LENS_NODE_MODULES;
  if (extra) roots.unshift(extra);
  let lastErr: unknown;
  for (const r of roots) {
    try {
      return createRequire(path.join(r, 'noop.js'))(name);
    } catch (e) {
      lastErr = e;
    }
  }
  throw lastErr;
}

function shortReason(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  if (/Cannot find module/.test(msg)) return 'not installed (npm install it; see README "Compute backends and the GPU")';
  return msg.split('\n')[0].slice(0, 300);
}

async function tryNative(choice: 'gpu' | 'node'): Promise<string> {
  polyfillNodeUtil();
  const pkg = choice === 'gpu' ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node';
  const mod = nativeRequire(pkg) as { version?: unknown };
  void mod;
  // The native package registers itself under the name 'tensorflow' on the tfjs-core it imports;
  // that must be the same tfjs-core instance as ours, otherwise nothing is registered here.
  if (!tf.findBackendFactory('tensorflow')) {
    throw new Error(`${pkg} loaded but registered on another copy of @tensorflow/tfjs-core (versions must match 4.22)`);
  }
  if (!(await tf.setBackend('tensorflow'))) throw new Error(`${pkg} failed to initialise`);
  if (choice === 'gpu') {
    const gpus = listGpus(mod);
    if (gpus === 0) throw new Error('loaded, but TensorFlow sees no CUDA GPU (needs CUDA 11.2 + cuDNN 8.1)');
  }
  return 'loaded';
}

/** Counts GPUs libtensorflow can see; 0 when it cannot tell. */
function listGpus(mod: unknown): number {
  try {
    const backend = tf.backend() as unknown as { binding?: { isUsingGpuDevice?: () => boolean } };
    if (backend.binding?.isUsingGpuDevice) return backend.binding.isUsingGpuDevice() ? 1 : 0;
  } catch {
    /* fall through */
  }
  void mod;
  return process.env.CUDA_VISIBLE_DEVICES === '' ? 0 : 1;
}

/** Directory with the tfjs-backend-wasm .wasm files: dist/wasm when bundled, node_modules in dev. */
export function wasmDir(): string {
  const bundled = path.join(__dirname, 'wasm');
  if (fs.existsSync(path.join(bundled, 'tfjs-backend-wasm-simd.wasm'))) return bundled + path.sep;
  const req = createRequire(__filename);
  return path.dirname(req.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm')) + path.sep;
}

let wasmThreads: number | undefined;

async function tryWasm(): Promise<string> {
  const dir = wasmDir();
  setWasmPaths(dir);
  const want = wantedWasmThreads();
  try {
    wasmThreads = await setWasmBackendThreaded(want, wasmThreadScriptsDir(dir));
  } catch (e) {
    if (want <= 1) throw e;
    // threads need worker_threads and SharedArrayBuffer; without them one thread still works
    wasmThreads = await setWasmBackendThreaded(1, wasmThreadScriptsDir(dir));
    return `loaded (SIMD, single thread: ${want} threads failed: ${shortReason(e)})`;
  }
  return wasmThreads > 1 ? `loaded (SIMD, ${wasmThreads} threads)` : 'loaded (SIMD, single thread)';
}

let adapter: GpuAdapterReport | undefined;
let lostHandler: ((why: string) => void) | undefined;

/** WebGPU on Dawn; a software adapter only when the setting names "webgpu". */
async function tryWebGpu(asked: boolean): Promise<string> {
  const a = await findAdapter();
  if (!a) throw new Error('no WebGPU adapter (no Vulkan/Metal/D3D12 driver found by Dawn)');
  adapter = a;
  if (a.software && !asked) throw new Error(`only a software adapter: ${adapterLabel(a)}; slower than wasm, used only when "webgpu" is asked for by name`);
  await startWebGpu((why) => lostHandler?.(why));
  return `loaded on ${adapterLabel(a)}`;
}

async function tryCpu(): Promise<string> {
  if (!(await tf.setBackend('cpu'))) throw new Error('cpu backend failed');
  return 'loaded';
}

const ORDER: Exclude<BackendChoice, 'auto'>[] = ['gpu', 'webgpu', 'node', 'wasm', 'cpu'];
const TRY: Record<Exclude<BackendChoice, 'auto'>, (asked: boolean) => Promise<string>> = {
  gpu: () => tryNative('gpu'),
  webgpu: tryWebGpu,
  node: () => tryNative('node'),
  wasm: tryWasm,
  cpu: tryCpu,
};

/**
 * Initialise TensorFlow.js with the requested backend, falling back down the order.
 * An unknown choice is reported as a warning and treated as 'auto'.
 */
export async function initBackend(requested: unknown = 'auto'): Promise<BackendReport> {
  const warnings: string[] = [];
  let choice: BackendChoice = 'auto';
  if (isBackendChoice(requested)) choice = requested;
  else warnings.push(`Unknown backend setting ${JSON.stringify(requested)}; using "auto".`);
  const start = choice === 'auto' ? 0 : ORDER.indexOf(choice);
  const r = await climb(start, choice, []);
  report = { requested: choice, ...r, warnings: [...warnings, ...r.warnings] };
  if (choice !== 'auto' && report.active !== choice) {
    report.warnings.push(`Backend "${choice}" is not available; using "${report.active}".`);
  }
  lostHandler = (why) => void fallBackAfterGpuLoss(why);
  return report;
}

/** Tries ORDER[start…] in turn; earlier rungs are listed as skipped with `skipped`'s reason. */
async function climb(
  start: number,
  choice: BackendChoice,
  before: BackendAttempt[],
): Promise<Omit<BackendReport, 'requested'>> {
  const attempts: BackendAttempt[] = [...before];
  let active: Exclude<BackendChoice, 'auto'> | undefined;
  wasmThreads = undefined;
  for (let i = attempts.length; i < ORDER.length; i++) {
    const c = ORDER[i];
    if (i < start) {
      attempts.push({ choice: c, label: LABELS[c], loaded: false, reason: `not tried: setting asks for "${choice}"` });
      continue;
    }
    if (active) {
      attempts.push({ choice: c, label: LABELS[c], loaded: false, reason: `not needed: ${active} is active` });
      continue;
    }
    try {
      const why = await TRY[c](c === choice);
      active = c;
      attempts.push({ choice: c, label: LABELS[c], loaded: true, reason: why });
    } catch (e) {
      attempts.push({ choice: c, label: LABELS[c], loaded: false, reason: shortReason(e) });
    }
  }
  if (!active) throw new Error('No TensorFlow.js backend could be initialised');
  return {
    active,
    tfName: tf.getBackend(),
    attempts,
    warnings: [],
    ...(adapter ? { adapter } : {}),
    ...(active === 'wasm' && wasmThreads ? { wasmThreads } : {}),
  };
}

/**
 * The GPU device went away (driver reset, another process took the GPU, out of memory): move to
 * the next rung below webgpu and say so. Tensors that lived on the GPU are gone with it, so a
 * model must be loaded again and a training run resumes from its last checkpoint.
 */
export async function fallBackAfterGpuLoss(why: string): Promise<BackendReport | undefined> {
  if (!report || report.active !== 'webgpu') return report;
  stopWebGpu();
  const i = ORDER.indexOf('webgpu');
  const lost: BackendAttempt = { choice: 'webgpu', label: LABELS.webgpu, loaded: false, reason: why };
  const r = await climb(i + 1, report.requested, [...report.attempts.slice(0, i), lost]);
  report = {
    ...report,
    ...r,
    warnings: [...report.warnings, `WebGPU stopped: ${why}. Now on ${r.active}; load models again (training resumes from its last checkpoint).`],
  };
  return report;
}

/** What the active backend can do; engine code asks this instead of comparing backend names. */
export interface BackendCapabilities {
  /** dataSync()/arraySync() work (false on WebGPU in Node: no OffscreenCanvas; use await data()). */
  syncReadback: boolean;
  /** Tensors live in GPU memory (reads cost a copy; keep work on the device). */
  gpu: boolean;
  /** Tensors live in JS/wasm memory (cpu, wasm): a JS/wasm kernel reads them with a copy, not a device sync. */
  hostMemory: boolean;
  /** XNNPACK threads (wasm) or 1. */
  threads: number;
}

export function backendCapabilities(): BackendCapabilities {
  const name = tf.getBackend();
  const onGpu = name === 'webgpu' || name === 'webgl' || (name === 'tensorflow' && report?.active === 'gpu');
  return {
    syncReadback: name !== 'webgpu',
    gpu: onGpu,
    hostMemory: name === 'wasm' || name === 'cpu',
    threads: name === 'wasm' ? (wasmThreads ?? 1) : 1,
  };
}

/** The report from the last initBackend call. */
export function backendReport(): BackendReport | undefined {
  return report;
}
