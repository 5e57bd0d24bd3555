// A Hugging Face GPT-2 folder as a person would use one: listed in modelLens.modelFolders, chosen
// as the model for predictions; then right-click → Predict Next Token and Show Attention run on it.
// The folder is a small GPT-2-shaped model with random weights (no real checkpoint can be
// downloaded here), with GPT-2's real 50,257-token BPE vocabulary.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../harness/codeServer.mjs';

export default async function ({ wb, page, step, ws }) {
  const dir = path.join(ws, 'gpt2-small-random');
  await step('pretrained: a GPT-2 folder in modelLens.modelFolders is used for predictions', async () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/e2e/fixtures/makeTinyGpt2.ts'), dir], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    fs.mkdirSync(path.join(ws, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(ws, '.vscode', 'settings.json'), JSON.stringify({ 'modelLens.modelFolders': [dir], 'modelLens.languageModel': dir }, null, 2));
    await page.waitForTimeout(1500); // the settings file watcher
    await wb.openFile('moby-dick.txt', 'Call me Ishmael');
    await wb.selectLine('The whale is the largest creature of the sea');
    await wb.contextMenu('The whale is the largest creature of the sea', 'Predict Next Token');
    // the first request loads the folder and builds GPT-2's 50k-merge BPE: slow on a busy machine
    const f = await wb.webviewFrame(['Predict next token', 'gpt2-small-random'], 180000);
    await f.waitForSelector('#chart svg.bars .bar', { timeout: 60000 });
    assert.ok((await f.locator('#chart svg.bars .bar').count()) >= 5);
    await wb.screenshot('pretrained-next-token');
  });

  await step('pretrained: Show Attention on the GPT-2 folder draws a causal heat map', async () => {
    await wb.resetLayout();
    await wb.openFile('attention.txt', 'The animal');
    await wb.selectLine("The animal didn't cross the street because it was too tired.");
    await wb.contextMenu('The animal', 'Show Attention');
    const v = await wb.webviewFrame(['Attention', 'gpt2-small-random'], 90000);
    await v.waitForSelector('svg.heat rect.cell', { timeout: 60000 });
    const cells = await v.locator('svg.heat rect.cell').count();
    const masked = await v.locator('svg.heat rect.cell.masked').count();
    const n = Math.round(Math.sqrt(cells));
    assert.equal(n * n, cells);
    assert.equal(masked, (n * (n - 1)) / 2);
    await wb.screenshot('pretrained-attention');
  });
}
