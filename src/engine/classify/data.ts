// Labelled text from CSV (RFC 4180 quoting), TSV or JSONL: strict UTF-8, a header (or JSON keys) naming the columns,
// and every problem a clear UserError naming the file and line. Tokenising and truncation live in encoder.ts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../errors';

export type TableFormat = 'csv' | 'tsv' | 'jsonl';

/** One data row: its values by column name and the 1-based line where it starts. */
export interface TableRow {
  line: number;
  values: Record<string, string | undefined>;
}

export interface Table {
  format: TableFormat;
  columns: string[];
  rows: TableRow[];
}

export interface Example {
  text: string;
  label: string;
  /** 1-based line in the source file. */
  line: number;
}

export interface Dataset {
  file: string;
  format: TableFormat;
  textColumn: string;
  labelColumn: string;
  examples: Example[];
  /** Class names, sorted (numerically when every label is a number, e.g. 1–5 stars). */
  labels: string[];
  /** Examples per class, in `labels` order. */
  counts: number[];
}

/** Decode strictly as UTF-8 (BOM dropped); a bad byte sequence is reported with its line. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  const dec = new TextDecoder('utf-8', { fatal: true });
  try {
    return dec.decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    // 0x0A never occurs inside a multi-byte sequence, so decoding line by line finds the culprit.
    let start = 0;
    for (let line = 1; ; line++) {
      let end = bytes.indexOf(0x0a, start);
      if (end < 0) end = bytes.length;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start, end));
      } catch {
        throw new UserError(`${file}:${line}: the file is not valid UTF-8 text; save it as UTF-8 and try again`);
      }
      if (end >= bytes.length) break;
      start = end + 1;
    }
    throw new UserError(`${file}: the file is not valid UTF-8 text (it ends inside a character)`);
  }
}

export function detectFormat(file: string, text: string): TableFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.tsv' || ext === '.tab') return 'tsv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (/^\s*\{/.test(text)) return 'jsonl';
  const first = text.slice(0, text.search(/\r?\n|$/));
  return first.includes('\t') && !first.includes(',') ? 'tsv' : 'csv';
}

/** RFC 4180 records: quoted fields may hold delimiters, newlines and doubled quotes. Each record keeps its start line. */
export function parseDelimited(text: string, delimiter: string, file: string): { line: number; fields: string[] }[] {
  const out: { line: number; fields: string[] }[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    for (;;) {
      if (text[i] === '"') {
        const qLine = line;
        i++;
        for (;;) {
          if (i >= n) throw new UserError(`${file}:${qLine}: a quoted field is never closed (a " without its closing ")`);
          const ch = text[i];
          if (ch === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (ch === '\n') line++;
          field += ch;
          i++;
        }
        if (i < n && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') {
          throw new UserError(`${file}:${line}: unexpected text after a closing quote; inside a quoted field write a quote as ""`);
        }
      } else {
        while (i < n && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') field += text[i++];
      }
      fields.push(field);
      field = '';
      if (i < n && text[i] === delimiter) {
        i++;
        continue;
      }
      if (text[i] === '\r') i++;
      if (text[i] === '\n') {
        i++;
        line++;
      }
      break;
    }
    if (!(fields.length === 1 && fields[0] === '')) out.push({ line: start, fields });
  }
  return out;
}

function tableFromRecords(records: { line: number; fields: string[] }[], format: TableFormat, file: string): Table {
  if (records.length === 0) throw new UserError(`${file}: the file is empty`);
  const header = records[0];
  const columns = header.fields.map((c) => c.trim());
  const rows: TableRow[] = [];
  for (const r of records.slice(1)) {
    if (r.fields.length !== columns.length) {
      throw new UserError(
        `${file}:${r.line}: expected ${columns.length} fields (${columns.join(', ')}) but found ${r.fields.length}` +
          (format === 'csv' ? '; quote fields that contain commas' : ''),
      );
    }
    const values: Record<string, string> = {};
    columns.forEach((c, k) => (values[c] = r.fields[k]));
    rows.push({ line: r.line, values });
  }
  return { format, columns, rows };
}

function parseJsonl(text: string, file: string): Table {
  const columns: string[] = [];
  const seen = new Set<string>();
  const rows: TableRow[] = [];
  text.split('\n').forEach((raw, k) => {
    const line = k + 1;
    if (!raw.trim()) return;
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch {
      throw new UserError(`${file}:${line}: not valid JSON (each line of a JSONL file is one JSON object)`);
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new UserError(`${file}:${line}: expected a JSON object with the text and label fields`);
    const values: Record<string, string | undefined> = {};
    for (const [key, val] of Object.entries(v as Record<string, unknown>)) {
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
      values[key] = typeof val === 'string' ? val : typeof val === 'number' || typeof val === 'boolean' ? String(val) : undefined;
    }
    rows.push({ line, values });
  });
  if (rows.length === 0) throw new UserError(`${file}: the file holds no JSON lines`);
  return { format: 'jsonl', columns, rows };
}

/** Parse a table from raw bytes (strict UTF-8). */
export function parseTable(bytes: Uint8Array, file: string, format?: TableFormat): Table {
  const text = decodeUtf8(bytes, file);
  const f = format ?? detectFormat(file, text);
  if (f === 'jsonl') return parseJsonl(text, file);
  return tableFromRecords(parseDelimited(text, f === 'tsv' ? '\t' : ',', file), f, file);
}

export function readTable(file: string): Table {
  if (!fs.existsSync(file)) throw new UserError(`${file} does not exist`);
  if (fs.statSync(file).isDirectory()) throw new UserError(`${file} is a folder; choose a CSV, TSV or JSONL file`);
  return parseTable(fs.readFileSync(file), file);
}

const isNumber = (s: string) => s.trim() !== '' && Number.isFinite(Number(s));

/** Labels sorted numerically when all are numbers (1, 2, …, 10), else by code point. */
export function sortLabels(labels: string[]): string[] {
  const u = [...new Set(labels)];
  return u.every(isNumber) ? u.sort((a, b) => Number(a) - Number(b)) : u.sort();
}

/** Pick the text and label columns out of a table and check that it can train a classifier. */
export function datasetFromTable(t: Table, file: string, textColumn: string, labelColumn: string): Dataset {
  for (const c of [textColumn, labelColumn]) {
    if (t.format !== 'jsonl' && !t.columns.includes(c)) {
      throw new UserError(`${file}:1: no column "${c}" in the header (columns: ${t.columns.join(', ') || 'none'})`);
    }
  }
  if (textColumn === labelColumn) throw new UserError(`the text and label columns must differ (both are "${textColumn}")`);
  const examples: Example[] = [];
  for (const r of t.rows) {
    const text = r.values[textColumn];
    const label = r.values[labelColumn];
    const what = t.format === 'jsonl' ? 'field' : 'column';
    if (text === undefined) throw new UserError(`${file}:${r.line}: no ${what} "${textColumn}" (a string) on this line (fields: ${Object.keys(r.values).join(', ')})`);
    if (label === undefined) throw new UserError(`${file}:${r.line}: no ${what} "${labelColumn}" (a string or number) on this line`);
    if (!text.trim()) throw new UserError(`${file}:${r.line}: the text in ${what} "${textColumn}" is empty`);
    if (!label.trim()) throw new UserError(`${file}:${r.line}: the label in ${what} "${labelColumn}" is empty`);
    examples.push({ text, label: label.trim(), line: r.line });
  }
  if (examples.length === 0) throw new UserError(`${file}: no examples (only a header)`);
  const labels = sortLabels(examples.map((e) => e.label));
  if (labels.length < 2) {
    throw new UserError(`${file}: every example has the label "${labels[0]}"; a classifier needs at least two classes in "${labelColumn}"`);
  }
  const counts = labels.map(() => 0);
  const index = new Map(labels.map((l, i) => [l, i]));
  for (const e of examples) counts[index.get(e.label)!]++;
  const lonely = labels.findIndex((_, i) => counts[i] === 1);
  if (lonely >= 0) {
    const e = examples.find((x) => x.label === labels[lonely])!;
    throw new UserError(
      `${file}:${e.line}: the label "${labels[lonely]}" has only this one example; each class needs at least 2 (one to train, one to validate). Add examples or remove it.`,
    );
  }
  return { file, format: t.format, textColumn, labelColumn, examples, labels, counts };
}

export function loadDataset(file: string, textColumn: string, labelColumn: string): Dataset {
  return datasetFromTable(readTable(file), file, textColumn, labelColumn);
}
