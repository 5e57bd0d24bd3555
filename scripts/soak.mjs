// Nightly soak: the unit soak test for 10 minutes (MODEL_LENS_SOAK_SECONDS=600 unless set), with a real GC exposed.
// Usage: node scripts/soak.mjs [seconds]
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const seconds = process.argv[2] ?? process.env.MODEL_LENS_SOAK_SECONDS ?? '600';
const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--test', '--test-reporter=spec', `--test-timeout=${(Number(seconds) + 300) * 1000}`, 'test/unit/soak.test.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, MODEL_LENS_SOAK_SECONDS: String(seconds) },
});
process.exit(r.status ?? 1);
