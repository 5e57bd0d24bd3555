// Runs ONE benchmark task in this process on one backend and prints a JSON line with its samples and
// this process's peak RSS. Usage: node --import tsx bench/task.ts TASK_NAME --backend B [--quick]
import { initBackend } from '../src/engine/backend';
import { TASKS } from './tasks/index';

async function main(): Promise<void> {
  const [name] = process.argv.slice(2);
  const bi = process.argv.indexOf('--backend');
  const backend = bi > 0 ? process.argv[bi + 1] : 'auto';
  const quick = process.argv.includes('--quick');
  const task = TASKS.find((t) => t.name === name);
  if (!task) throw new Error(`unknown task ${name}`);
  const report = await initBackend(backend);
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const r = await task.run({ quick, backend: report.active });
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  process.stdout.write(`BENCH ${JSON.stringify({ name, backend: report.active, ...r, peakRssMB: peak / 2 ** 20 })}\n`);
}
main().then(
  () => process.exit(0),
  (e) => {
    process.stdout.write(`BENCH ${JSON.stringify({ error: String(e instanceof Error ? e.message : e) })}\n`);
    process.exit(1);
  },
);
