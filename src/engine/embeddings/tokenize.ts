// Word tokenizer, vocabulary with a report of what it dropped, and word2vec's frequent-word subsampling.
import { UserError } from '../errors';

export interface TokenizerOptions {
  /** Default true. */
  lowercase?: boolean;
  /** Keep punctuation marks as their own tokens (default false: dropped). */
  keepPunctuation?: boolean;
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;
const WORD_OR_PUNCT = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]/gu;

/** Splits text into word tokens ("don't" stays one token); punctuation optional, one mark per token. */
export function tokenizeWords(text: string, opts: TokenizerOptions = {}): string[] {
  const src = opts.lowercase === false ? text : text.toLowerCase();
  const re = opts.keepPunctuation ? WORD_OR_PUNCT : WORD;
  return src.match(re) ?? [];
}

export interface VocabularyOptions {
  /** Words seen fewer times are dropped (default 1). */
  minCount?: number;
  /** Keep at most this many most frequent words (0 or undefined: no cap). */
  maxVocab?: number;
}

export interface VocabularyReport {
  /** Distinct words in the corpus. */
  types: number;
  /** Tokens in the corpus. */
  tokens: number;
  kept: { types: number; tokens: number };
  belowMinCount: { types: number; tokens: number };
  beyondMaxVocab: { types: number; tokens: number };
}

export interface Vocabulary {
  /** Most frequent first; ties in order of first appearance. */
  words: string[];
  /** [words.length] corpus counts. */
  counts: Float64Array;
  index: Map<string, number>;
  report: VocabularyReport;
}

/** Counts tokens and keeps the words with count ≥ minCount, at most maxVocab of them. */
export function buildVocabulary(tokens: readonly string[], opts: VocabularyOptions = {}): Vocabulary {
  const minCount = Math.max(1, opts.minCount ?? 1);
  const counts = new Map<string, number>();
  for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
  const all = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  const report: VocabularyReport = {
    types: all.length,
    tokens: tokens.length,
    kept: { types: 0, tokens: 0 },
    belowMinCount: { types: 0, tokens: 0 },
    beyondMaxVocab: { types: 0, tokens: 0 },
  };
  const words: string[] = [];
  const kept: number[] = [];
  const cap = opts.maxVocab && opts.maxVocab > 0 ? opts.maxVocab : Infinity;
  for (const [w, c] of all) {
    const bucket = c < minCount ? report.belowMinCount : words.length >= cap ? report.beyondMaxVocab : report.kept;
    bucket.types++;
    bucket.tokens += c;
    if (bucket === report.kept) {
      words.push(w);
      kept.push(c);
    }
  }
  return { words, counts: Float64Array.from(kept), index: new Map(words.map((w, i) => [w, i])), report };
}

/** Token ids of the words in the vocabulary; other tokens are skipped, as word2vec does. */
export function encodeTokens(tokens: readonly string[], vocab: Vocabulary): Int32Array {
  const ids = new Int32Array(tokens.length);
  let n = 0;
  for (const t of tokens) {
    const i = vocab.index.get(t);
    if (i !== undefined) ids[n++] = i;
  }
  return ids.slice(0, n);
}

/**
 * Probability of keeping each word under word2vec's subsampling with threshold `sample` (0 = keep all):
 * keep = (sqrt(c / (s·T)) + 1) · (s·T) / c, capped at 1 (word2vec.c TrainModelThread).
 */
export function keepProbabilities(counts: Float64Array, sample: number): Float32Array {
  const keep = new Float32Array(counts.length).fill(1);
  if (!(sample > 0)) return keep;
  let total = 0;
  for (const c of counts) total += c;
  const st = sample * total;
  for (let i = 0; i < counts.length; i++) keep[i] = Math.min(1, (Math.sqrt(counts[i] / st) + 1) * (st / counts[i]));
  return keep;
}

/** Tokenize + vocabulary + ids, with the checks every trainer needs. */
export function prepareCorpus(
  corpus: string | readonly string[],
  opts: TokenizerOptions & VocabularyOptions & { window?: number; minTokens?: number },
): { vocab: Vocabulary; ids: Int32Array } {
  const tokens = typeof corpus === 'string' ? tokenizeWords(corpus, opts) : corpus;
  if (tokens.length === 0) throw new UserError('the corpus has no words');
  const vocab = buildVocabulary(tokens, opts);
  if (vocab.words.length < 2) {
    throw new UserError(
      `only ${vocab.words.length} word(s) left after min count ${opts.minCount ?? 1} ` +
        `(${vocab.report.belowMinCount.types} distinct words seen fewer times): lower --min-count or use a larger corpus`,
    );
  }
  const ids = encodeTokens(tokens, vocab);
  const need = Math.max(opts.minTokens ?? 0, (opts.window ?? 0) + 1);
  if (ids.length < need) {
    throw new UserError(`the corpus has ${ids.length} usable tokens, fewer than needed (${need}) for a window of ${opts.window ?? 0}`);
  }
  return { vocab, ids };
}
