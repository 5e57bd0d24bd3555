// CLI progress: a terminal gets one line rewritten in place; a pipe gets a line per 10 % (plus the last), or without a
// known fraction one line per 5 seconds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { progressSink } from '../../../src/cli/progress';

test('terminal: every update rewrites one line; settle ends it once', () => {
  let out = '';
  const p = progressSink({ write: (t) => (out += t), isTTY: true });
  for (let i = 1; i <= 3; i++) p.update(`step ${i}/3`, i / 3);
  p.settle();
  p.settle();
  assert.equal(out, '\rstep 1/3\x1b[K\rstep 2/3\x1b[K\rstep 3/3\x1b[K\n');
});

test('pipe: 1000 updates with a fraction give 11 lines, the last one at 100 %', () => {
  const lines: string[] = [];
  const p = progressSink({ write: (t) => lines.push(t), isTTY: false, now: () => 0 });
  for (let i = 1; i <= 1000; i++) p.update(`step ${i}/1000`, i / 1000);
  assert.equal(lines.length, 11);
  assert.ok(lines.every((l) => l.endsWith('\n') && !l.includes('\r')));
  assert.equal(lines.at(-1), 'step 1000/1000\n');
});

test('pipe without a fraction: at most one line per 5 seconds', () => {
  const lines: string[] = [];
  let t = 0;
  const p = progressSink({ write: (s) => lines.push(s), isTTY: false, now: () => t });
  for (let i = 0; i < 200; i++) {
    p.update(`${i} questions`);
    t += 100; // 20 s in all
  }
  assert.deepEqual(lines, ['0 questions\n', '50 questions\n', '100 questions\n', '150 questions\n']);
});
