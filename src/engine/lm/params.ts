// The transformer's parameters as plain named tensors (GPT-2-like names, [in, out] matrices like GPT-2's Conv1D),
// their seeded initialisation, and the parameter count broken down by matrix type (GPT-3 paper, Table 2.1 style).
import * as tf from '@tensorflow/tfjs-core';
import { headDim, isGated, kvHeadCount, withDefaults, type TransformerConfig } from './config';
import { Rng } from './rng';

/**
 * name → tensor. Names: wte [V, d], wpe [ctx, d], wtt [types, d], lnE.{g,b}; per block blocks.{i}.ln1.{g,b} (before attention,
 * or after its residual add under post-norm), blocks.{i}.attn.{wq [d, H·dh], bq, wk [d, Hkv·dh], bk, wv, bv, wo [H·dh, d], bo},
 * blocks.{i}.attn.{qNorm,kNorm}.g [dh], blocks.{i}.ln1Post.g (sandwich: on the attention output before the add),
 * blocks.{i}.ln2.{g,b}, blocks.{i}.mlp.{wUp,bUp,wGate,bGate,wDown,bDown}, blocks.{i}.ln2Post.g; lnF.{g,b};
 * mlm.{w [d, d], b, ln.{g,b}, bOut [V]}; unembed [d, V]. RMS norms have a gain `.g` only.
 */
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
export function paramSpecs(cIn: TransformerConfig): ParamSpec[] {
  const c = withDefaults(cIn);
  const d = c.dModel;
  const dh = headDim(c);
  const dq = c.nHeads * dh; // query / attention-output width
  const dkv = kvHeadCount(c) * dh; // key / value width
  const std = 0.02;
  const resid = 0.02 / Math.sqrt(2 * c.nLayers);
  const specs: ParamSpec[] = [];
  const mat = (name: string, shape: number[], s = std) => specs.push({ name, shape, init: { kind: 'normal', std: s }, decay: true });
  const zeros = (name: string, n: number) => specs.push({ name, shape: [n], init: { kind: 'zeros' }, decay: false });
  // LayerNorm: gain and bias; RMSNorm: gain only. `kind` overrides the model's kind (BERT's MLM head is always LayerNorm).
  const norm = (name: string, n = d, kind = c.normKind) => {
    specs.push({ name: `${name}.g`, shape: [n], init: { kind: 'ones' }, decay: false });
    if (kind === 'layer') zeros(`${name}.b`, n);
  };
  const gated = isGated(c);
  mat('wte', [c.vocabSize, d]);
  if (c.positional === 'learned') mat('wpe', [c.contextLength, d], 0.01);
  if (c.typeVocabSize > 0) mat('wtt', [c.typeVocabSize, d]);
  if (c.embeddingNorm) norm('lnE');
  for (let i = 0; i < c.nLayers; i++) {
    const p = blockPrefix(i);
    norm(`${p}.ln1`);
    if (c.attention === 'standard') {
      for (const [m, width] of [['q', dq], ['k', dkv], ['v', dkv]] as const) {
        mat(`${p}.attn.w${m}`, [d, width]);
        if (c.qkvBias) zeros(`${p}.attn.b${m}`, width);
      }
      if (c.qkNorm) {
        norm(`${p}.attn.qNorm`, dh, 'rms');
        norm(`${p}.attn.kNorm`, dh, 'rms');
      }
      mat(`${p}.attn.wo`, [dq, d], resid);
      if (c.attnOutBias) zeros(`${p}.attn.bo`, d);
    }
    if (c.norm === 'sandwich') norm(`${p}.ln1Post`);
    norm(`${p}.ln2`);
    mat(`${p}.mlp.wUp`, [d, c.dFF]);
    if (c.mlpBias) zeros(`${p}.mlp.bUp`, c.dFF);
    if (gated) {
      mat(`${p}.mlp.wGate`, [d, c.dFF]);
      if (c.mlpBias) zeros(`${p}.mlp.bGate`, c.dFF);
    }
    mat(`${p}.mlp.wDown`, [c.dFF, d], resid);
    if (c.mlpBias) zeros(`${p}.mlp.bDown`, d);
    if (c.norm === 'sandwich') norm(`${p}.ln2Post`);
  }
  if (c.norm !== 'post') norm('lnF');
  if (c.mlmHead) {
    mat('mlm.w', [d, d]);
    zeros('mlm.b', d);
    norm('mlm.ln', d, 'layer');
    zeros('mlm.bOut', c.vocabSize);
  }
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
  | 'tokenTypeEmbedding'
  | 'attnQ'
  | 'attnK'
  | 'attnV'
  | 'attnO'
  | 'ffnUp'
  | 'ffnDown'
  | 'norms'
  | 'mlmHead'
  | 'unembedding';

export const PARAM_CATEGORY_LABELS: Record<ParamCategory, string> = {
  tokenEmbedding: 'token embedding',
  positionEmbedding: 'position embedding',
  tokenTypeEmbedding: 'token-type embedding',
  attnQ: 'attention Q',
  attnK: 'attention K',
  attnV: 'attention V',
  attnO: 'attention O',
  ffnUp: 'FFN up',
  ffnDown: 'FFN down',
  norms: 'norms',
  mlmHead: 'MLM head',
  unembedding: 'unembedding',
};

export function categoryOf(name: string): ParamCategory {
  if (name === 'wte') return 'tokenEmbedding';
  if (name === 'wpe') return 'positionEmbedding';
  if (name === 'wtt') return 'tokenTypeEmbedding';
  if (name === 'unembed') return 'unembedding';
  if (name.startsWith('mlm.')) return 'mlmHead';
  if (/\.ln\d(Post)?\.|^ln[FE]\.|\.attn\.[qk]Norm\./.test(name)) return 'norms';
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
