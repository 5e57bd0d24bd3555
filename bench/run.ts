// `npm run bench [-- --quick]`: runs every benchmark task in its own process on every backend that
// loads, runs the peer implementations (PyTorch, gensim) when installed, and writes
// bench/results/latest.json + latest.md (the table the README shows). Figures: median of the runs
// after a warm-up, with min–max; the machine and backend are recorded.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TASKS } from './tasks/index';
import { PEERS, type PeerResult } from './peers/index';

const ROOT = path.resolve(__dirname, '..');
const quick = process.argv.includes('--quick');
const onlyIdx = process.argv.indexOf('--only');
const only = onlyIdx > 0 ? process.argv[onlyIdx + 1] : undefined;

interface Row {
  name: string;
  unit: string;
  backend: string;
  median: number;
  min: number;
  max: number;
  runs: number;
  peakRssMB?: number;
  target?: string;
  meets?: boolean;
  peer?: string;
  peerValue?: number;
  ratio?: number;
  extra?: Record<string, unknown>;
  error?: string;
}

function stats(v: number[]): { median: number; min: number; max: number } {
  const s = [...v].sort((a, b) => a - b);
  return { median: s[Math.floor((s.length - 1) / 2)], min: s[0], max: s[s.length - 1] };
}

/** One column of the table: a backend as initBackend names it, the env it runs with, and the label shown. */
interface BenchBackend {
  backend: string;
  label: string;
  env?: Record<string, string>;
}

function runTask(name: string, b: BenchBackend): Record<string, unknown> {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'task.ts'), name, '--backend', b.backend, ...(quick ? ['--quick'] : [])], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...b.env },
    maxBuffer: 64 * 2 ** 20,
    timeout: 30 * 60 * 1000,
  });
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('BENCH '));
  if (!line) return { error: `no result (exit ${r.status}): ${(r.stderr ?? '').split('\n').slice(-5).join(' ')}` };
  return JSON.parse(line.slice(6));
}

function infoJson(backend: string, env: Record<string, string> = {}): Record<string, any> | undefined {
  const p = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'info', '--json', '--backend', backend], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
  try {
    return JSON.parse(p.stdout);
  } catch {
    return undefined;
  }
}

/**
 * Every backend that loads on its own, not only the one auto picks: WebGPU named with its adapter (a software
 * adapter says so), and wasm twice when there is more than one core: one thread and every thread.
 */
function loadedBackends(): BenchBackend[] {
  const out: BenchBackend[] = [];
  for (const b of ['gpu', 'webgpu', 'node', 'wasm', 'cpu']) {
    const info = infoJson(b);
    if (info?.backend?.active !== b) continue;
    if (b === 'webgpu') {
      const a = info.adapter;
      out.push({ backend: b, label: `webgpu (${[a.vendor, a.device || a.description].filter(Boolean).join(' ')}${a.software ? ', software adapter' : ''})` });
    } else if (b === 'wasm') {
      const n = info.wasmThreads ?? 1;
      out.push({ backend: b, label: `wasm ${n} thread${n > 1 ? 's' : ''}` });
      if (n > 1) out.push({ backend: b, label: 'wasm 1 thread', env: { MODEL_LENS_WASM_THREADS: '1' } });
    } else out.push({ backend: b, label: b });
  }
  return out;
}

function machine(): Record<string, unknown> {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memGB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    date: new Date().toISOString(),
  };
}

function fmt(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  return a >= 1000 ? Math.round(x).toLocaleString('en-US') : a >= 10 ? x.toFixed(1) : x.toFixed(3);
}

function markdown(rows: Row[], peers: PeerResult[], m: Record<string, unknown>): string {
  const lines = [
    `# Model Lens benchmarks`,
    ``,
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memGB} GB, ${m.platform}, Node ${m.node}. Run: ${m.date}${quick ? ' (--quick)' : ''}.`,
    ``,
    `| benchmark | backend | median | min–max | target | peer | peer value | ratio (ours/peer, >1 = we win) | peak RSS MB |`,
    `|---|---|---|---|---|---|---|---|---|`,
  ];
  for (const r of rows) {
    if (r.error) {
      lines.push(`| ${r.name} | ${r.backend} | error: ${r.error.slice(0, 120)} | | | | | | |`);
      continue;
    }
    const target = r.target ? `${r.target} ${r.meets ? '✓' : '✗'}` : '';
    lines.push(
      `| ${r.name} | ${r.backend} | ${fmt(r.median)} ${r.unit} | ${fmt(r.min)}–${fmt(r.max)} | ${target} | ${r.peer ?? ''} | ${r.peerValue !== undefined ? `${fmt(r.peerValue)} ${r.unit}` : ''} | ${r.ratio !== undefined ? `${r.ratio.toFixed(2)}×` : ''} | ${r.peakRssMB !== undefined ? fmt(r.peakRssMB) : ''} |`,
    );
  }
  const notes = peers.filter((p) => p.skipped);
  if (notes.length) {
    lines.push('', '## Peers not run', '');
    for (const p of notes) lines.push(`- ${p.name}: ${p.skipped}`);
  }
  const extras = rows.filter((r) => r.extra && Object.keys(r.extra).length);
  if (extras.length) {
    lines.push('', '## Details', '');
    for (const r of extras) lines.push(`- **${r.name}** (${r.backend}): \`${JSON.stringify(r.extra)}\``);
  }
  for (const p of peers.filter((x) => x.extra)) lines.push(`- peer **${p.name}**: \`${JSON.stringify(p.extra)}\``);
  return lines.join('\n') + '\n';
}

async function main(): Promise<void> {
  const m = machine();
  const backends = loadedBackends();
  console.log(`backends that load: ${backends.map((b) => b.label).join(', ')}${quick ? ' (quick)' : ''}`);
  const rows: Row[] = [];
  for (const t of TASKS) {
    if (quick && !t.quick) continue;
    if (only && !t.name.includes(only)) continue;
    for (const b of t.backends === 'all' ? backends : [backends[0]]) {
      process.stdout.write(`… ${t.name} on ${b.label}\r`);
      const r = runTask(t.name, b) as { values?: number[]; extra?: Record<string, unknown>; peakRssMB?: number; error?: string };
      const label = t.backends === 'none' ? (t.backendLabel ?? 'JS (no tensors)') : b.label;
      const row: Row = { name: t.name, unit: t.unit, backend: label, median: NaN, min: NaN, max: NaN, runs: 0 };
      if (r.error || !r.values?.length) row.error = r.error ?? 'no samples';
      else {
        Object.assign(row, stats(r.values), { runs: r.values.length, peakRssMB: r.peakRssMB, extra: r.extra });
        if (t.target) {
          row.target = `${t.target.op === '<=' ? '≤' : '≥'} ${t.target.label ?? `${t.target.value} ${t.unit}`}`;
          row.meets = t.target.op === '<=' ? row.median <= t.target.value : row.median >= t.target.value;
        }
      }
      rows.push(row);
      console.log(`${t.name} [${b.label}]: ${row.error ? `error ${row.error}` : `${fmt(row.median)} ${t.unit} (min ${fmt(row.min)}, max ${fmt(row.max)})`}`);
    }
  }
  const peers: PeerResult[] = [];
  for (const p of PEERS) {
    if (quick && !p.quick) continue;
    if (only && !p.task.includes(only)) continue;
    const res = await p.run({ quick, rows });
    peers.push(res);
    console.log(`peer ${res.name}: ${res.skipped ? `skipped — ${res.skipped}` : `${fmt(res.value)} (${JSON.stringify(res.extra ?? {})})`}`);
    if (res.value === undefined) continue;
    for (const r of rows.filter((x) => x.name === p.task && !x.error && (!p.matches || p.matches(x.backend)))) {
      r.peer = res.name;
      r.peerValue = res.value;
      const task = TASKS.find((t) => t.name === r.name)!;
      r.ratio = task.higherIsBetter ? r.median / res.value : res.value / r.median;
    }
  }
  const out = path.join(__dirname, 'results');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'latest.json'), JSON.stringify({ machine: m, quick, backends: backends.map((b) => b.label), rows, peers }, null, 2));
  const md = markdown(rows, peers, m);
  fs.writeFileSync(path.join(out, 'latest.md'), md);
  console.log('\n' + md);
  console.log(`wrote bench/results/latest.json and latest.md`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
