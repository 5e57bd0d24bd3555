// The recurrent story as a person clicks it: Train Language Model… → LSTM → the "hello" preset, Use for Predictions,
// Look Inside an RNN on a selected "hello" (hidden states, gates, gradient through time); Train Sequence to Sequence…
// → all three variants → the accuracy-vs-length chart and an alignment matrix.
import assert from 'node:assert/strict';

export default async function ({ wb, page, step }) {
  const quickInput = async (title) => {
    await page.locator(`.quick-input-widget .quick-input-title:has-text("${title}")`).first().waitFor({ state: 'visible', timeout: 60000 });
  };
  const choose = async (title, text) => {
    await quickInput(title);
    await page.keyboard.type(text);
    await page.locator(`.quick-input-list .monaco-list-row:has-text("${text}")`).first().waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
  };
  const typeValue = async (title, value) => {
    await quickInput(title);
    if (value !== undefined) {
      await page.keyboard.press('Control+A');
      await page.keyboard.type(value);
    }
    await page.keyboard.press('Enter');
  };

  await step('rnn: palette → Train Language Model… → LSTM “hello” → loss near zero → Use for Predictions', async () => {
    await wb.runCommand('Model Lens: Train Language Model…');
    await choose('(1/5): corpus', 'Moby Dick');
    await choose('(2/5): tokenizer', 'char');
    await choose('(3/5): architecture', 'LSTM');
    await choose('(4/5): LSTM size', 'hello');
    await typeValue('(4/5): training steps');
    await typeValue('(5/5): model name');
    const f = await wb.webviewFrame(['Training lstm-hello-char', 'tokens/s'], 90000);
    await f.waitForFunction(() => /^Saved /.test(document.getElementById('status').textContent), null, { timeout: 120000 });
    const last = await f.evaluate(() => document.getElementById('loss').data[0].y.at(-1));
    assert.ok(last < 0.1, `final loss ${last}`);
    await wb.screenshot('rnn-lstm-hello-training');
    const button = page.locator('.notifications-toasts .monaco-button:has-text("Use for Predictions")').first();
    await button.waitFor({ state: 'visible', timeout: 30000 });
    await button.click();
  });

  await step('rnn: select “hello” → Look Inside an RNN draws hidden states, gates and ‖∂L/∂h_t‖', async () => {
    // the previous step left the Models view in the side bar: open the sample from the Explorer, as a person would
    await wb.runCommand('View: Show Explorer');
    await page.waitForSelector('.explorer-folders-view', { state: 'visible', timeout: 10000 });
    await wb.openFile('hello.txt', 'hello');
    await wb.selectLine('hello');
    await wb.runCommand('Look Inside an RNN');
    const f = await wb.webviewFrame(['Inside an RNN', 'gradient clipping'], 60000);
    await f.waitForFunction(() => document.getElementById('grad')?.data?.length >= 2, null, { timeout: 60000 });
    const [units, steps] = await f.evaluate(() => [document.getElementById('hidden').data[0].z.length, document.getElementById('hidden').data[0].z[0].length]);
    assert.equal(units, 3);
    assert.equal(steps, 4);
    assert.equal(await f.locator('#gates .chart').count(), 3);
    await f.locator('#clip').check();
    await f.waitForFunction(() => /clipped/.test(document.getElementById('grad').data[0].name), null, { timeout: 10000 });
    await wb.screenshot('rnn-inside');
  });

  await step('rnn: palette → Train Sequence to Sequence… (all three) → accuracy vs length and the alignment', async () => {
    await wb.runCommand('Model Lens: Train Sequence to Sequence…');
    await choose('(1/3): task', 'reverse');
    await choose('(2/3): model', 'All three');
    await typeValue('(3/3): steps per model', '150');
    const f = await wb.webviewFrame(['Sequence to sequence', 'Translate'], 240000);
    await f.waitForFunction(() => document.getElementById('accuracy')?.data?.length === 3, null, { timeout: 240000 });
    // the first translation (the transformer, on the task's example) is shown; then ask the attention RNN
    await f.waitForFunction(() => /→/.test(document.getElementById('output')?.textContent ?? ''), null, { timeout: 60000 });
    await f.selectOption('#model', { label: 'reverse-rnn-attention' });
    await f.fill('#text', 'a b c d e');
    await f.locator('#go').click();
    await f.waitForFunction(() => /reverse-rnn-attention/.test(document.getElementById('alignment')?.layout?.title?.text ?? '') && document.getElementById('alignment').data[0].z.length > 0, null, { timeout: 60000 });
    const rows = await f.evaluate(() => document.getElementById('alignment').data[0].z.map((r) => r.reduce((a, b) => a + b, 0)));
    assert.ok(rows.length > 0 && rows.every((s) => Math.abs(s - 1) < 1e-3), `row sums ${rows}`);
    await wb.screenshot('rnn-seq2seq');
  });
}
