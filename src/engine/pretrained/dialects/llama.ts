// Llama-family config.json (model_type llama, qwen2; SmolLM2 is llama) → engine config and tensor table.
// Facts from transformers' modeling_llama.py / modeling_qwen2.py: pre-RMSNorm, SwiGLU MLP, RoPE (rotate_half layout),
// grouped kv heads; Llama biases only when attention_bias / mlp_bias, Qwen2 always biases q/k/v and never o.
import { UserError } from '../../errors';
import { validateConfig, type TransformerConfig } from '../../lm/config';
import { blockPrefix } from '../../lm/params';
import { HfFields, ropeScalingOf } from './hfFields';
import type { HfDialect, HfTensorMap } from './types';

/** rope_theta and rope_scaling, or the newer single rope_parameters object that carries both. */
export function ropeOf(j: Record<string, unknown>, label: string, thetaDefault: number) {
  const params = j.rope_parameters as Record<string, unknown> | undefined;
  const f = new HfFields(j, label);
  const theta = j.rope_theta !== undefined ? f.num('rope_theta') : params && typeof params.rope_theta === 'number' ? params.rope_theta : thetaDefault;
  const scaling = ropeScalingOf(j.rope_scaling ?? params ?? null, label);
  return { ropeTheta: theta, ropeScaling: scaling };
}

/** The shared part of the Llama-like table: attention and MLP projections ([out, in] in the file). */
export function llamaLikeLayout(c: TransformerConfig, norms: (i: number) => HfTensorMap[]): HfTensorMap[] {
  const d = c.dModel;
  const dh = c.dHead ?? d / c.nHeads;
  const q = c.nHeads * dh;
  const kv = (c.nKvHeads ?? c.nHeads) * dh;
  const out: HfTensorMap[] = [{ hfName: 'embed_tokens.weight', shape: [c.vocabSize, d], engine: 'wte' }];
  for (let i = 0; i < c.nLayers; i++) {
    const h = `layers.${i}`;
    const p = blockPrefix(i);
    const lin = (hf: string, ours: string, outDim: number, inDim: number, bias: boolean) => {
      out.push({ hfName: `${h}.${hf}.weight`, shape: [outDim, inDim], engine: `${p}.${ours.replace('#', 'w')}`, transpose: true });
      if (bias) out.push({ hfName: `${h}.${hf}.bias`, shape: [outDim], engine: `${p}.${ours.replace('#', 'b')}` });
    };
    lin('self_attn.q_proj', 'attn.#q', q, d, c.qkvBias);
    lin('self_attn.k_proj', 'attn.#k', kv, d, c.qkvBias);
    lin('self_attn.v_proj', 'attn.#v', kv, d, c.qkvBias);
    lin('self_attn.o_proj', 'attn.#o', d, q, c.attnOutBias);
    lin('mlp.gate_proj', 'mlp.#Gate', c.dFF, d, c.mlpBias);
    lin('mlp.up_proj', 'mlp.#Up', c.dFF, d, c.mlpBias);
    lin('mlp.down_proj', 'mlp.#Down', d, c.dFF, c.mlpBias);
    out.push(...norms(i));
  }
  if (!c.tiedEmbeddings) out.push({ hfName: 'lm_head.weight', shape: [c.vocabSize, d], engine: 'unembed', transpose: true, head: true });
  return out;
}

export const llamaDialect: HfDialect = {
  name: 'llama',
  modelTypes: ['llama', 'qwen2'],
  matches: (j) => j.model_type === 'llama' || j.model_type === 'qwen2',
  bodyPrefixes: ['model.', ''],
  headPrefixes: [''],
  toConfig(j, label) {
    const f = new HfFields(j, label);
    const qwen = j.model_type === 'qwen2';
    if (qwen && j.use_sliding_window === true) throw new UserError(`${label}: use_sliding_window true (Qwen2 sliding layers) is not supported yet`);
    const d = f.int('hidden_size');
    const nHeads = f.int('num_attention_heads');
    const attentionBias = f.bool('attention_bias', false);
    return validateConfig({
      vocabSize: f.int('vocab_size'),
      contextLength: f.int('max_position_embeddings', 2048),
      dModel: d,
      nLayers: f.int('num_hidden_layers'),
      nHeads,
      nKvHeads: f.int('num_key_value_heads', nHeads),
      dHead: j.head_dim === undefined || j.head_dim === null ? undefined : f.int('head_dim'),
      dFF: f.int('intermediate_size'),
      positional: 'rope',
      norm: 'pre',
      normKind: 'rms',
      activation: f.activation('hidden_act', 'silu'),
      gatedMlp: true,
      dropout: 0,
      tiedEmbeddings: f.bool('tie_word_embeddings', false),
      attention: 'standard',
      causal: true,
      layerNormEpsilon: f.num('rms_norm_eps', 1e-6),
      qkvBias: qwen || attentionBias,
      attnOutBias: !qwen && attentionBias,
      mlpBias: !qwen && f.bool('mlp_bias', false),
      ...ropeOf(j, label, 10000), // LlamaConfig and Qwen2Config both default rope_theta to 10000
    });
  },
  layout: (c) =>
    llamaLikeLayout(c, (i) => [
      { hfName: `layers.${i}.input_layernorm.weight`, shape: [c.dModel], engine: `${blockPrefix(i)}.ln1.g` },
      { hfName: `layers.${i}.post_attention_layernorm.weight`, shape: [c.dModel], engine: `${blockPrefix(i)}.ln2.g` },
    ]).concat([{ hfName: 'norm.weight', shape: [c.dModel], engine: 'lnF.g' }]),
};
