// The model-internals views as a person opens them: right-click a line of Moby Dick → Show Logit Lens; the palette →
// Compare Word in Contexts, then a preset; Show Positional Encodings; Explain Attention for Token on a selected line.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

export default async function ({ wb, page, step, ws }) {
  await step('lm-views: right-click → Show Logit Lens draws layers × positions', async () => {
    // these views are checked on characters (a cell per character, "last character" notes): choose the char model,
    // since the default for predictions is the subword one
    const settings = path.join(ws, '.vscode', 'settings.json');
    fs.mkdirSync(path.dirname(settings), { recursive: true });
    const cur = fs.existsSync(settings) ? JSON.parse(fs.readFileSync(settings, 'utf8')) : {};
    fs.writeFileSync(settings, JSON.stringify({ ...cur, 'modelLens.languageModel': 'default-lm' }, null, 2));
    await page.waitForTimeout(1500); // the settings file watcher
    await wb.openFile('moby-dick.txt', 'Call me Ishmael');
    await wb.selectLine('It is a way I have of driving off the spleen');
    await wb.contextMenu('It is a way I have of driving off the spleen', 'Show Logit Lens');
    const f = await wb.webviewFrame(['Logit lens', 'actual next'], 60000);
    await f.waitForSelector('table.lens td.lens-cell', { timeout: 30000 });
    const rows = await f.locator('table.lens tbody tr').count();
    const cells = await f.locator('table.lens td.lens-cell').count();
    assert.ok(rows >= 2 && cells % rows === 0 && cells / rows > 20, `${rows} rows, ${cells} cells`);
    assert.ok((await f.locator('td.lens-cell.hit').count()) > 0, 'some layer predicts the actual next character');
    assert.match(await f.locator('#summary').innerText(), /final layer predicts the actual next token at \d+ of \d+ positions/);
    await wb.screenshot('lm-logit-lens');
  });

  await step('lm-views: palette → Compare Word in Contexts, then the “course” preset', async () => {
    await wb.runCommand('Compare Word in Contexts');
    const f = await wb.webviewFrame(['Word in contexts', 'Presets'], 60000);
    await f.waitForSelector('#chart .scatterlayer .trace', { timeout: 60000 });
    await f.locator('button.preset', { hasText: 'course' }).click();
    await f.waitForFunction(() => document.getElementById('chart')?.layout?.title?.text?.includes('course'), null, { timeout: 60000 });
    const n = await f.evaluate(() => document.getElementById('chart').data.map((t) => t.x.length));
    assert.ok(n.every((x) => x === n[0] && x >= 2), `points per trace ${n}`);
    assert.match(await f.locator('#notes').innerText(), /last character/);
    await wb.screenshot('lm-contextual');
  });

  await step('lm-views: palette → Show Positional Encodings draws both heat maps', async () => {
    await wb.runCommand('Show Positional Encodings');
    const f = await wb.webviewFrame(['Positional encodings'], 60000);
    await f.waitForFunction(() => document.getElementById('similarity')?.data?.[0]?.z?.length > 1, null, { timeout: 60000 });
    const [rows, cols] = await f.evaluate(() => [document.getElementById('vectors').data[0].z.length, document.getElementById('vectors').data[0].z[0].length]);
    assert.ok(rows > 1 && cols > 1);
    await wb.screenshot('lm-positions');
  });

  await step('lm-views: palette → Explain Attention for Token shows the worked example', async () => {
    await wb.openFile('attention.txt', 'The animal');
    await wb.selectLine("The animal didn't cross the street because it was too tired.");
    await wb.runCommand('Explain Attention for Token');
    const f = await wb.webviewFrame(['Attention step by step', 'softmax'], 60000);
    await f.waitForSelector('#steps tr[data-key]', { timeout: 60000 });
    const sum = await f.evaluate(() => [...document.querySelectorAll('#steps tr[data-key]')].reduce((s, r) => s + Number(r.dataset.prob), 0));
    assert.ok(Math.abs(sum - 1) < 1e-6, `probabilities sum to ${sum}`);
    assert.match(await f.locator('#check').innerText(), /agree to \d/);
    await wb.screenshot('lm-attention-step');
  });
}
