// Runs every test/webview/*.webview.mjs (or those matching WEBVIEW_FILTER) against the built bundles;
// prints `N passed, N failed` last.
import fs from 'node:fs';
import path from 'node:path';
import { openWebviewHarness } from './harness.mjs';

const dir = path.dirname(new URL(import.meta.url).pathname);
fs.mkdirSync('test-results', { recursive: true });
const harness = await openWebviewHarness();
let passed = 0;
let failed = 0;
async function test(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    passed++;
    console.log(`ok - ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed++;
    console.log(`not ok - ${name}: ${e.stack || e}`);
  }
}
try {
  // WEBVIEW_FILTER=<substr> runs only the files whose name contains it
  const only = process.env.WEBVIEW_FILTER ?? '';
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.webview.mjs') && x.includes(only)).sort()) {
    await (await import(path.join(dir, f))).default({ harness, test });
  }
} finally {
  await harness.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
