// Test fixture written independently of the engine: a tiny GPT-2 in the Hugging Face layout (seeded random weights
// quantised to k/256 so F32, F16 and BF16 files hold the same values), a raw safetensors builder, and GPT-2's forward
// pass in plain loops (float64) to compare the engine against.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface TinyConfig {
  vocab: number;
  nPositions: number;
  nEmbd: number;
  nLayer: number;
  nHead: number;
  eps: number;
}

export const TINY: TinyConfig = { vocab: 300, nPositions: 32, nEmbd: 16, nLayer: 2, nHead: 2, eps: 1e-5 };

/** name (no prefix) → { shape, values } in GPT-2 file order. */
export type Weights = Map<string, { shape: number[]; data: Float32Array }>;

function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    let t = (s = (s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random GPT-2 weights. Matrices/biases: k/256, |k| ≤ 255; LN gains 1 + k/128, |k| ≤ 32 (exact in F16 and BF16). */
export function tinyWeights(c: TinyConfig, seed = 1): Weights {
  const rnd = mulberry32(seed);
  const w: Weights = new Map();
  const n = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
  const mat = (name: string, shape: number[], scale = 80) => {
    const d = new Float32Array(n(shape));
    for (let i = 0; i < d.length; i++) d[i] = Math.max(-255, Math.min(255, Math.round((rnd() * 2 - 1) * scale))) / 256;
    w.set(name, { shape, data: d });
  };
  const ln = (name: string) => {
    const g = new Float32Array(c.nEmbd).map(() => 1 + Math.round((rnd() * 2 - 1) * 32) / 128);
    w.set(`${name}.weight`, { shape: [c.nEmbd], data: g });
    mat(`${name}.bias`, [c.nEmbd], 20);
  };
  const d = c.nEmbd;
  mat('wte.weight', [c.vocab, d], 120);
  mat('wpe.weight', [c.nPositions, d], 60);
  for (let i = 0; i < c.nLayer; i++) {
    ln(`h.${i}.ln_1`);
    mat(`h.${i}.attn.c_attn.weight`, [d, 3 * d], 150);
    mat(`h.${i}.attn.c_attn.bias`, [3 * d], 20);
    mat(`h.${i}.attn.c_proj.weight`, [d, d]);
    mat(`h.${i}.attn.c_proj.bias`, [d], 20);
    ln(`h.${i}.ln_2`);
    mat(`h.${i}.mlp.c_fc.weight`, [d, 4 * d]);
    mat(`h.${i}.mlp.c_fc.bias`, [4 * d], 20);
    mat(`h.${i}.mlp.c_proj.weight`, [4 * d, d], 40);
    mat(`h.${i}.mlp.c_proj.bias`, [d], 20);
  }
  ln('ln_f');
  return w;
}

export function hfConfigJson(c: TinyConfig, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    architectures: ['GPT2LMHeadModel'],
    model_type: 'gpt2',
    vocab_size: c.vocab,
    n_positions: c.nPositions,
    n_ctx: c.nPositions,
    n_embd: c.nEmbd,
    n_layer: c.nLayer,
    n_head: c.nHead,
    n_inner: null,
    activation_function: 'gelu_new',
    layer_norm_epsilon: c.eps,
    ...extra,
  };
}

/** float → IEEE binary16 bits, for values exactly representable (the fixture's). */
function f16Bits(x: number): number {
  if (x === 0) return Object.is(x, -0) ? 0x8000 : 0;
  const sign = x < 0 ? 0x8000 : 0;
  const a = Math.abs(x);
  const e = Math.floor(Math.log2(a));
  if (e < -14) return sign | Math.round(a / 2 ** -24);
  const m = Math.round((a / 2 ** e - 1) * 1024);
  return sign | ((e + 15) << 10) | m;
}

export type Dtype = 'F32' | 'F16' | 'BF16';

export function encodeValues(data: Float32Array, dtype: Dtype): Uint8Array {
  if (dtype === 'F32') return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
  const out = new Uint8Array(data.length * 2);
  const dv = new DataView(out.buffer);
  const f = new DataView(new ArrayBuffer(4));
  for (let i = 0; i < data.length; i++) {
    if (dtype === 'F16') dv.setUint16(2 * i, f16Bits(data[i]), true);
    else {
      f.setFloat32(0, data[i], true);
      dv.setUint16(2 * i, f.getUint32(0, true) >>> 16, true);
    }
  }
  return out;
}

/** A safetensors file from a header object and the data section, byte by byte as the format says. */
export function rawSafetensors(header: Record<string, unknown>, data: Uint8Array, headerLenOverride?: bigint): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, headerLenOverride ?? BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

/** Header + data for weights; `mutate` may edit the header entries (shape, dtype, offsets) before encoding. */
export function weightsFile(
  w: Weights,
  opts: { dtype?: Dtype; prefix?: string; mutate?: (h: Record<string, { dtype: string; shape: number[]; data_offsets: number[] }>) => void } = {},
): Uint8Array {
  const dtype = opts.dtype ?? 'F32';
  const header: Record<string, { dtype: string; shape: number[]; data_offsets: number[] }> = {};
  const chunks: Uint8Array[] = [];
  let off = 0;
  for (const [name, t] of w) {
    const bytes = encodeValues(t.data, dtype);
    header[(opts.prefix ?? '') + name] = { dtype, shape: [...t.shape], data_offsets: [off, off + bytes.length] };
    chunks.push(bytes);
    off += bytes.length;
  }
  opts.mutate?.(header);
  const data = new Uint8Array(off);
  let p = 0;
  for (const ch of chunks) {
    data.set(ch, p);
    p += ch.length;
  }
  return rawSafetensors({ __metadata__: { format: 'pt' }, ...header }, data);
}

const made: string[] = [];
process.on('exit', () => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A fresh temporary folder, removed when the test process exits. */
export function tmpDir(tag: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), `model-lens-${tag}-`));
  made.push(d);
  return d;
}

/** Writes a folder: config.json (unless config is null) and model.safetensors. */
export function writeFolder(dir: string, config: Record<string, unknown> | null, file: Uint8Array): string {
  fs.mkdirSync(dir, { recursive: true });
  if (config) fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
  fs.writeFileSync(path.join(dir, 'model.safetensors'), file);
  return dir;
}

// ---- GPT-2 forward pass in plain loops (Radford et al. 2019; HF modeling_gpt2.py), float64 ----

function layerNorm(x: number[], g: Float32Array, b: Float32Array, eps: number): number[] {
  const n = x.length;
  const mean = x.reduce((a, v) => a + v, 0) / n;
  const variance = x.reduce((a, v) => a + (v - mean) ** 2, 0) / n;
  return x.map((v, i) => ((v - mean) / Math.sqrt(variance + eps)) * g[i] + b[i]);
}

/** Conv1D: y[j] = b[j] + Σᵢ x[i]·W[i, j], W stored [in, out]. */
function conv1d(x: number[], W: Float32Array, b: Float32Array, nOut: number): number[] {
  const y = Array.from(b);
  for (let i = 0; i < x.length; i++) for (let j = 0; j < nOut; j++) y[j] += x[i] * W[i * nOut + j];
  return y;
}

/** gelu_new = 0.5x(1 + tanh(√(2/π)(x + 0.044715x³))). */
const geluNew = (x: number) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));

/** logits [T][V] and patterns[layer][head][q][k]. */
export function referenceForward(w: Weights, c: TinyConfig, ids: number[]): { logits: number[][]; patterns: number[][][][] } {
  const g = (n: string) => w.get(n)!.data;
  const d = c.nEmbd;
  const H = c.nHead;
  const dh = d / H;
  const T = ids.length;
  let x: number[][] = ids.map((id, t) => Array.from({ length: d }, (_, j) => g('wte.weight')[id * d + j] + g('wpe.weight')[t * d + j]));
  const patterns: number[][][][] = [];
  for (let l = 0; l < c.nLayer; l++) {
    const p = `h.${l}`;
    const qkv = x.map((row) => conv1d(layerNorm(row, g(`${p}.ln_1.weight`), g(`${p}.ln_1.bias`), c.eps), g(`${p}.attn.c_attn.weight`), g(`${p}.attn.c_attn.bias`), 3 * d));
    const z: number[][] = Array.from({ length: T }, () => new Array(d).fill(0));
    const layerPat: number[][][] = [];
    for (let h = 0; h < H; h++) {
      const pat: number[][] = [];
      for (let t = 0; t < T; t++) {
        const scores: number[] = [];
        for (let s = 0; s <= t; s++) {
          let dot = 0;
          for (let k = 0; k < dh; k++) dot += qkv[t][h * dh + k] * qkv[s][d + h * dh + k];
          scores.push(dot / Math.sqrt(dh));
        }
        const m = Math.max(...scores);
        const e = scores.map((v) => Math.exp(v - m));
        const sum = e.reduce((a, v) => a + v, 0);
        const row = new Array(T).fill(0);
        for (let s = 0; s <= t; s++) {
          row[s] = e[s] / sum;
          for (let k = 0; k < dh; k++) z[t][h * dh + k] += row[s] * qkv[s][2 * d + h * dh + k];
        }
        pat.push(row);
      }
      layerPat.push(pat);
    }
    patterns.push(layerPat);
    x = x.map((row, t) => {
      const a = conv1d(z[t], g(`${p}.attn.c_proj.weight`), g(`${p}.attn.c_proj.bias`), d);
      const mid = row.map((v, j) => v + a[j]);
      const up = conv1d(layerNorm(mid, g(`${p}.ln_2.weight`), g(`${p}.ln_2.bias`), c.eps), g(`${p}.mlp.c_fc.weight`), g(`${p}.mlp.c_fc.bias`), 4 * d).map(geluNew);
      const down = conv1d(up, g(`${p}.mlp.c_proj.weight`), g(`${p}.mlp.c_proj.bias`), d);
      return mid.map((v, j) => v + down[j]);
    });
  }
  const wte = g('wte.weight');
  const logits = x.map((row) => {
    const h = layerNorm(row, g('ln_f.weight'), g('ln_f.bias'), c.eps);
    return Array.from({ length: c.vocab }, (_, v) => h.reduce((a, hv, j) => a + hv * wte[v * d + j], 0));
  });
  return { logits, patterns };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
