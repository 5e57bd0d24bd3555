// The next-token panel's pure re-shaping: temperature, top-k, top-p and entropy on hand-made logits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entropyBits, reshape, sampleIndex, showToken, softmax } from '../../../webview/nextToken/distribution';

const cands = [
  { id: 3, token: 'b', logit: 1 },
  { id: 1, token: 'a', logit: 2 },
  { id: 7, token: 'c', logit: 0 },
  { id: 9, token: 'd', logit: -1 },
];
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

test('softmax sums to 1 and matches a hand computation', () => {
  const p = softmax([0, Math.log(3)]);
  assert.ok(Math.abs(p[0] - 0.25) < 1e-12 && Math.abs(p[1] - 0.75) < 1e-12);
  assert.ok(Math.abs(sum(softmax([1000, 999, -1000])) - 1) < 1e-12, 'stable for large logits');
});

test('entropy: uniform over 4 is 2 bits, one-hot is 0', () => {
  assert.equal(entropyBits([0.25, 0.25, 0.25, 0.25]), 2);
  assert.equal(entropyBits([1, 0, 0]), 0);
});

test('temperature 1, no cuts: sorted by logit, p equals raw softmax', () => {
  const s = reshape(cands, { temperature: 1, topK: 0, topP: 1 });
  assert.deepEqual(s.tokens.map((t) => t.id), [1, 3, 7, 9]);
  assert.ok(Math.abs(sum(s.tokens.map((t) => t.p)) - 1) < 1e-12);
  s.tokens.forEach((t) => assert.ok(Math.abs(t.p - t.pRaw) < 1e-12));
  assert.equal(s.kept, 4);
  assert.ok(Math.abs(s.entropyBits - s.rawEntropyBits) < 1e-12);
});

test('lower temperature sharpens, higher flattens, 0 is greedy', () => {
  const cold = reshape(cands, { temperature: 0.5, topK: 0, topP: 1 });
  const hot = reshape(cands, { temperature: 2, topK: 0, topP: 1 });
  const base = reshape(cands, { temperature: 1, topK: 0, topP: 1 });
  assert.ok(cold.tokens[0].p > base.tokens[0].p && hot.tokens[0].p < base.tokens[0].p);
  assert.ok(cold.entropyBits < base.entropyBits && hot.entropyBits > base.entropyBits);
  const greedy = reshape(cands, { temperature: 0, topK: 0, topP: 1 });
  assert.deepEqual(greedy.tokens.map((t) => t.p), [1, 0, 0, 0]);
  assert.equal(greedy.entropyBits, 0);
});

test('top-k keeps k tokens and renormalises', () => {
  const s = reshape(cands, { temperature: 1, topK: 2, topP: 1 });
  assert.equal(s.kept, 2);
  assert.deepEqual(s.tokens.map((t) => t.kept), [true, true, false, false]);
  const e = Math.exp(1);
  assert.ok(Math.abs(s.tokens[0].p - e / (e + 1)) < 1e-12);
});

test('top-p keeps the smallest prefix reaching p (the crossing token included)', () => {
  const raw = reshape(cands, { temperature: 1, topK: 0, topP: 1 }).tokens.map((t) => t.p);
  const s = reshape(cands, { temperature: 1, topK: 0, topP: raw[0] + 0.01 });
  assert.equal(s.kept, 2);
  assert.equal(reshape(cands, { temperature: 1, topK: 0, topP: 0.01 }).kept, 1, 'the top token always survives');
  assert.ok(Math.abs(sum(s.tokens.map((t) => t.p)) - 1) < 1e-12);
});

test('sampling and labels', () => {
  assert.equal(sampleIndex([0.2, 0.5, 0.3], 0.1), 0);
  assert.equal(sampleIndex([0.2, 0.5, 0.3], 0.65), 1);
  assert.equal(sampleIndex([0.2, 0.8, 0], 0.99999999), 1);
  assert.equal(showToken(' a\n'), '␣a↵');
});
