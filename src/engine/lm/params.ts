// The transformer's parameters as plain named tensors (GPT-2-like names, [in, out] matrices like GPT-2's Conv1D),
// their seeded initialisation, and the parameter count broken down by matrix type (GPT-3 paper, Table 2.1 style).
import * as tf from '@tensorflow/tfjs-core';
import type { TransformerConfig } from './config';
import { Rng } from './rng';

/** name → tensor. Names: wte, wpe, blocks.{i}.ln1.{g,b}, blocks.{i}.attn.{wq,bq,wk,bk,wv,bv,wo,bo}, blocks.{i}.ln2.{g,b},
 * blocks.{i}.mlp.{wUp,bUp,wGate,bGate,wDown,bDown}, lnF.{g,b}, unembed. */
export type ParamMap = Record<string, tf.Tensor>;

export interface ParamSpec {
  name: string;
  shape: number[];
  /** 'normal' with std, 'zeros' or 'ones'. */
  init: { kind: 'normal'; std: number } | { kind: 'zeros' } | { kind: 'ones' };
  /** Matrices get weight decay; biases and norm gains do not (nanoGPT convention). */
  decay: boolean;
}

export function blockPrefix(i: number): string {
  return `blocks.${i}`;
}

/** Every parameter the config needs, in a stable order. Init: N(0, 0.02), residual projections 0.02/√(2L) (GPT-2). */
export function paramSpecs(c: TransformerConfig): ParamSpec[] {
  const d = c.dModel;
  const std = 0.02;
  const resid = 0.02 / Math.sqrt(2 * c.nLayers);
  const specs: ParamSpec[] = [];
  const mat = (name: string, shape: number[], s = std) => specs.push({ name, shape, init: { kind: 'normal', std: s }, decay: true });
  const zeros = (name: string, n: number) => specs.push({ name, shape: [n], init: { kind: 'zeros' }, decay: false });
  const norm = (name: string) => {
    specs.push({ name: `${name}.g`, shape: [d], init: { kind: 'ones' }, decay: false });
    zeros(`${name}.b`, d);
  };
  mat('wte', [c.vocabSize, d]);
  if (c.positional === 'learned') mat('wpe', [c.contextLength, d], 0.01);
  for (let i = 0; i < c.nLayers; i++) {
    const p = blockPrefix(i);
    norm(`${p}.ln1`);
    if (c.attention === 'standard') {
      for (const m of ['q', 'k', 'v']) {
        mat(`${p}.attn.w${m}`, [d, d]);
        zeros(`${p}.attn.b${m}`, d);
      }
      mat(`${p}.attn.wo`, [d, d], resid);
      zeros(`${p}.attn.bo`, d);
    }
    norm(`${p}.ln2`);
    mat(`${p}.mlp.wUp`, [d, c.dFF]);
    zeros(`${p}.mlp.bUp`, c.dFF);
    if (c.activation === 'swiglu') {
      mat(`${p}.mlp.wGate`, [d, c.dFF]);
      zeros(`${p}.mlp.bGate`, c.dFF);
    }
    mat(`${p}.mlp.wDown`, [c.dFF, d], resid);
    zeros(`${p}.mlp.bDown`, d);
  }
  if (c.norm === 'pre') norm('lnF');
  if (!c.tiedEmbeddings) mat('unembed', [d, c.vocabSize]);
  return specs;
}

/** Fresh parameters drawn from a seeded JS RNG, so the same seed gives the same model on every backend. */
export function initParams(c: TransformerConfig, seed: number): ParamMap {
  const rng = new Rng(seed);
  const out: ParamMap = {};
  for (const s of paramSpecs(c)) {
    const n = s.shape.reduce((a, b) => a * b, 1);
    const buf = new Float32Array(n);
    if (s.init.kind === 'ones') buf.fill(1);
    else if (s.init.kind === 'normal') for (let j = 0; j < n; j++) buf[j] = rng.normal() * s.init.std;
    out[s.name] = tf.tensor(buf, s.shape, 'float32');
  }
  return out;
}

export type ParamCategory =
  | 'tokenEmbedding'
  | 'positionEmbedding'
  | 'attnQ'
  | 'attnK'
  | 'attnV'
  | 'attnO'
  | 'ffnUp'
  | 'ffnDown'
  | 'norms'
  | 'unembedding';

export const PARAM_CATEGORY_LABELS: Record<ParamCategory, string> = {
  tokenEmbedding: 'token embedding',
  positionEmbedding: 'position embedding',
  attnQ: 'attention Q',
  attnK: 'attention K',
  attnV: 'attention V',
  attnO: 'attention O',
  ffnUp: 'FFN up',
  ffnDown: 'FFN down',
  norms: 'norms',
  unembedding: 'unembedding',
};

export function categoryOf(name: string): ParamCategory {
  if (name === 'wte') return 'tokenEmbedding';
  if (name === 'wpe') return 'positionEmbedding';
  if (name === 'unembed') return 'unembedding';
  if (/\.ln\d\.|^lnF\./.test(name)) return 'norms';
  const m = /\.attn\.[wb]([qkvo])$/.exec(name);
  if (m) return ({ q: 'attnQ', k: 'attnK', v: 'attnV', o: 'attnO' } as const)[m[1] as 'q' | 'k' | 'v' | 'o'];
  if (/\.mlp\.[wb](Up|Gate)$/.test(name)) return 'ffnUp';
  if (/\.mlp\.[wb]Down$/.test(name)) return 'ffnDown';
  throw new Error(`unknown parameter ${name}`);
}

export interface ParamBreakdown {
  total: number;
  /** Counts per category (biases counted with their matrix). Unembedding is 0 when tied; `tiedNote` says so. */
  byCategory: Record<ParamCategory, number>;
  /** Per named tensor, in spec order. */
  tensors: { name: string; shape: number[]; count: number; category: ParamCategory }[];
  tiedEmbeddings: boolean;
}

/** Parameter counts by matrix type, computed from the config alone (no tensors needed). */
export function countParams(c: TransformerConfig): ParamBreakdown {
  const byCategory = Object.fromEntries(Object.keys(PARAM_CATEGORY_LABELS).map((k) => [k, 0])) as Record<ParamCategory, number>;
  const tensors = paramSpecs(c).map((s) => {
    const count = s.shape.reduce((a, b) => a * b, 1);
    const category = categoryOf(s.name);
    byCategory[category] += count;
    return { name: s.name, shape: s.shape, count, category };
  });
  return { total: tensors.reduce((a, t) => a + t.count, 0), byCategory, tensors, tiedEmbeddings: c.tiedEmbeddings };
}

export function decayedParams(c: TransformerConfig): Set<string> {
  return new Set(paramSpecs(c).filter((s) => s.decay).map((s) => s.name));
}
