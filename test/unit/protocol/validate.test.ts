import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isDiagnosticsToHost } from '../../../src/protocol/webview/diagnostics';
import { isTrainingToHost } from '../../../src/protocol/webview/training';
import { arr, num, obj, lit, range, shortStr, optional } from '../../../src/protocol/validate';

test('webview messages: the right shapes pass, wrong ones are rejected', () => {
  assert.ok(isDiagnosticsToHost({ type: 'ready' }));
  assert.ok(isDiagnosticsToHost({ type: 'rerun', maxSize: 512 }));
  for (const bad of [
    null, undefined, 42, 'ready', [], {},
    { type: 'rerun' },
    { type: 'rerun', maxSize: 1e9 },
    { type: 'rerun', maxSize: NaN },
    { type: 'rerun', maxSize: '512' },
    { type: 'ready', extra: 'x' },
    { type: 'exec', code: 'process.exit()' },
    { type: '__proto__' },
  ]) {
    assert.equal(isDiagnosticsToHost(bad), false, JSON.stringify(bad));
  }
  assert.ok(isTrainingToHost({ type: 'cancel' }));
  assert.equal(isTrainingToHost({ type: 'cancel', now: true }), false);
});

test('checks: finite numbers, ranges, bounded strings and arrays', () => {
  assert.equal(num(Infinity), false);
  assert.equal(range(0, 1)(1.5), false);
  assert.equal(shortStr(3)('abcd'), false);
  assert.equal(arr(num, 2)([1, 2, 3]), false);
  const c = obj({ type: lit('x'), v: optional(num) });
  assert.ok(c({ type: 'x' }));
  assert.ok(c({ type: 'x', v: 1 }));
  assert.equal(c({ type: 'x', v: 'a' }), false);
});

test('fuzz: validators never throw and accept only well-formed messages', () => {
  const checkers = [isDiagnosticsToHost, isTrainingToHost];
  let runs = 0;
  fc.assert(
    fc.property(fc.anything({ withObjectString: true, withNullPrototype: true, withBigInt: true, withMap: true }), (v) => {
      runs++;
      for (const c of checkers) {
        const ok = c(v);
        if (ok) {
          // anything accepted must be a plain object with a known string type
          assert.equal(typeof (v as { type: unknown }).type, 'string');
        }
      }
    }),
    { numRuns: 2000, seed: 42 },
  );
  console.log(`fuzz: ${runs} random values through ${checkers.length} webview validators`);
});
