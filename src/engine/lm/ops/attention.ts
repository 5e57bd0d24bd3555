// Fused causal scaled-dot-product attention for the CPU-side backends (wasm, cpu) with its own gradient: one
// WebAssembly SIMD kernel does QKᵀ·scale, the causal mask, softmax and ·V, forward and
// backward (kernels.as.ts). tfjs-backend-wasm runs batched matmuls ([B, H, T, T]) at ~1 GFLOP/s and needs head transposes around
// them; this kernel works straight on the [N, d] = [B, T, H, dh] layout of the linear layers and skips masked keys.
// The maths is the reference path's (model.ts): p = softmax(s·q kᵀ + mask), masked probabilities exactly 0.
import * as tf from '@tensorflow/tfjs-core';
import { kernelsUsable, layout, lmKernels } from './kernel';

/** Whether fusedAttention can run here: wasm or cpu backend, the kernel loads, dh a multiple of 4. */
export function fusedAttentionAvailable(dHead: number): boolean {
  return dHead % 4 === 0 && kernelsUsable();
}

function attnForward(q: Float32Array, k: Float32Array, v: Float32Array, B: number, T: number, H: number, dh: number, scale: number, causal: boolean) {
  const K = lmKernels()!;
  const n = B * T * H * dh;
  const np = B * H * T * T;
  const { f32, at } = layout(K, [n, n, n, n, np]);
  f32.set(q, at[0] / 4);
  f32.set(k, at[1] / 4);
  f32.set(v, at[2] / 4);
  K.forward(at[0], at[1], at[2], at[3], at[4], B, T, H, dh, scale, causal ? 1 : 0);
  return { z: f32.slice(at[3] / 4, at[3] / 4 + n), p: f32.slice(at[4] / 4, at[4] / 4 + np) };
}

function attnBackward(
  q: Float32Array, k: Float32Array, v: Float32Array, p: Float32Array, dz: Float32Array,
  B: number, T: number, H: number, dh: number, scale: number, causal: boolean,
) {
  const K = lmKernels()!;
  const n = B * T * H * dh;
  const { f32, at } = layout(K, [n, n, n, B * H * T * T, n, n, n, n, T]);
  f32.set(q, at[0] / 4);
  f32.set(k, at[1] / 4);
  f32.set(v, at[2] / 4);
  f32.set(p, at[3] / 4);
  f32.set(dz, at[4] / 4);
  K.backward(at[0], at[1], at[2], at[3], at[4], at[5], at[6], at[7], at[8], B, T, H, dh, scale, causal ? 1 : 0);
  const out = (i: number) => f32.slice(at[i] / 4, at[i] / 4 + n);
  return { dq: out(5), dk: out(6), dv: out(7) };
}

export interface AttentionShape {
  batch: number;
  seq: number;
  heads: number;
  /** Multiplies q·k (1/√dh for standard attention, 1 for 'simple'). */
  scale: number;
  causal: boolean;
}

/**
 * z = softmax(scale · q kᵀ + causal mask) v per head, with q, k, v, z as [N, d] (N = batch·seq, d = heads·dh, each
 * row the heads side by side). Differentiable (custom gradient). Check fusedAttentionAvailable first.
 */
export function fusedAttention(q: tf.Tensor2D, k: tf.Tensor2D, v: tf.Tensor2D, s: AttentionShape): tf.Tensor2D {
  const { batch: B, seq: T, heads: H, scale, causal } = s;
  const [N, d] = q.shape;
  if (N !== B * T || d % H !== 0) throw new Error(`fusedAttention: [${q.shape}] is not [${B}·${T}, heads·dh]`);
  const dh = d / H;
  const f = tf.customGrad(((...args: unknown[]) => {
    const [qt, kt, vt] = args as tf.Tensor[];
    const qa = qt.dataSync() as Float32Array;
    const ka = kt.dataSync() as Float32Array;
    const va = vt.dataSync() as Float32Array;
    const { z, p } = attnForward(qa, ka, va, B, T, H, dh, scale, causal);
    return {
      value: tf.tensor2d(z, [N, d]),
      gradFunc: (dy: tf.Tensor) => {
        const g = attnBackward(qa, ka, va, p, dy.dataSync() as Float32Array, B, T, H, dh, scale, causal);
        return [tf.tensor2d(g.dq, [N, d]), tf.tensor2d(g.dk, [N, d]), tf.tensor2d(g.dv, [N, d])];
      },
    };
  }) as Parameters<typeof tf.customGrad>[0]);
  return f(q, k, v) as tf.Tensor2D;
}
