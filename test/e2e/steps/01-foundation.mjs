// Foundation as a person sees it: nothing of Model Lens before it is used, then the status-bar backend, the palette entries, the diagnostics panel.
import assert from 'node:assert/strict';

export default async function ({ wb, page, step }) {
  await step('before any Model Lens command: no engine (no status-bar item, or "Model Lens: idle")', async () => {
    await page.waitForSelector('.part.statusbar', { timeout: 60000 });
    await page.waitForTimeout(3000); // the time an eager extension would need to start its engine
    // Model Lens activates for the word hover when VS Code creates a plain-text or Markdown model; then it says idle.
    const texts = await page.locator('.statusbar-item:has-text("Model Lens")').allInnerTexts();
    assert.ok(texts.every((t) => /Model Lens: idle$/.test(t.trim())), texts.join(' | '));
    await wb.screenshot('foundation-statusbar-unused');
  });

  await step('command palette lists the Model Lens commands', async () => {
    await wb.openPalette('Model Lens:');
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await rows.first().waitFor({ state: 'visible' });
    // the list is virtualised: only the rows on screen exist, so count those and narrow for the rest
    const labels = await rows.allInnerTexts();
    assert.ok(labels.filter((l) => l.includes('Model Lens:')).length >= 10, labels.join(' | '));
    await wb.screenshot('foundation-command-palette');
    await page.keyboard.type(' Show');
    await page.waitForSelector('.quick-input-list .monaco-list-row:has-text("Model Lens: Show Engine Info")', { state: 'visible' });
    await page.waitForSelector('.quick-input-list .monaco-list-row:has-text("Model Lens: Show Compute Backend")', { state: 'visible' });
    await page.keyboard.press('Escape');
  });

  await step('Show Engine Info draws the matmul chart from the engine', async () => {
    await wb.runCommand('Model Lens: Show Engine Info');
    const f = await wb.webviewFrame(['Model Lens engine', 'backend wasm']);
    await f.waitForSelector('.main-svg .bars .point path', { timeout: 30000 });
    const bars = await f.locator('.main-svg .bars .point path').count();
    assert.equal(bars, 5, 'one bar per matrix size');
    const text = await f.evaluate(() => document.body.innerText);
    assert.match(text, /✓\s+wasm/);
    assert.match(text, /✗\s+gpu/);
    await wb.screenshot('foundation-engine-info');
  });

  await step('status bar shows the engine ready on its backend after the first command', async () => {
    const item = page.locator('.statusbar-item:has-text("Model Lens: ready (wasm)")').first();
    await item.waitFor({ state: 'visible', timeout: 60000 });
    await wb.screenshot('foundation-statusbar');
  });

  await step('clicking the status bar shows the backend details', async () => {
    await page.locator('.statusbar-item:has-text("Model Lens: ready (wasm)")').first().click();
    const row = page.locator('.quick-input-list .monaco-list-row:has-text("gpu")').first();
    await row.waitFor({ state: 'visible', timeout: 15000 });
    const texts = await page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
    assert.ok(texts.some((t) => /not installed/.test(t)), texts.join(' | '));
    await wb.screenshot('foundation-backend-details');
    await page.keyboard.press('Escape');
  });
}
