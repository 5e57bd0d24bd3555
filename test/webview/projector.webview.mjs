// The projector webview draws one point per word, highlights the clicked word's neighbours and the
// editor's words, switches to 3-D, asks the host for projections; the neighbours webview compares metrics.
import assert from 'node:assert/strict';

const words = Array.from({ length: 300 }, (_, i) => ['king', 'queen', 'man', 'woman', 'prince', 'paris'][i] ?? `w${i}`);
const coords2 = words.flatMap((_, i) => [Math.cos(i) * (1 + i / 100), Math.sin(i) * (1 + i / 100)]);
const coords3 = words.flatMap((_, i) => [Math.cos(i), Math.sin(i), i / 300]);
const trace = (page, name) =>
  page.evaluate((n) => {
    const t = document.getElementById('chart').data.find((d) => d.name === n);
    return t && { type: t.type, n: t.x.length, text: t.text, color: t.marker.color };
  }, name);

export default async function ({ harness, test }) {
  await test('projector: every word drawn, click → neighbours listed and highlighted, editor words marked', async () => {
    const w = await harness.open('projector', 'vscode-dark');
    await w.send({ type: 'settings', settings: { method: 'pca', dims: 2, top: 500 }, modelLabel: 'GloVe 6B 100d (top 50k)' });
    await w.send({ type: 'points', model: 'glove-default', modelLabel: 'GloVe 6B 100d (top 50k)', method: 'pca', dims: 2, words, coords: coords2, note: 'PCA: 10.0% of variance' });
    await w.page.waitForFunction(() => document.querySelector('#chart .gl-container, #chart canvas'));
    const base = await trace(w.page, 'words');
    assert.equal(base.type, 'scattergl');
    assert.equal(base.n, 300);
    assert.match(await w.page.locator('#status').innerText(), /300 words · PCA 2-D · PCA: 10.0% of variance/);
    // search marks matching words; Enter selects the first
    await w.page.fill('#search', 'quee');
    await w.page.press('#search', 'Enter');
    assert.deepEqual((await w.posted()).at(-1), { type: 'selectWord', word: 'queen' });
    await w.send({ type: 'neighbors', word: 'queen', results: { cosine: [{ word: 'king', score: 0.75 }, { word: 'prince', score: 0.7 }, { word: 'empress', score: 0.6 }] } });
    const nb = await trace(w.page, 'neighbours');
    assert.deepEqual(nb.text, ['king', 'prince']);
    assert.notEqual(nb.color, base.color, 'neighbours drawn in their own colour');
    assert.deepEqual((await trace(w.page, 'selected')).text, ['queen']);
    const items = await w.page.locator('#neighbors li').allInnerTexts();
    assert.deepEqual(items.map((t) => t.split(' ')[0]), ['king', 'prince', 'empress']);
    assert.match(await w.page.locator('#nbHint').innerText(), /1 not among the projected words/);
    // words selected in the editor
    await w.send({ type: 'highlight', words: ['man', 'woman', 'notthere'] });
    assert.deepEqual((await trace(w.page, 'marked')).text, ['man', 'woman']);
    // clicking a neighbour in the list asks for its neighbours
    await w.page.locator('#neighbors li', { hasText: 'prince' }).click();
    assert.deepEqual((await w.posted()).at(-1), { type: 'selectWord', word: 'prince' });
    assert.deepEqual(w.errors, []);
    await w.page.screenshot({ path: 'test-results/webview-projector.png' });
  });

  await test('projector: 3-D, method change asks the host, progress and errors shown', async () => {
    const w = await harness.open('projector', 'vscode-light');
    await w.page.selectOption('#method', 'umap');
    assert.deepEqual((await w.posted()).at(-1), { type: 'project', method: 'umap', dims: 2, top: 500 });
    await w.send({ type: 'progress', message: 'UMAP layout', fraction: 0.4 });
    assert.match(await w.page.locator('#status').innerText(), /UMAP layout \(40%\)/);
    assert.equal(await w.page.locator('#cancel').isEnabled(), true);
    await w.page.click('#cancel');
    assert.deepEqual((await w.posted()).at(-1), { type: 'cancel' });
    await w.send({ type: 'points', model: 'glove-default', modelLabel: 'm', method: 'umap', dims: 3, words, coords: coords3 });
    await w.page.waitForFunction(() => document.getElementById('chart').data?.length === 4);
    const base = await trace(w.page, 'words');
    assert.equal(base.type, 'scatter3d');
    assert.equal(base.n, 300);
    await w.page.check('#labels');
    assert.equal(await w.page.evaluate(() => document.getElementById('chart').data[0].mode), 'markers+text');
    await w.send({ type: 'error', message: '"qeen" is not in the vocabulary (did you mean: queen?)' });
    assert.match(await w.page.locator('#status').innerText(), /did you mean: queen/);
    // t-SNE is written as the menu writes it, not "TSNE"
    await w.send({ type: 'points', model: 'glove-default', modelLabel: 'm', method: 'tsne', dims: 2, words, coords: coords2 });
    await w.page.waitForFunction(() => /t-SNE 2-D/.test(document.getElementById('status').innerText));
    assert.doesNotMatch(await w.page.locator('#status').innerText(), /TSNE/);
    assert.deepEqual(w.errors, []);
    await w.page.screenshot({ path: 'test-results/webview-projector-3d.png' });
  });

  await test('neighbours: cosine, dot and Euclidean side by side, differing words marked', async () => {
    const w = await harness.open('neighbors', 'vscode-dark');
    await w.send({
      type: 'neighbors', word: 'king', modelLabel: 'GloVe',
      results: {
        cosine: [{ word: 'prince', score: 0.77 }, { word: 'queen', score: 0.75 }],
        dot: [{ word: 'the', score: 30.1 }, { word: 'queen', score: 20.2 }],
        euclidean: [{ word: 'prince', score: 3.1 }, { word: 'queen', score: 3.3 }],
      },
    });
    await w.page.waitForSelector('.metric-dot');
    assert.deepEqual(await w.page.locator('#columns h2').allInnerTexts(), ['cosine similarity', 'dot product', 'Euclidean distance']);
    assert.deepEqual(await w.page.locator('.metric-dot td.differs').allInnerTexts(), ['the']);
    assert.match(await w.page.locator('#status').innerText(), /Euclidean distance give the same list as cosine/);
    await w.page.locator('.metric-dot td', { hasText: 'queen' }).click();
    assert.deepEqual((await w.posted()).at(-1), { type: 'lookup', word: 'queen' });
    assert.deepEqual(w.errors, []);
    await w.page.screenshot({ path: 'test-results/webview-neighbors.png' });
  });
}
