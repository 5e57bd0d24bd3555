// The next-token webview: one bar per shown candidate, sliders re-shape the drawn probabilities
// without a round trip, clicking a bar or chip posts `append`, Generate posts the sampling settings.
import assert from 'node:assert/strict';

const words = ' the a whale of and to sea ship in his Ahab was that it with as for but on at by from is all';
const candidates = words.split(' ').slice(1).map((w, i) => ({ id: 100 + i, token: i % 3 === 0 ? ` ${w}` : w, logit: 4 - i * 0.35 }));
const prediction = {
  type: 'prediction', model: 'default-lm', contextText: 'Call me Ishmael.', tokens: ['Call', ' me', ' Ish', 'mael', '.'],
  candidates, vocabSize: 60, entropyBits: 3.9, appended: [], ms: 12,
  truncated: { keptTokens: 64, totalTokens: 210, contextLength: 64 },
};

/** The drawn bars' probabilities, top to bottom (each bar is an SVG <g class="bar" data-p>). */
async function drawnX(w) {
  return w.page.evaluate(() => [...document.querySelectorAll('#chart svg.bars .bar')].map((g) => Number(g.dataset.p)));
}
async function setSlider(w, id, v) {
  await w.page.evaluate(([id, v]) => {
    const el = document.getElementById(id);
    el.value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, [id, v]);
}

export default async function ({ harness, test }) {
  await test('nextToken: 15 bars, entropy, truncation note, sliders re-shape, clicks post append', async () => {
    const w = await harness.open('nextToken', 'vscode-dark');
    await w.send(prediction);
    await w.page.waitForSelector('#chart svg.bars .bar');
    assert.equal(await w.page.locator('#chart svg.bars .bar').count(), 15);
    // no charting library is loaded for this panel's first draw
    assert.equal(await w.page.evaluate(() => document.querySelectorAll('#chart .main-svg').length), 0);
    const text = await w.page.evaluate(() => document.body.innerText);
    assert.match(text, /Entropy \d+\.\d\d bits/);
    assert.match(text, /only the last 64 tokens were used/);
    const base = await drawnX(w);
    assert.ok(base[0] > base[1] && base[1] > base[2], 'sorted by probability');
    // colder: the top bar grows, entropy falls
    const h0 = await w.page.locator('#stats').innerText();
    await setSlider(w, 'temperature', 0.3);
    const cold = await drawnX(w);
    assert.ok(cold[0] > base[0] + 0.1, `top p ${base[0]} → ${cold[0]}`);
    assert.notEqual(await w.page.locator('#stats').innerText(), h0);
    assert.equal(await w.page.locator('#temperatureOut').innerText(), '0.30');
    await w.page.screenshot({ path: 'test-results/webview-nextToken-cold.png' });
    // top-k 3: exactly three bars keep mass, and it sums to 1
    await setSlider(w, 'temperature', 1);
    await setSlider(w, 'topK', 3);
    const k3 = await drawnX(w);
    assert.equal(k3.filter((p) => p > 0).length, 3);
    assert.ok(Math.abs(k3.reduce((a, b) => a + b, 0) - 1) < 1e-9);
    assert.match(await w.page.locator('#stats').innerText(), /3 of 60 tokens/);
    // top-p 0.5 on top of top-k off
    await setSlider(w, 'topK', 0);
    await setSlider(w, 'topP', 0.5);
    const p5 = await drawnX(w);
    assert.ok(p5.filter((p) => p > 0).length < 15 && p5.filter((p) => p > 0).length >= 1);
    await setSlider(w, 'topP', 1);
    // no message went to the host while dragging
    assert.deepEqual((await w.posted()).map((m) => m.type), ['ready']);
    // click the chip of the second candidate
    await w.page.locator('#chips .chip').nth(1).click();
    assert.deepEqual((await w.posted()).at(-1), { type: 'append', id: candidates[1].id, token: candidates[1].token });
    // click the top bar in the chart
    const box = await w.page.locator('#chart svg.bars .bar rect.fill').first().boundingBox();
    await w.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await w.page.waitForFunction(() => window.__posted.filter((m) => m.type === 'append').length === 2);
    assert.equal((await w.posted()).at(-1).id, candidates[0].id);
    await w.page.fill('#count', '7');
    await w.page.click('#generate');
    assert.deepEqual((await w.posted()).at(-1), { type: 'generate', count: 7, sampling: { temperature: 1, topK: 0, topP: 1 } });
    await w.page.click('#reset');
    assert.deepEqual((await w.posted()).at(-1), { type: 'reset' });
    // bar colour is the theme's accent
    const fill = await w.page.evaluate(() => getComputedStyle(document.querySelector('svg.bars .bar rect.fill')).fill);
    assert.equal(fill, 'rgb(55, 148, 255)');
    assert.deepEqual(w.errors, []);
    await w.page.screenshot({ path: 'test-results/webview-nextToken.png', fullPage: true });
  });

  await test('nextToken: appended tokens are marked, errors shown, light theme', async () => {
    const w = await harness.open('nextToken', 'vscode-light');
    await w.send({ ...prediction, truncated: undefined, tokens: [...prediction.tokens, ' the'], appended: [' the'] });
    await w.page.waitForSelector('#chart svg.bars .bar');
    assert.equal(await w.page.locator('#context .tok.appended').count(), 1);
    assert.equal(await w.page.locator('#note').isHidden(), true);
    await w.send({ type: 'error', message: 'engine stopped' });
    assert.match(await w.page.locator('#status').innerText(), /Error: engine stopped/);
  });

  await test('nextToken: a long generated continuation wraps, is marked, and the end is in view', async () => {
    const w = await harness.open('nextToken', 'vscode-dark');
    await w.page.setViewportSize({ width: 700, height: 700 });
    const prompt = 'It is a way I have of driving off the spleen and regulating the circulation.';
    const generated = ' Whenever I find myself growing grim about the mouth; whenever it is a damp, drizzly November in my soul; THE END'
      .split('')
      .map((c) => (c === ' ' ? '␣' : c));
    const tokens = [...prompt.split('').map((c) => (c === ' ' ? '␣' : c)), ...generated];
    await w.send({ ...prediction, truncated: undefined, contextText: prompt + generated.join(''), tokens, appended: generated });
    await w.page.waitForSelector('#chart svg.bars .bar');
    // the continuation is readable text, marked, with the spaces restored
    const mark = await w.page.locator('#text mark.appended').innerText();
    assert.equal(mark, generated.join('').replace(/␣/g, ' '));
    assert.match(await w.page.locator('#text').innerText(), /tokens appended \(marked\)/);
    // the token strip wraps instead of running off the right edge, and shows its end
    const strip = await w.page.evaluate(() => {
      const c = document.getElementById('context');
      const last = c.lastElementChild.getBoundingClientRect();
      const box = c.getBoundingClientRect();
      return { scrollW: c.scrollWidth, clientW: c.clientWidth, lastRight: last.right, lastBottom: last.bottom, boxRight: box.right, boxBottom: box.bottom, text: c.lastElementChild.textContent };
    });
    assert.ok(strip.scrollW <= strip.clientW + 1, `strip ${strip.scrollW} px wide in ${strip.clientW}`);
    assert.ok(strip.lastRight <= strip.boxRight + 1 && strip.lastBottom <= strip.boxBottom + 1, 'the last token is in view');
    assert.equal(strip.text, 'D');
    assert.equal(await w.page.locator('#context .tok.appended').count(), generated.length);
    // the end of the generated text is in view in its box too
    const inView = await w.page.evaluate(() => {
      const b = document.querySelector('#text .text');
      return b.scrollTop + b.clientHeight >= b.scrollHeight - 2;
    });
    assert.ok(inView, 'the text box is scrolled to its end');
    assert.deepEqual(w.errors, []);
    await w.page.screenshot({ path: 'test-results/webview-nextToken-generated.png' });
  });

  await test('nextToken: unknown tokens are explained', async () => {
    const w = await harness.open('nextToken', 'vscode-dark');
    const text = "didn't";
    await w.send({ ...prediction, truncated: undefined, contextText: text, tokens: ['d', 'i', 'd', 'n', '<unk>', 't'] });
    await w.page.waitForSelector('#chart svg.bars .bar');
    const note = await w.page.locator('#note').innerText();
    assert.match(note, /1 token is <unk>/);
    assert.match(note, /not in the model's vocabulary: “'” \(U\+0027\)/);
  });
}
