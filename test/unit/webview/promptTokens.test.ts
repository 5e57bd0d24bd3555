// The Prompt panel's token chips and messages: whitespace made visible, special tokens kept as written and counted,
// the quick actions' user message, the chat messages sent to the template, and the host-bound message checks.
import assert from 'node:assert/strict';
import test from 'node:test';
import { stopReason, tokenCells, tokenSummary, visibleToken } from '../../../webview/prompt/tokens';
import { actionMessage, isPromptToHost, PROMPT_ACTIONS } from '../../../src/protocol/webview/prompt';

const gemmaPrompt = [
  { id: 2, text: '<bos>', special: true },
  { id: 3, text: '<start_of_turn>', special: true },
  { id: 21, text: 'user', special: false },
  { id: 13, text: '▁hello', special: false },
  { id: 4, text: '<end_of_turn>', special: true },
  { id: 3, text: '<start_of_turn>', special: true },
  { id: 22, text: 'model', special: false },
];

test('tokenCells: special tokens shown as written and flagged, ▁/Ġ/Ċ shown as ␣ and ↵', () => {
  const cells = tokenCells(gemmaPrompt);
  assert.deepEqual(cells.map((c) => c.label), ['<bos>', '<start_of_turn>', 'user', '␣hello', '<end_of_turn>', '<start_of_turn>', 'model']);
  assert.deepEqual(cells.map((c) => c.special), [true, true, false, false, true, true, false]);
  assert.equal(cells[3].title, 'id 13: "▁hello"');
  assert.equal(cells[0].title, 'id 2 · special token: "<bos>"');
  assert.equal(visibleToken('Ġworld'), '␣world');
  assert.equal(visibleToken('Ċ'), '↵');
  assert.equal(visibleToken(''), '∅');
});

test('tokenSummary counts tokens and names the distinct special tokens', () => {
  assert.equal(tokenSummary(gemmaPrompt), '7 tokens · 4 special (<bos>, <start_of_turn>, <end_of_turn>)');
  assert.equal(tokenSummary([{ id: 5, text: 'a', special: false }]), '1 token · 0 special');
});

test('stopReason says why a generation ended', () => {
  assert.equal(stopReason('stop', 64), 'stopped at the end-of-turn token');
  assert.equal(stopReason('maxTokens', 64), 'reached the limit of 64 tokens');
  assert.equal(stopReason('cancelled', 64), 'cancelled');
  assert.equal(stopReason(undefined, 64), 'generating…');
});

test('actionMessage: the instruction, a blank line, then the selected text', () => {
  assert.equal(actionMessage('sentiment', 'I loved it.'), `${PROMPT_ACTIONS.sentiment}\n\nI loved it.`);
  assert.match(actionMessage('summarise', 'x'), /^Summarise this text/);
});

test('isPromptToHost accepts the panel messages and rejects bad ones', () => {
  const sampling = { temperature: 0, topK: 0, maxTokens: 32 };
  assert.ok(isPromptToHost({ type: 'ready' }));
  assert.ok(isPromptToHost({ type: 'render', system: '', user: 'hi' }));
  assert.ok(isPromptToHost({ type: 'generate', system: 's', user: 'hi', sampling }));
  assert.ok(isPromptToHost({ type: 'cancel' }));
  assert.ok(!isPromptToHost({ type: 'generate', system: 's', user: 'hi', sampling: { ...sampling, maxTokens: 0 } }));
  assert.ok(!isPromptToHost({ type: 'generate', system: 's', user: 'hi', sampling: { ...sampling, temperature: -1 } }));
  assert.ok(!isPromptToHost({ type: 'generate', system: 's', user: 'hi', sampling: { ...sampling, temperature: Number.NaN } }));
  assert.ok(!isPromptToHost({ type: 'render', system: '', user: 'x'.repeat(300_000) }));
  assert.ok(!isPromptToHost({ type: 'render', system: '', user: 'hi', extra: 1 }));
  assert.ok(!isPromptToHost({ type: 'run' }));
});
