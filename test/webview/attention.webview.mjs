// The attention side panel: n² heat-map cells with the causal mask, head view lines with toggles
// and hover isolation, model view thumbnails that open large, clicks post selectToken.
import assert from 'node:assert/strict';

/** Causal attention [layer][head][q][k] with rows summing to 1, seeded. */
function fakeAttention(nLayers, nHeads, n) {
  let seed = 7;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  return Array.from({ length: nLayers }, (_, l) => Array.from({ length: nHeads }, (_, h) => Array.from({ length: n }, (_, q) => {
    const row = Array.from({ length: n }, (_, k) => (k <= q ? (h === 0 && l === 0 ? (k === q ? 5 : 0.01) : rnd() + 0.01) : 0));
    const z = row.reduce((a, b) => a + b, 0);
    return row.map((x) => x / z);
  })));
}
const tokens = 'The animal didn\'t cross the street because it was too tired .'.split(' ').map((w, i) => (i ? ` ${w}` : w));
const msg = { type: 'attention', model: 'default-lm', tokens, attention: fakeAttention(2, 3, tokens.length), layer: 1, head: 2, ms: 9 };
const n = tokens.length;

export default async function ({ harness, test }) {
  await test('attention: heat map cells, causal mask, hover values, token click', async () => {
    const w = await harness.open('attention', 'vscode-dark');
    await w.send(msg);
    await w.page.waitForSelector('svg.heat rect.cell');
    assert.equal(await w.page.locator('svg.heat rect.cell').count(), n * n);
    assert.equal(await w.page.locator('svg.heat rect.cell.masked').count(), (n * (n - 1)) / 2);
    assert.equal(await w.page.locator('#layer').inputValue(), '1', 'default layer from the host');
    assert.equal(await w.page.locator('#head').inputValue(), '2');
    // drawn values are the data of layer 1 head 2; visible cells of every row sum to 1
    const rows = await w.page.evaluate(() => {
      const s = {};
      for (const r of document.querySelectorAll('svg.heat rect.cell')) s[r.dataset.q] = (s[r.dataset.q] ?? 0) + Number(r.dataset.value);
      return Object.values(s);
    });
    rows.forEach((x) => assert.ok(Math.abs(x - 1) < 1e-9));
    const v = await w.page.evaluate(() => Number(document.querySelector('rect.cell[data-q="3"][data-k="1"]').dataset.value));
    assert.equal(v, msg.attention[1][2][3][1]);
    await w.page.hover('rect.cell[data-q="3"][data-k="1"]');
    assert.match(await w.page.locator('#hover').innerText(), /“␣cross” → “␣animal”: 0\.\d{3}/);
    await w.page.screenshot({ path: 'test-results/webview-attention.png' });
    // mean over heads
    await w.page.selectOption('#head', 'mean');
    const mean = await w.page.evaluate(() => Number(document.querySelector('rect.cell[data-q="3"][data-k="1"]').dataset.value));
    const expect = (msg.attention[1][0][3][1] + msg.attention[1][1][3][1] + msg.attention[1][2][3][1]) / 3;
    assert.ok(Math.abs(mean - expect) < 1e-12);
    // click a query label → selectToken
    await w.page.locator('svg.heat text.tok[data-index="7"]').first().click();
    assert.deepEqual((await w.posted()).at(-1), { type: 'selectToken', index: 7 });
    assert.equal(await w.page.locator('svg.heat rect.cursor').count(), 1);
    assert.deepEqual(w.errors, []);
  });

  await test('attention: head view lines, toggles, hover isolates a token', async () => {
    const w = await harness.open('attention', 'vscode-dark');
    await w.send(msg);
    await w.page.click('.viewtabs button[data-view="heads"]');
    await w.page.waitForSelector('svg.headview line.attn-line', { state: 'attached' });
    const all = await w.page.locator('line.attn-line').count();
    const heads = await w.page.evaluate(() => new Set([...document.querySelectorAll('line.attn-line')].map((l) => l.dataset.head)).size);
    assert.equal(heads, 3);
    assert.equal(await w.page.locator('#toggles input[type=checkbox]').count(), 3);
    await w.page.locator('#toggles input[data-head="1"]').uncheck();
    const without1 = await w.page.locator('line.attn-line').count();
    assert.ok(without1 < all);
    assert.equal(await w.page.locator('line.attn-line[data-head="1"]').count(), 0);
    // the stroke of head 0 is the theme accent
    assert.equal(await w.page.locator('line.attn-line[data-head="0"]').first().getAttribute('stroke'), '#3794ff');
    await w.page.hover('svg.headview text.query[data-index="5"]');
    const isolated = await w.page.evaluate(() => [...document.querySelectorAll('line.attn-line')].map((l) => Number(l.getAttribute('y1'))));
    assert.ok(isolated.length > 0 && isolated.length <= 2 * 6 && new Set(isolated).size === 1, 'only lines of token 5');
    await w.page.screenshot({ path: 'test-results/webview-attention-heads.png' });
  });

  await test('attention: model view has layers × heads thumbnails; a click opens the heat map', async () => {
    const w = await harness.open('attention', 'vscode-light');
    await w.send(msg);
    await w.page.click('.viewtabs button[data-view="model"]');
    await w.page.waitForSelector('.thumbs figure canvas');
    assert.equal(await w.page.locator('.thumbs figure').count(), 6);
    // layer 0 head 0 attends to itself: the sharpest head, entropy near 0
    assert.match(await w.page.locator('.thumbs figure').first().innerText(), /L0 H0 · 0\.\d\d b/);
    assert.match(await w.page.locator('table.entropy').innerText(), /H0 \(0\.\d\d\)/);
    await w.page.screenshot({ path: 'test-results/webview-attention-model.png' });
    await w.page.locator('.thumbs figure[data-layer="1"][data-head="1"]').click();
    await w.page.waitForSelector('svg.heat rect.cell');
    assert.equal(await w.page.locator('#layer').inputValue(), '1');
    assert.equal(await w.page.locator('#head').inputValue(), '1');
  });

  await test('attention: empty and cursor messages', async () => {
    const w = await harness.open('attention');
    await w.send({ type: 'empty', message: 'Select some text to see its attention.' });
    assert.match(await w.page.locator('#status').innerText(), /Select some text/);
    await w.send({ ...msg, truncated: { keptTokens: 12, totalTokens: 100, contextLength: 12 } });
    await w.page.waitForSelector('svg.heat rect.cell');
    assert.match(await w.page.locator('#note').innerText(), /showing the last 12/);
    await w.send({ type: 'cursorToken', index: 2 });
    await w.page.waitForSelector('svg.heat rect.cursor');
    assert.equal(await w.page.locator('svg.heat text.tok.on').count(), 2);
  });

  await test('attention: the hover line clears when the pointer leaves the map', async () => {
    const w = await harness.open('attention', 'vscode-dark');
    await w.send(msg);
    await w.page.waitForSelector('svg.heat rect.cell');
    await w.page.hover('rect.cell[data-q="3"][data-k="1"]');
    assert.match(await w.page.locator('#hover').innerText(), /→/);
    await w.page.mouse.move(2, 2);
    assert.equal((await w.page.locator('#hover').innerText()).trim(), '');
  });

  await test('attention: 59 character tokens fit a short panel or scroll with labels in view; words group them', async () => {
    const w = await harness.open('attention', 'vscode-dark');
    await w.page.setViewportSize({ width: 900, height: 420 });
    const text = "The animal didn't cross the street because it was too tired.";
    const chars = [...text].map((c) => (c === ' ' ? '␣' : c === "'" ? '<unk>' : c));
    assert.equal(chars.length, 60);
    const toks = chars.slice(1); // 59 tokens, as the report saw
    await w.send({ ...msg, tokens: toks, attention: fakeAttention(1, 2, toks.length), layer: 0, head: 1, text: text.slice(1) });
    await w.page.waitForSelector('svg.heat rect.cell');
    assert.equal(await w.page.locator('svg.heat rect.cell').count(), 59 * 59);
    // scroll to the last row ("." of "tired."): its row label and the column labels are still on screen
    await w.page.evaluate(() => {
      const s = document.querySelector('.heat-scroll');
      s.scrollTop = s.scrollHeight;
      s.scrollLeft = s.scrollWidth;
    });
    const seen = await w.page.evaluate(() => {
      const vis = (el) => {
        const r = el.getBoundingClientRect();
        const s = document.querySelector('.heat-scroll').getBoundingClientRect();
        return r.bottom > s.top && r.top < s.bottom && r.right > s.left && r.left < s.right && r.bottom <= innerHeight;
      };
      const rowLabel = document.querySelector('svg.heat.rows text.tok[data-index="58"]');
      const firstCol = document.querySelector('svg.heat.cols text.tok[data-index="58"]');
      const lastCell = document.querySelector('rect.cell[data-q="58"][data-k="58"]');
      const colsTop = document.querySelector('svg.heat.cols').getBoundingClientRect().top;
      return { rowLabel: vis(rowLabel), colLabel: vis(firstCol), lastCell: vis(lastCell), colsAtTop: Math.abs(colsTop - document.querySelector('.heat-scroll').getBoundingClientRect().top) < 2 };
    });
    assert.deepEqual(seen, { rowLabel: true, colLabel: true, lastCell: true, colsAtTop: true });
    // the unknown apostrophe is explained
    assert.match(await w.page.locator('#note').innerText(), /1 token is <unk>.*“'” \(U\+0027\)/);
    await w.page.screenshot({ path: 'test-results/webview-attention-59.png' });
    // words: "he", "␣animal", "␣didn<unk>t", … — rows still sum to 1, and in a maximized panel the map fits without scrolling
    await w.page.setViewportSize({ width: 900, height: 760 });
    await w.page.selectOption('#group', 'words');
    await w.page.waitForFunction(() => document.querySelectorAll('svg.heat rect.cell').length === 121);
    const labels = await w.page.evaluate(() => [...document.querySelectorAll('svg.heat.rows text.tok')].map((t) => t.textContent));
    assert.deepEqual(labels, ['he', '␣animal', '␣didn<unk>t', '␣cross', '␣the', '␣street', '␣because', '␣it', '␣was', '␣too', '␣tired.']);
    const sums = await w.page.evaluate(() => {
      const s = {};
      for (const r of document.querySelectorAll('svg.heat rect.cell')) s[r.dataset.q] = (s[r.dataset.q] ?? 0) + Number(r.dataset.value);
      return Object.values(s);
    });
    sums.forEach((x) => assert.ok(Math.abs(x - 1) < 1e-9, `row sums to ${x}`));
    const fits = await w.page.evaluate(() => {
      const s = document.querySelector('.heat-scroll');
      return s.scrollHeight <= s.clientHeight + 1 && s.scrollWidth <= s.clientWidth + 1;
    });
    assert.ok(fits, 'eleven words fit without scrolling');
    // clicking a word asks the editor to select all of its tokens
    await w.page.locator('svg.heat.rows text.tok[data-index="1"]').click();
    assert.deepEqual((await w.posted()).at(-1), { type: 'selectToken', index: 2, last: 8 });
    assert.deepEqual(w.errors, []);
    await w.page.screenshot({ path: 'test-results/webview-attention-words.png' });
  });
}
