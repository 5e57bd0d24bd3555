// Language-model views as a person uses them: right-click a line of Moby Dick → Predict Next Token →
// bars → drag the temperature → the distribution changes → click a candidate → appended; Show Attention.
import assert from 'node:assert/strict';

export default async function ({ wb, page, step }) {
  let f;
  await step('lm: right-click → Predict Next Token draws the bars', async () => {
    await wb.openFile('moby-dick.txt', 'Call me Ishmael');
    await wb.selectLine('It is a way I have of driving off the spleen');
    const t0 = Date.now();
    await wb.contextMenu('It is a way I have of driving off the spleen', 'Predict Next Token');
    f = await wb.webviewFrame(['Predict next token', 'Entropy'], 60000);
    await f.waitForSelector('.main-svg .bars .point path', { timeout: 30000 });
    // menu click → panel opened → engine answered → bars drawn (includes creating the webview)
    wb.recordTiming('next-token: right-click → bars drawn (new panel)', Date.now() - t0);
    assert.equal(await f.locator('.main-svg .bars .point path').count(), 15);
    await wb.screenshot('lm-next-token');
  });

  await step('lm: the temperature slider re-shapes the distribution; a click appends', async () => {
    const before = await f.evaluate(() => document.getElementById('chart').data[0].x.slice());
    const slider = f.locator('#temperature');
    const box = await slider.boundingBox();
    await page.mouse.click(box.x + box.width * 0.12, box.y + box.height / 2); // ≈ 0.25
    await f.waitForFunction((b) => document.getElementById('chart').data[0].x[0] !== b, before[0]);
    const after = await f.evaluate(() => document.getElementById('chart').data[0].x.slice());
    assert.ok(after[0] > before[0], `top p ${before[0]} → ${after[0]}`);
    await wb.screenshot('lm-next-token-cold');
    const n0 = await f.locator('#context .tok').count();
    const appended0 = await f.locator('#context .tok.appended').count();
    const before1 = await f.evaluate(() => JSON.stringify([document.getElementById('chart').data[0].x, document.getElementById('chart').data[0].y]));
    const t1 = Date.now();
    await f.locator('#chips .chip').first().click();
    await f.waitForFunction((n) => document.querySelectorAll('#context .tok.appended').length > n, appended0, { timeout: 30000 });
    await f.waitForFunction((b) => JSON.stringify([document.getElementById('chart').data[0].x, document.getElementById('chart').data[0].y]) !== b, before1, { timeout: 30000, polling: 5 });
    // click a candidate → appended → the next distribution drawn (the panel already open)
    wb.recordTiming('next-token: click a candidate → next distribution drawn', Date.now() - t1);
    assert.ok((await f.locator('#context .tok').count()) >= Math.min(n0, 60));
    await wb.screenshot('lm-next-token-appended');
  });

  await step('lm: right-click → Show Attention draws the heat map in the panel', async () => {
    await wb.openFile('attention.txt', 'The animal');
    await wb.selectLine('I went to the bank to deposit my money.');
    const t2 = Date.now();
    await wb.contextMenu('I went to the bank', 'Show Attention');
    const v = await wb.webviewFrame(['Attention', 'layers'], 60000);
    await v.waitForSelector('svg.heat rect.cell', { timeout: 30000 });
    wb.recordTiming('attention: right-click → heat map drawn', Date.now() - t2);
    const cells = await v.locator('svg.heat rect.cell').count();
    const masked = await v.locator('svg.heat rect.cell.masked').count();
    const n = Math.round(Math.sqrt(cells));
    assert.equal(n * n, cells);
    assert.equal(masked, (n * (n - 1)) / 2);
    await wb.screenshot('lm-attention');
  });
}
