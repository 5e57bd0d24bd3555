// Test fixture written independently of the engine: tiny random BERT and DistilBERT folders in the Hugging Face layout
// (config.json, model.safetensors, vocab.txt) and their forward passes in plain loops (float64), to compare against.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { encodeSafetensors } from '../../../src/engine/io/safetensors';

export interface TinyBert {
  kind: 'bert' | 'distilbert';
  vocab: number;
  positions: number;
  d: number;
  layers: number;
  heads: number;
  ff: number;
  types: number;
}

export const TINY_BERT: TinyBert = { kind: 'bert', vocab: 24, positions: 16, d: 8, layers: 2, heads: 2, ff: 16, types: 2 };
export const TINY_DISTILBERT: TinyBert = { ...TINY_BERT, kind: 'distilbert', types: 0 };

/** The vocabulary of the fixtures: specials at BERT's usual places relative to each other, then words and pieces. */
export const VOCAB = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', 'the', 'cat', 'sat', 'on', 'mat', 'un', '##aff', '##able', '.', ',', 'a', 'dog', 'ran', 'in', 'fog', 'cafe', '!', 'it', 'was'];

export type Weights = Map<string, { shape: number[]; data: Float32Array }>;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    let t = (s = (s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** HF tensor names (with the model prefix) → values; Linear weights [out, in]. */
export function bertWeights(c: TinyBert, seed = 1): Weights {
  const r = rng(seed);
  const w: Weights = new Map();
  const put = (name: string, shape: number[], f: () => number) => w.set(name, { shape, data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, f) });
  const mat = (name: string, shape: number[], scale = 0.5) => put(name, shape, () => (r() * 2 - 1) * scale);
  const gain = (name: string, n: number) => put(name, [n], () => 1 + (r() * 2 - 1) * 0.2);
  const lin = (name: string, out: number, inp: number) => (mat(`${name}.weight`, [out, inp]), mat(`${name}.bias`, [out], 0.1));
  const ln = (name: string, n: number) => (gain(`${name}.weight`, n), mat(`${name}.bias`, [n], 0.1));
  const { d, ff } = c;
  if (c.kind === 'bert') {
    mat('bert.embeddings.word_embeddings.weight', [c.vocab, d], 1);
    mat('bert.embeddings.position_embeddings.weight', [c.positions, d], 1);
    mat('bert.embeddings.token_type_embeddings.weight', [c.types, d], 1);
    ln('bert.embeddings.LayerNorm', d);
    for (let i = 0; i < c.layers; i++) {
      const p = `bert.encoder.layer.${i}`;
      lin(`${p}.attention.self.query`, d, d);
      lin(`${p}.attention.self.key`, d, d);
      lin(`${p}.attention.self.value`, d, d);
      lin(`${p}.attention.output.dense`, d, d);
      ln(`${p}.attention.output.LayerNorm`, d);
      lin(`${p}.intermediate.dense`, ff, d);
      lin(`${p}.output.dense`, d, ff);
      ln(`${p}.output.LayerNorm`, d);
    }
    lin('cls.predictions.transform.dense', d, d);
    ln('cls.predictions.transform.LayerNorm', d);
    mat('cls.predictions.bias', [c.vocab], 0.1);
    // the decoder is tied to the word embeddings; files carry a copy
    w.set('cls.predictions.decoder.weight', w.get('bert.embeddings.word_embeddings.weight')!);
  } else {
    mat('distilbert.embeddings.word_embeddings.weight', [c.vocab, d], 1);
    mat('distilbert.embeddings.position_embeddings.weight', [c.positions, d], 1);
    ln('distilbert.embeddings.LayerNorm', d);
    for (let i = 0; i < c.layers; i++) {
      const p = `distilbert.transformer.layer.${i}`;
      for (const n of ['q_lin', 'k_lin', 'v_lin', 'out_lin']) lin(`${p}.attention.${n}`, d, d);
      ln(`${p}.sa_layer_norm`, d);
      lin(`${p}.ffn.lin1`, ff, d);
      lin(`${p}.ffn.lin2`, d, ff);
      ln(`${p}.output_layer_norm`, d);
    }
    lin('vocab_transform', d, d);
    ln('vocab_layer_norm', d);
    mat('vocab_projector.bias', [c.vocab], 0.1);
    w.set('vocab_projector.weight', w.get('distilbert.embeddings.word_embeddings.weight')!);
  }
  return w;
}

export function bertConfigJson(c: TinyBert): Record<string, unknown> {
  return c.kind === 'bert'
    ? { architectures: ['BertForMaskedLM'], model_type: 'bert', vocab_size: c.vocab, hidden_size: c.d, num_hidden_layers: c.layers, num_attention_heads: c.heads, intermediate_size: c.ff, hidden_act: 'gelu', max_position_embeddings: c.positions, type_vocab_size: c.types, layer_norm_eps: 1e-12, position_embedding_type: 'absolute' }
    : { architectures: ['DistilBertForMaskedLM'], model_type: 'distilbert', vocab_size: c.vocab, dim: c.d, n_layers: c.layers, n_heads: c.heads, hidden_dim: c.ff, activation: 'gelu', max_position_embeddings: c.positions, sinusoidal_pos_embds: false };
}

export async function writeBertFolder(c: TinyBert, w: Weights, opts: { dtype?: 'F32' | 'F16'; vocab?: string[] } = {}): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ml-${c.kind}-`));
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(bertConfigJson(c)));
  fs.writeFileSync(path.join(dir, 'vocab.txt'), (opts.vocab ?? VOCAB).join('\n') + '\n');
  const bytes = await encodeSafetensors([...w].map(([name, t]) => ({ name, shape: t.shape, data: t.data, dtype: opts.dtype })));
  fs.writeFileSync(path.join(dir, 'model.safetensors'), bytes);
  return dir;
}

// ---- the reference forward pass, plain loops in float64 ----

/** erf by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7). */
function erf(x: number): number {
  const s = Math.sign(x);
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return s * y;
}
const gelu = (x: number) => 0.5 * x * (1 + erf(x / Math.SQRT2));

function layerNorm(x: number[], g: Float32Array, b: Float32Array, eps = 1e-12): number[] {
  const n = x.length;
  const mean = x.reduce((a, v) => a + v, 0) / n;
  const variance = x.reduce((a, v) => a + (v - mean) ** 2, 0) / n;
  return x.map((v, i) => ((v - mean) / Math.sqrt(variance + eps)) * g[i] + b[i]);
}

/** y = W x + b for one row; W [out, in]. */
function dense(x: number[], W: Float32Array, b: Float32Array): number[] {
  const out = b.length;
  const inp = x.length;
  const y = new Array<number>(out);
  for (let o = 0; o < out; o++) {
    let s = b[o];
    for (let i = 0; i < inp; i++) s += W[o * inp + i] * x[i];
    y[o] = s;
  }
  return y;
}

/** Logits [T][V], attention probabilities [layer][head][q][k] and the last layer's hidden states [T][d] of one sequence; `mask` 1 = attend, 0 = padding. */
export function referenceForward(c: TinyBert, w: Weights, ids: number[], mask?: number[], types?: number[]): { logits: number[][]; attention: number[][][][]; hidden: number[][] } {
  const g = (n: string) => w.get(n)!.data;
  const bert = c.kind === 'bert';
  const pre = bert ? 'bert.embeddings' : 'distilbert.embeddings';
  const T = ids.length;
  const d = c.d;
  const dh = d / c.heads;
  let x = ids.map((id, t) => {
    const row = new Array<number>(d);
    for (let j = 0; j < d; j++) {
      row[j] = g(`${pre}.word_embeddings.weight`)[id * d + j] + g(`${pre}.position_embeddings.weight`)[t * d + j];
      if (bert) row[j] += g(`${pre}.token_type_embeddings.weight`)[(types?.[t] ?? 0) * d + j];
    }
    return layerNorm(row, g(`${pre}.LayerNorm.weight`), g(`${pre}.LayerNorm.bias`));
  });
  const attention: number[][][][] = [];
  for (let l = 0; l < c.layers; l++) {
    const p = bert ? `bert.encoder.layer.${l}` : `distilbert.transformer.layer.${l}`;
    const name = (bertName: string, distilName: string) => `${p}.${bert ? bertName : distilName}`;
    const q = x.map((r) => dense(r, g(name('attention.self.query.weight', 'attention.q_lin.weight')), g(name('attention.self.query.bias', 'attention.q_lin.bias'))));
    const k = x.map((r) => dense(r, g(name('attention.self.key.weight', 'attention.k_lin.weight')), g(name('attention.self.key.bias', 'attention.k_lin.bias'))));
    const v = x.map((r) => dense(r, g(name('attention.self.value.weight', 'attention.v_lin.weight')), g(name('attention.self.value.bias', 'attention.v_lin.bias'))));
    const ctx = x.map(() => new Array<number>(d).fill(0));
    const heads: number[][][] = [];
    for (let h = 0; h < c.heads; h++) {
      const probs: number[][] = [];
      for (let i = 0; i < T; i++) {
        const s = new Array<number>(T);
        for (let j = 0; j < T; j++) {
          let dot = 0;
          for (let e = 0; e < dh; e++) dot += q[i][h * dh + e] * k[j][h * dh + e];
          s[j] = mask && mask[j] === 0 ? -Infinity : dot / Math.sqrt(dh);
        }
        const m = Math.max(...s);
        const ex = s.map((z) => Math.exp(z - m));
        const z = ex.reduce((a, b) => a + b, 0);
        const pr = ex.map((e) => e / z);
        probs.push(pr);
        for (let j = 0; j < T; j++) for (let e = 0; e < dh; e++) ctx[i][h * dh + e] += pr[j] * v[j][h * dh + e];
      }
      heads.push(probs);
    }
    attention.push(heads);
    const attnOut = ctx.map((r) => dense(r, g(name('attention.output.dense.weight', 'attention.out_lin.weight')), g(name('attention.output.dense.bias', 'attention.out_lin.bias'))));
    x = x.map((r, t) => layerNorm(r.map((vv, j) => vv + attnOut[t][j]), g(name('attention.output.LayerNorm.weight', 'sa_layer_norm.weight')), g(name('attention.output.LayerNorm.bias', 'sa_layer_norm.bias'))));
    const up = x.map((r) => dense(r, g(name('intermediate.dense.weight', 'ffn.lin1.weight')), g(name('intermediate.dense.bias', 'ffn.lin1.bias'))).map(gelu));
    const down = up.map((r) => dense(r, g(name('output.dense.weight', 'ffn.lin2.weight')), g(name('output.dense.bias', 'ffn.lin2.bias'))));
    x = x.map((r, t) => layerNorm(r.map((vv, j) => vv + down[t][j]), g(name('output.LayerNorm.weight', 'output_layer_norm.weight')), g(name('output.LayerNorm.bias', 'output_layer_norm.bias'))));
  }
  const head = bert
    ? { w: 'cls.predictions.transform.dense', ln: 'cls.predictions.transform.LayerNorm', bias: 'cls.predictions.bias' }
    : { w: 'vocab_transform', ln: 'vocab_layer_norm', bias: 'vocab_projector.bias' };
  const wte = g(`${pre}.word_embeddings.weight`);
  const logits = x.map((r) => {
    const h = layerNorm(dense(r, g(`${head.w}.weight`), g(`${head.w}.bias`)).map(gelu), g(`${head.ln}.weight`), g(`${head.ln}.bias`));
    return Array.from({ length: c.vocab }, (_, vId) => {
      let s = g(head.bias)[vId];
      for (let j = 0; j < d; j++) s += h[j] * wte[vId * d + j];
      return s;
    });
  });
  return { logits, attention, hidden: x };
}
