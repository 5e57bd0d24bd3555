// Training a language model as a person does: palette → Train Language Model… → the five quick picks (Moby Dick,
// char, femto, a few steps, default name) → the Training panel draws the curve → Show Model Card from the toast.
import assert from 'node:assert/strict';

export default async function ({ wb, page, step }) {
  const quickInput = async (title) => {
    await page.locator(`.quick-input-widget .quick-input-title:has-text("${title}")`).first().waitFor({ state: 'visible', timeout: 60000 });
  };
  const choose = async (title, text) => {
    await quickInput(title);
    await page.keyboard.type(text);
    await page.locator(`.quick-input-list .monaco-list-row:has-text("${text}")`).first().waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
  };

  await step('lm-train: palette → Train Language Model… (femto) → Training panel draws the curve', async () => {
    await page.locator('.statusbar-item:has-text("Model Lens:")').first().waitFor({ state: 'visible', timeout: 60000 });
    await wb.runCommand('Model Lens: Train Language Model…');
    await choose('(1/5): corpus', 'Moby Dick');
    await choose('(2/5): tokenizer', 'char');
    await choose('(3/5): architecture', 'Transformer');
    await choose('(3/5): model size', 'femto');
    await quickInput('(4/5): training steps');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('40');
    await page.keyboard.press('Enter');
    await quickInput('(5/5): model name');
    await page.keyboard.press('Enter');
    const f = await wb.webviewFrame(['Training lm-femto-char', 'tokens/s'], 90000);
    await f.waitForFunction(() => /^Saved /.test(document.getElementById('status').textContent), null, { timeout: 180000 });
    await f.waitForFunction(() => document.getElementById('loss')?.data?.[0]?.x.length === 40, null, { timeout: 30000 });
    const curve = await f.evaluate(() => document.getElementById('loss').data.map((t) => ({ name: t.name, n: t.x.length, y: t.y })));
    assert.deepEqual(curve.map((c) => c.name), ['loss', 'validation loss']);
    assert.ok(curve[0].y.every((y) => Number.isFinite(y)));
    assert.ok((await f.locator('#samples .sample').count()) >= 1, 'sample generations shown');
    assert.match(await f.locator('#latest').innerText(), /tokens\/s/);
    await wb.screenshot('lm-training');
  });

  await step('lm-train: the toast\'s Show Model Card draws the config and parameter breakdown', async () => {
    const button = page.locator('.notifications-toasts .monaco-button:has-text("Show Model Card")').first();
    await button.waitFor({ state: 'visible', timeout: 30000 });
    await button.click();
    const f = await wb.webviewFrame(['Model card: lm-femto-char', 'Configuration'], 60000);
    await f.waitForFunction(() => document.getElementById('params')?.data?.[0]?.y.length === 10, null, { timeout: 30000 });
    await f.waitForFunction(() => document.getElementById('loss')?.data?.[0]?.x.length === 40, null, { timeout: 30000 });
    const table = await f.locator('#config').innerText();
    assert.match(table, /width \(dModel\)\s+2/);
    assert.match(table, /layers \(nLayers\)\s+1/);
    await wb.screenshot('lm-model-card');
  });
}
