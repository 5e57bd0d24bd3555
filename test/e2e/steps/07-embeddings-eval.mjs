// Evaluate Embeddings as a person runs it: palette → the default GloVe → the bundled questions-words
// (top 30,000, no similarity file) → the panel shows ≈ 65% accuracy with one bar per section.
import assert from 'node:assert/strict';

/** Wait for a quick-pick row containing `text` and accept it. */
async function choose(page, text) {
  const row = page.locator(`.quick-input-list .monaco-list-row:has-text("${text}")`).first();
  await row.waitFor({ state: 'visible', timeout: 30000 });
  await row.click();
}

export default async function ({ wb, page, step }) {
  await step('embeddings-eval: palette → Evaluate Embeddings on GloVe with questions-words → ≈ 65% accuracy', async () => {
    await page.locator('.statusbar-item:has-text("Model Lens:")').first().waitFor({ state: 'visible', timeout: 60000 });
    await wb.runCommand('Model Lens: Evaluate Embeddings');
    await choose(page, 'GloVe 6B 100d');
    await choose(page, 'questions-words.txt');
    await choose(page, 'No similarity file');
    // the top-N input box, prefilled with 30000
    const input = page.locator('.quick-input-widget input');
    await page.locator('.quick-input-widget:has-text("Evaluate Embeddings (4/4)")').waitFor({ state: 'visible', timeout: 30000 });
    assert.equal(await input.inputValue(), '30000');
    await page.keyboard.press('Enter');
    const f = await wb.webviewFrame(['Embedding evaluation', 'questions-words.txt'], 30000);
    await f.waitForFunction(() => !document.getElementById('results').hidden, null, { timeout: 240000 });
    const acc = await f.locator('#accuracy').innerText();
    const value = parseFloat(acc);
    assert.ok(value > 63 && value < 68, `accuracy ${acc}`);
    assert.match(await f.locator('#coverage').innerText(), /^\d+\.\d%$/);
    assert.match(await f.locator('#title').innerText(), /top 30,000 words/);
    const bars = await f.evaluate(() => document.getElementById('chart').data[0].y.length);
    assert.equal(bars, 14);
    assert.equal(await f.locator('#sections tbody tr').count(), 14);
    await wb.screenshot('embeddings-evaluation');
  });
}
