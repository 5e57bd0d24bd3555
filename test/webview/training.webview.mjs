// The training webview draws the loss curve point by point, the rate and learning rate, samples and
// progress, and posts cancel once.
import assert from 'node:assert/strict';

export default async function ({ harness, test }) {
  await test('training: live loss curve, rate + lr chart, samples, progress, cancel', async () => {
    const w = await harness.open('training', 'vscode-dark');
    await w.send({ type: 'run', title: 'Skip-gram on moby-dick', rateUnit: 'words/s', totalSteps: 1000, stepUnit: 'words', config: { dim: 50, window: 5 } });
    await w.send({ type: 'status', state: 'running', message: 'epoch 1/2 · 40%', fraction: 0.4 });
    for (let i = 1; i <= 10; i++) await w.send({ type: 'points', points: [{ step: i * 100, loss: 4 / i, rate: 50000 + i, lr: 0.025 * (1 - i / 10) }] });
    await w.page.waitForFunction(() => document.getElementById('loss').data?.[0]?.x.length === 10);
    assert.equal(await w.page.locator('#loss .scatterlayer .trace').count(), 1);
    assert.deepEqual(await w.page.evaluate(() => document.getElementById('rate').data.map((t) => t.name)), ['words/s', 'learning rate']);
    assert.match(await w.page.locator('#latest').innerText(), /words 1,000 · loss 0\.4 · 50,010 words\/s · lr 0/);
    assert.match(await w.page.locator('#config').innerText(), /dim 50 · window 5/);
    assert.equal(await w.page.evaluate(() => document.getElementById('bar').style.width), '40%');
    await w.send({ type: 'sample', step: 0, text: 'the whale the the', label: 'before training' });
    assert.match(await w.page.locator('#samples').innerText(), /before training: the whale the the/);
    await w.page.click('#cancel');
    assert.deepEqual((await w.posted()).at(-1), { type: 'cancel' });
    assert.equal(await w.page.locator('#cancel').isDisabled(), true);
    await w.send({ type: 'status', state: 'done', message: 'Saved sgns-moby', fraction: 1 });
    await w.page.waitForFunction(() => /Saved sgns-moby/.test(document.getElementById('status').innerText));
    assert.equal(await w.page.locator('#cancel').isHidden(), true, 'no Cancel once the run is done');
    // the second chart is titled by what it draws
    assert.match(await w.page.evaluate(() => document.querySelector('#rate .gtitle')?.textContent ?? ''), /words\/s · learning rate/);
    // legends never cover an axis title (they once sat on the x-axis title of the second chart)
    await w.send({ type: 'points', points: [{ step: 1100, loss: 0.3, valLoss: 0.5, rate: 50000, lr: 0 }] });
    await w.page.waitForFunction(() => document.getElementById('loss').data.length === 2);
    const overlaps = await w.page.evaluate(() => {
      const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      const out = [];
      for (const id of ['loss', 'rate']) {
        const legend = document.querySelector(`#${id} .legend`)?.getBoundingClientRect();
        if (!legend) {
          out.push(`${id}: no legend`);
          continue;
        }
        for (const t of document.querySelectorAll(`#${id} .g-xtitle, #${id} .g-ytitle, #${id} .g-y2title, #${id} .xtick, #${id} .y2tick`))
          if (hit(legend, t.getBoundingClientRect())) out.push(`${id}: legend over ${t.getAttribute('class')} “${t.textContent}”`);
      }
      return out;
    });
    assert.deepEqual(overlaps, []);
    assert.deepEqual(w.errors, []);
    await w.page.screenshot({ path: 'test-results/webview-training.png' });
  });
}
