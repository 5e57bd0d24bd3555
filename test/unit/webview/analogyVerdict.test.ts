// The Analogy panel's statement: one answer when 3CosAdd and 3CosMul agree, both when they differ,
// and the lecture's answer placed in each list (pizza − usa + japan: sandwiches vs sushi).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analogyVerdict } from '../../../webview/analogy/verdict';

const pizza = {
  a: 'pizza',
  b: 'usa',
  c: 'japan',
  cosadd: [
    { word: 'sandwiches', score: 0.936 },
    { word: 'sushi', score: 0.934 },
  ],
  cosmul: [
    { word: 'sushi', score: 1.02 },
    { word: 'sandwiches', score: 1.01 },
  ],
};

test('the methods differ: both answers named, the lecture answer placed in each', () => {
  const v = analogyVerdict(pizza, 'sushi');
  assert.equal(v.differ, true);
  assert.equal(v.answer, 'sandwiches (3CosAdd) · sushi (3CosMul)');
  assert.match(v.status, /≈ sandwiches by 3CosAdd, sushi by 3CosMul: the two methods differ/);
  assert.equal(v.expected, 'The lecture\'s answer “sushi”: 3CosAdd rank 2 (0.934, vs 0.936 for “sandwiches”); 3CosMul rank 1 (1.020).');
});

test('the methods agree: one answer; an answer outside the lists says so; no example, no line', () => {
  const v = analogyVerdict({ ...pizza, cosmul: pizza.cosadd }, 'ramen');
  assert.equal(v.answer, 'sandwiches');
  assert.match(v.status, /≈ sandwiches by both 3CosAdd and 3CosMul/);
  assert.match(v.expected!, /3CosAdd not in its top 2; 3CosMul not in its top 2/);
  assert.equal(analogyVerdict(pizza).expected, undefined);
});
