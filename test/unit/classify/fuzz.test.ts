// Property tests: the CSV/TSV/JSONL parsers either return rows or throw UserError, never anything else,
// and a CSV written with RFC 4180 quoting parses back to the same fields.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { datasetFromTable, parseDelimited, parseTable } from '../../../src/engine/classify/data';
import { UserError } from '../../../src/engine/errors';

const onlyUserErrors = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
  }
};

test('arbitrary bytes and strings: only UserError escapes the parsers', () => {
  const alphabet = fc.constantFrom('a', 'b', ',', '"', '\n', '\r', '\t', '{', '}', ':', ' ', '1', 'é', '\uFEFF');
  fc.assert(
    fc.property(fc.string({ unit: alphabet, maxLength: 80 }), fc.constantFrom('x.csv', 'x.tsv', 'x.jsonl', 'x.txt'), (s, file) => {
      onlyUserErrors(() => datasetFromTable(parseTable(new TextEncoder().encode(s), file), file, 'a', 'b'));
    }),
    { numRuns: 1500 },
  );
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 64 }), fc.constantFrom('x.csv', 'x.jsonl'), (b, file) => {
      onlyUserErrors(() => parseTable(b, file));
    }),
    { numRuns: 800 },
  );
  fc.assert(
    fc.property(fc.array(fc.jsonValue(), { maxLength: 5 }), (vals) => {
      const text = vals.map((v) => JSON.stringify(v)).join('\n');
      onlyUserErrors(() => datasetFromTable(parseTable(new TextEncoder().encode(text), 'x.jsonl'), 'x.jsonl', 'text', 'label'));
    }),
    { numRuns: 500 },
  );
});

test('CSV round trip: quoted fields come back exactly', () => {
  const field = fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', ' ', 'z', '\t'), maxLength: 12 });
  fc.assert(
    fc.property(fc.array(fc.array(field, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 6 }), (rows) => {
      const csv = rows.map((r) => r.map((f) => `"${f.replace(/"/g, '""')}"`).join(',')).join('\r\n');
      assert.deepEqual(parseDelimited(csv, ',', 'x').map((r) => r.fields), rows);
    }),
    { numRuns: 500 },
  );
});

after(() => console.log('fuzz: 3300 CSV/TSV/JSONL property runs (2800 hostile inputs, 500 CSV round trips)'));
