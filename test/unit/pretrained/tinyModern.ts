// Test fixtures written independently of the loader: tiny random Llama / Qwen2 / Gemma 3 folders in the Hugging Face
// layout (config.json, safetensors — single or sharded — tokenizer.json, tokenizer_config.json), plus the same weights
// under the engine's names for the plain-loop reference (plainTransformer.ts). Values are k/256 (exact in BF16);
// Gemma's stored norm weights are w with gain 1 + w.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { validateConfig, type TransformerConfig } from '../../../src/engine/lm/config';
import { weightsFile, type Dtype, type Weights } from './tinyGpt2';

export type Family = 'llama' | 'qwen2' | 'gemma3_text' | 'gemma3';

export interface TinyModern {
  dir: string;
  /** The engine config the HF config means, written by hand here (not by the loader's dialects). */
  config: TransformerConfig;
  /** Engine-named weights for plainForward. */
  engine: Record<string, Float32Array>;
  hfConfig: Record<string, unknown>;
}

function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    let t = (s = (s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ModernOptions {
  family: Family;
  tied?: boolean;
  dtype?: Dtype;
  /** Split the weights over this many shards with model.safetensors.index.json. */
  shards?: number;
  seed?: number;
  /** Extra config.json fields (e.g. rope_scaling). */
  extra?: Record<string, unknown>;
  /** Override the engine config the extra fields imply. */
  engineExtra?: Partial<TransformerConfig>;
  /** Vocabulary size (default 40): the e2e folders match a real tokenizer.json's size. */
  vocabSize?: number;
}

/** Sizes: vocab 40, hidden 16, 2 layers (Gemma: 3 with sliding window 3), 4 query heads over 2 kv heads, head_dim 8. */
export function writeTinyModern(o: ModernOptions): TinyModern {
  const rnd = mulberry32(o.seed ?? 7);
  const gemma = o.family === 'gemma3_text' || o.family === 'gemma3';
  const qwen = o.family === 'qwen2';
  const V = o.vocabSize ?? 40, d = 16, H = 4, Hkv = 2, dh = 8, ff = 24, L = gemma ? 3 : 2;
  const tied = o.tied ?? gemma;
  const text: Record<string, unknown> = {
    vocab_size: V, hidden_size: d, intermediate_size: ff, num_hidden_layers: L, num_attention_heads: H, num_key_value_heads: Hkv,
    head_dim: dh, max_position_embeddings: 64, tie_word_embeddings: tied,
  };
  let config: Partial<TransformerConfig> = {
    vocabSize: V, contextLength: 64, dModel: d, nLayers: L, nHeads: H, nKvHeads: Hkv, dHead: dh, dFF: ff, positional: 'rope',
    normKind: 'rms', gatedMlp: true, qkvBias: qwen, attnOutBias: false, mlpBias: false, tiedEmbeddings: tied, dropout: 0,
  };
  if (gemma) {
    Object.assign(text, {
      model_type: 'gemma3_text', hidden_activation: 'gelu_pytorch_tanh', rms_norm_eps: 1e-6, rope_theta: 1e6, rope_local_base_freq: 10000,
      query_pre_attn_scalar: 6, sliding_window: 3, layer_types: ['sliding_attention', 'sliding_attention', 'full_attention'],
      final_logit_softcapping: 5, attn_logit_softcapping: null,
    });
    Object.assign(config, {
      norm: 'sandwich', activation: 'gelu_new', layerNormEpsilon: 1e-6, ropeTheta: 1e6, ropeLocalTheta: 10000, qkNorm: true,
      attnScale: 1 / Math.sqrt(6), embedScale: Math.sqrt(d), layerTypes: ['sliding', 'sliding', 'global'], slidingWindow: 3, finalLogitSoftcap: 5,
    });
  } else {
    Object.assign(text, { model_type: o.family, hidden_act: 'silu', rms_norm_eps: 1e-5, rope_theta: qwen ? 1e6 : 10000 });
    Object.assign(config, { norm: 'pre', activation: 'silu', layerNormEpsilon: 1e-5, ropeTheta: qwen ? 1e6 : 10000 });
  }
  Object.assign(text, o.extra ?? {});
  config = validateConfig({ ...config, ...o.engineExtra });
  const hfConfig = o.family === 'gemma3' ? { model_type: 'gemma3', architectures: ['Gemma3ForConditionalGeneration'], text_config: { ...text, model_type: 'gemma3_text' }, vision_config: {} } : text;

  const hf: Weights = new Map();
  const engine: Record<string, Float32Array> = {};
  const body = o.family === 'gemma3' ? 'language_model.model.' : 'model.';
  const rand = (n: number, scale: number) => Float32Array.from({ length: n }, () => Math.max(-255, Math.min(255, Math.round((rnd() * 2 - 1) * scale))) / 256);
  /** A Linear weight: HF [out, in]; engine [in, out]. */
  const linear = (hfName: string, ours: string, out: number, inn: number) => {
    const w = rand(out * inn, 160);
    hf.set(hfName, { shape: [out, inn], data: w });
    const t = new Float32Array(out * inn);
    for (let r = 0; r < out; r++) for (let c = 0; c < inn; c++) t[c * out + r] = w[r * inn + c];
    engine[ours] = t;
  };
  const vec = (hfName: string, ours: string, n: number, isNorm: boolean) => {
    if (!isNorm) {
      const b = rand(n, 100);
      hf.set(hfName, { shape: [n], data: b });
      engine[ours] = b;
      return;
    }
    // gains 1 + k/128, |k| ≤ 30 (exact in BF16). Llama/Qwen store the gain (x̂·w); Gemma stores w with gain 1 + w.
    const w = Float32Array.from({ length: n }, () => Math.round((rnd() * 2 - 1) * 30) / 128);
    engine[ours] = w.map((x) => 1 + x);
    hf.set(hfName, { shape: [n], data: gemma ? w : engine[ours] });
  };
  const emb = rand(V * d, 200);
  hf.set(`${body}embed_tokens.weight`, { shape: [V, d], data: emb });
  engine.wte = emb;
  for (let i = 0; i < L; i++) {
    const h = `${body}layers.${i}.`;
    const b = `blocks.${i}.`;
    vec(`${h}input_layernorm.weight`, `${b}ln1.g`, d, true);
    linear(`${h}self_attn.q_proj.weight`, `${b}attn.wq`, H * dh, d);
    linear(`${h}self_attn.k_proj.weight`, `${b}attn.wk`, Hkv * dh, d);
    linear(`${h}self_attn.v_proj.weight`, `${b}attn.wv`, Hkv * dh, d);
    if (qwen) {
      vec(`${h}self_attn.q_proj.bias`, `${b}attn.bq`, H * dh, false);
      vec(`${h}self_attn.k_proj.bias`, `${b}attn.bk`, Hkv * dh, false);
      vec(`${h}self_attn.v_proj.bias`, `${b}attn.bv`, Hkv * dh, false);
    }
    linear(`${h}self_attn.o_proj.weight`, `${b}attn.wo`, d, H * dh);
    if (gemma) {
      vec(`${h}self_attn.q_norm.weight`, `${b}attn.qNorm.g`, dh, true);
      vec(`${h}self_attn.k_norm.weight`, `${b}attn.kNorm.g`, dh, true);
      vec(`${h}post_attention_layernorm.weight`, `${b}ln1Post.g`, d, true);
      vec(`${h}pre_feedforward_layernorm.weight`, `${b}ln2.g`, d, true);
      vec(`${h}post_feedforward_layernorm.weight`, `${b}ln2Post.g`, d, true);
    } else {
      vec(`${h}post_attention_layernorm.weight`, `${b}ln2.g`, d, true);
    }
    linear(`${h}mlp.gate_proj.weight`, `${b}mlp.wGate`, ff, d);
    linear(`${h}mlp.up_proj.weight`, `${b}mlp.wUp`, ff, d);
    linear(`${h}mlp.down_proj.weight`, `${b}mlp.wDown`, d, ff);
  }
  vec(`${body}norm.weight`, 'lnF.g', d, true);
  if (!tied) linear(o.family === 'gemma3' ? 'language_model.lm_head.weight' : 'lm_head.weight', 'unembed', V, d);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ml-${o.family}-`));
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(hfConfig));
  const dtype = o.dtype ?? 'F32';
  if (o.shards && o.shards > 1) {
    const names = [...hf.keys()];
    const per = Math.ceil(names.length / o.shards);
    const weightMap: Record<string, string> = {};
    for (let s = 0; s < o.shards; s++) {
      const file = `model-${String(s + 1).padStart(5, '0')}-of-${String(o.shards).padStart(5, '0')}.safetensors`;
      const part: Weights = new Map(names.slice(s * per, (s + 1) * per).map((n) => [n, hf.get(n)!]));
      for (const n of part.keys()) weightMap[n] = file;
      fs.writeFileSync(path.join(dir, file), weightsFile(part, { dtype }));
    }
    fs.writeFileSync(path.join(dir, 'model.safetensors.index.json'), JSON.stringify({ metadata: { total_size: 0 }, weight_map: weightMap }));
  } else {
    fs.writeFileSync(path.join(dir, 'model.safetensors'), weightsFile(hf, { dtype }));
  }
  return { dir, config: config as TransformerConfig, engine, hfConfig };
}
