// The analogy webview lists 3CosAdd and 3CosMul top answers, draws a, b, c, the answer and the target
// a − b + c with two offset arrows, offers the lecture examples and shows the engine's errors.
import assert from 'node:assert/strict';

// toy 4-d vectors where king − man + woman lands exactly on queen
const V = { king: [1, 1, 0, 0], man: [1, 0, 0, 0], woman: [0, 0, 1, 0], queen: [0, 1, 1, 0], prince: [0.9, 1, 0, 0.2], monarch: [0.5, 1, 0.5, 0] };
const msg = {
  type: 'analogy', a: 'king', b: 'man', c: 'woman', modelLabel: 'toy',
  cosadd: [{ word: 'queen', score: 0.9 }, { word: 'monarch', score: 0.7 }],
  cosmul: [{ word: 'queen', score: 1.1 }, { word: 'prince', score: 0.9 }],
  vectors: Object.entries(V).map(([word, vector]) => ({ word, vector })),
};

export default async function ({ harness, test }) {
  await test('analogy: both methods listed, four points + offsets drawn, examples one click away', async () => {
    const w = await harness.open('analogy', 'vscode-dark');
    await w.send({ type: 'examples', modelLabel: 'toy', examples: [{ a: 'king', b: 'man', c: 'woman', expected: 'queen' }, { a: 'italy', b: 'france', c: 'paris', expected: 'rome' }] });
    await w.page.locator('button.example', { hasText: 'italy − france + paris' }).click();
    assert.deepEqual((await w.posted()).at(-1), { type: 'solve', a: 'italy', b: 'france', c: 'paris' });
    await w.send(msg);
    await w.page.waitForSelector('#chart .scatterlayer .trace');
    assert.deepEqual(await w.page.locator('#cosadd td:nth-child(2)').allInnerTexts(), ['queen', 'monarch']);
    assert.deepEqual(await w.page.locator('#cosmul td:nth-child(2)').allInnerTexts(), ['queen', 'prince']);
    const drawn = await w.page.evaluate(() => {
      const el = document.getElementById('chart');
      return { traces: Object.fromEntries(el.data.map((t) => [t.name, t.text])), arrows: el.layout.annotations.length, target: el.data.find((t) => t.name === 'a − b + c') };
    });
    assert.deepEqual(drawn.traces['a, b, c'], ['king', 'man', 'woman']);
    assert.deepEqual(drawn.traces.answer, ['queen']);
    assert.equal(drawn.arrows, 2);
    // the target a − b + c coincides with queen in this toy space
    const q = await w.page.evaluate(() => document.getElementById('chart').data.find((t) => t.name === 'answer'));
    assert.ok(Math.abs(q.x[0] - drawn.target.x[0]) < 1e-6 && Math.abs(q.y[0] - drawn.target.y[0]) < 1e-6);
    assert.match(await w.page.locator('#status').innerText(), /≈ queen by both 3CosAdd and 3CosMul/);
    assert.deepEqual(w.errors, []);
    await w.page.screenshot({ path: 'test-results/webview-analogy.png' });
  });

  await test('analogy: unknown word shows the engine message with suggestions; empty input refused', async () => {
    const w = await harness.open('analogy', 'vscode-light');
    await w.page.fill('#a', 'king');
    await w.page.click('#solve');
    assert.match(await w.page.locator('#status').innerText(), /Three words are needed/);
    assert.equal((await w.posted()).length, 1);
    await w.send({ type: 'error', message: '"kign" is not in the vocabulary (did you mean: king, kin?)' });
    // the message reaches the webview's handler asynchronously: wait for it to be drawn
    await w.page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Error:'), null, { timeout: 5000 });
    assert.match(await w.page.locator('#status').innerText(), /did you mean: king, kin\?/);
  });

  await test('analogy: when 3CosAdd and 3CosMul differ, title, status and tooltip agree and name both', async () => {
    const w = await harness.open('analogy', 'vscode-dark');
    await w.send({ type: 'examples', modelLabel: 'toy', examples: [{ a: 'pizza', b: 'usa', c: 'japan', expected: 'sushi' }] });
    const tip = await w.page.locator('button.example', { hasText: 'pizza − usa + japan' }).getAttribute('title');
    assert.match(tip, /The lecture's answer: sushi/);
    assert.doesNotMatch(tip, /expected/);
    const P = { pizza: [1, 0, 0, 0.1], usa: [1, 0.1, 0, 0], japan: [0, 0.1, 1, 0], sandwiches: [0.1, 0, 1, 0.2], sushi: [0, 0, 1, 0.3], ramen: [0, 0.2, 0.8, 0.3] };
    await w.send({
      type: 'analogy', a: 'pizza', b: 'usa', c: 'japan', modelLabel: 'toy',
      cosadd: [{ word: 'sandwiches', score: 0.936 }, { word: 'sushi', score: 0.934 }, { word: 'ramen', score: 0.9 }],
      cosmul: [{ word: 'sushi', score: 1.02 }, { word: 'sandwiches', score: 1.01 }, { word: 'ramen', score: 0.99 }],
      vectors: Object.entries(P).map(([word, vector]) => ({ word, vector })),
    });
    await w.page.waitForSelector('#chart .scatterlayer .trace');
    assert.match(await w.page.locator('#status').innerText(), /≈ sandwiches by 3CosAdd, sushi by 3CosMul: the two methods differ/);
    assert.match(await w.page.locator('#expected').innerText(), /“sushi”: 3CosAdd rank 2 \(0\.934, vs 0\.936 for “sandwiches”\); 3CosMul rank 1/);
    const drawn = await w.page.evaluate(() => {
      const el = document.getElementById('chart');
      return { title: el.layout.title.text, traces: Object.fromEntries(el.data.map((t) => [t.name, t.text])) };
    });
    assert.match(drawn.title, /≈ sandwiches \(3CosAdd\) · sushi \(3CosMul\)/);
    assert.deepEqual(drawn.traces['answer (3CosAdd)'], ['sandwiches']);
    assert.deepEqual(drawn.traces['answer (3CosMul)'], ['sushi']);
    // the lecture's answer is marked in both lists
    assert.deepEqual(await w.page.locator('#cosadd td.differs').allInnerTexts(), ['sushi']);
    assert.deepEqual(await w.page.locator('#cosmul td.differs').allInnerTexts(), ['sushi']);
    assert.deepEqual(w.errors, []);
    await w.page.screenshot({ path: 'test-results/webview-analogy-differ.png' });
  });
}
