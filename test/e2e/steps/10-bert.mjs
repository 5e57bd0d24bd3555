// Hugging Face BERT-family folders as a person uses them: tiny random BERT and DistilBERT folders (config.json,
// model.safetensors, vocab.txt) opened from the palette (Open Pretrained Model… → folder dialog → Use for Predictions,
// which for an encoder means Predict Masked Word and the bidirectional views), then every view on them: Predict Masked
// Word, Show Attention (full matrix, [CLS]/[SEP]), Show Logit Lens and Show Token Probabilities (Bidirectional Model),
// Compare Word in Contexts (Bidirectional Model), and the model card.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../../harness/codeServer.mjs';

const FAMILIES = [
  { name: 'tiny-bert', norm: 'post' },
  { name: 'tiny-distilbert', norm: 'post' },
];
const MASKED = 'the cat sat on the [MASK] .';
const PLAIN = 'a dog ran in the fog !';

export default async function ({ wb, page, step, ws }) {
  await step('bert: tiny BERT and DistilBERT folders are written with vocab.txt', async () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/e2e/fixtures/makeTinyBert.ts'), ws], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /tiny-distilbert: 2 layers/);
  });

  for (const f of FAMILIES) {
    const dir = path.join(ws, f.name);
    await step(`bert: ${f.name} opens from the palette and fills the mask`, async () => {
      await wb.resetLayout();
      const toast = await wb.openModelFolder(dir, f.name);
      assert.match(toast, new RegExp(`opened ${f.name} \\([\\d,]+ parameters, 2 layers\\)`));
      // an encoder cannot predict the next token: it becomes the bidirectional model instead, and says so
      await page.locator(`.notification-toast:has-text("Predict Masked Word and the bidirectional views now use ${f.name}")`).first().waitFor({ state: 'visible', timeout: 30000 });
      await wb.openFile('bert-lines.txt', 'the cat sat');
      await wb.selectLine(MASKED);
      await wb.contextMenu('the cat sat on', 'Predict Masked Word');
      const v = await wb.webviewFrame(['Predict masked word', f.name], 60000);
      await v.waitForSelector('.mask .main-svg .bars .point path', { timeout: 30000 });
      assert.equal(await v.locator('.mask').count(), 1);
      const sentence = (await v.locator('#context').innerText()).replace(/\s+/g, ' ').trim();
      assert.match(sentence, /^\[CLS\] the cat sat on the \S+ \. \[SEP\]$/);
      await wb.screenshot(`bert-${f.name}-fill-mask`);
    });

    await step(`bert: ${f.name} Show Attention (Bidirectional Model) draws the full matrix with [CLS] and [SEP]`, async () => {
      await wb.resetLayout();
      await wb.openFile('bert-lines.txt', 'the cat sat');
      await wb.selectLine(PLAIN);
      await wb.contextMenu('a dog ran', 'Show Attention (Bidirectional Model)');
      const v = await wb.webviewFrame(['Attention', f.name], 60000);
      await v.locator('.viewtabs button[data-view="heat"]').click();
      await v.waitForFunction(() => [...document.querySelectorAll('svg.heat text')].some((t) => t.textContent === 'fog'), null, { timeout: 60000 });
      const labels = await v.evaluate(() => [...document.querySelectorAll('svg.heat text')].map((t) => t.textContent));
      assert.ok(labels.includes('[CLS]') && labels.includes('[SEP]'), labels.join(' '));
      const cells = await v.locator('svg.heat rect.cell').count();
      assert.equal(cells, 9 * 9, '[CLS] a dog ran in the fog ! [SEP]');
      assert.equal(await v.locator('svg.heat rect.cell.masked').count(), 0, 'no causal mask in an encoder');
      await wb.screenshot(`bert-${f.name}-attention`);
    });

    await step(`bert: ${f.name} Show Logit Lens (Bidirectional Model) reads each layer's guess for every position`, async () => {
      await wb.resetLayout();
      await wb.openFile('bert-lines.txt', 'the cat sat');
      await wb.selectLine(MASKED);
      await wb.contextMenu('the cat sat on', 'Show Logit Lens (Bidirectional Model)');
      const v = await wb.webviewFrame(['Logit lens', f.name], 60000);
      await v.waitForSelector('table.lens td.lens-cell', { timeout: 60000 });
      // the embedding row and one per block
      assert.equal(await v.locator('table.lens tbody tr').count(), 3);
      const body = await v.evaluate(() => document.body.innerText);
      assert.match(body, /token here/);
      assert.match(body, /the token it would put at this position/, 'an encoder is read at its own position, not the next');
      await wb.screenshot(`bert-${f.name}-logit-lens`);
    });

    await step(`bert: ${f.name} Show Token Probabilities (Bidirectional Model) paints pseudo-likelihoods`, async () => {
      await wb.resetLayout();
      await wb.openFile('bert-lines.txt', 'the cat sat');
      await wb.selectLine(PLAIN);
      await wb.contextMenu('a dog ran', 'Show Token Probabilities (Bidirectional Model)');
      // each token gets a background whose strength is its surprisal: decorations in the editor's overlay layer
      await page.waitForFunction(() => [...document.querySelectorAll('.view-overlays div')].some((d) => /\bced-/.test(d.className)), null, { timeout: 60000 });
      await wb.screenshot(`bert-${f.name}-token-probabilities`);
      await wb.runCommand('Model Lens: Clear Token Probabilities');
    });

    await step(`bert: ${f.name} Compare Word in Contexts (Bidirectional Model) and its model card`, async () => {
      await wb.resetLayout();
      await wb.openFile('bert-lines.txt', 'the cat sat');
      await wb.runCommand('Compare Word in Contexts (Bidirectional Model)');
      const v = await wb.webviewFrame(['Word in contexts', 'Presets'], 60000);
      await v.locator('button.preset', { hasText: '“it”' }).click();
      await v.waitForFunction(() => document.getElementById('chart')?.layout?.title?.text?.startsWith('“it”'), null, { timeout: 60000 });
      assert.match(await v.locator('#notes').innerText(), /bidirectional model reads the whole sentence/);
      await wb.screenshot(`bert-${f.name}-contextual-it`);
      await wb.resetLayout();
      await wb.runCommand('Model Lens: Focus on Models View');
      const row = page.locator(`.monaco-list-row:has-text("${f.name}")`).first();
      await row.waitFor({ state: 'visible', timeout: 30000 });
      await row.click();
      const card = await wb.webviewFrame([f.name, 'norm placement'], 60000);
      const text = await card.evaluate(() => document.body.innerText);
      assert.match(text, /masking\s+none: bidirectional/);
      assert.match(text, /MLM head\s+dense → activation → LayerNorm/);
      assert.match(text, /norm placement\s+post \(original transformer\)/);
      if (f.name === 'tiny-bert') assert.match(text, /token types \(typeVocabSize\)\s+2/);
      else assert.doesNotMatch(text, /token types/);
      await wb.screenshot(`bert-${f.name}-model-card`);
    });
  }
}
