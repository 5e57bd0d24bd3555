// Language-model views as a person uses them: right-click a line of Moby Dick → Predict Next Token →
// bars → drag the temperature → the distribution changes → click a candidate → appended; Show Attention.
import assert from 'node:assert/strict';

/** The drawn next-token bars' probabilities, top to bottom (SVG <g class="bar" data-p>). */
const barsP = () => [...document.querySelectorAll('#chart svg.bars .bar')].map((g) => Number(g.dataset.p));

export default async function ({ wb, page, step }) {
  let f;
  await step('lm: right-click → Predict Next Token draws the bars', async () => {
    await wb.openFile('moby-dick.txt', 'Call me Ishmael');
    await wb.selectLine('It is a way I have of driving off the spleen');
    const t0 = await wb.contextMenu('It is a way I have of driving off the spleen', 'Predict Next Token');
    f = await wb.webviewFrame(['Predict next token', 'Entropy'], 60000);
    await f.waitForSelector('#chart svg.bars .bar', { timeout: 30000 });
    // menu item chosen → panel opened → engine answered → bars drawn (includes creating the webview);
    // the end is the webview's own stamp, so the harness's frame polling is not counted
    wb.recordTiming('next-token: right-click → bars drawn (new panel)', Math.round((await wb.drawnAt(f)) - t0));
    // the webview alone: its document started → bars drawn (loading its scripts, waiting for the data)
    wb.recordTiming('next-token: webview document start → bars drawn', Number(await f.evaluate(() => document.body.dataset.firstDrawMs)));
    assert.equal(await f.locator('#chart svg.bars .bar').count(), 15);
    await wb.screenshot('lm-next-token');
  });

  await step('lm: the temperature slider re-shapes the distribution; a click appends', async () => {
    const before = await f.evaluate(barsP);
    const slider = f.locator('#temperature');
    const box = await slider.boundingBox();
    await page.mouse.click(box.x + box.width * 0.12, box.y + box.height / 2); // ≈ 0.25
    await f.waitForFunction((b) => Number(document.querySelector('#chart svg.bars .bar')?.dataset.p) !== b, before[0]);
    const after = await f.evaluate(barsP);
    assert.ok(after[0] > before[0], `top p ${before[0]} → ${after[0]}`);
    await wb.screenshot('lm-next-token-cold');
    const n0 = await f.locator('#context .tok').count();
    const appended0 = await f.locator('#context .tok.appended').count();
    const drawn = () => JSON.stringify([...document.querySelectorAll('#chart svg.bars .bar')].map((g) => [g.dataset.id, g.dataset.p]));
    const before1 = await f.evaluate(drawn);
    const t1 = Date.now();
    await f.locator('#chips .chip').first().click();
    await f.waitForFunction((n) => document.querySelectorAll('#context .tok.appended').length > n, appended0, { timeout: 30000 });
    await f.waitForFunction(
      (b) => JSON.stringify([...document.querySelectorAll('#chart svg.bars .bar')].map((g) => [g.dataset.id, g.dataset.p])) !== b,
      before1,
      { timeout: 30000, polling: 5 },
    );
    // click a candidate → appended → the next distribution drawn (the panel already open), from the
    // webview's own stamps of the click and of the drawing (no Playwright or polling overhead)
    const clickedAt = Number(await f.evaluate(() => document.body.dataset.clickedAt));
    assert.ok(clickedAt >= t1 - 5, 'the click was stamped');
    wb.recordTiming('next-token: click a candidate → next distribution drawn', Math.round((await wb.drawnAt(f)) - clickedAt));
    assert.ok((await f.locator('#context .tok').count()) >= Math.min(n0, 60));
    await wb.screenshot('lm-next-token-appended');
  });

  await step('lm: Generate continues the text, and the generated text is shown marked', async () => {
    await f.fill('#count', '40');
    await f.locator('#generate').click();
    await f.waitForFunction(() => document.querySelectorAll('#context .tok.appended').length >= 41, null, { timeout: 60000 });
    await f.waitForSelector('#text mark.appended', { timeout: 30000 });
    const generated = await f.locator('#text mark.appended').innerText();
    assert.ok(generated.length >= 20, `generated text: ${JSON.stringify(generated)}`);
    // what the strip marks as appended is exactly the generated text shown, spaces restored
    const strip = await f.evaluate(() => [...document.querySelectorAll('#context .tok.appended')].map((s) => s.textContent).join(''));
    assert.equal(strip.replace(/␣/g, ' ').replace(/↵/g, '\n'), generated.replace(/\r/g, ''));
    assert.match(await f.locator('#text').innerText(), /\d+ tokens appended \(marked\)/);
    // the strip wraps: nothing runs off to the right, and its last token is in view
    const fits = await f.evaluate(() => {
      const c = document.getElementById('context');
      const last = c.lastElementChild.getBoundingClientRect();
      const box = c.getBoundingClientRect();
      return c.scrollWidth <= c.clientWidth + 1 && last.bottom <= box.bottom + 1 && last.right <= box.right + 1;
    });
    assert.ok(fits, 'the context strip wraps and shows its end');
    await wb.screenshot('lm-next-token-generated');
  });

  await step('lm: right-click → Show Attention draws the heat map in the panel', async () => {
    await wb.openFile('attention.txt', 'The animal');
    await wb.selectLine('I went to the bank to deposit my money.');
    const t2 = await wb.contextMenu('I went to the bank', 'Show Attention');
    const v = await wb.webviewFrame(['Attention', 'layers'], 60000);
    await v.waitForSelector('svg.heat rect.cell', { timeout: 30000 });
    wb.recordTiming('attention: right-click → heat map drawn', Math.round((await wb.drawnAt(v)) - t2));
    // the webview alone: its document started → heat map drawn (the rest is VS Code opening the panel area)
    wb.recordTiming('attention: webview document start → heat map drawn', Number(await v.evaluate(() => document.body.dataset.firstDrawMs)));
    const cells = await v.locator('svg.heat rect.cell').count();
    const masked = await v.locator('svg.heat rect.cell.masked').count();
    const n = Math.round(Math.sqrt(cells));
    assert.equal(n * n, cells);
    assert.equal(masked, (n * (n - 1)) / 2);
    await wb.screenshot('lm-attention');
  });

  await step('lm: clicking a token in the Attention view selects it in the editor; the view keeps the whole selection', async () => {
    const v = await wb.webviewFrame(['Attention', 'layers'], 30000);
    const status = await v.locator('#model').innerText();
    const n = Number(/(\d+) tokens/.exec(status)?.[1]);
    assert.ok(n > 10, status);
    const drawn0 = await wb.drawnAt(v);
    // the first token of "bank" (a row label of the heat map): "b" for a character model, "␣bank" for subwords
    // (whatever the pieces: "b" "a" "n" "k", "␣bank" or "␣b" "ank", the labels from it on spell "bank")
    const bank = await v.evaluate(() => {
      const labels = [...document.querySelectorAll('svg.heat.rows text.tok')].map((t) => t.textContent.replace(/^␣/, ''));
      return labels.findIndex((l, i) => l.startsWith('b') && labels.slice(i, i + 4).join('').startsWith('bank'));
    });
    assert.ok(bank > 0, 'a row label for the b of bank');
    await v.locator(`svg.heat.rows text.tok[data-index="${bank}"]`).click();
    // the editor selects that token…
    await page.waitForFunction(() => /\(([1-5]) selected\)/.test(document.querySelector('.statusbar')?.textContent ?? ''), null, { timeout: 10000 });
    // …and the view, after its debounce and more, still shows every token, the clicked one marked
    await page.waitForTimeout(1500);
    assert.equal(await v.locator('#model').innerText(), status);
    assert.equal(await v.locator('svg.heat rect.cell').count(), n * n);
    assert.equal(await wb.drawnAt(v), drawn0, 'not redrawn for the selection the click made');
    assert.equal(await v.locator('svg.heat.rows text.tok.on').getAttribute('data-index'), String(bank));
    // the hover line goes when the pointer leaves the map
    await v.locator('rect.cell[data-q="5"][data-k="2"]').hover();
    assert.match(await v.locator('#hover').innerText(), /→/);
    await page.mouse.move(5, 5);
    await v.waitForFunction(() => document.getElementById('hover').innerText.trim() === '', null, { timeout: 5000 });
    await wb.screenshot('lm-attention-after-click');
    // words: one row per word, rows still summing to 1
    await v.locator('#group').selectOption('words');
    await v.waitForFunction(() => document.querySelectorAll('svg.heat.rows text.tok').length === 9, null, { timeout: 5000 });
    const sums = await v.evaluate(() => {
      const s = {};
      for (const r of document.querySelectorAll('svg.heat rect.cell')) s[r.dataset.q] = (s[r.dataset.q] ?? 0) + Number(r.dataset.value);
      return Object.values(s);
    });
    sums.forEach((x) => assert.ok(Math.abs(x - 1) < 1e-4, `row sums to ${x}`)); // the host sends 6 decimals
    await wb.screenshot('lm-attention-words');
    await v.locator('#group').selectOption('tokens');
  });
}
