// Bad-input catalogue, engine idle timeout setting: each value a person could type into settings.json gets
// either its meaning or the exact warning they see, and the default (5 minutes) is used instead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIdleMinutes } from '../../../src/idleTimeout';

const warn = (got: string) =>
  `The engine idle timeout (modelLens.engine.idleTimeoutMinutes) must be a number of minutes ≥ 0 (0 = never); got ${got}, using 5.`;

const cases: { name: string; value: unknown; ms: number; warning?: string }[] = [
  { name: 'negative minutes', value: -1, ms: 300_000, warning: warn('-1') },
  { name: 'a word instead of a number', value: 'five', ms: 300_000, warning: warn('"five"') },
  { name: 'a number written as a string', value: '3', ms: 300_000, warning: warn('"3"') },
  { name: 'null', value: null, ms: 300_000, warning: warn('null') },
  { name: 'NaN', value: Number.NaN, ms: 300_000, warning: warn('null') },
  { name: 'infinity', value: Number.POSITIVE_INFINITY, ms: 300_000, warning: warn('null') },
  { name: 'an object', value: { minutes: 2 }, ms: 300_000, warning: warn('{"minutes":2}') },
  { name: '0 means never', value: 0, ms: 0 },
  { name: 'fractions of a minute', value: 0.05, ms: 3000 },
  { name: 'the default', value: 5, ms: 300_000 },
];

for (const c of cases) {
  test(`idle timeout setting: ${c.name}`, () => {
    assert.deepEqual(parseIdleMinutes(c.value), c.warning ? { ms: c.ms, warning: c.warning } : { ms: c.ms });
  });
}
