// Intrinsic evaluation: analogy files in the word2vec questions-words format (": section" blocks of
// "a b c d" meaning b − a + c ≈ d) and word-pair similarity files ("w1 w2 score") scored by Spearman ρ.
import { throwIfAborted, UserError } from '../errors';
import { cosMul, type AnalogyMethod, type VectorStore } from './vectorStore';

export interface AnalogyQuestion {
  section: string;
  /** 1-based line in the file. */
  line: number;
  words: [string, string, string, string];
}

export interface SectionScore {
  section: string;
  /** Questions in the file. */
  total: number;
  /** Questions whose four words are all among the candidates. */
  answered: number;
  correct: number;
  /** correct / answered (0 when none answered). */
  accuracy: number;
}

export interface AnalogyEvaluation {
  method: AnalogyMethod;
  topN: number;
  sections: SectionScore[];
  total: number;
  answered: number;
  correct: number;
  /** correct / answered, as gensim reports it. */
  accuracy: number;
  /** answered / total. */
  coverage: number;
  /** A few wrong answers, for people to look at. */
  examples: { question: string; expected: string; got: string }[];
}

export interface EvalOptions {
  /** Candidates (and question words) restricted to the most frequent topN rows (default 30000). */
  topN?: number;
  method?: AnalogyMethod;
  /** Lowercase the questions (default true: GloVe and our tokenizer are lowercase). */
  lowercase?: boolean;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** Parses questions-words text; a line that is not ": name" or four words is a UserError with its number. */
export function parseAnalogies(text: string, source = 'analogy file'): AnalogyQuestion[] {
  const out: AnalogyQuestion[] = [];
  let section = '(none)';
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i].trim();
    if (!l || l.startsWith('#') || l.startsWith('//')) continue;
    if (l.startsWith(':')) {
      section = l.slice(1).trim() || '(unnamed)';
      continue;
    }
    const parts = l.split(/\s+/);
    if (parts.length !== 4) throw new UserError(`${source} line ${i + 1}: expected 4 words or ": section", got ${parts.length} fields`);
    out.push({ section, line: i + 1, words: parts as [string, string, string, string] });
  }
  if (out.length === 0) throw new UserError(`${source}: no analogy questions found`);
  return out;
}

/** Runs every question: d is correct when it ranks first among the topN candidates, a/b/c excluded. */
export function evaluateAnalogies(store: VectorStore, questions: AnalogyQuestion[], opts: EvalOptions = {}): AnalogyEvaluation {
  const it = analogySteps(store, questions, opts);
  for (;;) {
    const r = it.next();
    if (r.done) return r.value;
  }
}

/**
 * The same evaluation, giving the event loop a turn every 256 questions so progress notifications go
 * out and a cancellation can arrive while it runs (the full Google set takes ~15 s).
 */
export async function evaluateAnalogiesAsync(store: VectorStore, questions: AnalogyQuestion[], opts: EvalOptions = {}): Promise<AnalogyEvaluation> {
  const it = analogySteps(store, questions, opts);
  for (;;) {
    const r = it.next();
    if (r.done) return r.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** The evaluation loop; yields the number of questions done after each progress report. */
function* analogySteps(store: VectorStore, questions: AnalogyQuestion[], opts: EvalOptions): Generator<number, AnalogyEvaluation> {
  const n = Math.min(store.size, opts.topN ?? 30000);
  const method = opts.method ?? '3cosadd';
  const lower = opts.lowercase ?? true;
  const sections = new Map<string, SectionScore>();
  const examples: AnalogyEvaluation['examples'] = [];
  // Cosine of one question word with every candidate, cached: the 19.5k Google questions use ~900 words.
  const rows = new Map<number, Float32Array>();
  const simRow = (w: number): Float32Array => {
    let r = rows.get(w);
    if (!r) {
      r = new Float32Array(n);
      const U = store.unit;
      const dim = store.dim;
      const o = w * dim;
      for (let i = 0; i < n; i++) {
        let s = 0;
        const oi = i * dim;
        for (let d = 0; d < dim; d++) s += U[oi + d] * U[o + d];
        r[i] = s;
      }
      rows.set(w, r);
    }
    return r;
  };
  let answered = 0;
  let correct = 0;
  let lastSection = '';
  for (let q = 0; q < questions.length; q++) {
    if (q % 256 === 0) {
      throwIfAborted(opts.signal);
      opts.onProgress?.(q, questions.length);
      if (q > 0) yield q;
    }
    const { section, words } = questions[q];
    if (section !== lastSection) {
      rows.clear(); // sections rarely share words; bounds memory to one section's words
      lastSection = section;
    }
    let sc = sections.get(section);
    if (!sc) sections.set(section, (sc = { section, total: 0, answered: 0, correct: 0, accuracy: 0 }));
    sc.total++;
    const idx = words.map((w) => store.find(lower ? w.toLowerCase() : w));
    if (idx.some((i) => i < 0 || i >= n)) continue;
    const [ia, ib, ic, id] = idx;
    // b − a + c: positives b and c, negative a.
    const sb = simRow(ib);
    const sa = simRow(ia);
    const scc = simRow(ic);
    let best = -1;
    let bestScore = -Infinity;
    for (let i = 0; i < n; i++) {
      if (i === ia || i === ib || i === ic) continue;
      const s = method === '3cosadd' ? sb[i] - sa[i] + scc[i] : cosMul(sb[i], sa[i], scc[i]);
      if (s > bestScore) {
        bestScore = s;
        best = i;
      }
    }
    sc.answered++;
    answered++;
    if (best === id) {
      sc.correct++;
      correct++;
    } else if (examples.length < 20) {
      examples.push({ question: words.slice(0, 3).join(' '), expected: words[3], got: store.words[best] ?? '' });
    }
  }
  opts.onProgress?.(questions.length, questions.length);
  for (const s of sections.values()) s.accuracy = s.answered ? s.correct / s.answered : 0;
  return {
    method,
    topN: n,
    sections: [...sections.values()],
    total: questions.length,
    answered,
    correct,
    accuracy: answered ? correct / answered : 0,
    coverage: questions.length ? answered / questions.length : 0,
    examples,
  };
}

export interface SimilarityPair {
  line: number;
  a: string;
  b: string;
  score: number;
}

/** Parses "w1 w2 score" lines (space, tab or comma separated); a non-numeric first line is a header. */
export function parseSimilarityPairs(text: string, source = 'similarity file'): SimilarityPair[] {
  const out: SimilarityPair[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i].trim();
    if (!l || l.startsWith('#')) continue;
    const parts = l.split(/[\s,]+/);
    const score = Number(parts[2]);
    if (parts.length < 3 || !Number.isFinite(score)) {
      if (out.length === 0 && i === lines.findIndex((x) => x.trim() && !x.trim().startsWith('#'))) continue; // header
      throw new UserError(`${source} line ${i + 1}: expected "word1 word2 score", got "${l.slice(0, 60)}"`);
    }
    out.push({ line: i + 1, a: parts[0], b: parts[1], score });
  }
  if (out.length === 0) throw new UserError(`${source}: no word pairs found`);
  return out;
}

export interface SimilarityEvaluation {
  pairs: number;
  /** Pairs with both words in the vocabulary. */
  found: number;
  coverage: number;
  /** Spearman rank correlation of human scores with cosine similarity over the found pairs. */
  spearman: number;
  pearson: number;
}

export function evaluateSimilarity(store: VectorStore, pairs: SimilarityPair[], lowercase = true): SimilarityEvaluation {
  const human: number[] = [];
  const model: number[] = [];
  for (const p of pairs) {
    const a = store.find(lowercase ? p.a.toLowerCase() : p.a);
    const b = store.find(lowercase ? p.b.toLowerCase() : p.b);
    if (a < 0 || b < 0) continue;
    human.push(p.score);
    model.push(store.similarity(store.words[a], store.words[b]));
  }
  return {
    pairs: pairs.length,
    found: human.length,
    coverage: pairs.length ? human.length / pairs.length : 0,
    spearman: spearman(human, model),
    pearson: pearson(human, model),
  };
}

/** Ranks starting at 1, ties get their average rank. */
export function ranks(xs: readonly number[]): number[] {
  const order = xs.map((x, i) => [x, i] as const).sort((p, q) => p[0] - q[0]);
  const r = new Array<number>(xs.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    const avg = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++) r[order[t][1]] = avg;
    i = j + 1;
  }
  return r;
}

export function pearson(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  if (n < 2) return NaN;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i] / n;
    my += y[i] / n;
  }
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}

/** Spearman ρ = Pearson correlation of the (tie-averaged) ranks. */
export function spearman(x: readonly number[], y: readonly number[]): number {
  return pearson(ranks(x), ranks(y));
}
