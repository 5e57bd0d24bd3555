// @ts-nocheck — AssemblyScript, not TypeScript: compiled to assets/wasm/word2vec.wasm by
// scripts/buildKernels.mjs (`npm run build:kernels`); tsc and esbuild never load it.
//
// word2vec hot loop (skip-gram and CBOW, negative sampling) with f32x4 SIMD over one shared,
// imported memory that JS lays out (see ../word2vecWasm.ts): syn0, syn1, the noise table, keep
// probabilities, corpus ids, σ / log σ tables and scratch. `run` walks sentences exactly as the JS
// trainer in ../word2vec.ts does (same xorshift32 draws in the same order, same per-sentence
// learning rate) so both give the same model up to float rounding; it returns to JS after about
// `budget` corpus words for progress and cancellation.

const EXP_TABLE_SIZE: i32 = 1000;
const MAX_EXP: f32 = 6;
const SCALE: f32 = <f32>EXP_TABLE_SIZE / MAX_EXP / 2;
const MAX_SENTENCE: i32 = 1000;

let syn0: usize = 0;
let syn1: usize = 0;
let table: usize = 0;
let tableSize: u32 = 0;
let keep: usize = 0;
let ids: usize = 0;
let sen: usize = 0;
let neu1: usize = 0;
let neu1e: usize = 0;
let targets: usize = 0;
let sig: usize = 0;
let logSig: usize = 0;
let dim: i32 = 0;
let window: u32 = 1;
let negative: i32 = 0;
let cbow: bool = false;

let rng: u32 = 1;
let lossSum: f64 = 0;
let lossCount: f64 = 0;

/** Byte offsets of the arrays JS placed in memory, and the hyper-parameters. */
export function setup(
  pSyn0: usize, pSyn1: usize, pTable: usize, nTable: u32, pKeep: usize, pIds: usize, pSen: usize,
  pNeu1: usize, pNeu1e: usize, pTargets: usize, pSig: usize, pLogSig: usize, nDim: i32, nWindow: u32, nNegative: i32, isCbow: i32,
): void {
  syn0 = pSyn0; syn1 = pSyn1; table = pTable; tableSize = nTable; keep = pKeep; ids = pIds; sen = pSen;
  neu1 = pNeu1; neu1e = pNeu1e; targets = pTargets; sig = pSig; logSig = pLogSig;
  dim = nDim; window = nWindow; negative = nNegative; cbow = isCbow != 0;
}

export function setRng(r: u32): void { rng = r; }
export function getRng(): u32 { return rng; }
export function getLossSum(): f64 { return lossSum; }
export function getLossCount(): f64 { return lossCount; }
export function resetLoss(): void { lossSum = 0; lossCount = 0; }

function nextRng(): u32 {
  let r = rng;
  r ^= r << 13;
  r ^= r >>> 17;
  r ^= r << 5;
  rng = r;
  return r;
}

/** Σ a[k]·b[k] over dim floats: 4 independent f32x4 accumulators, then 4-wide, then scalar tail. */
function dot(a: usize, b: usize): f32 {
  let s0 = f32x4.splat(0);
  let s1 = f32x4.splat(0);
  let s2 = f32x4.splat(0);
  let s3 = f32x4.splat(0);
  const n = dim;
  let k: i32 = 0;
  for (; k + 16 <= n; k += 16) {
    const o = <usize>k << 2;
    s0 = f32x4.add(s0, f32x4.mul(v128.load(a + o), v128.load(b + o)));
    s1 = f32x4.add(s1, f32x4.mul(v128.load(a + o, 16), v128.load(b + o, 16)));
    s2 = f32x4.add(s2, f32x4.mul(v128.load(a + o, 32), v128.load(b + o, 32)));
    s3 = f32x4.add(s3, f32x4.mul(v128.load(a + o, 48), v128.load(b + o, 48)));
  }
  for (; k + 4 <= n; k += 4) {
    const o = <usize>k << 2;
    s0 = f32x4.add(s0, f32x4.mul(v128.load(a + o), v128.load(b + o)));
  }
  const s = f32x4.add(f32x4.add(s0, s1), f32x4.add(s2, s3));
  let f: f32 = f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
  for (; k < n; k++) {
    const o = <usize>k << 2;
    f += load<f32>(a + o) * load<f32>(b + o);
  }
  return f;
}

/**
 * e += g·out; out += g·h (h: the input row or CBOW's context mean, e: neu1e, out: a syn1 row), and
 * returns h·next in the same pass. Element by element `out` is written before `next` is read, so
 * next == out sees the update, exactly as a separate dot after the update would.
 */
function updateDot(h: usize, out: usize, e: usize, g: f32, next: usize): f32 {
  const gv = f32x4.splat(g);
  const n = dim;
  let s0 = f32x4.splat(0);
  let s1 = f32x4.splat(0);
  let k: i32 = 0;
  for (; k + 8 <= n; k += 8) {
    const o = <usize>k << 2;
    const h0 = v128.load(h + o);
    const o0 = v128.load(out + o);
    v128.store(e + o, f32x4.add(v128.load(e + o), f32x4.mul(gv, o0)));
    v128.store(out + o, f32x4.add(o0, f32x4.mul(gv, h0)));
    s0 = f32x4.add(s0, f32x4.mul(h0, v128.load(next + o)));
    const h1 = v128.load(h + o, 16);
    const o1 = v128.load(out + o, 16);
    v128.store(e + o, f32x4.add(v128.load(e + o, 16), f32x4.mul(gv, o1)), 16);
    v128.store(out + o, f32x4.add(o1, f32x4.mul(gv, h1)), 16);
    s1 = f32x4.add(s1, f32x4.mul(h1, v128.load(next + o, 16)));
  }
  for (; k + 4 <= n; k += 4) {
    const o = <usize>k << 2;
    const h0 = v128.load(h + o);
    const o0 = v128.load(out + o);
    v128.store(e + o, f32x4.add(v128.load(e + o), f32x4.mul(gv, o0)));
    v128.store(out + o, f32x4.add(o0, f32x4.mul(gv, h0)));
    s0 = f32x4.add(s0, f32x4.mul(h0, v128.load(next + o)));
  }
  const sv = f32x4.add(s0, s1);
  let f: f32 = f32x4.extract_lane(sv, 0) + f32x4.extract_lane(sv, 1) + f32x4.extract_lane(sv, 2) + f32x4.extract_lane(sv, 3);
  for (; k < n; k++) {
    const o = <usize>k << 2;
    const hk = load<f32>(h + o);
    const vo = load<f32>(out + o);
    store<f32>(e + o, load<f32>(e + o) + g * vo);
    store<f32>(out + o, vo + g * hk);
    f += hk * load<f32>(next + o);
  }
  return f;
}

/** e += g·out; out += g·h; then h += e when `intoH` (skip-gram's last step: syn0 row += neu1e). */
function update(h: usize, out: usize, e: usize, g: f32, intoH: bool): void {
  const gv = f32x4.splat(g);
  const n = dim;
  let k: i32 = 0;
  if (intoH) {
    for (; k + 4 <= n; k += 4) {
      const o = <usize>k << 2;
      const h0 = v128.load(h + o);
      const o0 = v128.load(out + o);
      const e0 = f32x4.add(v128.load(e + o), f32x4.mul(gv, o0));
      v128.store(out + o, f32x4.add(o0, f32x4.mul(gv, h0)));
      v128.store(h + o, f32x4.add(h0, e0));
    }
    for (; k < n; k++) {
      const o = <usize>k << 2;
      const hk = load<f32>(h + o);
      const vo = load<f32>(out + o);
      const ek = load<f32>(e + o) + g * vo;
      store<f32>(out + o, vo + g * hk);
      store<f32>(h + o, hk + ek);
    }
    return;
  }
  for (; k + 4 <= n; k += 4) {
    const o = <usize>k << 2;
    const o0 = v128.load(out + o);
    v128.store(e + o, f32x4.add(v128.load(e + o), f32x4.mul(gv, o0)));
    v128.store(out + o, f32x4.add(o0, f32x4.mul(gv, v128.load(h + o))));
  }
  for (; k < n; k++) {
    const o = <usize>k << 2;
    const vo = load<f32>(out + o);
    store<f32>(e + o, load<f32>(e + o) + g * vo);
    store<f32>(out + o, vo + g * load<f32>(h + o));
  }
}

/** dst += src over dim floats. */
function addTo(dst: usize, src: usize): void {
  const n = dim;
  let k: i32 = 0;
  for (; k + 4 <= n; k += 4) {
    const o = <usize>k << 2;
    v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(src + o)));
  }
  for (; k < n; k++) {
    const o = <usize>k << 2;
    store<f32>(dst + o, load<f32>(dst + o) + load<f32>(src + o));
  }
}

function zero(dst: usize): void {
  const z = f32x4.splat(0);
  let k: i32 = 0;
  for (; k + 4 <= dim; k += 4) v128.store(dst + (<usize>k << 2), z);
  for (; k < dim; k++) store<f32>(dst + (<usize>k << 2), 0);
}

/**
 * The positive word and `negative` noise words (drawn first, in word2vec.c's order; a draw equal to
 * the positive word is skipped) against input h; gradient into neu1e, and into h itself when
 * `intoH` (skip-gram, where h is the context word's syn0 row). Each step's dot product for the next
 * target rides along with the previous step's update.
 */
function negatives(word: u32, h: usize, alpha: f32, intoH: bool): void {
  const rowBytes = <usize>dim << 2;
  store<u32>(targets, word);
  let m: i32 = 1;
  for (let d = 0; d < negative; d++) {
    const r = nextRng();
    const t = load<u32>(table + ((<usize>(r % tableSize)) << 2));
    if (t == word) continue;
    store<u32>(targets + (<usize>m << 2), t);
    m++;
  }
  let ls: f64 = 0;
  let f = dot(h, syn1 + <usize>word * rowBytes);
  for (let i = 0; i < m; i++) {
    const label: f32 = i == 0 ? 1 : 0;
    let g: f32;
    if (f > MAX_EXP) {
      g = (label - 1) * alpha;
      if (i != 0) ls += <f64>f;
    } else if (f < -MAX_EXP) {
      g = label * alpha;
      if (i == 0) ls -= <f64>f;
    } else {
      const ti = <i32>((f + MAX_EXP) * SCALE);
      g = (label - load<f32>(sig + (<usize>ti << 2))) * alpha;
      ls -= <f64>load<f32>(logSig + (<usize>(i == 0 ? ti : EXP_TABLE_SIZE - 1 - ti) << 2));
    }
    const out = syn1 + <usize>load<u32>(targets + (<usize>i << 2)) * rowBytes;
    if (i + 1 < m) f = updateDot(h, out, neu1e, g, syn1 + <usize>load<u32>(targets + (<usize>(i + 1) << 2)) * rowBytes);
    else update(h, out, neu1e, g, intoH);
  }
  lossSum += ls;
  lossCount += <f64>m;
}

function sgnsSentence(len: i32, alpha: f32): void {
  const rowBytes = <usize>dim << 2;
  const w = <i32>window;
  for (let p = 0; p < len; p++) {
    const word = load<u32>(sen + (<usize>p << 2));
    const b = <i32>(nextRng() % window);
    const lo = max(0, p - w + b);
    const hi = min(len - 1, p + w - b);
    for (let c = lo; c <= hi; c++) {
      if (c == p) continue;
      const l1 = syn0 + <usize>load<u32>(sen + (<usize>c << 2)) * rowBytes;
      zero(neu1e);
      negatives(word, l1, alpha, true);
    }
  }
}

function cbowSentence(len: i32, alpha: f32): void {
  const rowBytes = <usize>dim << 2;
  const w = <i32>window;
  for (let p = 0; p < len; p++) {
    const word = load<u32>(sen + (<usize>p << 2));
    const b = <i32>(nextRng() % window);
    const lo = max(0, p - w + b);
    const hi = min(len - 1, p + w - b);
    if (hi - lo < 1) continue;
    zero(neu1);
    zero(neu1e);
    for (let c = lo; c <= hi; c++) {
      if (c == p) continue;
      addTo(neu1, syn0 + <usize>load<u32>(sen + (<usize>c << 2)) * rowBytes);
    }
    const inv = f32x4.splat(<f32>1 / <f32>(hi - lo));
    let k: i32 = 0;
    for (; k + 4 <= dim; k += 4) {
      const o = neu1 + (<usize>k << 2);
      v128.store(o, f32x4.mul(v128.load(o), inv));
    }
    for (; k < dim; k++) {
      const o = neu1 + (<usize>k << 2);
      store<f32>(o, load<f32>(o) * f32x4.extract_lane(inv, 0));
    }
    negatives(word, neu1, alpha, false);
    for (let c = lo; c <= hi; c++) {
      if (c == p) continue;
      addTo(syn0 + <usize>load<u32>(sen + (<usize>c << 2)) * rowBytes, neu1e);
    }
  }
}

/**
 * Trains on corpus positions [pos, n) sentence by sentence (≤ 1000 kept words after subsampling,
 * ≤ 10000 read), stopping at the first sentence boundary after `budget` words; returns the new pos.
 * The learning rate of a sentence is lr·max(1e-4, 1 − (base + start)/(total + 1)), as in JS.
 */
export function run(pos: i32, n: i32, budget: i32, lr: f64, base: f64, total: f64): i32 {
  const stop = pos + budget;
  while (pos < n && pos < stop) {
    const alpha = <f32>(lr * Math.max(1e-4, 1 - (base + <f64>pos) / (total + 1)));
    let len: i32 = 0;
    const start = pos;
    while (pos < n && len < MAX_SENTENCE && pos - start < 10000) {
      const w = load<u32>(ids + (<usize>pos << 2));
      pos++;
      const kp = load<f32>(keep + (<usize>w << 2));
      if (kp < 1) {
        const r = nextRng();
        if (<f64>kp < <f64>r / 4294967296.0) continue;
      }
      store<u32>(sen + (<usize>len << 2), w);
      len++;
    }
    if (cbow) cbowSentence(len, alpha);
    else sgnsSentence(len, alpha);
  }
  return pos;
}
