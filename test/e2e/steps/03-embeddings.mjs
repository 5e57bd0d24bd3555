// Word embeddings as a person uses them: the palette opens the projector (points drawn, UMAP on a
// smaller top-N), right-click → Show Nearest Neighbours, the Analogy panel answers king − man + woman.
import assert from 'node:assert/strict';

/** The Plotly trace named `name` inside a webview frame: its type and point count. */
const trace = (f, name) =>
  f.evaluate((n) => {
    const t = document.getElementById('chart')?.data?.find((d) => d.name === n);
    return t ? { type: t.type, n: t.x.length, text: t.text } : undefined;
  }, name);

export default async function ({ wb, page, step }) {
  await step('embeddings: palette → Open Embedding Projector draws the GloVe points', async () => {
    // the extension is loaded once its status-bar item shows
    await page.locator('.statusbar-item:has-text("Model Lens:")').first().waitFor({ state: 'visible', timeout: 60000 });
    await wb.runCommand('Model Lens: Open Embedding Projector');
    const f = await wb.webviewFrame(['Embedding Projector', '5,000 words'], 90000);
    await f.waitForFunction(() => document.getElementById('chart')?.data?.[0]?.x.length === 5000, null, { timeout: 30000 });
    assert.equal((await trace(f, 'words')).type, 'scattergl');
    await f.fill('#search', 'queen');
    await f.press('#search', 'Enter');
    await f.waitForFunction(() => document.querySelectorAll('#neighbors li').length === 10, null, { timeout: 30000 });
    const nb = await f.locator('#neighbors li').allInnerTexts();
    assert.ok(nb.some((t) => /^(king|princess|monarch)\b/.test(t)), nb.join(' | '));
    assert.deepEqual((await trace(f, 'selected')).text, ['queen']);
    await wb.screenshot('embeddings-projector');
  });

  await step('embeddings: projector switches to UMAP 3-D on the top 500 words', async () => {
    await page.locator('.statusbar-item:has-text("Model Lens:")').first().waitFor({ state: 'visible', timeout: 60000 });
    await wb.runCommand('Model Lens: Open Embedding Projector');
    const f = await wb.webviewFrame(['Embedding Projector', 'words ·'], 90000);
    const choose = (id, value) => f.evaluate(([i, v]) => {
      const el = document.getElementById(i);
      el.value = v;
      el.dispatchEvent(new Event('change'));
    }, [id, value]);
    await choose('top', '500');
    await f.waitForFunction(() => document.getElementById('chart')?.data?.[0]?.x.length === 500, null, { timeout: 60000 });
    await choose('dims', '3');
    await f.waitForFunction(() => document.getElementById('chart')?.data?.[0]?.type === 'scatter3d', null, { timeout: 60000 });
    await choose('method', 'umap');
    await f.waitForFunction(() => /UMAP 3-D/.test(document.getElementById('status').textContent), null, { timeout: 120000 });
    assert.equal((await trace(f, 'words')).n, 500);
    await wb.screenshot('embeddings-projector-umap-3d');
  });

  await step('embeddings: right-click a word → Show Nearest Neighbours (three metrics)', async () => {
    await wb.openFile('moby-dick.txt', 'Call me Ishmael');
    // right-click puts the cursor on a word of "Call me Ishmael" without selecting: that word is looked up
    await wb.contextMenu('Call me Ishmael', 'Show Nearest Neighbours');
    const f = await wb.webviewFrame(['Nearest neighbours of “', 'Euclidean distance'], 30000);
    assert.match(await f.locator('#title').innerText(), /“(call|me)”/);
    const titles = await f.locator('#columns h2').allInnerTexts();
    assert.deepEqual(titles, ['cosine similarity', 'dot product', 'Euclidean distance']);
    await wb.screenshot('embeddings-neighbours');
  });

  await step('embeddings: Analogy panel → king − man + woman → queen shown', async () => {
    await wb.runCommand('Model Lens: Analogy…');
    const f = await wb.webviewFrame(['Analogy', 'Examples:'], 30000);
    await f.locator('button.example', { hasText: 'king − man + woman' }).click();
    await f.waitForSelector('#cosadd td', { timeout: 30000 });
    const first = await f.locator('#cosadd tr').first().innerText();
    assert.match(first, /1\s+queen/);
    assert.match(await f.locator('#status').innerText(), /≈ queen by both 3CosAdd and 3CosMul/);
    await f.waitForSelector('#chart .scatterlayer .trace');
    await wb.screenshot('embeddings-analogy');
    await f.locator('button.example', { hasText: 'walking − running + ran' }).click();
    await f.waitForFunction(() => /walking − running \+ ran ≈/.test(document.getElementById('status').textContent), null, { timeout: 30000 });
    // pizza − usa + japan: the methods disagree on GloVe (sandwiches by 3CosAdd, sushi by 3CosMul); the
    // panel names both in its status and title, and places the lecture's answer in each list
    await f.locator('button.example', { hasText: 'pizza − usa + japan' }).click();
    await f.waitForFunction(() => /pizza − usa \+ japan ≈ \S+ by/.test(document.getElementById('status').textContent), null, { timeout: 30000 });
    const add = (await f.locator('#cosadd tr').first().innerText()).split(/\s+/)[1];
    const mul = (await f.locator('#cosmul tr').first().innerText()).split(/\s+/)[1];
    const status = await f.locator('#status').innerText();
    const title = await f.evaluate(() => document.getElementById('chart').layout.title.text);
    if (add !== mul) {
      assert.ok(status.includes(`≈ ${add} by 3CosAdd, ${mul} by 3CosMul`), status);
      assert.ok(title.includes(`${add} (3CosAdd) · ${mul} (3CosMul)`), title);
    } else assert.ok(status.includes(`≈ ${add} by both`), status);
    assert.match(await f.locator('#expected').innerText(), /The lecture's answer “sushi”: 3CosAdd (rank \d+|not in).*; 3CosMul (rank \d+|not in)/);
    await wb.screenshot('embeddings-analogy-pizza');
  });
}
