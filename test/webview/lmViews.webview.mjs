// The model-internals panels with hand-made data: logit-lens cells (top-1, colour, hits, hover top-k), contextual
// trajectories (one Plotly trace per context, layer labels, presets post compare), positional heat maps, and the
// attention worked example (rows, masked keys, probabilities, layer/head/query changes post explain).
import assert from 'node:assert/strict';

const tokens = ['C', 'a', 'l', 'l', ' ', 'm', 'e'];
const ids = [3, 1, 9, 9, 0, 10, 5];
const name = (id) => ({ 0: ' ', 1: 'a', 3: 'C', 5: 'e', 9: 'l', 10: 'm', 7: 'o' })[id] ?? '?';
// layer l predicts the actual next token from position ≥ 3 − l
const top = [0, 1, 2].map((l) => tokens.map((_, t) => {
  const next = ids[t + 1] ?? 7;
  const first = t >= 3 - l ? next : 7;
  return [first, ...[0, 5, 9].filter((x) => x !== first)].slice(0, 3).map((id, r) => ({ id, token: name(id), prob: r === 0 ? 0.3 + 0.2 * l : 0.1 }));
}));
const lens = {
  type: 'logitLens', model: 'default-lm', ms: 12, tokens, ids, truncated: false, layers: ['embed', 'block 0', 'block 1'], top,
  targetProb: top.map((row) => row.map((_, t) => (t + 1 < ids.length ? 0.2 : null))),
};

const contextual = {
  type: 'contextual', model: 'default-lm', ms: 30, word: 'bank', layers: ['embed+pos', 'block 0', 'block 1', 'block 2'],
  contexts: [
    { text: 'We sat on the bank of the river.', start: 14, end: 18, tokens: [...'We sat on the bank'], position: 17, truncated: false, points: [[0, 0], [1, 0.5], [2, 1.2], [3, 2]], norms: [1, 2, 3, 4] },
    { text: 'I went to the bank to deposit my money.', start: 14, end: 18, tokens: [...'I went to the bank'], position: 17, truncated: false, points: [[0, 0.1], [1, -0.5], [2, -1.2], [3, -2]], norms: [1, 2, 3, 4] },
  ],
  explained: [0.6, 0.3], meanCosine: [0.99, 0.8, 0.6, 0.4], identical: [], tokenizer: 'char', normalized: true,
};

const T = 6;
const sinus = Array.from({ length: T }, (_, p) => Array.from({ length: 8 }, (_, i) => (i % 2 ? Math.cos : Math.sin)(p / 10000 ** ((2 * Math.floor(i / 2)) / 8))));
const positions = {
  type: 'positions', model: 'default-lm', ms: 3, kind: 'sinusoidal', positions: T, contextLength: 64, matrix: sinus, columns: 'dimension',
  similarity: sinus.map((a) => sinus.map((b) => a.reduce((s, x, i) => s + x * b[i], 0) / 4)), formula: 'PE[p, 2i] = sin(p / 10000^(2i/d))',
};

const q = [0.5, -1, 0.25, 2, 0, 1];
const keys = tokens.map((tok, j) => {
  const k = [j * 0.1, 1, -0.5, 0.3, 0.2, -j * 0.05];
  const dot = q.reduce((s, x, i) => s + x * k[i], 0);
  return { index: j, token: tok, k, v: [j, -j, 1, 0.5, 0, 2], dot, scaled: dot / Math.sqrt(6), masked: j > 3, score: j > 3 ? -1e9 : dot / Math.sqrt(6), prob: 0 };
});
const e = keys.map((k) => (k.masked ? 0 : Math.exp(k.scaled)));
const z = e.reduce((a, b) => a + b, 0);
const probs = e.map((x) => x / z);
keys.forEach((k, j) => (k.prob = probs[j]));
const output = [0, 1, 2, 3, 4, 5].map((i) => keys.reduce((s, k, j) => s + probs[j] * k.v[i], 0));
const step = {
  type: 'attentionStep', model: 'default-lm', ms: 5, tokens, ids, truncated: false, layer: 1, head: 2, nLayers: 4, nHeads: 4, query: 3, dHead: 6,
  scale: 1 / Math.sqrt(6), causal: true, rope: false, q, keys, probs, output, cachedOutput: output, maxAbsDiff: 1e-8,
};

export default async function ({ harness, test }) {
  await test('logit lens: layers × positions cells, colour by probability, hits outlined, top-k on hover', async () => {
    const w = await harness.open('logitLens', 'vscode-dark');
    await w.send(lens);
    await w.page.waitForSelector('table.lens td.lens-cell');
    assert.equal(await w.page.locator('td.lens-cell').count(), 3 * tokens.length);
    // layer 2 hits from position 1 to 5 (position 6 has no actual next token)
    assert.equal(await w.page.locator('td.lens-cell.hit[data-layer="2"]').count(), 5);
    assert.equal(await w.page.locator('td.lens-cell.hit[data-layer="0"]').count(), 3);
    assert.equal(await w.page.locator('td.lens-cell[data-layer="2"][data-pos="1"]').innerText(), 'l');
    const [lo, hi] = await w.page.evaluate(() => ['0', '2'].map((l) => getComputedStyle(document.querySelector(`td.lens-cell[data-layer="${l}"][data-pos="4"]`)).backgroundColor));
    assert.notEqual(lo, hi, 'probability changes the colour');
    await w.page.hover('td.lens-cell[data-layer="1"][data-pos="4"]');
    assert.match(await w.page.locator('#hover').innerText(), /block 0 after “␣”: “m” 0\.500, .* p\(“m”\) = 0\.200/);
    assert.match(await w.page.locator('#summary').innerText(), /at 5 of 6 positions/);
    await w.page.screenshot({ path: 'test-results/webview-logit-lens.png' });
    assert.deepEqual(w.errors, []);
  });

  await test('contextual: one trajectory per context with layer labels; a preset posts compare', async () => {
    const w = await harness.open('contextual', 'vscode-dark');
    await w.send({ type: 'setup', presets: [{ label: '“it”: animal / street', word: 'it', contexts: ['a it', 'b it'] }], word: 'bank', contexts: [] });
    await w.send(contextual);
    await w.page.waitForSelector('#chart .scatterlayer .trace');
    const traces = await w.page.evaluate(() => document.getElementById('chart').data.map((t) => ({ x: t.x, text: t.text })));
    assert.equal(traces.length, 2);
    assert.deepEqual(traces[0].x, [0, 1, 2, 3]);
    assert.deepEqual(traces[0].text, ['embed+pos', '1', '2', 'block 2']);
    assert.match(await w.page.locator('#notes').innerText(), /last character, “k”/);
    assert.match(await w.page.locator('#cosine').innerText(), /embed\+pos 0\.990 → block 0 0\.800/);
    await w.page.screenshot({ path: 'test-results/webview-contextual.png' });
    await w.page.click('button.preset');
    assert.deepEqual((await w.posted()).at(-1), { type: 'compare', word: 'it', contexts: ['a it', 'b it'] });
    assert.deepEqual(w.errors, []);
  });

  await test('positions: vector and similarity heat maps carry the numbers', async () => {
    const w = await harness.open('positions', 'vscode-light');
    await w.send(positions);
    await w.page.waitForSelector('#similarity .heatmaplayer, #similarity .hm');
    const z = await w.page.evaluate(() => [document.getElementById('vectors').data[0].z, document.getElementById('similarity').data[0].z]);
    assert.equal(z[0].length, T);
    assert.equal(z[0][0].length, 8);
    assert.equal(z[0][3][1], Math.cos(3));
    assert.equal(z[1].length, T);
    assert.match(await w.page.locator('#formula').innerText(), /sin\(p/);
    await w.page.screenshot({ path: 'test-results/webview-positions.png' });
    assert.deepEqual(w.errors, []);
  });

  await test('attention step: worked rows, masked keys, probabilities sum to 1, selectors post explain', async () => {
    const w = await harness.open('attentionStep', 'vscode-dark');
    await w.send(step);
    await w.page.waitForSelector('#steps tr[data-key]');
    assert.equal(await w.page.locator('#steps tr[data-key]').count(), tokens.length);
    assert.equal(await w.page.locator('#steps tr.masked').count(), 3);
    const sum = await w.page.evaluate(() => [...document.querySelectorAll('#steps tr[data-key]')].reduce((s, r) => s + Number(r.dataset.prob), 0));
    assert.ok(Math.abs(sum - 1) < 1e-12);
    assert.match(await w.page.locator('#steps tr[data-key="2"]').innerText(), new RegExp(keys[2].dot.toFixed(3).replace('.', '\\.')));
    assert.match(await w.page.locator('#qvec').innerText(), /1\/√6 = 0\.4082/);
    assert.match(await w.page.locator('#output').innerText(), /Σ p_j = 1\.0000/);
    await w.page.screenshot({ path: 'test-results/webview-attention-step.png' });
    await w.page.selectOption('#head', '0');
    assert.deepEqual((await w.posted()).at(-1), { type: 'explain', layer: 1, head: 0, query: 3 });
    assert.deepEqual(w.errors, []);
  });
}
