// Transformer configuration: one interface, its defaults, the lecture presets and validation.
// Architecture only; training hyper-parameters live in train.ts.
import { UserError } from '../errors';

export type Positional = 'learned' | 'sinusoidal' | 'rope' | 'none';
/**
 * Where the norms sit. 'pre' (GPT-2, Llama): norm → sublayer → add, plus a final norm. 'post' (Vaswani et al. 2017, BERT):
 * sublayer → add → norm. 'sandwich' (Gemma 2/3): norm → sublayer → norm → add, plus a final norm.
 */
export type NormPlacement = 'pre' | 'post' | 'sandwich';
/** LayerNorm (Ba et al. 2016: centre, scale, gain and bias) or RMSNorm (Zhang & Sennrich 2019: scale and gain only). */
export type NormKind = 'layer' | 'rms';
/**
 * The MLP non-linearity. gelu = exact erf GELU; gelu_new = tanh approximation (GPT-2, Gemma's gelu_pytorch_tanh);
 * silu = x·σ(x). 'swiglu' is the older spelling of gatedMlp + silu, kept so saved configs load unchanged.
 */
export type Activation = 'relu' | 'gelu' | 'gelu_new' | 'silu' | 'swiglu';
export type AttentionKind = 'standard' | 'simple';
/** How a layer attends: every earlier key ('global') or only the last `slidingWindow` keys including itself ('sliding'). */
export type LayerAttention = 'global' | 'sliding';

/**
 * Rotary frequency scaling (HF `rope_scaling`). linear (position interpolation, Chen et al. 2023): every inverse frequency
 * divided by factor. llama3: long wavelengths divided by factor, short ones kept, a smooth blend between
 * (Meta's Llama 3.1; transformers `_compute_llama3_parameters`).
 */
export type RopeScaling =
  | { type: 'linear'; factor: number }
  | { type: 'llama3'; factor: number; lowFreqFactor: number; highFreqFactor: number; originalContextLength: number };

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

  // ---- switches for the modern open families (Llama, Qwen2, Gemma 3) and BERT-style encoders; the defaults are GPT-2's ----
  /** Width of one attention head. Default dModel / nHeads; Gemma 3 270M: dModel 640, 4 heads of 256. */
  dHead?: number;
  /** Key/value heads (grouped-query attention, Ainslie et al. 2023): query head h shares kv head ⌊h / (nHeads / nKvHeads)⌋. Default nHeads. */
  nKvHeads?: number;
  /** LayerNorm or RMSNorm; placement is `norm`. Gemma's (1 + w) gain is folded into the weights by its loader. */
  normKind: NormKind;
  /** Gated MLP: down(act(x W_gate) ⊙ x W_up) (Shazeer 2020: SwiGLU with silu, GeGLU with gelu_new). */
  gatedMlp: boolean;
  /** Bias on the q, k and v projections (GPT-2 and Qwen2 yes, Llama and Gemma no). */
  qkvBias: boolean;
  /** Bias on the attention output projection. */
  attnOutBias: boolean;
  /** Biases on the MLP projections. */
  mlpBias: boolean;
  /** RoPE base θ (HF `rope_theta`): inverse frequencies θ^(−2i/dHead). */
  ropeTheta: number;
  /** RoPE frequency scaling for global layers, or null. */
  ropeScaling: RopeScaling | null;
  /** RoPE base of sliding layers (HF `rope_local_base_freq`, unscaled); null = ropeTheta with ropeScaling. */
  ropeLocalTheta: number | null;
  /** Per-layer attention kind (length nLayers), or null = every layer global. */
  layerTypes: LayerAttention[] | null;
  /** Keys a sliding layer sees, the query's own included (HF `sliding_window`): key k is visible from q when q − k < window. */
  slidingWindow: number;
  /** RMSNorm over each query and key head before RoPE (Gemma 3 `q_norm`/`k_norm`), gains [dHead]. */
  qkNorm: boolean;
  /** Multiplier of q·k; null = 1/√dHead. Gemma 3: query_pre_attn_scalar^(−1/2). */
  attnScale: number | null;
  /** Multiplier of the token embeddings (Gemma: √dModel); a tied unembedding uses the unscaled matrix, so it is not folded. */
  embedScale: number;
  /** Attention scores s → cap·tanh(s / cap) before the mask (Gemma 2); null = off. */
  attnLogitSoftcap: number | null;
  /** Logits z → cap·tanh(z / cap) (Gemma 2 `final_logit_softcapping`); null = off. */
  finalLogitSoftcap: number | null;
  /** Segment (token-type) embeddings added to the input (BERT); 0 = none. */
  typeVocabSize: number;
  /** A norm on the summed embeddings before the first block (BERT, DistilBERT). */
  embeddingNorm: boolean;
  /** BERT's MLM transform before the unembedding: dense d→d, activation, LayerNorm; plus an output bias [vocab]. */
  mlmHead: boolean;
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
    normKind: 'layer',
    gatedMlp: false,
    qkvBias: true,
    attnOutBias: true,
    mlpBias: true,
    ropeTheta: 10000,
    ropeScaling: null,
    ropeLocalTheta: null,
    layerTypes: null,
    slidingWindow: 0,
    qkNorm: false,
    attnScale: null,
    embedScale: 1,
    attnLogitSoftcap: null,
    finalLogitSoftcap: null,
    typeVocabSize: 0,
    embeddingNorm: false,
    mlmHead: false,
  };
}

/** Width of one head: dHead when set, else dModel / nHeads. */
export function headDim(c: Pick<TransformerConfig, 'dModel' | 'nHeads' | 'dHead'>): number {
  return c.dHead ?? c.dModel / c.nHeads;
}

/** Key/value heads: nKvHeads when set, else nHeads (plain multi-head attention). */
export function kvHeadCount(c: Pick<TransformerConfig, 'nHeads' | 'nKvHeads'>): number {
  return c.nKvHeads ?? c.nHeads;
}

/** Whether the MLP is gated (gatedMlp, or the older activation name 'swiglu'). */
export function isGated(c: Pick<TransformerConfig, 'gatedMlp' | 'activation'>): boolean {
  return !!c.gatedMlp || c.activation === 'swiglu';
}

/** The attention kind of layer i. */
export function layerAttention(c: Pick<TransformerConfig, 'layerTypes'>, i: number): LayerAttention {
  return c.layerTypes?.[i] ?? 'global';
}

/** The kv head each query head reads (GQA): kvHeadOf[h] = ⌊h / (nHeads / nKvHeads)⌋, as HF `repeat_kv` lays them out. */
export function kvHeadOf(c: Pick<TransformerConfig, 'nHeads' | 'nKvHeads'>): number[] {
  const g = c.nHeads / kvHeadCount(c);
  return Array.from({ length: c.nHeads }, (_, h) => Math.floor(h / g));
}

/** Defaults under a partial config without checking it (configs saved before a field existed get its default). */
export function withDefaults(partial: Partial<TransformerConfig>): TransformerConfig {
  return { ...defaultTransformerConfig(), ...partial };
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
const ACTIVATIONS: readonly Activation[] = ['relu', 'gelu', 'gelu_new', 'silu', 'swiglu'];
const PLACEMENTS: readonly NormPlacement[] = ['pre', 'post', 'sandwich'];

/** Fills missing fields from the defaults and checks every field; throws UserError naming the bad one. */
export function validateConfig(partial: Partial<TransformerConfig>): TransformerConfig {
  const c = withDefaults(partial);
  const posInt = (k: keyof TransformerConfig) => {
    const v = c[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 1e7) {
      throw new UserError(`model config: ${k} must be a positive integer, got ${JSON.stringify(v)}`);
    }
  };
  (['vocabSize', 'contextLength', 'dModel', 'nLayers', 'nHeads', 'dFF'] as const).forEach(posInt);
  (['dHead', 'nKvHeads'] as const).forEach((k) => {
    if (c[k] === undefined || c[k] === null) delete c[k];
    else posInt(k);
  });
  if (c.dHead === undefined && c.dModel % c.nHeads !== 0) {
    throw new UserError(`model config: dModel (${c.dModel}) must be divisible by nHeads (${c.nHeads}), or dHead must be given`);
  }
  if (c.nHeads % kvHeadCount(c) !== 0) throw new UserError(`model config: nHeads (${c.nHeads}) must be a multiple of nKvHeads (${c.nKvHeads})`);
  if (c.attention === 'simple' && (headDim(c) * c.nHeads !== c.dModel || kvHeadCount(c) !== c.nHeads)) {
    throw new UserError('model config: simple attention (no Q/K/V weights) needs dHead · nHeads = dModel and no grouped kv heads');
  }
  if (!POSITIONALS.includes(c.positional)) throw new UserError(`model config: positional must be one of ${POSITIONALS.join(', ')}`);
  if (!PLACEMENTS.includes(c.norm)) throw new UserError(`model config: norm must be one of ${PLACEMENTS.join(', ')}`);
  if (c.normKind !== 'layer' && c.normKind !== 'rms') throw new UserError('model config: normKind must be "layer" or "rms"');
  if (!ACTIVATIONS.includes(c.activation)) throw new UserError(`model config: activation must be one of ${ACTIVATIONS.join(', ')}`);
  if (c.attention !== 'standard' && c.attention !== 'simple') throw new UserError(`model config: attention must be "standard" or "simple"`);
  if (!(c.dropout >= 0 && c.dropout < 1)) throw new UserError(`model config: dropout must be in [0, 1)`);
  if (c.positional === 'rope' && headDim(c) % 2 !== 0) {
    throw new UserError(`model config: RoPE needs an even head size, got ${headDim(c)}`);
  }
  validateModernSwitches(c);
  if (!(c.layerNormEpsilon > 0)) throw new UserError(`model config: layerNormEpsilon must be > 0`);
  c.tiedEmbeddings = !!c.tiedEmbeddings;
  c.causal = c.causal !== false;
  return c;
}

function validateModernSwitches(c: TransformerConfig): void {
  const bad = (msg: string): never => {
    throw new UserError(`model config: ${msg}`);
  };
  const finitePos = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;
  for (const k of ['gatedMlp', 'qkvBias', 'attnOutBias', 'mlpBias', 'qkNorm', 'embeddingNorm', 'mlmHead'] as const) {
    if (typeof c[k] !== 'boolean') bad(`${k} must be true or false`);
  }
  if (!finitePos(c.ropeTheta)) bad(`ropeTheta must be a positive number, got ${JSON.stringify(c.ropeTheta)}`);
  if (c.ropeLocalTheta !== null && !finitePos(c.ropeLocalTheta)) bad('ropeLocalTheta must be a positive number or null');
  const rs = c.ropeScaling;
  if (rs !== null) {
    if (typeof rs !== 'object' || !finitePos(rs.factor)) bad('ropeScaling needs a positive factor');
    if (rs.type === 'llama3') {
      if (!finitePos(rs.lowFreqFactor) || !finitePos(rs.highFreqFactor) || !finitePos(rs.originalContextLength) || rs.highFreqFactor <= rs.lowFreqFactor) {
        bad('ropeScaling llama3 needs lowFreqFactor < highFreqFactor and originalContextLength, all positive');
      }
    } else if (rs.type !== 'linear') bad(`ropeScaling type must be linear or llama3, got ${JSON.stringify((rs as { type: unknown }).type)}`);
  }
  if (c.layerTypes !== null) {
    if (!Array.isArray(c.layerTypes) || c.layerTypes.length !== c.nLayers || c.layerTypes.some((t) => t !== 'global' && t !== 'sliding')) {
      bad(`layerTypes must list 'global' or 'sliding' for each of the ${c.nLayers} layers`);
    }
    if (c.layerTypes.includes('sliding') && !(Number.isInteger(c.slidingWindow) && c.slidingWindow >= 1)) bad('sliding layers need slidingWindow ≥ 1');
  }
  if (!(Number.isInteger(c.slidingWindow) && c.slidingWindow >= 0)) bad('slidingWindow must be a whole number ≥ 0');
  if (c.attnScale !== null && !finitePos(c.attnScale)) bad('attnScale must be a positive number or null');
  if (!finitePos(c.embedScale)) bad('embedScale must be a positive number');
  for (const k of ['attnLogitSoftcap', 'finalLogitSoftcap'] as const) if (c[k] !== null && !finitePos(c[k])) bad(`${k} must be a positive number or null`);
  if (!(Number.isInteger(c.typeVocabSize) && c.typeVocabSize >= 0)) bad('typeVocabSize must be a whole number ≥ 0');
  if (c.qkNorm && c.attention !== 'standard') bad('qkNorm needs standard attention');
}
