// An independent plain-loop transformer in float64 for tests: one sequence, every config switch written out from the
// papers and the Hugging Face modeling files (Llama, Qwen2, Gemma 3, BERT), no tensors. Weights by the engine's
// parameter names, matrices [in, out]. Returns logits [T][V] and attention patterns [layer][head][q][k].
import type { TransformerConfig } from '../../../src/engine/lm/config';

type P = Record<string, Float32Array>;
type Vec = number[];

export interface PlainOptions {
  /** 0/1 per key position: 0 = padding nobody attends to. */
  attentionMask?: number[];
  tokenTypes?: number[];
}

export interface PlainResult {
  logits: number[][];
  patterns: number[][][][];
}

function matVec(x: Vec, w: Float32Array, out: number, b?: Float32Array): Vec {
  const y = new Array<number>(out).fill(0);
  for (let i = 0; i < x.length; i++) for (let o = 0; o < out; o++) y[o] += x[i] * w[i * out + o];
  return b ? y.map((v, o) => v + b[o]) : y;
}

function norm(x: Vec, p: P, prefix: string, kind: 'layer' | 'rms', eps: number): Vec {
  const g = p[`${prefix}.g`];
  if (kind === 'rms') {
    const ms = x.reduce((a, v) => a + v * v, 0) / x.length;
    return x.map((v, j) => (v / Math.sqrt(ms + eps)) * g[j]);
  }
  const mu = x.reduce((a, v) => a + v, 0) / x.length;
  const va = x.reduce((a, v) => a + (v - mu) ** 2, 0) / x.length;
  return x.map((v, j) => ((v - mu) / Math.sqrt(va + eps)) * g[j] + p[`${prefix}.b`][j]);
}

function act(name: string, x: number): number {
  switch (name) {
    case 'relu':
      return Math.max(0, x);
    case 'gelu': {
      // erf by Abramowitz–Stegun 7.1.26 is too coarse; integrate Φ numerically instead (Simpson, 2000 steps)
      const n = 2000;
      const a = -12;
      const h = (x - a) / n;
      let s = 0;
      for (let i = 0; i <= n; i++) {
        const t = a + i * h;
        const f = Math.exp((-t * t) / 2) / Math.sqrt(2 * Math.PI);
        s += (i === 0 || i === n ? 1 : i % 2 ? 4 : 2) * f;
      }
      return x * (x < a ? 0 : (s * h) / 3);
    }
    case 'gelu_new':
      return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
    default: // silu, swiglu
      return x / (1 + Math.exp(-x));
  }
}

/** HF `_compute_default_rope_parameters` then `_compute_llama3_parameters` / linear, in float64. */
function invFreq(c: TransformerConfig, dh: number, sliding: boolean): Vec {
  const base = sliding && c.ropeLocalTheta ? c.ropeLocalTheta : c.ropeTheta;
  const inv = Array.from({ length: dh / 2 }, (_, i) => 1 / base ** ((2 * i) / dh));
  const s = sliding && c.ropeLocalTheta ? null : c.ropeScaling;
  if (!s) return inv;
  if (s.type === 'linear') return inv.map((f) => f / s.factor);
  const lowW = s.originalContextLength / s.lowFreqFactor;
  const highW = s.originalContextLength / s.highFreqFactor;
  return inv.map((f) => {
    const wl = (2 * Math.PI) / f;
    const scaled = wl > lowW ? f / s.factor : f;
    const medium = !(wl < highW) && !(wl > lowW);
    if (!medium) return scaled;
    const sm = (s.originalContextLength / wl - s.lowFreqFactor) / (s.highFreqFactor - s.lowFreqFactor);
    return ((1 - sm) * scaled) / s.factor + sm * scaled;
  });
}

/** Rotate (x[i], x[i + dh/2]) by pos·ω_i (rotate_half convention). */
function rope(x: Vec, pos: number, inv: Vec): Vec {
  const half = inv.length;
  const out = x.slice();
  for (let i = 0; i < half; i++) {
    const a = pos * inv[i];
    out[i] = x[i] * Math.cos(a) - x[i + half] * Math.sin(a);
    out[i + half] = x[i + half] * Math.cos(a) + x[i] * Math.sin(a);
  }
  return out;
}

export function plainForward(c: TransformerConfig, p: P, ids: number[], o: PlainOptions = {}): PlainResult {
  const T = ids.length;
  const d = c.dModel;
  const H = c.nHeads;
  const Hkv = c.nKvHeads ?? H;
  const dh = c.dHead ?? d / H;
  const eps = c.layerNormEpsilon;
  const kind = c.normKind ?? 'layer';
  const gated = c.gatedMlp || c.activation === 'swiglu';
  const row = (name: string, r: number, w: number) => Array.from(p[name].subarray(r * w, (r + 1) * w));
  let x: Vec[] = ids.map((id, t) => {
    let e = row('wte', id, d).map((v) => v * (c.embedScale ?? 1));
    if (c.typeVocabSize) e = e.map((v, j) => v + p.wtt[(o.tokenTypes?.[t] ?? 0) * d + j]);
    if (c.positional === 'learned') e = e.map((v, j) => v + p.wpe[t * d + j]);
    return c.embeddingNorm ? norm(e, p, 'lnE', kind, eps) : e;
  });
  const patterns: number[][][][] = [];
  const pre = c.norm !== 'post';
  for (let l = 0; l < c.nLayers; l++) {
    const b = `blocks.${l}`;
    const sliding = c.layerTypes?.[l] === 'sliding';
    const inv = invFreq(c, dh, sliding);
    const h1 = x.map((r) => (pre ? norm(r, p, `${b}.ln1`, kind, eps) : r));
    const headsOf = (v: Vec, n: number) => Array.from({ length: n }, (_, h) => v.slice(h * dh, (h + 1) * dh));
    const qkNorm = (v: Vec, which: string) => (c.qkNorm ? norm(v, p, `${b}.attn.${which}`, 'rms', eps) : v);
    const Q = h1.map((r, t) => headsOf(matVec(r, p[`${b}.attn.wq`], H * dh, p[`${b}.attn.bq`]), H).map((v) => (c.positional === 'rope' ? rope(qkNorm(v, 'qNorm'), t, inv) : qkNorm(v, 'qNorm'))));
    const K = h1.map((r, t) => headsOf(matVec(r, p[`${b}.attn.wk`], Hkv * dh, p[`${b}.attn.bk`]), Hkv).map((v) => (c.positional === 'rope' ? rope(qkNorm(v, 'kNorm'), t, inv) : qkNorm(v, 'kNorm'))));
    const V = h1.map((r) => headsOf(matVec(r, p[`${b}.attn.wv`], Hkv * dh, p[`${b}.attn.bv`]), Hkv));
    const scale = c.attnScale ?? 1 / Math.sqrt(dh);
    const pat: number[][][] = [];
    const z: Vec[] = ids.map(() => new Array<number>(H * dh).fill(0));
    for (let h = 0; h < H; h++) {
      const kv = Math.floor(h / (H / Hkv));
      pat.push([]);
      for (let i = 0; i < T; i++) {
        const visible = (j: number) => !(c.causal && j > i) && !(sliding && Math.abs(i - j) >= c.slidingWindow) && (o.attentionMask?.[j] ?? 1) === 1;
        const s = ids.map((_, j) => {
          let v = Q[i][h].reduce((a, q, e) => a + q * K[j][kv][e], 0) * scale;
          if (c.attnLogitSoftcap) v = c.attnLogitSoftcap * Math.tanh(v / c.attnLogitSoftcap);
          return v;
        });
        const mx = Math.max(...s.filter((_, j) => visible(j)));
        const ex = s.map((v, j) => (visible(j) ? Math.exp(v - mx) : 0));
        const sum = ex.reduce((a, v) => a + v, 0);
        const pr = ex.map((v) => v / sum);
        pat[h].push(pr);
        for (let j = 0; j < T; j++) for (let e = 0; e < dh; e++) z[i][h * dh + e] += pr[j] * V[j][kv][e];
      }
    }
    patterns.push(pat);
    x = x.map((r, t) => {
      let a = matVec(z[t], p[`${b}.attn.wo`], d, p[`${b}.attn.bo`]);
      if (c.norm === 'sandwich') a = norm(a, p, `${b}.ln1Post`, kind, eps);
      let y = r.map((v, j) => v + a[j]);
      if (c.norm === 'post') y = norm(y, p, `${b}.ln1`, kind, eps);
      const h2 = pre ? norm(y, p, `${b}.ln2`, kind, eps) : y;
      const up = matVec(h2, p[`${b}.mlp.wUp`], c.dFF, p[`${b}.mlp.bUp`]);
      const hid = gated ? matVec(h2, p[`${b}.mlp.wGate`], c.dFF, p[`${b}.mlp.bGate`]).map((g, k) => act(c.activation, g) * up[k]) : up.map((u) => act(c.activation, u));
      let m = matVec(hid, p[`${b}.mlp.wDown`], d, p[`${b}.mlp.bDown`]);
      if (c.norm === 'sandwich') m = norm(m, p, `${b}.ln2Post`, kind, eps);
      y = y.map((v, j) => v + m[j]);
      return c.norm === 'post' ? norm(y, p, `${b}.ln2`, kind, eps) : y;
    });
  }
  const logits = x.map((r) => {
    let h = pre ? norm(r, p, 'lnF', kind, eps) : r;
    if (c.mlmHead) h = norm(matVec(h, p['mlm.w'], d, p['mlm.b']).map((v) => act(c.activation, v)), p, 'mlm.ln', 'layer', eps);
    let z: Vec;
    if (c.tiedEmbeddings) z = Array.from({ length: c.vocabSize }, (_, v) => h.reduce((a, hv, j) => a + hv * p.wte[v * d + j], 0));
    else z = matVec(h, p.unembed, c.vocabSize);
    if (c.mlmHead) z = z.map((v, k) => v + p['mlm.bOut'][k]);
    if (c.finalLogitSoftcap) z = z.map((v) => c.finalLogitSoftcap! * Math.tanh(v / c.finalLogitSoftcap!));
    return z;
  });
  return { logits, patterns };
}
