// Loads the language model's WebAssembly SIMD kernels (kernels.as.ts, embedded by buildKernels.mjs) once, and lays
// out buffers in their memory. Used on the CPU-side backends (wasm, cpu), where tensors live in JS-reachable memory.
import * as tf from '@tensorflow/tfjs-core';
import { backendCapabilities } from '../../backend';
import { LM_KERNELS_WASM_BASE64 } from './kernelsWasm';

export interface LmKernels {
  memory: WebAssembly.Memory;
  heapBase(): number;
  forward(q: number, k: number, v: number, z: number, p: number, B: number, T: number, H: number, dh: number, scale: number, causal: number): void;
  backward(
    q: number, k: number, v: number, p: number, dz: number, dq: number, dk: number, dv: number, tmp: number,
    B: number, T: number, H: number, dh: number, scale: number, causal: number,
  ): void;
  adamw(
    p: number, g: number, m: number, v: number, n: number, scale: number, beta1: number, oneMinusBeta1: number, beta2: number,
    oneMinusBeta2: number, bc1: number, bc2: number, eps: number, lr: number, wd: number,
  ): void;
}

let kernels: LmKernels | null | undefined;

/** The kernels, or null where WebAssembly SIMD is missing (callers then use tf ops). */
export function lmKernels(): LmKernels | null {
  if (kernels !== undefined) return kernels;
  try {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const mod = new WebAssembly.Module(Buffer.from(LM_KERNELS_WASM_BASE64, 'base64'));
    const inst = new WebAssembly.Instance(mod, { env: { memory } });
    kernels = { memory, ...(inst.exports as unknown as Omit<LmKernels, 'memory'>) };
  } catch {
    kernels = null;
  }
  return kernels;
}

/** Whether the kernels should run: a CPU-side backend (reading tensors is a copy, not a device sync) and they load. */
export function kernelsUsable(): boolean {
  // MODEL_LENS_LM_KERNELS=off: plain tf ops everywhere (the maths the GPU backends run; parity tests compare against it)
  if (process.env.MODEL_LENS_LM_KERNELS === 'off') return false;
  return backendCapabilities().hostMemory && lmKernels() !== null;
}

/**
 * Byte offsets of 16-byte-aligned buffers of `sizes` floats after the kernels' static data (Mathf.exp's tables),
 * growing the memory as needed, and a float view over it (taken after any growth).
 */
export function layout(k: LmKernels, sizes: number[]): { f32: Float32Array; at: number[] } {
  const at: number[] = [];
  let bytes = Math.ceil(k.heapBase() / 16) * 16;
  for (const n of sizes) {
    at.push(bytes);
    bytes += Math.ceil((n * 4) / 16) * 16;
  }
  const need = Math.ceil(bytes / 65536) - k.memory.buffer.byteLength / 65536;
  if (need > 0) k.memory.grow(need);
  return { f32: new Float32Array(k.memory.buffer), at };
}
