// Hugging Face GPT-2 config.json ⇄ the engine's TransformerConfig (transformers' GPT2Config field names and defaults).
// Only what changes the forward pass is mapped; dropout rates are read as 0 (inference).
import { UserError } from '../errors';
import { defaultTransformerConfig, validateConfig, type Activation, type TransformerConfig } from '../lm/config';

/** The GPT2Config fields Model Lens reads or writes. */
export interface HfGpt2Config {
  model_type?: string;
  architectures?: string[];
  vocab_size: number;
  n_positions: number;
  n_ctx?: number;
  n_embd: number;
  n_layer: number;
  n_head: number;
  n_inner?: number | null;
  activation_function: string;
  layer_norm_epsilon: number;
  tie_word_embeddings?: boolean;
  scale_attn_weights?: boolean;
  scale_attn_by_inverse_layer_idx?: boolean;
  [key: string]: unknown;
}

/** HF activation names (transformers ACT2FN) the engine computes exactly. gelu_pytorch_tanh is gelu_new by another name. */
const ACTIVATIONS: Record<string, Activation> = {
  gelu_new: 'gelu_new',
  gelu_pytorch_tanh: 'gelu_new',
  gelu_fast: 'gelu_new',
  gelu: 'gelu',
  relu: 'relu',
};

const GPT2_ARCHS = ['GPT2LMHeadModel', 'GPT2Model', 'GPT2DoubleHeadsModel'];

/** Is this config.json a GPT-2? model_type "gpt2", or (older files without model_type) a GPT-2 architecture. */
export function isGpt2Config(j: Record<string, unknown>): boolean {
  const archs = Array.isArray(j.architectures) ? j.architectures.filter((a): a is string => typeof a === 'string') : [];
  if (j.model_type !== undefined) return j.model_type === 'gpt2';
  return archs.some((a) => GPT2_ARCHS.includes(a));
}

/**
 * Validates a parsed config.json and maps it onto the engine's config (learned positions, pre-norm, tied, with biases).
 * `label` names the file in messages.
 */
export function fromHfConfig(json: unknown, label = 'config.json'): { hf: HfGpt2Config; config: TransformerConfig } {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new UserError(`${label} is not a JSON object`);
  const j = json as Record<string, unknown>;
  if (!isGpt2Config(j)) {
    const archs = Array.isArray(j.architectures) ? ` (${j.architectures.join(', ')})` : '';
    const what = j.model_type !== undefined ? `a ${JSON.stringify(j.model_type)} model${archs}` : `no GPT-2 architecture${archs}`;
    throw new UserError(`${label} describes ${what}; Model Lens opens only GPT-2-layout models (model_type "gpt2", GPT2LMHeadModel)`);
  }
  const int = (key: string, fallback?: unknown): number => {
    const v = j[key] ?? fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 1e7) {
      throw new UserError(`${label}: ${key} must be a positive integer, got ${JSON.stringify(v)}`);
    }
    return v;
  };
  const nEmbd = int('n_embd');
  const nHead = int('n_head');
  if (nEmbd % nHead !== 0) throw new UserError(`${label}: n_embd (${nEmbd}) must be divisible by n_head (${nHead})`);
  const actName = j.activation_function ?? 'gelu_new';
  const activation = typeof actName === 'string' ? ACTIVATIONS[actName] : undefined;
  if (!activation) {
    throw new UserError(`${label}: activation_function ${JSON.stringify(actName)} is not supported (supported: ${Object.keys(ACTIVATIONS).join(', ')})`);
  }
  const eps = j.layer_norm_epsilon ?? 1e-5;
  if (typeof eps !== 'number' || !(eps > 0 && eps < 1)) throw new UserError(`${label}: layer_norm_epsilon must be a small positive number, got ${JSON.stringify(eps)}`);
  if (j.scale_attn_weights === false) throw new UserError(`${label}: scale_attn_weights false (unscaled attention) is not supported`);
  if (j.scale_attn_by_inverse_layer_idx === true) throw new UserError(`${label}: scale_attn_by_inverse_layer_idx is not supported`);
  const nInner = j.n_inner === null || j.n_inner === undefined ? 4 * nEmbd : int('n_inner');
  const hf: HfGpt2Config = {
    ...j,
    vocab_size: int('vocab_size'),
    n_positions: int('n_positions', j.n_ctx),
    n_embd: nEmbd,
    n_layer: int('n_layer'),
    n_head: nHead,
    n_inner: nInner,
    activation_function: actName as string,
    layer_norm_epsilon: eps,
    tie_word_embeddings: j.tie_word_embeddings !== false,
  };
  const config = validateConfig({
    vocabSize: hf.vocab_size,
    contextLength: hf.n_positions,
    dModel: nEmbd,
    nLayers: hf.n_layer,
    nHeads: nHead,
    dFF: nInner,
    positional: 'learned',
    norm: 'pre',
    activation,
    dropout: 0,
    tiedEmbeddings: hf.tie_word_embeddings !== false,
    attention: 'standard',
    causal: true,
    layerNormEpsilon: eps,
  });
  return { hf, config };
}

/** Why an engine config cannot be written as GPT-2 (empty when it can). */
export function hfIncompatibilities(c: TransformerConfig): string[] {
  const why: string[] = [];
  if (c.positional !== 'learned') why.push(`positions are ${c.positional} (GPT-2 needs learned)`);
  if (c.norm !== 'pre') why.push(`norm is ${c.norm} (GPT-2 needs pre-norm)`);
  if (c.activation === 'swiglu') why.push('activation is swiglu (GPT-2 needs gelu, gelu_new or relu)');
  if (c.attention !== 'standard') why.push(`attention is ${c.attention} (GPT-2 needs standard Q/K/V)`);
  if (!c.causal) why.push('attention is not causal');
  // the switches of the newer families: GPT-2's layout has none of them
  const d = defaultTransformerConfig();
  if (c.activation === 'silu' || c.gatedMlp) why.push('the MLP is gated or uses silu (GPT-2 needs a plain gelu, gelu_new or relu MLP)');
  if ((c.dHead ?? c.dModel / c.nHeads) !== c.dModel / c.nHeads || (c.nKvHeads ?? c.nHeads) !== c.nHeads) why.push('heads are grouped or not dModel/nHeads wide');
  for (const k of ['normKind', 'qkvBias', 'attnOutBias', 'mlpBias', 'qkNorm', 'attnScale', 'embedScale', 'attnLogitSoftcap', 'finalLogitSoftcap', 'typeVocabSize', 'embeddingNorm', 'mlmHead', 'layerTypes'] as const) {
    if (c[k] !== undefined && JSON.stringify(c[k]) !== JSON.stringify(d[k])) why.push(`${k} is ${JSON.stringify(c[k])} (GPT-2 has ${JSON.stringify(d[k])})`);
  }
  return why;
}

/** The config.json written for an engine model (a GPT2LMHeadModel that transformers can load). */
export function toHfConfig(c: TransformerConfig, extra: Record<string, unknown> = {}): HfGpt2Config {
  const why = hfIncompatibilities(c);
  if (why.length) throw new UserError(`this model cannot be saved in the GPT-2 layout: ${why.join('; ')}`);
  return {
    architectures: ['GPT2LMHeadModel'],
    model_type: 'gpt2',
    vocab_size: c.vocabSize,
    n_positions: c.contextLength,
    n_ctx: c.contextLength,
    n_embd: c.dModel,
    n_layer: c.nLayers,
    n_head: c.nHeads,
    n_inner: c.dFF,
    activation_function: c.activation,
    layer_norm_epsilon: c.layerNormEpsilon,
    resid_pdrop: 0,
    embd_pdrop: 0,
    attn_pdrop: 0,
    initializer_range: 0.02,
    scale_attn_weights: true,
    tie_word_embeddings: c.tiedEmbeddings,
    torch_dtype: 'float32',
    ...extra,
  };
}
