// UI end-to-end: a person's clicks in a real VS Code (code-server + headless chromium), with
// Model Lens loaded in development mode on a copy of samples/. Saves screenshots in test-results/.
// Prints `N passed, N failed` last. Steps of each feature live in test/e2e/steps/*.mjs.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, launchChromium, runDir, startCodeServer, workbenchUrl, workspaceCopy } from '../harness/codeServer.mjs';
import { Workbench } from './workbench.mjs';

const T0 = Date.now();
const log = (...a) => console.log(`[${((Date.now() - T0) / 1000).toFixed(1)}s]`, ...a);
const run = runDir('ml-e2e-');
const ws = workspaceCopy(run);
const server = await startCodeServer({ run });
const ctx = await launchChromium(run);
const page = ctx.pages()[0] || (await ctx.newPage());
const wb = new Workbench(page);
let passed = 0;
let failed = 0;
// E2E_FILTER=<substr>[|<substr>…] runs only the steps whose name contains one of them
const only = (process.env.E2E_FILTER ?? '').split('|').filter(Boolean);
async function step(name, fn) {
  if (only.length && !only.some((o) => name.includes(o)) && !name.startsWith('workbench')) return;
  try {
    await fn();
    passed++;
    log(`ok - ${name}`);
  } catch (e) {
    failed++;
    log(`not ok - ${name}: ${e.stack || e}`);
    await wb.screenshot(`FAILED-${name.replace(/[^a-z0-9]+/gi, '-')}`).catch(() => {});
    await page.keyboard.press('Escape').catch(() => {});
  }
}

const stepDir = path.join(path.dirname(new URL(import.meta.url).pathname), 'steps');
const modules = fs.readdirSync(stepDir).filter((f) => f.endsWith('.mjs')).sort();
try {
  await step('workbench opens samples/ with Model Lens loaded', async () => {
    await page.goto(workbenchUrl(server.origin, ws, ROOT));
    await wb.waitReady('moby-dick.txt');
  });
  for (const m of modules) {
    const mod = await import(path.join(stepDir, m));
    // a module that checks what the first start opened keeps the layout (and resets it itself)
    if (!mod.keepLayout) await wb.resetLayout().catch((e) => log(`reset layout failed: ${e.message}`));
    await mod.default({ wb, page, step, log, ws });
  }
} finally {
  await ctx.close().catch(() => {});
  server.kill();
}
log(`done in ${((Date.now() - T0) / 1000).toFixed(1)} s; screenshots in test-results/`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
