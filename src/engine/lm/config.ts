// Transformer configuration: one interface, its defaults, the lecture presets and validation.
// Architecture only; training hyper-parameters live in train.ts.
import { UserError } from '../errors';

export type Positional = 'learned' | 'sinusoidal' | 'rope' | 'none';
export type NormPlacement = 'pre' | 'post';
export type Activation = 'relu' | 'gelu' | 'gelu_new' | 'swiglu';
export type AttentionKind = 'standard' | 'simple';

/** Every architectural choice of the decoder-only (or, with causal=false, encoder) transformer. */
export interface TransformerConfig {
  vocabSize: number;
  /** Maximum sequence length (positions). */
  contextLength: number;
  dModel: number;
  nLayers: number;
  nHeads: number;
  /** Hidden width of the feed-forward block. */
  dFF: number;
  positional: Positional;
  /** 'pre' = GPT-2 (LN before each sublayer + final LN); 'post' = Vaswani et al. 2017 (LN after each residual add). */
  norm: NormPlacement;
  activation: Activation;
  /** Dropout rate in [0, 1) applied to embeddings, attention output and FFN output while training. */
  dropout: number;
  /** Unembedding = wteᵀ (Press & Wolf 2017) instead of a separate matrix. */
  tiedEmbeddings: boolean;
  /** 'simple': no Q/K/V/O weights, scores are x_i·x_j (MGMT298D lecture); 'standard': scaled dot-product. */
  attention: AttentionKind;
  /** Causal mask (decoder). An encoder for classification sets false. */
  causal: boolean;
  layerNormEpsilon: number;
}

export function defaultTransformerConfig(): TransformerConfig {
  return {
    vocabSize: 256,
    contextLength: 64,
    dModel: 128,
    nLayers: 4,
    nHeads: 4,
    dFF: 512,
    positional: 'learned',
    norm: 'pre',
    activation: 'gelu_new',
    dropout: 0,
    tiedEmbeddings: true,
    attention: 'standard',
    causal: true,
    layerNormEpsilon: 1e-5,
  };
}

export type PresetName = 'femto' | 'pico' | 'small';
export const PRESET_NAMES: readonly PresetName[] = ['femto', 'pico', 'small'];

/**
 * The lecture presets (10-315 "MinGPT Femto/Pico"). femto: 2-D embeddings, 1 layer, 1 head.
 * pico: 3 layers, 3 heads; the lecture draws it in 2-D, here dModel 48 so each head has 16 dims.
 * small: 4 layers, 4 heads, 128-d, context 64.
 */
export function presetConfig(name: PresetName, vocabSize: number): TransformerConfig {
  const base = { ...defaultTransformerConfig(), vocabSize };
  switch (name) {
    case 'femto':
      return { ...base, dModel: 2, nLayers: 1, nHeads: 1, dFF: 8, contextLength: 32 };
    case 'pico':
      return { ...base, dModel: 48, nLayers: 3, nHeads: 3, dFF: 192, contextLength: 64 };
    case 'small':
      return { ...base, dModel: 128, nLayers: 4, nHeads: 4, dFF: 512, contextLength: 64 };
  }
}

export function isPresetName(v: unknown): v is PresetName {
  return typeof v === 'string' && (PRESET_NAMES as readonly string[]).includes(v);
}

const POSITIONALS: readonly Positional[] = ['learned', 'sinusoidal', 'rope', 'none'];
const ACTIVATIONS: readonly Activation[] = ['relu', 'gelu', 'gelu_new', 'swiglu'];

/** Fills missing fields from the defaults and checks every field; throws UserError naming the bad one. */
export function validateConfig(partial: Partial<TransformerConfig>): TransformerConfig {
  const c = { ...defaultTransformerConfig(), ...partial };
  const posInt = (k: keyof TransformerConfig) => {
    const v = c[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 1e7) {
      throw new UserError(`model config: ${k} must be a positive integer, got ${JSON.stringify(v)}`);
    }
  };
  (['vocabSize', 'contextLength', 'dModel', 'nLayers', 'nHeads', 'dFF'] as const).forEach(posInt);
  if (c.dModel % c.nHeads !== 0) throw new UserError(`model config: dModel (${c.dModel}) must be divisible by nHeads (${c.nHeads})`);
  if (!POSITIONALS.includes(c.positional)) throw new UserError(`model config: positional must be one of ${POSITIONALS.join(', ')}`);
  if (c.norm !== 'pre' && c.norm !== 'post') throw new UserError(`model config: norm must be "pre" or "post"`);
  if (!ACTIVATIONS.includes(c.activation)) throw new UserError(`model config: activation must be one of ${ACTIVATIONS.join(', ')}`);
  if (c.attention !== 'standard' && c.attention !== 'simple') throw new UserError(`model config: attention must be "standard" or "simple"`);
  if (!(c.dropout >= 0 && c.dropout < 1)) throw new UserError(`model config: dropout must be in [0, 1)`);
  if (c.positional === 'rope' && (c.dModel / c.nHeads) % 2 !== 0) {
    throw new UserError(`model config: RoPE needs an even head size, got dModel/nHeads = ${c.dModel / c.nHeads}`);
  }
  if (!(c.layerNormEpsilon > 0)) throw new UserError(`model config: layerNormEpsilon must be > 0`);
  c.tiedEmbeddings = !!c.tiedEmbeddings;
  c.causal = c.causal !== false;
  return c;
}
