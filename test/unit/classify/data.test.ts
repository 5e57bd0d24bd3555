// The data loader: CSV quoting, TSV, JSONL, and every bad-input message names the file and the line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { datasetFromTable, parseDelimited, parseTable, loadDataset, sortLabels } from '../../../src/engine/classify/data';
import { UserError } from '../../../src/engine/errors';

const enc = (s: string) => new TextEncoder().encode(s);
const ds = (text: string, file = 'reviews.csv', tc = 'text', lc = 'label') => datasetFromTable(parseTable(enc(text), file), file, tc, lc);
const fails = (f: () => unknown, re: RegExp) => assert.throws(f, (e: unknown) => e instanceof UserError && re.test(e.message), re.source);

test('CSV: RFC 4180 quotes (commas, doubled quotes, newlines) and each record keeps its start line', () => {
  const t = parseTable(enc('text,label\n"great, really",5\n"he said ""meh""",2\n"two\nlines",3\r\nplain,1\n'), 'r.csv');
  assert.equal(t.format, 'csv');
  assert.deepEqual(t.columns, ['text', 'label']);
  assert.deepEqual(t.rows.map((r) => r.values.text), ['great, really', 'he said "meh"', 'two\nlines', 'plain']);
  assert.deepEqual(t.rows.map((r) => r.line), [2, 3, 4, 6]);
  assert.deepEqual(parseDelimited('a,b,\n', ',', 'x').map((r) => r.fields), [['a', 'b', '']]);
});

test('TSV and JSONL with numeric labels (stars) sorted numerically', () => {
  const t = ds('text\tstars\ngood\t5\nbad\t1\nok\t10\nfine\t5\nawful\t1\nsuper\t10\n', 'r.tsv', 'text', 'stars');
  assert.equal(t.format, 'tsv');
  assert.deepEqual(t.labels, ['1', '5', '10']);
  assert.deepEqual(t.counts, [2, 2, 2]);
  const j = ds('{"review":"good","stars":5}\n\n{"review":"bad","stars":1}\n{"review":"fine","stars":5}\n{"review":"awful","stars":1}\n', 'r.jsonl', 'review', 'stars');
  assert.equal(j.format, 'jsonl');
  assert.deepEqual(j.examples.map((e) => e.line), [1, 3, 4, 5]);
  assert.deepEqual(sortLabels(['b', 'a', 'b']), ['a', 'b']);
});

test('a missing column names the available ones and line 1', () => {
  fails(() => ds('review,stars\na,1\nb,2\n'), /reviews\.csv:1: no column "text" in the header \(columns: review, stars\)/);
  fails(() => ds('{"text":"a","label":1}\n{"text":"b"}\n', 'r.jsonl'), /r\.jsonl:2: no field "label"/);
});

test('empty text, one class only, a single-example label, ragged rows: each names its line', () => {
  fails(() => ds('text,label\ngood,pos\n  ,neg\nbad,neg\n'), /reviews\.csv:3: the text in column "text" is empty/);
  fails(() => ds('text,label\na,pos\nb,pos\nc,pos\n'), /every example has the label "pos"; a classifier needs at least two classes/);
  fails(() => ds('text,label\na,pos\nb,pos\nc,neg\nd,pos\n'), /reviews\.csv:4: the label "neg" has only this one example/);
  fails(() => ds('text,label\na,pos\nb,neg,extra\n'), /reviews\.csv:3: expected 2 fields \(text, label\) but found 3/);
  fails(() => ds('text,label\n"never closed,pos\n'), /reviews\.csv:2: a quoted field is never closed/);
  fails(() => ds('{"text":"a","label":1}\nnot json\n', 'r.jsonl'), /r\.jsonl:2: not valid JSON/);
});

test('non-UTF-8 bytes are refused with their line (TextDecoder fatal)', () => {
  const bytes = Buffer.concat([Buffer.from('text,label\ngood,pos\nbad '), Buffer.from([0xff, 0xfe]), Buffer.from(',neg\n')]);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ml-clf-')), 'latin1.csv');
  fs.writeFileSync(file, bytes);
  fails(() => loadDataset(file, 'text', 'label'), /latin1\.csv:3: the file is not valid UTF-8/);
  fails(() => loadDataset(file + '.missing', 'text', 'label'), /does not exist/);
});
