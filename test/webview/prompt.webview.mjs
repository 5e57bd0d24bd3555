// The Prompt panel webview: the rendered chat prompt as token chips with special tokens marked, a streamed then
// finished generation, sampling controls posted with Generate (temperature 0 = greedy), quick actions, template
// errors shown with their line, and everything typed or shown restored after a reload.
import assert from 'node:assert/strict';

const tok = (id, text, special = false) => ({ id, text, special });
const rendered = {
  type: 'rendered',
  rendered: '<bos><start_of_turn>user\nhello world<end_of_turn>\n<start_of_turn>model\n',
  tokens: [tok(2, '<bos>', true), tok(3, '<start_of_turn>', true), tok(21, 'user'), tok(30, '\n'), tok(17, 'hello'), tok(13, '▁world'), tok(4, '<end_of_turn>', true), tok(30, '\n'), tok(3, '<start_of_turn>', true), tok(22, 'model'), tok(30, '\n')],
  templateSource: 'tokenizer_config.json',
  plain: false,
  ms: 4,
};

export default async function ({ harness, test }) {
  await test('prompt: rendered tokens with specials marked, streamed generation, sampling posted, state survives reload', async () => {
    const w = await harness.open('prompt', 'vscode-dark');
    await w.send({ type: 'model', model: '/models/tiny-gemma3', label: 'tiny-gemma3', template: true });
    await w.send({ type: 'settings', sampling: { temperature: 0, topK: 0, maxTokens: 48 } });
    await w.send({ type: 'draft', user: 'hello world', run: false });
    // a draft fills the user box; the host renders it, so nothing is posted back
    assert.equal(await w.page.locator('#user').inputValue(), 'hello world');
    assert.deepEqual((await w.posted()).map((m) => m.type), ['ready']);
    // Render posts exactly the typed messages
    await w.page.locator('#render').click();
    assert.deepEqual((await w.posted()).at(-1), { type: 'render', system: '', user: 'hello world' });
    await w.send(rendered);
    await w.page.waitForSelector('#promptTokens .tok.special');
    assert.deepEqual(await w.page.locator('#promptTokens .tok.special').allInnerTexts(), ['<bos>', '<start_of_turn>', '<end_of_turn>', '<start_of_turn>']);
    assert.deepEqual((await w.page.locator('#promptTokens .tok').allInnerTexts()).slice(2, 6), ['user', '↵', 'hello', '␣world']);
    assert.match(await w.page.locator('#renderedInfo').innerText(), /11 tokens · 4 special \(<bos>, <start_of_turn>, <end_of_turn>\) · tokenizer_config\.json/);
    assert.match(await w.page.locator('#greedy').innerText(), /greedy \(do_sample=False\)/);
    assert.equal(await w.page.locator('#maxTokens').inputValue(), '48');

    // Generate posts the messages and the sampling controls; a streamed step shows Cancel
    await w.page.locator('#system').fill('Be brief.');
    await w.page.locator('#temperature').fill('0.7');
    await w.page.locator('#temperature').dispatchEvent('change');
    await w.page.locator('#generate').click();
    const gen = (await w.posted()).at(-1);
    assert.deepEqual(gen, { type: 'generate', system: 'Be brief.', user: 'hello world', sampling: { temperature: 0.7, topK: 0, maxTokens: 48 } });
    assert.match(await w.page.locator('#greedy').innerText(), /sampling/);
    await w.send({ type: 'generation', text: 'Hi', tokens: [tok(40, 'Hi')], done: false, ms: 120 });
    assert.equal(await w.page.locator('#cancel').isVisible(), true);
    await w.page.locator('#cancel').click();
    assert.deepEqual((await w.posted()).at(-1), { type: 'cancel' });
    await w.send({ type: 'generation', text: 'Hi there', tokens: [tok(40, 'Hi'), tok(41, '▁there'), tok(4, '<end_of_turn>', true)], done: true, stoppedBy: 'stop', ms: 300 });
    assert.equal(await w.page.locator('#answer').innerText(), 'Hi there');
    assert.match(await w.page.locator('#genInfo').innerText(), /3 tokens · stopped at the end-of-turn token · 0\.3 s/);
    assert.deepEqual(await w.page.locator('#genTokens .tok.special').allInnerTexts(), ['<end_of_turn>']);
    assert.equal(await w.page.locator('#cancel').isVisible(), false);
    await w.page.screenshot({ path: 'test-results/webview-prompt.png' });

    // reload: messages, settings, rendered prompt and answer come back from setState
    await w.reload();
    assert.equal(await w.page.locator('#system').inputValue(), 'Be brief.');
    assert.equal(await w.page.locator('#user').inputValue(), 'hello world');
    assert.equal(await w.page.locator('#temperature').inputValue(), '0.7');
    assert.equal(await w.page.locator('#promptTokens .tok.special').count(), 4);
    assert.equal(await w.page.locator('#answer').innerText(), 'Hi there');
    assert.match(await w.page.locator('#model').innerText(), /tiny-gemma3 · chat template/);
    assert.deepEqual(w.errors, []);
  });

  await test('prompt: quick action prefixes the instruction once; template errors and empty messages are clear', async () => {
    const w = await harness.open('prompt', 'vscode-light');
    await w.send({ type: 'model', model: '/m/base', label: 'base', template: false, note: 'base has no chat template (…): the messages are sent as a plain prompt.' });
    assert.match(await w.page.locator('#note').innerText(), /no chat template/);
    await w.page.locator('#generate').click();
    assert.match(await w.page.locator('#status').innerText(), /Write a user message first/);
    assert.ok(!(await w.posted()).some((m) => m.type === 'generate'), 'nothing sent for an empty message');
    await w.page.locator('#user').fill('I loved this book.');
    await w.page.locator('#act-sentiment').click();
    await w.page.locator('#act-summarise').click();
    const user = await w.page.locator('#user').inputValue();
    assert.equal(user, 'Summarise this text in one or two sentences:\n\nI loved this book.');
    assert.equal((await w.posted()).filter((m) => m.type === 'generate').length, 2);
    await w.send({ type: 'error', message: 'the chat template (tokenizer_config.json) does not parse at line 3: Unexpected token', template: true });
    assert.equal(await w.page.locator('#status').innerText(), 'Chat template error: the chat template (tokenizer_config.json) does not parse at line 3: Unexpected token');
    assert.ok(await w.page.locator('#status.error').isVisible());
  });
}
