// Starts tfjs-backend-wasm's threaded SIMD build in plain Node (and Electron's Node), so XNNPACK
// runs matmuls on every core. tfjs disables threads under Node because Emscripten starts each
// pthread worker from a `blob:` URL, which Node's Worker refuses (ERR_WORKER_PATH); here the
// worker is a small file on disk that loads Emscripten's own worker and main script by path.
import * as tf from '@tensorflow/tfjs-core';
import { setThreadsCount, getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';

const MAIN = 'tfjs-backend-wasm-threaded-simd.js';
const WORKER = 'tfjs-backend-wasm-threaded-simd.worker.js';

/** Folder holding Emscripten's threaded main script and worker: dist/wasm when bundled, else node_modules. */
export function wasmThreadScriptsDir(bundledDir: string): string {
  if (fs.existsSync(path.join(bundledDir, MAIN)) && fs.existsSync(path.join(bundledDir, WORKER))) return bundledDir;
  const req = createRequire(__filename);
  return path.dirname(req.resolve(`@tensorflow/tfjs-backend-wasm/wasm-out/${MAIN}`));
}

/**
 * Writes the pthread bootstrap file once per scripts folder: it rewrites Emscripten's "load"
 * message so the worker imports the main script from a file path instead of a Blob, then runs
 * Emscripten's worker code. Returns its absolute path.
 */
function writeBootstrap(scriptsDir: string): string {
  const main = path.join(scriptsDir, MAIN);
  const worker = path.join(scriptsDir, WORKER);
  const src = [
    '// Written by Model Lens: one tfjs-backend-wasm pthread, its scripts loaded by file path.',
    "const { parentPort } = require('worker_threads');",
    'const on = parentPort.on.bind(parentPort);',
    'parentPort.on = (ev, fn) => on(ev, ev !== "message" ? fn : (d) => {',
    `  if (d && d.cmd === 'load') d.urlOrBlob = ${JSON.stringify(main)};`,
    '  fn(d);',
    '});',
    // the package ships Emscripten's worker as a string export; run it with this module's require
    `const { wasmWorkerContents } = require(${JSON.stringify(worker)});`,
    // (its template literal holds raw newlines inside string literals; tfjs escapes them the same way)
    "new Function('require', '__filename', wasmWorkerContents.replace(/\\n/g, '\\\\n'))(require, __filename);",
    '',
  ].join('\n');
  const tag = Buffer.from(scriptsDir).toString('base64url').slice(-40);
  const file = path.join(os.tmpdir(), `model-lens-wasm-pthread-${tag}.cjs`);
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== src) {
    // write-then-rename: two engine processes starting at once never see half a file
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, src);
    fs.renameSync(tmp, file);
  }
  return file;
}

/** Threads to ask for: MODEL_LENS_WASM_THREADS (or the cap passed in) if set, else every logical core. */
export function wantedWasmThreads(cap?: number): number {
  const cores = Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  const env = Number(process.env.MODEL_LENS_WASM_THREADS);
  const limit = cap && cap > 0 ? cap : Number.isInteger(env) && env > 0 ? env : cores;
  // tfjs pre-creates 8 pthread workers and its C++ never uses more
  return Math.max(1, Math.min(cores, 8, Math.floor(limit)));
}

/**
 * Initialises tfjs's 'wasm' backend with `threads` XNNPACK threads (1 = the single-threaded SIMD
 * build, no workers). Must run before the wasm backend is first initialised. Returns the thread
 * count the backend reports.
 */
export async function setWasmBackendThreaded(threads: number, scriptsDir: string): Promise<number> {
  if (threads <= 1) {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    if (!(await tf.setBackend('wasm'))) throw new Error('WebAssembly backend failed to initialise');
    return 1;
  }
  const bootstrap = writeBootstrap(scriptsDir);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  setThreadsCount(threads);
  // tfjs asks URL.createObjectURL for the worker script's URL; answer with the bootstrap's path
  const origUrl = URL.createObjectURL;
  URL.createObjectURL = ((obj: Blob) => (obj instanceof Blob && /javascript/.test(obj.type) ? bootstrap : origUrl(obj))) as typeof URL.createObjectURL;
  // tfjs's C++ caps threads at emscripten_num_logical_cores() / 2 (it assumes two hyperthreads per
  // core), which is os.cpus().length in Node: report twice the wanted count while it initialises.
  const osModule = createRequire(__filename)('node:os') as { cpus: typeof os.cpus };
  const origCpus = osModule.cpus;
  const cpus = origCpus();
  osModule.cpus = () => Array.from({ length: 2 * threads }, (_, i) => cpus[i % Math.max(1, cpus.length)]);
  try {
    if (!(await tf.setBackend('wasm'))) throw new Error('threaded WebAssembly backend failed to initialise');
  } finally {
    URL.createObjectURL = origUrl;
    osModule.cpus = origCpus;
  }
  unrefPthreads();
  return getThreadsCount();
}

/**
 * XNNPACK's pool threads wait in their workers for the next op, and Emscripten keeps those workers
 * ref'd, so a CLI run or a test file would never exit on its own. They hold no state worth waiting
 * for: unref them, and the process ends when its own work does.
 */
function unrefPthreads(): void {
  const pt = (tf.backend() as unknown as { wasm?: { PThread?: { runningWorkers?: unknown[]; unusedWorkers?: unknown[] } } }).wasm?.PThread;
  for (const w of [...(pt?.runningWorkers ?? []), ...(pt?.unusedWorkers ?? [])]) (w as { unref?: () => void }).unref?.();
}
