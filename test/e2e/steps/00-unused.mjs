// Before anything of Model Lens is used: no engine process, and at most an "idle" status-bar item (the extension may
// already be active for the word hover on plain-text files, which costs no process). Runs first of all steps, before the
// walkthrough step runs a command, and keeps the layout the first start opened.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export const keepLayout = true;

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..');

/** Engine processes forked from this checkout's bundle (dist/engine.js), from the OS process list. */
function engineProcesses() {
  const engine = path.join(ROOT, 'dist', 'engine.js');
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.includes(engine));
}

export default async function ({ wb, page, step }) {
  await step('before any Model Lens command: no engine process, the status bar says idle or nothing', async () => {
    await page.waitForSelector('.part.statusbar', { timeout: 60000 });
    await page.waitForTimeout(3000); // the time an eager extension would need to start its engine
    assert.deepEqual(engineProcesses(), [], 'no engine process before first use');
    const items = await page.locator('.statusbar-item:has-text("Model Lens")').allInnerTexts();
    for (const t of items) assert.match(t, /Model Lens: idle/, `status-bar item before first use: ${t}`);
    await wb.screenshot('foundation-statusbar-unused');
  });
}
