// `npm test`: builds, then runs every suite: unit (plain Node), webview (headless chromium),
// integration (inside a real VS Code) and UI end-to-end (clicks + screenshots). Every suite runs
// even when an earlier one fails; the last line is the total `N passed, N failed`.
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const only = process.argv.slice(2);
const stages = [
  { name: 'build', cmd: ['node', 'esbuild.mjs'] },
  { name: 'imports', cmd: ['node', 'tools/checkImports.mjs'] },
  { name: 'unit', cmd: ['node', 'tools/unitTests.mjs'] },
  // the engine again on WebGPU (lavapipe in CI, see .ci/run), checked against the cpu backend
  { name: 'webgpu', cmd: ['node', 'tools/unitTests.mjs', '--dir=test/webgpu'] },
  { name: 'webview', cmd: ['node', 'test/webview/run.mjs'] },
  { name: 'vscode', cmd: ['node', 'test/harness/extTests.mjs'] },
  { name: 'e2e', cmd: ['node', 'test/e2e/ui.e2e.mjs'] },
].filter((s) => only.length === 0 || only.includes(s.name) || s.name === 'build');

function runStage(s) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const p = spawn(s.cmd[0], s.cmd.slice(1), { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const tee = (d) => {
      out += d;
      process.stdout.write(d);
    };
    p.stdout.on('data', tee);
    p.stderr.on('data', tee);
    p.on('close', (code) => resolve({ code, out, secs: (Date.now() - t0) / 1000 }));
  });
}

/** Counts from the stage's own summary: node's runner (ℹ pass N / ℹ fail N) or `N passed, N failed`. */
function counts(out, code) {
  const pass = [...out.matchAll(/ℹ pass (\d+)/g)].pop();
  const fail = [...out.matchAll(/ℹ fail (\d+)/g)].pop();
  if (pass && fail) return { passed: +pass[1], failed: +fail[1] };
  const m = [...out.matchAll(/^(\d+) passed, (\d+) failed$/gm)].pop();
  if (m) return { passed: +m[1], failed: +m[2] };
  return code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
}

const rows = [];
for (const s of stages) {
  console.log(`\n=== ${s.name}: ${s.cmd.join(' ')}`);
  const r = await runStage(s);
  const c = counts(r.out, r.code);
  if (r.code !== 0 && c.failed === 0) c.failed = 1; // a crash after a clean summary is still a failure
  rows.push({ name: s.name, ...c, secs: r.secs });
  if (s.name === 'build' && r.code !== 0) break;
}
console.log('\n=== summary');
for (const r of rows) console.log(`${r.name.padEnd(8)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed  ${r.secs.toFixed(1)} s`);
const passed = rows.reduce((a, r) => a + r.passed, 0);
const failed = rows.reduce((a, r) => a + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
