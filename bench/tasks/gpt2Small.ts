// GPT-2 small (124M parameters, random F32 weights with GPT-2's shapes) as bench rows: folder load time and peak
// memory, and next-token latency for a 64-token prompt, per backend. The weights are written once to os.tmpdir()
// (model-lens-bench-gpt2-small, ~500 MB) and reused by every backend's process.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeSafetensors, type TensorToWrite } from '../../src/engine/io/safetensors';
import type { BenchTask } from './types';

export const GPT2_SMALL = { vocab_size: 50257, n_positions: 1024, n_embd: 768, n_layer: 12, n_head: 12 };

export const GPT2_SMALL_DIR = path.join(os.tmpdir(), 'model-lens-bench-gpt2-small');

/** Random GPT-2-small weights (uniform, std ≈ 0.02; LN gains 1), written tensor by tensor. */
export async function generateGpt2Small(dir: string): Promise<number> {
  const { vocab_size: V, n_positions: P, n_embd: d, n_layer: L } = GPT2_SMALL;
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
  const ones = (n: number) => () => new Float32Array(n).fill(1);
  const t: TensorToWrite[] = [
    { name: 'wte.weight', shape: [V, d], data: rand(V * d) },
    { name: 'wpe.weight', shape: [P, d], data: rand(P * d, 0.01) },
  ];
  for (let i = 0; i < L; i++) {
    const h = `h.${i}`;
    t.push(
      { name: `${h}.ln_1.weight`, shape: [d], data: ones(d) },
      { name: `${h}.ln_1.bias`, shape: [d], data: rand(d, 0.01) },
      { name: `${h}.attn.c_attn.weight`, shape: [d, 3 * d], data: rand(3 * d * d) },
      { name: `${h}.attn.c_attn.bias`, shape: [3 * d], data: rand(3 * d, 0.01) },
      { name: `${h}.attn.c_proj.weight`, shape: [d, d], data: rand(d * d, 0.01) },
      { name: `${h}.attn.c_proj.bias`, shape: [d], data: rand(d, 0.01) },
      { name: `${h}.ln_2.weight`, shape: [d], data: ones(d) },
      { name: `${h}.ln_2.bias`, shape: [d], data: rand(d, 0.01) },
      { name: `${h}.mlp.c_fc.weight`, shape: [d, 4 * d], data: rand(4 * d * d) },
      { name: `${h}.mlp.c_fc.bias`, shape: [4 * d], data: rand(4 * d, 0.01) },
      { name: `${h}.mlp.c_proj.weight`, shape: [4 * d, d], data: rand(4 * d * d, 0.01) },
      { name: `${h}.mlp.c_proj.bias`, shape: [d], data: rand(d, 0.01) },
    );
  }
  t.push({ name: 'ln_f.weight', shape: [d], data: ones(d) }, { name: 'ln_f.bias', shape: [d], data: rand(d, 0.01) });
  fs.mkdirSync(dir, { recursive: true });
  const config = { architectures: ['GPT2LMHeadModel'], model_type: 'gpt2', ...GPT2_SMALL, n_ctx: 1024, activation_function: 'gelu_new', layer_norm_epsilon: 1e-5 };
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
  return writeSafetensors(path.join(dir, 'model.safetensors'), t, { format: 'pt' });
}

/** The folder, written on first use (write-then-rename, so a killed run never leaves half a file). */
export async function gpt2SmallDir(): Promise<string> {
  const dir = GPT2_SMALL_DIR;
  if (fs.existsSync(path.join(dir, 'model.safetensors'))) return dir;
  const tmp = `${dir}.${process.pid}.tmp`;
  await generateGpt2Small(tmp);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(tmp, dir);
  return dir;
}

export const gpt2SmallLoad: BenchTask = {
  name: 'GPT-2 small (124M) folder load',
  unit: 'ms',
  higherIsBetter: false,
  target: { op: '<=', value: 3000 },
  backends: 'all',
  quick: false,
  async run() {
    const dir = await gpt2SmallDir();
    const { loadHfGpt2 } = await import('../../src/engine/pretrained/loadHfGpt2');
    const values: number[] = [];
    let parameters = 0;
    for (let i = 0; i < 2; i++) {
      const t0 = performance.now();
      const loaded = await loadHfGpt2(dir);
      values.push(performance.now() - t0);
      parameters = loaded.info.parameters;
      loaded.model.dispose();
    }
    return { values, extra: { parameters, peakRssMB: Math.round((process.resourceUsage().maxRSS * 1024) / 2 ** 20) } };
  },
};

export const gpt2SmallNextToken: BenchTask = {
  name: 'GPT-2 small next token, 64-token prompt (no KV cache)',
  unit: 'ms',
  higherIsBetter: false,
  target: { op: '<=', value: 250 },
  backends: 'all',
  quick: false,
  async run(o) {
    const dir = await gpt2SmallDir();
    const { loadHfGpt2 } = await import('../../src/engine/pretrained/loadHfGpt2');
    const { nextTokenLogits } = await import('../../src/engine/lm/generate');
    const loaded = await loadHfGpt2(dir);
    const prompt = loaded.tokenizer.encode('The quick brown fox jumps over the lazy dog. '.repeat(8)).slice(0, 64);
    const w0 = performance.now();
    await nextTokenLogits(loaded.model, prompt); // warm-up: shader compiles (webgpu), heap growth (wasm)
    const firstMs = performance.now() - w0;
    const values: number[] = [];
    for (let i = 0; i < (o.backend === 'cpu' ? 1 : 5); i++) {
      const t = performance.now();
      await nextTokenLogits(loaded.model, prompt);
      values.push(performance.now() - t);
    }
    loaded.model.dispose();
    return { values, extra: { promptTokens: prompt.length, firstCallMs: Math.round(firstMs) } };
  },
};

export const gpt2SmallCachedToken: BenchTask = {
  name: 'GPT-2 small, each further token with KV cache (64-token prefix)',
  unit: 'ms',
  higherIsBetter: false,
  target: { op: '<=', value: 250 },
  backends: 'all',
  quick: false,
  async run(o) {
    const dir = await gpt2SmallDir();
    const { loadHfGpt2 } = await import('../../src/engine/pretrained/loadHfGpt2');
    const { CachedNextToken } = await import('../../src/engine/lm/generate');
    const loaded = await loadHfGpt2(dir);
    const ids = loaded.tokenizer.encode('The quick brown fox jumps over the lazy dog. '.repeat(8)).slice(0, 64);
    const cached = new CachedNextToken(loaded.model);
    await cached.logits(ids); // the prefix, once
    const values: number[] = [];
    for (let i = 0; i < (o.backend === 'cpu' ? 3 : 8); i++) {
      ids.push(262); // " the"
      const t = performance.now();
      await cached.logits(ids);
      values.push(performance.now() - t);
    }
    cached.dispose();
    loaded.model.dispose();
    return { values: values.slice(1), extra: { prefixTokens: 64, firstAppendMs: Math.round(values[0]) } };
  },
};
