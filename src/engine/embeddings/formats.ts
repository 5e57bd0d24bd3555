// Word-vector file formats: word2vec text (header "n dim"), GloVe text (no header), word2vec binary,
// TensorBoard projector TSV (vectors.tsv + metadata.tsv). Readers stream lines and report bad input by line.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { throwIfAborted, UserError } from '../errors';
import { writeFileAtomic, writeFilesAtomic } from './atomic';
import type { WordVectors } from './wordVectors';

export type VectorFormat = 'word2vec' | 'glove' | 'word2vec-bin' | 'tsv';

export interface ReadOptions {
  /** Stop after this many words. */
  maxWords?: number;
  signal?: AbortSignal;
  /** Called every few thousand lines: words read so far and the fraction of the file (or of maxWords) done. */
  onProgress?: (words: number, fraction: number) => void;
}

/** Guesses the format from the name and first bytes: .bin → binary, .tsv → tsv, "n dim" first line → word2vec. */
export function detectFormat(file: string): VectorFormat {
  if (file.endsWith('.tsv') || (fs.existsSync(file) && fs.statSync(file).isDirectory())) return 'tsv';
  if (file.endsWith('.bin')) return 'word2vec-bin';
  const fd = fs.openSync(file, 'r');
  const head = Buffer.alloc(256);
  const n = fs.readSync(fd, head, 0, 256, 0);
  fs.closeSync(fd);
  const first = head.subarray(0, n).toString('latin1').split('\n')[0];
  return /^\s*\d+\s+\d+\s*$/.test(first) ? 'word2vec' : 'glove';
}

export async function readVectors(file: string, format: VectorFormat = detectFormat(file), opts: ReadOptions = {}): Promise<WordVectors> {
  if (!fs.existsSync(file)) throw new UserError(`${file} does not exist`);
  switch (format) {
    case 'word2vec':
    case 'glove':
      return readTextVectors(file, format === 'word2vec', opts);
    case 'word2vec-bin':
      return readWord2VecBinary(file, opts);
    case 'tsv':
      return readTsv(file, opts);
  }
}

export async function writeVectors(file: string, wv: WordVectors, format: VectorFormat): Promise<string[]> {
  switch (format) {
    case 'word2vec':
    case 'glove': {
      const lines: string[] = format === 'word2vec' ? [`${wv.words.length} ${wv.dim}`] : [];
      for (let i = 0; i < wv.words.length; i++) lines.push(`${wv.words[i]} ${row(wv, i).join(' ')}`);
      await writeFileAtomic(file, lines.join('\n') + '\n');
      return [file];
    }
    case 'word2vec-bin':
      await writeFileAtomic(file, word2vecBinary(wv));
      return [file];
    case 'tsv': {
      const dir = file.endsWith('.tsv') ? path.dirname(file) : file;
      const vec = wv.words.map((_, i) => row(wv, i).join('\t')).join('\n') + '\n';
      const meta = wv.words.join('\n') + '\n';
      const files = [path.join(dir, 'vectors.tsv'), path.join(dir, 'metadata.tsv')];
      await writeFilesAtomic([{ path: files[0], data: vec }, { path: files[1], data: meta }]);
      return files;
    }
  }
}

function row(wv: WordVectors, i: number): string[] {
  const out: string[] = [];
  for (let d = 0; d < wv.dim; d++) out.push(String(wv.vectors[i * wv.dim + d]));
  return out;
}

/** Collects rows, rejecting duplicates and wrong widths with the line number. */
class Collector {
  words: string[] = [];
  private seen = new Map<string, number>();
  private chunks: number[] = [];
  dim = -1;
  constructor(private readonly file: string) {}
  add(word: string, values: string[], line: number): void {
    const where = `${this.file} line ${line}`;
    if (!word) throw new UserError(`${where}: empty word`);
    if (this.dim < 0) this.dim = values.length;
    if (this.dim === 0) throw new UserError(`${where}: no numbers after the word`);
    if (values.length !== this.dim) throw new UserError(`${where}: "${word}" has ${values.length} numbers, expected ${this.dim} (truncated line or wrong dimensions?)`);
    const prev = this.seen.get(word);
    if (prev !== undefined) throw new UserError(`${where}: duplicate word "${word}" (first at line ${prev})`);
    this.seen.set(word, line);
    for (const v of values) {
      const x = Number(v);
      if (!Number.isFinite(x)) throw new UserError(`${where}: "${v}" is not a number`);
      this.chunks.push(x);
    }
    this.words.push(word);
  }
  result(): WordVectors {
    if (this.words.length === 0) throw new UserError(`${this.file}: no vectors found`);
    return { words: this.words, dim: this.dim, vectors: Float32Array.from(this.chunks) };
  }
}

async function* lines(file: string): AsyncGenerator<string> {
  const rl = readline.createInterface({ input: fs.createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  try {
    for await (const l of rl) yield l;
  } finally {
    rl.close();
  }
}

async function readTextVectors(file: string, header: boolean, opts: ReadOptions): Promise<WordVectors> {
  const c = new Collector(file);
  const max = opts.maxWords ?? Infinity;
  let lineNo = 0;
  let declared: { n: number; dim: number } | undefined;
  const size = fs.statSync(file).size || 1;
  let bytes = 0;
  for await (const raw of lines(file)) {
    lineNo++;
    bytes += raw.length + 1;
    if (lineNo % 8192 === 0) {
      throwIfAborted(opts.signal);
      opts.onProgress?.(c.words.length, Math.min(1, Math.max(bytes / size, c.words.length / max)));
    }
    const l = raw.trim();
    if (lineNo === 1 && header) {
      const m = /^(\d+)\s+(\d+)$/.exec(l);
      if (!m) throw new UserError(`${file} line 1: expected the word2vec header "count dim", got "${l.slice(0, 40)}"`);
      declared = { n: Number(m[1]), dim: Number(m[2]) };
      c.dim = declared.dim;
      continue;
    }
    if (!l) continue;
    if (c.words.length >= max) break;
    const parts = l.split(/\s+/);
    c.add(parts[0], parts.slice(1), lineNo);
  }
  const wv = c.result();
  if (declared && wv.words.length < Math.min(declared.n, max)) {
    throw new UserError(`${file}: header says ${declared.n} words but the file has ${wv.words.length} (truncated?)`);
  }
  return wv;
}

function word2vecBinary(wv: WordVectors): Uint8Array {
  const parts: Buffer[] = [Buffer.from(`${wv.words.length} ${wv.dim}\n`, 'utf8')];
  for (let i = 0; i < wv.words.length; i++) {
    parts.push(Buffer.from(wv.words[i] + ' ', 'utf8'));
    const b = Buffer.alloc(wv.dim * 4 + 1);
    for (let d = 0; d < wv.dim; d++) b.writeFloatLE(wv.vectors[i * wv.dim + d], d * 4);
    b[wv.dim * 4] = 10;
    parts.push(b);
  }
  return Buffer.concat(parts);
}

function readWord2VecBinary(file: string, opts: ReadOptions): WordVectors {
  const buf = fs.readFileSync(file);
  const nl = buf.indexOf(10);
  const m = nl > 0 ? /^(\d+) (\d+)$/.exec(buf.subarray(0, nl).toString('latin1').trim()) : null;
  if (!m) throw new UserError(`${file}: not a word2vec binary file (no "count dim" header)`);
  const n = Math.min(Number(m[1]), opts.maxWords ?? Infinity);
  const dim = Number(m[2]);
  if (!(dim > 0)) throw new UserError(`${file}: dimension ${dim} in the header`);
  const words: string[] = [];
  const seen = new Set<string>();
  const vectors = new Float32Array(n * dim);
  let o = nl + 1;
  for (let i = 0; i < n; i++) {
    while (o < buf.length && (buf[o] === 10 || buf[o] === 13)) o++;
    const sp = buf.indexOf(32, o);
    if (sp < 0 || sp - o > 1000) throw new UserError(`${file}: truncated at word ${i + 1} of ${n} (byte ${o})`);
    const w = buf.subarray(o, sp).toString('utf8');
    if (seen.has(w)) throw new UserError(`${file}: duplicate word "${w}" at entry ${i + 1}`);
    seen.add(w);
    o = sp + 1;
    if (o + dim * 4 > buf.length) throw new UserError(`${file}: truncated in the vector of "${w}" (entry ${i + 1} of ${n})`);
    for (let d = 0; d < dim; d++) vectors[i * dim + d] = buf.readFloatLE(o + d * 4);
    o += dim * 4;
    words.push(w);
  }
  return { words, dim, vectors };
}

/** TensorBoard projector: vectors.tsv (tab-separated numbers) + metadata.tsv (one label a line, or a header + columns). */
async function readTsv(fileOrDir: string, opts: ReadOptions): Promise<WordVectors> {
  const dir = fs.statSync(fileOrDir).isDirectory() ? fileOrDir : path.dirname(fileOrDir);
  const vecFile = fs.statSync(fileOrDir).isDirectory() ? path.join(dir, 'vectors.tsv') : fileOrDir;
  const metaFile = path.join(dir, 'metadata.tsv');
  if (!fs.existsSync(vecFile) || !fs.existsSync(metaFile)) throw new UserError(`${dir}: needs vectors.tsv and metadata.tsv`);
  let labels = fs.readFileSync(metaFile, 'utf8').split(/\r?\n/);
  if (labels[labels.length - 1] === '') labels.pop();
  // Multi-column metadata has a header row; the first column is the label.
  if (labels[0]?.includes('\t')) labels = labels.slice(1).map((l) => l.split('\t')[0]);
  const c = new Collector(vecFile);
  const max = opts.maxWords ?? Infinity;
  let lineNo = 0;
  for await (const raw of lines(vecFile)) {
    lineNo++;
    if (lineNo % 8192 === 0) {
      throwIfAborted(opts.signal);
      opts.onProgress?.(c.words.length, Math.min(1, c.words.length / Math.min(labels.length, max)));
    }
    if (!raw.trim()) continue;
    if (c.words.length >= max) break;
    if (lineNo > labels.length) throw new UserError(`${vecFile} line ${lineNo}: more vectors than labels in metadata.tsv (${labels.length})`);
    c.add(labels[lineNo - 1], raw.trim().split('\t'), lineNo);
  }
  const wv = c.result();
  if (wv.words.length < Math.min(labels.length, max)) throw new UserError(`${vecFile}: ${wv.words.length} vectors but ${labels.length} labels in metadata.tsv`);
  return wv;
}
