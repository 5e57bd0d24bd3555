// Bench: load time, peak RSS and 64-token next-token latency for a GPT-2-small-shaped model (124M parameters, random
// F32 weights written to os.tmpdir()). Each backend is measured in a fresh child process so peak RSS is the load's own.
// Usage: node --import tsx bench/gpt2Load.ts [--backends cpu,wasm] [--runs 3] [--keep]   → prints JSON.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeSafetensors, type TensorToWrite } from '../src/engine/io/safetensors';

const GPT2_SMALL = { vocab_size: 50257, n_positions: 1024, n_embd: 768, n_layer: 12, n_head: 12 };

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Random GPT-2-small weights (uniform, std ≈ 0.02; LN gains 1), written tensor by tensor. */
async function generate(dir: string): Promise<number> {
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

/** Child: load on one backend, then time next-token prediction for a 64-token prompt. */
async function measure(dir: string, backend: string, runs: number): Promise<void> {
  const { initBackend } = await import('../src/engine/backend');
  const { loadHfGpt2 } = await import('../src/engine/pretrained/loadHfGpt2');
  const { nextTokenLogits } = await import('../src/engine/lm/generate');
  const report = await initBackend(backend);
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const loaded = await loadHfGpt2(dir);
  const loadMs = performance.now() - t0;
  const peakAfterLoad = process.resourceUsage().maxRSS * 1024;
  const rssAfterLoad = process.memoryUsage().rss;
  const prompt = loaded.tokenizer.encode('The quick brown fox jumps over the lazy dog. '.repeat(8)).slice(0, 64);
  const w0 = performance.now();
  (await nextTokenLogits(loaded.model, prompt)); // warm-up (kernel compilation, wasm heap growth)
  const firstMs = performance.now() - w0;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    (await nextTokenLogits(loaded.model, prompt));
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  process.stdout.write(
    JSON.stringify({
      backend: report.active,
      parameters: loaded.info.parameters,
      fileBytes: fs.statSync(path.join(dir, 'model.safetensors')).size,
      loadMs: Math.round(loadMs),
      rssBeforeLoadMB: Math.round(rssBefore / 2 ** 20),
      rssAfterLoadMB: Math.round(rssAfterLoad / 2 ** 20),
      peakRssLoadMB: Math.round(peakAfterLoad / 2 ** 20),
      peakRssAfterForwardMB: Math.round((process.resourceUsage().maxRSS * 1024) / 2 ** 20),
      promptTokens: prompt.length,
      firstNextTokenMs: Math.round(firstMs),
      nextTokenMsMedian: Math.round(times[Math.floor(times.length / 2)]),
      nextTokenMsMin: Math.round(times[0]),
      runs,
    }) + '\n',
  );
  loaded.model.dispose();
}

async function main(): Promise<void> {
  const child = flag('measure');
  const runs = Number(flag('runs') ?? 3);
  if (child) return measure(child, flag('backend') ?? 'cpu', runs);
  const dir = path.join(os.tmpdir(), 'model-lens-bench-gpt2-small');
  const g0 = performance.now();
  const bytes = fs.existsSync(path.join(dir, 'model.safetensors')) ? fs.statSync(path.join(dir, 'model.safetensors')).size : await generate(dir);
  const generateMs = Math.round(performance.now() - g0);
  const results: unknown[] = [];
  for (const backend of (flag('backends') ?? 'cpu,wasm').split(',')) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--measure', dir, '--backend', backend, '--runs', String(runs)], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    const line = r.stdout.trim().split('\n').pop() ?? '';
    try {
      results.push(JSON.parse(line));
    } catch {
      results.push({ backend, error: (r.stderr || r.stdout).slice(-500), status: r.status });
    }
  }
  if (!process.argv.includes('--keep')) fs.rmSync(dir, { recursive: true, force: true });
  process.stdout.write(JSON.stringify({ bench: 'gpt2Load', model: 'GPT-2 small shape, random F32', fileMB: Math.round(bytes / 1e6), generateMs, results }, null, 2) + '\n');
}

main().catch((e) => {
  process.stderr.write(String(e?.stack ?? e) + '\n');
  process.exit(1);
});
