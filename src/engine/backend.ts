// Picks the TensorFlow.js backend at engine start: tfjs-node-gpu → tfjs-node → wasm → cpu.
// The native packages are optional (their install downloads libtensorflow), so they are
// required by a computed name that the bundler leaves alone, and every failure is recorded.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';

import { isBackendChoice, type BackendAttempt, type BackendChoice, type BackendReport } from '../protocol/backend';
export { isBackendChoice, BACKEND_CHOICES, type BackendChoice, type BackendReport, type BackendAttempt } from '../protocol/backend';

// PROD silences tfjs's console banner ("Hi, looks like you are running TensorFlow.js in Node.js"),
// which would otherwise land in every CLI run and in the engine log.
tf.env().set('PROD', true);

const LABELS: Record<Exclude<BackendChoice, 'auto'>, string> = {
  gpu: '@tensorflow/tfjs-node-gpu (CUDA)',
  node: '@tensorflow/tfjs-node (native CPU)',
  wasm: '@tensorflow/tfjs-backend-wasm (WebAssembly SIMD)',
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

async function tryWasm(): Promise<string> {
  setWasmPaths(wasmDir());
  if (!(await tf.setBackend('wasm'))) throw new Error('WebAssembly backend failed to initialise');
  return 'loaded (SIMD, single thread)';
}

async function tryCpu(): Promise<string> {
  if (!(await tf.setBackend('cpu'))) throw new Error('cpu backend failed');
  return 'loaded';
}

const ORDER: Exclude<BackendChoice, 'auto'>[] = ['gpu', 'node', 'wasm', 'cpu'];
const TRY: Record<Exclude<BackendChoice, 'auto'>, () => Promise<string>> = {
  gpu: () => tryNative('gpu'),
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
  const attempts: BackendAttempt[] = [];
  const start = choice === 'auto' ? 0 : ORDER.indexOf(choice);
  let active: Exclude<BackendChoice, 'auto'> | undefined;
  for (let i = 0; i < ORDER.length; i++) {
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
      const why = await TRY[c]();
      active = c;
      attempts.push({ choice: c, label: LABELS[c], loaded: true, reason: why });
    } catch (e) {
      attempts.push({ choice: c, label: LABELS[c], loaded: false, reason: shortReason(e) });
    }
  }
  if (!active) throw new Error('No TensorFlow.js backend could be initialised');
  if (choice !== 'auto' && active !== choice) {
    warnings.push(`Backend "${choice}" is not available; using "${active}".`);
  }
  report = { requested: choice, active, tfName: tf.getBackend(), attempts, warnings };
  return report;
}

/** The report from the last initBackend call. */
export function backendReport(): BackendReport | undefined {
  return report;
}
