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

async function drawnX(w) {
  return w.page.evaluate(() => document.getElementById('chart').data[0].x);
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
    await w.page.waitForSelector('.main-svg .bars .point path');
    assert.equal(await w.page.locator('.main-svg .bars .point path').count(), 15);
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
    const box = await w.page.locator('.main-svg .bars .point path').first().boundingBox();
    await w.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await w.page.waitForFunction(() => window.__posted.filter((m) => m.type === 'append').length === 2);
    assert.equal((await w.posted()).at(-1).id, candidates[0].id);
    await w.page.fill('#count', '7');
    await w.page.click('#generate');
    assert.deepEqual((await w.posted()).at(-1), { type: 'generate', count: 7, sampling: { temperature: 1, topK: 0, topP: 1 } });
    await w.page.click('#reset');
    assert.deepEqual((await w.posted()).at(-1), { type: 'reset' });
    // bar colour is the theme's accent
    const fill = await w.page.evaluate(() => getComputedStyle(document.querySelector('.bars .point path')).fill);
    assert.equal(fill, 'rgb(55, 148, 255)');
    assert.deepEqual(w.errors, []);
    await w.page.screenshot({ path: 'test-results/webview-nextToken.png', fullPage: true });
  });

  await test('nextToken: appended tokens are marked, errors shown, light theme', async () => {
    const w = await harness.open('nextToken', 'vscode-light');
    await w.send({ ...prediction, truncated: undefined, tokens: [...prediction.tokens, ' the'], appended: [' the'] });
    await w.page.waitForSelector('.main-svg .bars .point path');
    assert.equal(await w.page.locator('#context .tok.appended').count(), 1);
    assert.equal(await w.page.locator('#note').isHidden(), true);
    await w.send({ type: 'error', message: 'engine stopped' });
    assert.match(await w.page.locator('#status').innerText(), /Error: engine stopped/);
  });
}
