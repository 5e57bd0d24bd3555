// Word-embedding benchmarks: skip-gram/CBOW/GloVe words/s on State of the Union (Moby Dick in --quick),
// analogy accuracy of the trained vectors, and the embedded GloVe's load time.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadCorpus } from '../../src/engine/embeddings/corpora';
import { tokenizeWords } from '../../src/engine/embeddings/tokenize';
import { defaultCbowConfig, defaultSkipGramConfig, trainCbow, trainSkipGram } from '../../src/engine/embeddings/word2vec';
import { defaultGloveConfig, trainGlove } from '../../src/engine/embeddings/glove';
import { loadDefaultGlove, assetPath } from '../../src/engine/embeddings/assets';
import { VectorStore } from '../../src/engine/embeddings/vectorStore';
import { evaluateAnalogies, parseAnalogies } from '../../src/engine/embeddings/evaluate';
import { timeRuns, type BenchTask } from './types';

export const BENCH_TMP = path.join(os.tmpdir(), 'model-lens-bench');

/** The corpus tokenised once by our tokenizer; also written for gensim so both see identical tokens. */
export function benchTokens(quick: boolean): { name: string; tokens: string[]; file: string } {
  const name = quick ? 'moby-dick' : 'sotu';
  const tokens = tokenizeWords(loadCorpus(name).text, { lowercase: true, keepPunctuation: false });
  fs.mkdirSync(BENCH_TMP, { recursive: true });
  const file = path.join(BENCH_TMP, `${name}-tokens.txt`);
  const lines: string[] = [];
  for (let i = 0; i < tokens.length; i += 1000) lines.push(tokens.slice(i, i + 1000).join(' '));
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return { name, tokens, file };
}

export const SGNS_TASK = 'skip-gram (SGNS) training';

export const sgns: BenchTask = {
  name: SGNS_TASK,
  unit: 'words/s',
  higherIsBetter: true,
  backends: 'none',
  quick: true,
  async run(o) {
    const { name, tokens } = benchTokens(o.quick);
    const cfg = { ...defaultSkipGramConfig(), dim: 100, window: 5, negative: 5, epochs: o.quick ? 1 : 5, minCount: 5, sample: 1e-3 };
    const r = await trainSkipGram(tokens, cfg);
    const store = new VectorStore(r.vectors);
    const qs = parseAnalogies(fs.readFileSync(assetPath('eval/questions-words.txt'), 'utf8'));
    const ev = evaluateAnalogies(store, qs, { topN: 30000 });
    return {
      values: [r.wordsPerSec],
      extra: { corpus: name, words: tokens.length, epochs: cfg.epochs, seconds: r.seconds, analogyAccuracy: ev.accuracy, analogyCoverage: ev.coverage },
    };
  },
};

export const cbow: BenchTask = {
  name: 'CBOW training',
  unit: 'words/s',
  higherIsBetter: true,
  backends: 'none',
  quick: false,
  async run(o) {
    const { tokens } = benchTokens(o.quick);
    const r = await trainCbow(tokens, { ...defaultCbowConfig(), epochs: 1 });
    return { values: [r.wordsPerSec], extra: { seconds: r.seconds } };
  },
};

export const glove: BenchTask = {
  name: 'GloVe training',
  unit: 'words/s',
  higherIsBetter: true,
  backends: 'none',
  quick: false,
  async run(o) {
    const { tokens } = benchTokens(o.quick);
    const r = await trainGlove(tokens, { ...defaultGloveConfig(), epochs: 5 });
    return { values: [r.wordsPerSec], extra: { seconds: r.seconds } };
  },
};

export const gloveLoad: BenchTask = {
  name: 'default GloVe 50k load',
  unit: 'ms',
  higherIsBetter: false,
  target: { op: '<=', value: 1000 },
  backends: 'none',
  quick: true,
  async run() {
    return { values: await timeRuns(5, () => new VectorStore(loadDefaultGlove())) };
  },
};
