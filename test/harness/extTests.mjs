// Runs the integration suite (dist/test/vscodeSuite.js, exports run()) INSIDE a real VS Code
// extension host (code-server), the way @vscode/test-electron does with Electron: the workbench URL's
// payload carries extensionDevelopmentPath + extensionTestsPath and the exit code comes back through
// window.codeAutomationExit. Prints the suite's own `N passed, N failed` line last.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, launchChromium, runDir, startCodeServer, workbenchUrl, workspaceCopy } from './codeServer.mjs';

const T0 = Date.now();
const run = runDir('ml-ext-tests-');
const results = path.join(ROOT, 'test-results');
fs.mkdirSync(results, { recursive: true });
const ws = workspaceCopy(run);
const server = await startCodeServer({
  run,
  env: { MODEL_LENS_TEST_RESULTS: results, MODEL_LENS_TEST_FILTER: process.env.MODEL_LENS_TEST_FILTER ?? '' },
});
const ctx = await launchChromium(run);
const page = ctx.pages()[0] || (await ctx.newPage());
let summary = null;
page.on('console', (m) => {
  const t = m.text().replace(/^%c\s+\w+\s+color: #\w+\s*/, '');
  const s = t.match(/TESTS: (\d+ passed, \d+ failed)/);
  if (s) summary = s[1];
  if (/^(TEST|TESTS|SUITE)/.test(t) || process.env.VERBOSE) console.log(t.slice(0, 2000));
});
const exit = new Promise((r) => page.exposeFunction('codeAutomationExit', (code) => r(code)));
await page.goto(workbenchUrl(server.origin, ws, ROOT, path.join(ROOT, 'dist', 'test', 'vscodeSuite.js')));
const timeoutMs = Number(process.env.TEST_TIMEOUT_MS || 900000);
const code = await Promise.race([exit, new Promise((r) => setTimeout(() => r('timeout'), timeoutMs))]);
await ctx.close().catch(() => {});
server.kill();
console.log(`VS Code integration tests finished: exit code ${code} in ${((Date.now() - T0) / 1000).toFixed(1)} s`);
console.log(summary ?? (code === 0 ? '0 passed, 0 failed' : '0 passed, 1 failed'));
process.exit(code === 0 ? 0 : 1);
