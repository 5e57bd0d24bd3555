// Bench: load time, peak RSS and 64-token next-token latency for the modern families at real shapes with random BF16
// weights written to os.tmpdir(): a Llama of SmolLM2-135M's shapes and a Gemma 3 of gemma-3-270m's shapes. Each
// (model, backend) pair runs in a fresh child process so peak RSS is that load's own.
// Usage: node --import tsx bench/modernLoad.ts [--models smollm2-135m,gemma3-270m] [--backends wasm,cpu] [--runs 3] [--keep] [--tiny]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureShapeFolder } from './modernShapes';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}


/** Child: load on one backend, then time next-token prediction for a 64-token prompt (ids: these folders have no tokenizer). */
async function measure(dir: string, backend: string, runs: number): Promise<void> {
  const { initBackend } = await import('../src/engine/backend');
  const { loadHfModel, loadMemoryBytes } = await import('../src/engine/pretrained/loadHf');
  const { nextTokenLogits } = await import('../src/engine/lm/generate');
  const report = await initBackend(backend);
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const loaded = await loadHfModel(dir);
  const loadMs = performance.now() - t0;
  const peakAfterLoad = process.resourceUsage().maxRSS * 1024;
  const rssAfterLoad = process.memoryUsage().rss;
  const V = loaded.config.vocabSize;
  const prompt = Array.from({ length: 64 }, (_, i) => (i * 7919 + 13) % V);
  const w0 = performance.now();
  await nextTokenLogits(loaded.model, prompt); // warm-up (kernel compilation, wasm heap growth)
  const firstMs = performance.now() - w0;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await nextTokenLogits(loaded.model, prompt);
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  const mem = loadMemoryBytes(loaded.config);
  process.stdout.write(
    JSON.stringify({
      backend: report.active,
      parameters: loaded.info.parameters,
      float32MB: Math.round(mem.weights / 2 ** 20),
      loadEstimateMB: Math.round(mem.peak / 2 ** 20),
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
  const tiny = process.argv.includes('--tiny');
  const out: unknown[] = [];
  for (const name of (flag('models') ?? 'smollm2-135m,gemma3-270m').split(',')) {
    const { dir, bytes, generateMs } = await ensureShapeFolder(name, tiny);
    const results: unknown[] = [];
    for (const backend of (flag('backends') ?? 'wasm,cpu').split(',')) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--measure', dir, '--backend', backend, '--runs', String(runs)], { encoding: 'utf8', maxBuffer: 1 << 20 });
      const line = r.stdout.trim().split('\n').pop() ?? '';
      try {
        results.push(JSON.parse(line));
      } catch {
        results.push({ backend, error: (r.stderr || r.stdout).slice(-500), status: r.status });
      }
    }
    if (!process.argv.includes('--keep')) fs.rmSync(dir, { recursive: true, force: true });
    out.push({ model: `${name} shapes, random BF16${tiny ? ' (tiny)' : ''}`, fileMB: Math.round(bytes / 1e6), generateMs, results });
  }
  process.stdout.write(JSON.stringify({ bench: 'modernLoad', machine: `${os.cpus().length} × ${os.cpus()[0]?.model}`, models: out }, null, 2) + '\n');
}

main().catch((e) => {
  process.stderr.write(String(e?.stack ?? e) + '\n');
  process.exit(1);
});
