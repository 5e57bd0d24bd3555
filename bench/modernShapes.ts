// Random-weight Hugging Face folders of real model shapes for the benches (bench/modernLoad.ts, bench/tasks/modern.ts):
// a Llama of SmolLM2-135M's shapes and a Gemma 3 of gemma-3-270m's shapes, written as BF16 like the published files.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TensorToWrite } from '../src/engine/io/safetensors';

/** config.json of each shape (values from the models' published config.json files). */
export const SHAPES: Record<string, Record<string, unknown>> = {
  'smollm2-135m': {
    model_type: 'llama', architectures: ['LlamaForCausalLM'], vocab_size: 49152, hidden_size: 576, intermediate_size: 1536,
    num_hidden_layers: 30, num_attention_heads: 9, num_key_value_heads: 3, head_dim: 64, hidden_act: 'silu',
    max_position_embeddings: 8192, rms_norm_eps: 1e-5, rope_theta: 100000, tie_word_embeddings: true,
  },
  'gemma3-270m': {
    model_type: 'gemma3_text', architectures: ['Gemma3ForCausalLM'], vocab_size: 262144, hidden_size: 640, intermediate_size: 2048,
    num_hidden_layers: 18, num_attention_heads: 4, num_key_value_heads: 1, head_dim: 256, hidden_activation: 'gelu_pytorch_tanh',
    max_position_embeddings: 32768, rms_norm_eps: 1e-6, rope_theta: 1e6, rope_local_base_freq: 10000, query_pre_attn_scalar: 256,
    sliding_window: 512, sliding_window_pattern: 6, tie_word_embeddings: true,
  },
};

/** --tiny: the same layouts shrunk, to check the bench itself in seconds. */
export const TINY: Record<string, unknown> = { vocab_size: 512, hidden_size: 64, intermediate_size: 128, num_hidden_layers: 2, head_dim: 16 };

/** The HF tensors of a Llama-like or Gemma 3 config, random (std ≈ 0.02; norm gains 1 for Llama, 0 = gain 1 for Gemma). */
function tensors(c: Record<string, number | string | boolean>): TensorToWrite[] {
  const gemma = c.model_type === 'gemma3_text';
  const V = c.vocab_size as number, d = c.hidden_size as number, ff = c.intermediate_size as number, L = c.num_hidden_layers as number;
  const q = (c.num_attention_heads as number) * (c.head_dim as number);
  const kv = (c.num_key_value_heads as number) * (c.head_dim as number);
  let s = 12345;
  const rand = (n: number, scale = 0.035) => () => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      out[i] = ((s >>> 0) / 4294967296 - 0.5) * 2 * scale;
    }
    return out;
  };
  const gain = (n: number) => () => new Float32Array(n).fill(gemma ? 0 : 1);
  const t: TensorToWrite[] = [{ name: 'model.embed_tokens.weight', shape: [V, d], data: rand(V * d) }];
  const lin = (name: string, out: number, inn: number) => t.push({ name, shape: [out, inn], dtype: undefined, data: rand(out * inn) });
  for (let i = 0; i < L; i++) {
    const h = `model.layers.${i}.`;
    t.push({ name: `${h}input_layernorm.weight`, shape: [d], data: gain(d) });
    lin(`${h}self_attn.q_proj.weight`, q, d);
    lin(`${h}self_attn.k_proj.weight`, kv, d);
    lin(`${h}self_attn.v_proj.weight`, kv, d);
    lin(`${h}self_attn.o_proj.weight`, d, q);
    if (gemma) {
      const dh = c.head_dim as number;
      t.push({ name: `${h}self_attn.q_norm.weight`, shape: [dh], data: gain(dh) }, { name: `${h}self_attn.k_norm.weight`, shape: [dh], data: gain(dh) });
      for (const n of ['post_attention_layernorm', 'pre_feedforward_layernorm', 'post_feedforward_layernorm']) t.push({ name: `${h}${n}.weight`, shape: [d], data: gain(d) });
    } else t.push({ name: `${h}post_attention_layernorm.weight`, shape: [d], data: gain(d) });
    lin(`${h}mlp.gate_proj.weight`, ff, d);
    lin(`${h}mlp.up_proj.weight`, ff, d);
    lin(`${h}mlp.down_proj.weight`, d, ff);
  }
  t.push({ name: 'model.norm.weight', shape: [d], data: gain(d) });
  return t;
}

/** BF16 is how both models are published; the writer has F32/F16, so BF16 is written by truncating F32 (round to nearest even). */
export async function generate(dir: string, config: Record<string, unknown>): Promise<number> {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
  const list = tensors(config as Record<string, number | string | boolean>);
  // header: names, BF16 shapes and offsets; then each tensor converted and appended
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  let off = 0;
  for (const t of list) {
    const n = t.shape.reduce((a, b) => a * b, 1);
    header[t.name] = { dtype: 'BF16', shape: t.shape, data_offsets: [off, off + 2 * n] };
    off += 2 * n;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const file = path.join(dir, 'model.safetensors');
  const fh = await fs.promises.open(file, 'w');
  try {
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(Buffer.byteLength(json)));
    await fh.write(len, 0, 8, 0);
    await fh.write(Buffer.from(json), 0, Buffer.byteLength(json), 8);
    let pos = 8 + Buffer.byteLength(json);
    for (const t of list) {
      const f = (typeof t.data === 'function' ? await t.data() : t.data) as Float32Array;
      const u = new Uint32Array(f.buffer, f.byteOffset, f.length);
      const out = new Uint16Array(f.length);
      for (let i = 0; i < f.length; i++) out[i] = (u[i] + 0x7fff + ((u[i] >>> 16) & 1)) >>> 16;
      const b = new Uint8Array(out.buffer);
      await fh.write(b, 0, b.length, pos);
      pos += b.length;
    }
  } finally {
    await fh.close();
  }
  return fs.statSync(file).size;
}

/** The folder of a shape in os.tmpdir(), generated on first use (kept: ~270 MB and ~540 MB). */
export async function ensureShapeFolder(name: string, tiny = false): Promise<{ dir: string; bytes: number; generateMs: number }> {
  if (!SHAPES[name]) throw new Error(`unknown model shape ${name} (known: ${Object.keys(SHAPES).join(', ')})`);
  const dir = path.join(os.tmpdir(), `model-lens-bench-${name}${tiny ? '-tiny' : ''}`);
  const file = path.join(dir, 'model.safetensors');
  const g0 = performance.now();
  const bytes = fs.existsSync(file) ? fs.statSync(file).size : await generate(dir, { ...SHAPES[name], ...(tiny ? TINY : {}) });
  return { dir, bytes, generateMs: Math.round(performance.now() - g0) };
}
