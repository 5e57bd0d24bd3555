// The classifier webviews: probability bars, attention shading per layer/head, confusion cells and click-through.
import assert from 'node:assert/strict';

const prediction = {
  labels: ['news', 'religion', 'romance'],
  probabilities: [0.2, 0.7, 0.1],
  predicted: 'religion',
  tokens: ['[CLS]', 'the', 'lord', 'is', 'my', 'shepherd'],
  // [layer][head][token]
  attention: [
    [[0.1, 0.1, 0.5, 0.1, 0.1, 0.1], [0.6, 0.1, 0.1, 0.1, 0.05, 0.05]],
    [[0.05, 0.05, 0.1, 0.05, 0.05, 0.7], [0.2, 0.2, 0.2, 0.2, 0.1, 0.1]],
  ],
  pool: 'cls',
  truncated: false,
};

const evaluation = {
  labels: ['news', 'religion', 'romance'],
  confusion: [[8, 1, 1], [2, 6, 2], [0, 1, 9]],
  accuracy: 23 / 30, macroF1: 0.76,
  perClass: [
    { label: 'news', precision: 0.8, recall: 0.8, f1: 0.8, support: 10 },
    { label: 'religion', precision: 0.75, recall: 0.6, f1: 0.667, support: 10 },
    { label: 'romance', precision: 0.75, recall: 0.9, f1: 0.818, support: 10 },
  ],
  baseline: { label: 'news', accuracy: 1 / 3, macroF1: 0.167 },
  source: '/ws/brown-genres.csv', examples: 30,
  misclassified: [
    { file: '/ws/brown-genres.csv', line: 12, text: 'He prayed for rain in the county.', label: 'religion', predicted: 'news', confidence: 0.61 },
    { file: '/ws/brown-genres.csv', line: 40, text: 'The church board met on Monday.', label: 'religion', predicted: 'news', confidence: 0.55 },
    { file: '/ws/brown-genres.csv', line: 77, text: 'She wept and read the psalm.', label: 'religion', predicted: 'romance', confidence: 0.52 },
    { file: '/ws/brown-genres.csv', line: 90, text: 'The mayor kissed the bride.', label: 'news', predicted: 'romance', confidence: 0.5 },
  ],
};

export default async function ({ harness, test }) {
  await test('classify: one bar per class (widths = probabilities), words shaded by the chosen head', async () => {
    const w = await harness.open('classify', 'vscode-dark');
    await w.send({ type: 'prediction', text: 'The Lord is my shepherd', model: '/m/brown', result: prediction });
    await w.page.waitForSelector('.bar-fill');
    const bars = await w.page.$$eval('.bar-fill', (els) => els.map((e) => [Number(e.dataset.p), parseFloat(e.style.width)]));
    assert.deepEqual(bars, [[0.7, 70], [0.2, 20], [0.1, 10]]);
    assert.match(await w.page.locator('#status').innerText(), /Predicted "religion" \(70\.0%\)/);
    // default: last layer, mean of heads → "shepherd" (0.4) is the most shaded word
    const alpha = () => w.page.$$eval('.tok', (els) => els.map((e) => [e.textContent, Number((getComputedStyle(e).backgroundColor.match(/[\d.]+\)$/) || ['1'])[0].replace(')', ''))]));
    let a = await alpha();
    assert.equal(a.length, 6);
    assert.equal(a.reduce((b, x) => (x[1] > b[1] ? x : b))[0], 'shepherd');
    await w.page.screenshot({ path: 'test-results/webview-classify.png' });
    await w.page.selectOption('#layer', '0');
    await w.page.selectOption('#head', '0');
    a = await alpha();
    assert.equal(a.reduce((b, x) => (x[1] > b[1] ? x : b))[0], 'lord');
    assert.ok(a.find((x) => x[0] === 'is')[1] < 0.3, 'a low weight is lightly shaded');
    await w.page.selectOption('#head', '1');
    a = await alpha();
    assert.equal(a.reduce((b, x) => (x[1] > b[1] ? x : b))[0], '[CLS]');
    await w.page.click('#confusion');
    assert.deepEqual((await w.posted()).at(-1), { type: 'showConfusion' });
    assert.deepEqual(w.errors, []);
  });

  await test('confusion: C×C cells shaded by row share, a cell lists its examples, an example asks to open its line', async () => {
    const w = await harness.open('confusion', 'vscode-light');
    await w.send({ type: 'confusion', model: '/m/brown', result: evaluation });
    await w.page.waitForSelector('td.cell');
    assert.equal(await w.page.locator('td.cell').count(), 9);
    assert.deepEqual(await w.page.$$eval('td.cell', (els) => els.map((e) => Number(e.textContent))), [8, 1, 1, 2, 6, 2, 0, 1, 9]);
    assert.match(await w.page.locator('#status').innerText(), /accuracy 76\.7% \(majority baseline 33\.3%/);
    await w.page.click('td.cell[data-t="1"][data-p="0"]');
    assert.equal(await w.page.locator('#examples li').count(), 2);
    assert.match(await w.page.locator('#cellTitle').innerText(), /2 "religion" examples predicted as "news"/);
    await w.page.screenshot({ path: 'test-results/webview-confusion.png' });
    await w.page.locator('#examples li').nth(1).click();
    assert.deepEqual((await w.posted()).at(-1), { type: 'openExample', index: 1 });
    await w.page.click('td.cell[data-t="2"][data-p="2"]');
    assert.equal(await w.page.locator('#examples li').count(), 0);
    assert.match(await w.page.locator('#cellTitle').innerText(), /9 "romance" examples classified correctly/);
    assert.deepEqual(w.errors, []);
  });
}
