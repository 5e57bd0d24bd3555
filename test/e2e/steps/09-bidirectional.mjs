// The embedded bidirectional model at first launch, offline, as a person uses it: right-click the lecture's
// "The acting in the [MASK] was superb." → Predict Masked Word → ranked candidates; the submenu's Show Attention
// (Bidirectional Model) on the tired/wide pair → the full matrix with [CLS]/[SEP] and no causal hatching.
import assert from 'node:assert/strict';

export default async function ({ wb, step }) {
  await step('mlm: right-click → Predict Masked Word ranks candidates for [MASK]', async () => {
    await wb.openFile('attention.txt', 'The animal');
    await wb.selectLine('The acting in the [MASK] was superb.');
    const t0 = Date.now();
    await wb.contextMenu('The acting in the', 'Predict Masked Word');
    const f = await wb.webviewFrame(['Predict masked word', 'masked position'], 60000);
    await f.waitForSelector('.mask .main-svg .bars .point path', { timeout: 30000 });
    wb.recordTiming('fill-mask: right-click → bars drawn (new panel)', Date.now() - t0);
    assert.equal(await f.locator('.mask').count(), 1);
    assert.equal(await f.locator('.mask .main-svg .bars .point path').count(), 10);
    const sentence = (await f.locator('#context').innerText()).replace(/\s+/g, ' ').trim();
    assert.match(sentence, /^\[CLS\] the acting in the \S+ was superb \. \[SEP\]$/);
    const chips = await f.locator('.mask .chip').allInnerTexts();
    assert.ok(chips.length === 10 && chips.every((c) => /\d+\.\d%$/.test(c)), chips.join(' | '));
    // choosing the second candidate puts it into the sentence
    await f.locator('.mask .chip').nth(1).click();
    const second = chips[1].replace(/ [\d.]+%$/, '');
    await f.waitForFunction((w) => document.querySelector('#context .tok.appended')?.textContent === w, second, { timeout: 10000 });
    await wb.screenshot('mlm-fill-mask');
  });

  for (const which of ['tired', 'wide']) {
    await step(`mlm: Show Attention (Bidirectional Model) on the "${which}" sentence draws the full matrix`, async () => {
      const line = `The animal didn't cross the street because it was too ${which}.`;
      // one editor group at full width: the Masked Word panel beside it would leave the line scrolled out of reach
      await wb.resetLayout();
      await wb.openFile('attention.txt', 'The animal');
      await wb.selectLine(line);
      await wb.contextMenu(`because it was too ${which}.`, 'Show Attention (Bidirectional Model)');
      const v = await wb.webviewFrame(['Attention', 'layers'], 60000);
      // the heat map of this sentence: its last word among the key labels
      await v.waitForFunction((w) => [...document.querySelectorAll('svg.heat text')].some((t) => t.textContent === w), which, { timeout: 60000 });
      await v.waitForFunction(() => [...document.querySelectorAll('svg.heat text')].some((t) => t.textContent === '[CLS]'), null, { timeout: 10000 });
      const cells = await v.locator('svg.heat rect.cell').count();
      const n = Math.round(Math.sqrt(cells));
      assert.equal(n * n, cells);
      assert.equal(n, 16, '[CLS] the animal didn \' t cross the street because it was too … . [SEP]');
      assert.equal(await v.locator('svg.heat rect.cell.masked').count(), 0, 'no causal mask in an encoder');
      // "it" (row 10) gives weight to keys after it
      const later = await v.evaluate(() => [...document.querySelectorAll('svg.heat rect.cell[data-q="10"]')].filter((r) => Number(r.dataset.k) > 10).reduce((s, r) => s + Number(r.dataset.value), 0));
      assert.ok(later > 0.001, `weight of "it" on later keys ${later}`);
      await wb.screenshot(`mlm-attention-${which}`);
    });
  }

  await step('mlm: Compare Word in Contexts (Bidirectional Model), "it" preset: the two states move apart', async () => {
    await wb.resetLayout();
    await wb.openFile('attention.txt', 'The animal');
    await wb.runCommand('Compare Word in Contexts (Bidirectional Model)');
    const f = await wb.webviewFrame(['Word in contexts', 'Presets'], 60000);
    await f.waitForSelector('#chart .scatterlayer .trace', { timeout: 60000 });
    await f.locator('button.preset', { hasText: '“it”' }).click();
    await f.waitForFunction(() => document.getElementById('chart')?.layout?.title?.text?.startsWith('“it”'), null, { timeout: 60000 });
    assert.match(await f.locator('#notes').innerText(), /bidirectional model reads the whole sentence/);
    assert.doesNotMatch(await f.locator('#notes').innerText(), /identical up to the word/);
    await wb.screenshot('mlm-contextual-it');
  });
}
