// Gemma 3 config.json (model_type gemma3_text, or gemma3 whose text_config holds it) → engine config and tensor table.
// Facts from transformers' modeling_gemma3.py / configuration_gemma3.py: sandwich RMSNorms with (1 + w) gains (folded
// here), GeGLU (gelu_pytorch_tanh), q/k RMSNorm per head, scale query_pre_attn_scalar^−½, embeddings × √hidden_size,
// sliding layers (layer_types, or every sliding_window_pattern-th layer global) with their own rope base.
import { UserError } from '../../errors';
import { validateConfig, type LayerAttention, type TransformerConfig } from '../../lm/config';
import { blockPrefix } from '../../lm/params';
import { HfFields, ropeScalingOf } from './hfFields';
import { llamaLikeLayout } from './llama';
import type { HfDialect, HfTensorMap } from './types';

/** Gemma3TextConfig defaults (multimodal checkpoints often leave text_config fields at these). */
const TEXT_DEFAULTS: Record<string, unknown> = {
  vocab_size: 262208,
  hidden_size: 2304,
  intermediate_size: 9216,
  num_hidden_layers: 26,
  num_attention_heads: 8,
  num_key_value_heads: 4,
  head_dim: 256,
  hidden_activation: 'gelu_pytorch_tanh',
  max_position_embeddings: 131072,
  rms_norm_eps: 1e-6,
  rope_theta: 1_000_000,
  query_pre_attn_scalar: 256,
  sliding_window: 4096,
  rope_local_base_freq: 10000,
  sliding_window_pattern: 6,
};

/** The text model's fields: the gemma3 multimodal config nests them in text_config. */
export function gemmaTextConfig(j: Record<string, unknown>, label: string): Record<string, unknown> {
  if (j.model_type !== 'gemma3') return j;
  const t = j.text_config;
  if (typeof t !== 'object' || t === null || Array.isArray(t)) throw new UserError(`${label}: a gemma3 config needs a text_config object`);
  return { tie_word_embeddings: j.tie_word_embeddings, ...(t as Record<string, unknown>) };
}

function layerTypesOf(t: Record<string, unknown>, nLayers: number, label: string): LayerAttention[] {
  if (Array.isArray(t.layer_types)) {
    if (t.layer_types.length !== nLayers) throw new UserError(`${label}: layer_types lists ${t.layer_types.length} layers but num_hidden_layers is ${nLayers}`);
    return t.layer_types.map((v, i) => {
      if (v === 'sliding_attention') return 'sliding';
      if (v === 'full_attention') return 'global';
      throw new UserError(`${label}: layer_types[${i}] is ${JSON.stringify(v)} (expected sliding_attention or full_attention)`);
    });
  }
  const pattern = new HfFields({ sliding_window_pattern: 6, ...t }, label).int('sliding_window_pattern');
  // every pattern-th layer is global (configuration_gemma3.py: sliding when (i + 1) % pattern ≠ 0)
  return Array.from({ length: nLayers }, (_, i) => ((i + 1) % pattern ? 'sliding' : 'global'));
}

export const gemma3Dialect: HfDialect = {
  name: 'gemma3',
  modelTypes: ['gemma3_text', 'gemma3'],
  matches: (j) => j.model_type === 'gemma3_text' || j.model_type === 'gemma3',
  // text-only files: model.*; multimodal files: language_model.model.* (older) or model.language_model.* (newer)
  bodyPrefixes: ['model.', 'language_model.model.', 'model.language_model.'],
  headPrefixes: ['', 'language_model.'],
  toConfig(j, label) {
    const t = { ...TEXT_DEFAULTS, ...Object.fromEntries(Object.entries(gemmaTextConfig(j, label)).filter(([, v]) => v !== undefined)) };
    const f = new HfFields(t, label);
    const d = f.int('hidden_size');
    const nLayers = f.int('num_hidden_layers');
    const rp = t.rope_parameters as Record<string, Record<string, unknown>> | undefined;
    const full = rp?.full_attention;
    const local = rp?.sliding_attention;
    const ropeTheta = typeof full?.rope_theta === 'number' ? full.rope_theta : f.num('rope_theta');
    const ropeLocalTheta = typeof local?.rope_theta === 'number' ? local.rope_theta : f.num('rope_local_base_freq');
    const attentionBias = f.bool('attention_bias', false);
    if (f.bool('use_bidirectional_attention', false)) throw new UserError(`${label}: use_bidirectional_attention (Gemma embedding models) is not supported: Model Lens opens Gemma 3 as a causal language model`);
    return validateConfig({
      vocabSize: f.int('vocab_size'),
      contextLength: f.int('max_position_embeddings'),
      dModel: d,
      nLayers,
      nHeads: f.int('num_attention_heads'),
      nKvHeads: f.int('num_key_value_heads'),
      dHead: f.int('head_dim'),
      dFF: f.int('intermediate_size'),
      positional: 'rope',
      norm: 'sandwich',
      normKind: 'rms',
      activation: f.activation(t.hidden_activation !== undefined ? 'hidden_activation' : 'hidden_act', 'gelu_pytorch_tanh'),
      gatedMlp: true,
      dropout: 0,
      tiedEmbeddings: f.bool('tie_word_embeddings', true),
      attention: 'standard',
      causal: true,
      layerNormEpsilon: f.num('rms_norm_eps'),
      qkvBias: attentionBias,
      attnOutBias: attentionBias,
      mlpBias: false,
      qkNorm: true,
      attnScale: 1 / Math.sqrt(f.num('query_pre_attn_scalar')),
      embedScale: Math.sqrt(d),
      layerTypes: layerTypesOf(t, nLayers, label),
      slidingWindow: f.int('sliding_window'),
      ropeTheta,
      ropeScaling: ropeScalingOf(t.rope_scaling ?? (full && full.rope_type !== 'default' ? full : null), label),
      ropeLocalTheta,
      attnLogitSoftcap: f.optNum('attn_logit_softcapping'),
      finalLogitSoftcap: f.optNum('final_logit_softcapping'),
    });
  },
  layout(c: TransformerConfig): HfTensorMap[] {
    const d = c.dModel;
    const dh = c.dHead ?? d / c.nHeads;
    const norm = (hf: string, ours: string, n = d): HfTensorMap => ({ hfName: `${hf}.weight`, shape: [n], engine: `${ours}.g`, addOne: true });
    return llamaLikeLayout(c, (i) => {
      const h = `layers.${i}`;
      const p = blockPrefix(i);
      return [
        norm(`${h}.input_layernorm`, `${p}.ln1`),
        norm(`${h}.self_attn.q_norm`, `${p}.attn.qNorm`, dh),
        norm(`${h}.self_attn.k_norm`, `${p}.attn.kNorm`, dh),
        norm(`${h}.post_attention_layernorm`, `${p}.ln1Post`),
        norm(`${h}.pre_feedforward_layernorm`, `${p}.ln2`),
        norm(`${h}.post_feedforward_layernorm`, `${p}.ln2Post`),
      ];
    }).concat([norm('norm', 'lnF')]);
  },
};
