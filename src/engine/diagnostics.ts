// Matmul throughput on the active backend: a real computation for the diagnostics panel.
import * as tf from '@tensorflow/tfjs-core';
import type { DiagnosticsResult } from '../protocol/engine';
import { throwIfAborted } from './errors';

/** Time an n×n matmul (median of `repeats` after one warm-up); GFLOP/s = 2n³ / t. */
export async function timeMatmuls(
  sizes: number[],
  repeats: number,
  ctx: { signal?: AbortSignal; progress?: (p: { fraction: number; message: string }) => void } = {},
): Promise<DiagnosticsResult> {
  const timings = [];
  for (let i = 0; i < sizes.length; i++) {
    const n = Math.max(1, Math.min(2048, Math.floor(sizes[i])));
    throwIfAborted(ctx.signal);
    ctx.progress?.({ fraction: i / sizes.length, message: `matmul ${n}×${n}` });
    const a = tf.randomNormal([n, n], 0, 1, 'float32', 1);
    const b = tf.randomNormal([n, n], 0, 1, 'float32', 2);
    const run = async () => {
      const t0 = performance.now();
      const c = tf.matMul(a, b);
      await c.data();
      c.dispose();
      return performance.now() - t0;
    };
    await run();
    const ts: number[] = [];
    for (let r = 0; r < Math.max(1, repeats); r++) ts.push(await run());
    a.dispose();
    b.dispose();
    ts.sort((x, y) => x - y);
    const ms = ts[Math.floor(ts.length / 2)];
    timings.push({ size: n, ms, gflops: (2 * n ** 3) / (ms * 1e6) });
  }
  return { backend: tf.getBackend(), timings };
}
