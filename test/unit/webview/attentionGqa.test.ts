// Grouped-query attention and sliding-window layers as the attention panel states them: which query heads share a
// kv head, which keys a sliding-window layer masks, and the heat-map cells that get the masked hatching.
import assert from 'node:assert/strict';
import test from 'node:test';
import { heatCells, kvSharing, layerSpan, maskOf } from '../../../webview/attention/geometry';

test('kvSharing: 8 query heads over 2 kv heads read as two groups of four', () => {
  assert.equal(kvSharing([0, 0, 0, 0, 1, 1, 1, 1]), 'q heads 0–3 share kv head 0; q heads 4–7 share kv head 1');
  assert.equal(kvSharing([0, 0, 1, 1]), 'q heads 0–1 share kv head 0; q heads 2–3 share kv head 1');
  // multi-query attention: one kv head for all
  assert.equal(kvSharing([0, 0, 0]), 'q heads 0–2 share kv head 0');
  // plain multi-head attention says nothing
  assert.equal(kvSharing([0, 1, 2, 3]), undefined);
  assert.equal(kvSharing(undefined), undefined);
});

test('maskOf: keys after the query are causal-masked; a window of 3 hides keys 3 or more back', () => {
  assert.equal(maskOf(2, 3, null), 'causal');
  assert.equal(maskOf(5, 0, null), undefined);
  assert.equal(maskOf(5, 3, 3), undefined); // keys 3, 4, 5 are the last three
  assert.equal(maskOf(5, 2, 3), 'window');
  assert.equal(maskOf(5, 6, 3), 'causal');
});

test('heatCells on a sliding-window layer: the masked cells are the upper triangle plus the band beyond the window', () => {
  const n = 6;
  const m = Array.from({ length: n }, (_, q) => Array.from({ length: n }, (_, k) => (k <= q && q - k < 2 ? 0.5 : 0)));
  const cells = heatCells(m, 10, 0, 0, true, 2);
  const causal = cells.filter((c) => c.mask === 'causal').length;
  const window = cells.filter((c) => c.mask === 'window').length;
  assert.equal(causal, (n * (n - 1)) / 2); // 15
  // keys ≥ 2 back: for q = 2..5 that is q - 1 keys each: 1 + 2 + 3 + 4
  assert.equal(window, 10);
  assert.ok(cells.filter((c) => !c.masked).every((c) => c.value === 0.5), 'every visible key carries the weight');
  // without a window only the causal triangle is masked
  assert.equal(heatCells(m, 10).filter((c) => c.masked).length, 15);
});

test('layerSpan: sliding and global layers in words', () => {
  assert.match(layerSpan([3, 3, null], 0)!, /layer 0: sliding window, each query sees its last 3 keys/);
  assert.equal(layerSpan([3, 3, null], 2), 'layer 2: global attention (causal)');
  assert.equal(layerSpan(undefined, 0), undefined);
});
