// Loads the WebAssembly SIMD word2vec kernel (assets/wasm/word2vec.wasm, built from
// kernels/word2vec.ts by scripts/buildKernels.mjs) and lays out the one memory it shares with JS:
// syn0, syn1, the noise table, keep probabilities, the corpus ids, σ / log σ tables and scratch rows.
// Synchronous; undefined wherever WebAssembly SIMD is missing or the model does not fit in 4 GiB,
// and the trainer then keeps to its JS loops.
import * as fs from 'node:fs';
import { assetPath } from './assets';

interface KernelExports {
  setup(
    syn0: number, syn1: number, table: number, tableSize: number, keep: number, ids: number, sen: number,
    neu1: number, neu1e: number, targets: number, sig: number, logSig: number, dim: number, window: number, negative: number, cbow: number,
  ): void;
  setRng(r: number): void;
  getRng(): number;
  getLossSum(): number;
  getLossCount(): number;
  resetLoss(): void;
  run(pos: number, n: number, budget: number, lr: number, base: number, total: number): number;
}

let cached: WebAssembly.Module | null | undefined;

/** The compiled kernel, or null where it cannot load (no SIMD, file missing); cached. */
export function word2vecModule(): WebAssembly.Module | null {
  if (cached !== undefined) return cached;
  try {
    cached = new WebAssembly.Module(fs.readFileSync(assetPath('wasm/word2vec.wasm')));
  } catch {
    cached = null;
  }
  return cached;
}

export interface WasmTrainerOptions {
  vocabSize: number;
  dim: number;
  window: number;
  negative: number;
  cbow: boolean;
  syn0: Float32Array;
  syn1: Float32Array;
  table: Int32Array;
  keep: Float32Array;
  ids: Int32Array;
  sigmoid: Float32Array;
  logSigmoid: Float32Array;
}

/** One training run's kernel instance; syn0/syn1 are views into its memory (copy them to keep). */
export interface WasmTrainer {
  syn0: Float32Array;
  syn1: Float32Array;
  /** Trains corpus positions from `pos` for about `budget` words (whole sentences); returns the new pos. */
  run(pos: number, budget: number, lr: number, base: number, total: number): number;
  rng: number;
  lossSum(): number;
  lossCount(): number;
  resetLoss(): void;
}

const MAX_SENTENCE = 1000;

export function createWasmTrainer(o: WasmTrainerOptions): WasmTrainer | undefined {
  const mod = word2vecModule();
  if (!mod) return undefined;
  const rowBytes = o.dim * 4;
  let off = 1024; // the kernel has no data of its own; keep page 0's start free anyway
  const place = (bytes: number): number => {
    const at = off;
    off = Math.ceil((off + bytes) / 16) * 16;
    return at;
  };
  const pSyn0 = place(o.vocabSize * rowBytes);
  const pSyn1 = place(o.vocabSize * rowBytes);
  const pTable = place(o.table.length * 4);
  const pKeep = place(o.keep.length * 4);
  const pIds = place(o.ids.length * 4);
  const pSen = place(MAX_SENTENCE * 4);
  const pNeu1 = place(rowBytes);
  const pNeu1e = place(rowBytes);
  const pTargets = place((o.negative + 1) * 4);
  const pSig = place(o.sigmoid.length * 4);
  const pLogSig = place(o.logSigmoid.length * 4);
  const pages = Math.ceil(off / 65536);
  if (pages > 65536) return undefined;
  let memory: WebAssembly.Memory;
  let k: KernelExports;
  try {
    memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    k = new WebAssembly.Instance(mod, { env: { memory } }).exports as unknown as KernelExports;
  } catch {
    return undefined; // out of memory for a large model: the JS loops need no single 4 GiB block
  }
  const buf = memory.buffer;
  const syn0 = new Float32Array(buf, pSyn0, o.syn0.length);
  const syn1 = new Float32Array(buf, pSyn1, o.syn1.length);
  syn0.set(o.syn0);
  syn1.set(o.syn1);
  new Int32Array(buf, pTable, o.table.length).set(o.table);
  new Float32Array(buf, pKeep, o.keep.length).set(o.keep);
  new Int32Array(buf, pIds, o.ids.length).set(o.ids);
  new Float32Array(buf, pSig, o.sigmoid.length).set(o.sigmoid);
  new Float32Array(buf, pLogSig, o.logSigmoid.length).set(o.logSigmoid);
  k.setup(pSyn0, pSyn1, pTable, o.table.length, pKeep, pIds, pSen, pNeu1, pNeu1e, pTargets, pSig, pLogSig, o.dim, o.window, o.negative, o.cbow ? 1 : 0);
  const n = o.ids.length;
  return {
    syn0,
    syn1,
    run: (pos, budget, lr, base, total) => k.run(pos, n, budget, lr, base, total),
    get rng() {
      return k.getRng() | 0;
    },
    set rng(r: number) {
      k.setRng(r);
    },
    lossSum: () => k.getLossSum(),
    lossCount: () => k.getLossCount(),
    resetLoss: () => k.resetLoss(),
  };
}
