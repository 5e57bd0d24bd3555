// What the Attention webview may ask the host: select one token or a range (a word); anything else is dropped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAttentionToHost } from '../../../src/protocol/webview/attention';

test('selectToken: a token or a range of tokens; bad indices and extra keys are rejected', () => {
  assert.equal(isAttentionToHost({ type: 'selectToken', index: 3 }), true);
  assert.equal(isAttentionToHost({ type: 'selectToken', index: 2, last: 8 }), true);
  assert.equal(isAttentionToHost({ type: 'selectToken', index: 2, last: -1 }), false);
  assert.equal(isAttentionToHost({ type: 'selectToken', index: 2, last: '8' }), false);
  assert.equal(isAttentionToHost({ type: 'selectToken', index: 1.5 }), false);
  assert.equal(isAttentionToHost({ type: 'selectToken', index: 2, last: 3, extra: 1 }), false);
});
