// The evaluation webview shows progress with a Cancel button, then one bar per analogy section with its
// accuracy, the overall accuracy, coverage and Spearman ρ, the section table, and Copy/Save JSON.
import assert from 'node:assert/strict';

const sections = [
  { section: 'capital-common-countries', total: 506, answered: 506, correct: 476, accuracy: 476 / 506 },
  { section: 'family', total: 506, answered: 462, correct: 380, accuracy: 380 / 462 },
  { section: 'gram1-adjective-to-adverb', total: 992, answered: 930, correct: 230, accuracy: 230 / 930 },
  { section: 'rare-words', total: 10, answered: 0, correct: 0, accuracy: 0 },
];
const answered = 506 + 462 + 930;
const correct = 476 + 380 + 230;
const total = 506 + 506 + 992 + 10;
const report = {
  model: 'glove-default',
  modelLabel: 'GloVe 6B 100d (top 50k)',
  analogyFile: 'questions-words.txt (bundled)',
  similarityFiles: ['/tmp/ws353.txt'],
  topN: 30000,
  seconds: 12.3,
  analogy: {
    method: '3cosadd', topN: 30000, sections, total, answered, correct,
    accuracy: correct / answered, coverage: answered / total,
    examples: [{ question: 'boy girl brother', expected: 'sister', got: 'daughter' }],
  },
  similarity: [{ file: '/tmp/ws353.txt', pairs: 353, found: 350, coverage: 350 / 353, spearman: 0.5432, pearson: 0.5011 }],
};

export default async function ({ harness, test }) {
  await test('evaluation: progress + cancel, bars per section, accuracy, coverage, ρ, Copy/Save JSON', async () => {
    const w = await harness.open('evaluation', 'vscode-dark');
    await w.send({ type: 'progress', title: 'GloVe on questions-words.txt (top 30,000)', message: '256/19544 questions', fraction: 0.25 });
    assert.match(await w.page.locator('#status').innerText(), /256\/19544 questions/);
    assert.equal(await w.page.evaluate(() => document.getElementById('bar').style.width), '25%');
    await w.page.click('#cancel');
    assert.deepEqual((await w.posted()).at(-1), { type: 'cancel' });

    await w.send({ type: 'result', report });
    await w.page.waitForSelector('#chart .barlayer .trace');
    const bars = await w.page.evaluate(() => {
      const t = document.getElementById('chart').data[0];
      return { type: t.type, y: t.y, x: t.x, text: t.text };
    });
    assert.equal(bars.type, 'bar');
    // one bar per section, first section on top (Plotly draws bottom-up)
    assert.deepEqual(bars.y, sections.map((s) => s.section).reverse());
    assert.deepEqual(bars.x.map((x) => Math.round(x * 10) / 10), [0, 24.7, 82.3, 94.1]);
    assert.deepEqual(bars.text, ['not covered', '24.7% (230/930)', '82.3% (380/462)', '94.1% (476/506)']);
    assert.equal(await w.page.locator('#chart .barlayer .point').count(), 4);
    // the headline numbers
    assert.equal(await w.page.locator('#accuracy').innerText(), '57.2%'); // 1086 / 1898
    assert.equal(await w.page.locator('#coverage').innerText(), '94.2%'); // 1898 / 2014
    assert.match(await w.page.locator('#correct').innerText(), /1,086 \/ 1,898 answered/);
    assert.equal(await w.page.locator('#spearman').innerText(), '0.543');
    assert.match(await w.page.locator('#rhoNote').innerText(), /350\/353 pairs/);
    const rows = await w.page.locator('#sections tbody tr').allInnerTexts();
    assert.equal(rows.length, 4);
    assert.match(rows[1], /family\s+82\.3%\s+380\s+462\s+506\s+91\.3%/);
    assert.match(await w.page.locator('#similarity tbody tr').first().innerText(), /ws353\.txt\s+0\.543\s+0\.501\s+350\/353/);
    assert.match(await w.page.locator('#examples tbody tr').first().innerText(), /boy girl brother\s+sister\s+daughter/);
    assert.equal(await w.page.locator('#progress').isHidden(), true);
    assert.equal(await w.page.locator('#cancel').isHidden(), true);
    await w.page.click('#copy');
    assert.deepEqual((await w.posted()).at(-1), { type: 'copyJson' });
    await w.page.click('#save');
    assert.deepEqual((await w.posted()).at(-1), { type: 'saveJson' });
    await w.send({ type: 'notice', message: 'Copied the results as JSON.' });
    // postMessage is asynchronous: wait for the notice to be drawn
    await w.page.waitForFunction(() => /Copied/.test(document.getElementById('status')?.innerText ?? ''), null, { timeout: 5000 });
    assert.match(await w.page.locator('#status').innerText(), /Copied/);
    assert.deepEqual(w.errors, []);
    await w.page.screenshot({ path: 'test-results/webview-evaluation.png', fullPage: true });
  });

  await test('evaluation: an engine error (bad analogy file) is shown with its line', async () => {
    const w = await harness.open('evaluation', 'vscode-light');
    await w.send({ type: 'progress', title: 'x', message: 'Loading the model…', fraction: 0 });
    await w.send({ type: 'error', message: 'bad.txt line 3: expected 4 words or ": section", got 3 fields' });
    assert.match(await w.page.locator('#status').innerText(), /Error: bad\.txt line 3/);
    assert.equal(await w.page.locator('#results').isHidden(), true);
    assert.deepEqual(w.errors, []);
  });
}
