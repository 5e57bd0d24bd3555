// Bench: load time, peak RSS and 64-token next-token latency for a GPT-2-small-shaped model (124M parameters, random
// F32 weights written to os.tmpdir()). Each backend is measured in a fresh child process so peak RSS is the load's own.
// Usage: node --import tsx bench/gpt2Load.ts [--backends cpu,wasm] [--runs 3] [--keep]   → prints JSON.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GPT2_SMALL_DIR, generateGpt2Small } from './tasks/gpt2Small';


function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
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
  const dir = GPT2_SMALL_DIR;
  const g0 = performance.now();
  const bytes = fs.existsSync(path.join(dir, 'model.safetensors')) ? fs.statSync(path.join(dir, 'model.safetensors')).size : await generateGpt2Small(dir);
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
