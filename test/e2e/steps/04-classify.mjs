// Text classification as a person uses it: palette → Train Text Classifier… → pick the Brown sample, its text and
// label columns, a new encoder (the list also offers the pretrained ones to fine-tune), mean pooling,
// Quick → progress notification → done; right-click a line → Classify Selection → bars and shaded words;
// Show Confusion Matrix → click a cell → click an example → the CSV opens at that line.
import assert from 'node:assert/strict';

async function pick(page, text) {
  const row = page.locator(`.quick-input-list .monaco-list-row:has-text("${text}")`).first();
  await row.waitFor({ state: 'visible', timeout: 30000 });
  await row.click();
}

export default async function ({ wb, page, step }) {
  await step('classify: Train Text Classifier… with quick picks shows progress and the accuracy vs baseline', async () => {
    // the palette lists an extension's commands only once its manifest is registered: wait for the status bar item
    await page.locator('.statusbar-item:has-text("Model Lens:")').first().waitFor({ state: 'visible', timeout: 60000 });
    await page.waitForTimeout(1000);
    await wb.openPalette('Model Lens: Train Text Classifier');
    await pick(page, 'Model Lens: Train Text Classifier');
    await pick(page, 'Brown corpus sentences by genre');
    // the columns come from the file's header, the sample's own preselected first
    await page.locator('.quick-input-widget:has-text("Column holding the text")').waitFor({ timeout: 30000 });
    await pick(page, 'text');
    await page.locator('.quick-input-widget:has-text("Column holding the label")').waitFor({ timeout: 30000 });
    await pick(page, 'genre');
    // where the encoder starts: from scratch, or a pretrained bidirectional model fine-tuned with a new head
    await page.locator('.quick-input-widget:has-text("start from")').waitFor({ timeout: 30000 });
    await page.locator('.quick-input-list .monaco-list-row:has-text("Fine-tune Bidirectional word encoder (default)")').first().waitFor({ state: 'visible', timeout: 30000 });
    await wb.screenshot('classify-start-from');
    await pick(page, 'A new encoder, trained from scratch');
    await pick(page, 'average of every token');
    await wb.screenshot('classify-quick-pick');
    await pick(page, 'Quick');
    await page.locator('.notifications-toasts .notification-toast:has-text("Training a text classifier")').first().waitFor({ timeout: 30000 });
    await page.locator('.notifications-toasts .notification-toast:has-text("epoch")').first().waitFor({ timeout: 120000 });
    await wb.screenshot('classify-training');
    const done = page.locator('.notifications-toasts .notification-toast:has-text("Classifier trained")').first();
    await done.waitFor({ timeout: 400000 });
    const text = await done.innerText();
    const m = text.match(/validation accuracy ([\d.]+)% vs majority baseline ([\d.]+)%/);
    assert.ok(m, text);
    assert.ok(Number(m[1]) > Number(m[2]) + 10, `accuracy ${m[1]}% should be clearly above the baseline ${m[2]}%`);
    await wb.screenshot('classify-trained');
  });

  let f;
  await step('classify: right-click → Classify Selection draws probability bars and shaded words', async () => {
    await page.keyboard.press('Escape');
    await wb.openFile('moby-dick.txt', 'Call me Ishmael');
    await wb.selectLine('It is a way I have of driving off the spleen');
    await wb.contextMenu('It is a way I have of driving off the spleen', 'Classify Selection');
    f = await wb.webviewFrame(['Classification', 'Predicted'], 60000);
    await f.waitForSelector('.bar-fill', { timeout: 30000 });
    assert.equal(await f.locator('.bar-fill').count(), 5);
    const ps = await f.$$eval('.bar-fill', (els) => els.map((e) => Number(e.dataset.p)));
    assert.ok(Math.abs(ps.reduce((a, b) => a + b, 0) - 1) < 1e-3, ps.join(' '));
    assert.ok((await f.locator('.tok').count()) >= 8);
    await wb.screenshot('classify-selection');
    await f.selectOption('#head', '0');
    await wb.screenshot('classify-selection-head0');
  });

  await step('classify: confusion matrix → a cell lists misclassified examples → one opens its source line', async () => {
    await f.locator('#confusion').click();
    const c = await wb.webviewFrame(['Confusion matrix', 'majority baseline'], 90000);
    await c.waitForSelector('td.cell', { timeout: 30000 });
    assert.equal(await c.locator('td.cell').count(), 25);
    const cell = await c.evaluate(() => {
      const cells = [...document.querySelectorAll('td.cell')].filter((td) => td.dataset.t !== td.dataset.p && Number(td.textContent) > 0);
      cells.sort((a, b) => Number(b.textContent) - Number(a.textContent));
      return cells[0] ? { t: cells[0].dataset.t, p: cells[0].dataset.p, n: Number(cells[0].textContent) } : undefined;
    });
    assert.ok(cell, 'some validation example is misclassified');
    await c.locator(`td.cell[data-t="${cell.t}"][data-p="${cell.p}"]`).click();
    await c.waitForSelector('#examples li');
    assert.equal(await c.locator('#examples li').count(), cell.n);
    await wb.screenshot('classify-confusion');
    const where = await c.locator('#examples li .where').first().innerText();
    await c.locator('#examples li').first().click();
    const tab = page.locator('.tab:has-text("brown-genres.csv")').first();
    await tab.waitFor({ timeout: 30000 });
    const line = Number(where.split(':').pop());
    await page.locator('.statusbar-item:has-text("Ln ' + line + '")').first().waitFor({ timeout: 15000 });
    await wb.screenshot('classify-source-line');
  });
}
