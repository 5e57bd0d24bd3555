// @ts-nocheck — AssemblyScript, not TypeScript: compiled by ./buildKernels.mjs into ./kernelsWasm.ts
// (base64, committed, so neither users nor CI need the compiler); tsc and esbuild never load this file.
//
// The language model's training kernels (loaded by ./kernel.ts). Fused scaled dot-product attention, forward and backward, with f32x4 SIMD over one imported memory that JS lays
// out (see ./attention.ts). q, k, v, z and their gradients are [B, T, H, dh] row-major (the [N, d] layout the linear
// layers produce, so no head transposes are needed); the pattern p is [B, H, T, T]. Causal: keys j > i are skipped
// (probability exactly 0, as the -1e9 mask gives after exp underflow). dh must be a multiple of 4.

@inline function dot(a: usize, b: usize, n: i32): f32 {
  let acc = f32x4.splat(0);
  for (let c = 0; c < n; c += 4) acc = f32x4.add(acc, f32x4.mul(v128.load(a + (<usize>c << 2)), v128.load(b + (<usize>c << 2))));
  return f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
}

/** y += s · x over n floats. */
@inline function axpy(y: usize, s: f32, x: usize, n: i32): void {
  const sv = f32x4.splat(s);
  for (let c = 0; c < n; c += 4) {
    const o = <usize>c << 2;
    v128.store(y + o, f32x4.add(v128.load(y + o), f32x4.mul(sv, v128.load(x + o))));
  }
}

/** z = softmax(scale · q kᵀ [+ causal mask]) v; p receives the pattern. */
export function forward(q: usize, k: usize, v: usize, z: usize, p: usize, B: i32, T: i32, H: i32, dh: i32, scale: f32, causal: i32): void {
  const rowStride = <usize>(H * dh) << 2;
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const head = (<usize>(b * T * H + h) * <usize>dh) << 2;
      const pg = p + ((<usize>((b * H + h) * T) * <usize>T) << 2);
      for (let i = 0; i < T; i++) {
        const qi = q + head + <usize>i * rowStride;
        const prow = pg + ((<usize>i * <usize>T) << 2);
        const jmax = causal ? i + 1 : T;
        let m: f32 = -Infinity;
        for (let j = 0; j < jmax; j++) {
          const s = dot(qi, k + head + <usize>j * rowStride, dh) * scale;
          store<f32>(prow + (<usize>j << 2), s);
          if (s > m) m = s;
        }
        let sum: f32 = 0;
        for (let j = 0; j < jmax; j++) {
          const e = Mathf.exp(load<f32>(prow + (<usize>j << 2)) - m);
          store<f32>(prow + (<usize>j << 2), e);
          sum += e;
        }
        const inv: f32 = 1 / sum;
        const zi = z + head + <usize>i * rowStride;
        for (let c = 0; c < dh; c += 4) v128.store(zi + (<usize>c << 2), f32x4.splat(0));
        for (let j = 0; j < jmax; j++) {
          const pj = load<f32>(prow + (<usize>j << 2)) * inv;
          store<f32>(prow + (<usize>j << 2), pj);
          axpy(zi, pj, v + head + <usize>j * rowStride, dh);
        }
        for (let j = jmax; j < T; j++) store<f32>(prow + (<usize>j << 2), 0);
      }
    }
  }
}

/** Gradients of forward: dq, dk, dv (all overwritten) from dz, given q, k, v and the pattern p. tmp: T floats. */
export function backward(
  q: usize, k: usize, v: usize, p: usize, dz: usize, dq: usize, dk: usize, dv: usize, tmp: usize,
  B: i32, T: i32, H: i32, dh: i32, scale: f32, causal: i32,
): void {
  const rowStride = <usize>(H * dh) << 2;
  const total = B * T * H * dh;
  for (let x = 0; x < total; x += 4) {
    const o = <usize>x << 2;
    v128.store(dq + o, f32x4.splat(0));
    v128.store(dk + o, f32x4.splat(0));
    v128.store(dv + o, f32x4.splat(0));
  }
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const head = (<usize>(b * T * H + h) * <usize>dh) << 2;
      const pg = p + ((<usize>((b * H + h) * T) * <usize>T) << 2);
      for (let i = 0; i < T; i++) {
        const off = head + <usize>i * rowStride;
        const dzi = dz + off;
        const prow = pg + ((<usize>i * <usize>T) << 2);
        const jmax = causal ? i + 1 : T;
        // dP_ij = dz_i · v_j, dV_j += p_ij dz_i, and Σ_j p_ij dP_ij for the softmax gradient
        let rowDot: f32 = 0;
        for (let j = 0; j < jmax; j++) {
          const pij = load<f32>(prow + (<usize>j << 2));
          const offj = head + <usize>j * rowStride;
          const dp = dot(dzi, v + offj, dh);
          store<f32>(tmp + (<usize>j << 2), dp);
          rowDot += pij * dp;
          axpy(dv + offj, pij, dzi, dh);
        }
        // dS_ij = p_ij (dP_ij − Σ p dP); dQ_i += scale · dS_ij k_j; dK_j += scale · dS_ij q_i
        const qi = q + off;
        const dqi = dq + off;
        for (let j = 0; j < jmax; j++) {
          const ds = load<f32>(prow + (<usize>j << 2)) * (load<f32>(tmp + (<usize>j << 2)) - rowDot) * scale;
          const offj = head + <usize>j * rowStride;
          axpy(dqi, ds, k + offj, dh);
          axpy(dk + offj, ds, qi, dh);
        }
      }
    }
  }
}

/** First free byte after the kernel's static data (Mathf.exp's tables): JS lays its buffers out from here. */
export function heapBase(): usize {
  return __heap_base;
}

/**
 * AdamW on n floats in place (p, m, v; g read): the same operations, in the same order, as adamw.ts's tf path:
 * g·scale; m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²; p −= lr·((m/bc1) / (√(v/bc2) + eps) + wd·p).
 */
export function adamw(
  p: usize, g: usize, m: usize, v: usize, n: i32,
  scale: f32, beta1: f32, oneMinusBeta1: f32, beta2: f32, oneMinusBeta2: f32, bc1: f32, bc2: f32, eps: f32, lr: f32, wd: f32,
): void {
  const sc = f32x4.splat(scale);
  const b1 = f32x4.splat(beta1);
  const c1 = f32x4.splat(oneMinusBeta1);
  const b2 = f32x4.splat(beta2);
  const c2 = f32x4.splat(oneMinusBeta2);
  const k1 = f32x4.splat(bc1);
  const k2 = f32x4.splat(bc2);
  const ep = f32x4.splat(eps);
  const lrv = f32x4.splat(lr);
  const wdv = f32x4.splat(wd);
  const useScale = scale != 1;
  const useWd = wd > 0;
  for (let i = 0; i < n; i += 4) {
    const o = <usize>i << 2;
    let gv = v128.load(g + o);
    if (useScale) gv = f32x4.mul(gv, sc);
    const m1 = f32x4.add(f32x4.mul(v128.load(m + o), b1), f32x4.mul(gv, c1));
    const v1 = f32x4.add(f32x4.mul(v128.load(v + o), b2), f32x4.mul(f32x4.mul(gv, gv), c2));
    let dir = f32x4.div(f32x4.div(m1, k1), f32x4.add(f32x4.sqrt(f32x4.div(v1, k2)), ep));
    const pv = v128.load(p + o);
    if (useWd) dir = f32x4.add(dir, f32x4.mul(pv, wdv));
    v128.store(p + o, f32x4.sub(pv, f32x4.mul(dir, lrv)));
    v128.store(m + o, m1);
    v128.store(v + o, v1);
  }
}
