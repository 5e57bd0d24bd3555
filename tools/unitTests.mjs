// Runs every test/unit/**/*.test.ts with node's test runner through tsx (Node 20 has no --test globs).
// Extra args are file filters: `node tools/unitTests.mjs lm` runs tests whose path contains "lm".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
// --dir=test/webgpu runs another folder of node:test files the same way (default test/unit)
const dirArg = process.argv.find((a) => a.startsWith('--dir='));
const filters = process.argv.slice(2).filter((a) => a !== dirArg);
const files = [];
(function walk(d) {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.test.ts')) files.push(path.relative(root, p));
  }
})(path.join(root, dirArg ? dirArg.slice('--dir='.length) : 'test/unit'));
const chosen = files.filter((f) => filters.length === 0 || filters.some((x) => f.includes(x))).sort();
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...chosen], {
  cwd: root, stdio: 'inherit',
});
process.exit(r.status ?? 1);
