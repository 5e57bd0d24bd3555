// CLI for word embeddings: train-embeddings, neighbors, analogy, eval-embeddings, import/export-vectors.
// --model defaults to the embedded GloVe vectors ('glove-default').
import * as fs from 'node:fs';
import { UserError } from '../engine/errors';
import { assetPath } from '../engine/embeddings/assets';
import { saveModel } from '../engine/embeddings/checkpoint';
import { evaluateAnalogies, evaluateSimilarity, parseAnalogies, parseSimilarityPairs } from '../engine/embeddings/evaluate';
import { readVectors, writeVectors, type VectorFormat } from '../engine/embeddings/formats';
import { openModel } from '../engine/embeddings/models';
import { METHODS, trainModel } from '../engine/embeddings/trainModel';
import type { EmbeddingMethod } from '../engine/embeddings/training';
import type { Metric } from '../engine/embeddings/vectorStore';
import { flagNumber, flagString } from './args';
import type { CliCommand, ParsedArgs } from './types';

const FORMATS: readonly VectorFormat[] = ['word2vec', 'glove', 'word2vec-bin', 'tsv'];

function need(args: ParsedArgs, n: number, usage: string): string[] {
  if (args._.length < n) throw new UserError(`usage: model-lens ${usage}`);
  return args._;
}

function readText(file: string): string {
  if (!fs.existsSync(file)) throw new UserError(`${file} does not exist`);
  return fs.readFileSync(file, 'utf8');
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

export const embeddingCommands: Record<string, CliCommand> = {
  'train-embeddings': {
    usage: 'train-embeddings --corpus FILE|moby-dick|sotu|brown --method sgns|cbow|glove|prevnext [--dim N --window N --epochs N --min-count N --max-vocab N --seed N --resume] --out DIR',
    summary: 'train word vectors on a corpus and save the model (checkpointed each epoch)',
    flags: ['corpus', 'method', 'dim', 'window', 'epochs', 'min-count', 'max-vocab', 'seed', 'negative', 'lr', 'sample', 'resume', 'out'],
    switches: ['resume'],
    async run(args, io) {
      const corpus = flagString(args, 'corpus');
      const out = flagString(args, 'out');
      const method = (flagString(args, 'method') ?? 'sgns') as EmbeddingMethod;
      if (!corpus || !out) throw new UserError(`usage: model-lens ${this.usage}`);
      if (!METHODS.includes(method)) throw new UserError(`--method must be one of ${METHODS.join(', ')}`);
      const config: Record<string, unknown> = {};
      for (const [flag, key] of [['dim', 'dim'], ['window', 'window'], ['epochs', 'epochs'], ['min-count', 'minCount'], ['max-vocab', 'maxVocab'], ['seed', 'seed'], ['negative', 'negative'], ['lr', 'lr'], ['sample', 'sample']] as const) {
        if (args.flags[flag] !== undefined) config[key] = flagNumber(args, flag, 0);
      }
      const r = await trainModel(
        { corpus, method, config, out, resume: !!args.flags.resume },
        {
          signal: io.signal,
          onProgress: (p) =>
            io.progress(
              `epoch ${p.epoch}/${p.epochs} ${pct(p.wordsDone / p.totalWords)} loss ${p.loss.toFixed(4)} ${Math.round(p.wordsPerSec).toLocaleString('en-US')} words/s lr ${p.lr.toExponential(2)}`,
              (p.epoch - 1 + p.wordsDone / Math.max(1, p.totalWords)) / Math.max(1, p.epochs),
            ),
        },
      );
      const v = r.result.vocabulary;
      if (args.flags.json) return io.out(JSON.stringify({ out, meta: r.meta, wordsPerSec: r.result.wordsPerSec, seconds: r.result.seconds, samples: r.samples }, null, 2));
      io.out(`saved ${method} model to ${out}: ${r.meta.words} words × ${r.meta.dim}`);
      io.out(`vocabulary: ${v.kept.types} kept of ${v.types} distinct (${v.belowMinCount.types} below min count, ${v.beyondMaxVocab.types} beyond max vocab)`);
      io.out(`${r.result.seconds.toFixed(1)} s, ${Math.round(r.result.wordsPerSec).toLocaleString('en-US')} words/s, final loss ${r.result.lossHistory.at(-1)?.loss.toFixed(4)}`);
      if (r.samples) io.out(`sampled before training: ${r.samples.before}\nsampled after training:  ${r.samples.after}`);
    },
  },
  neighbors: {
    usage: 'neighbors WORD [--model DIR] [--k 10] [--metric cosine|dot|euclidean] [--json]',
    summary: 'nearest words to WORD',
    flags: ['model', 'k', 'metric'],
    async run(args, io) {
      const [word] = need(args, 1, this.usage);
      const metric = (flagString(args, 'metric') ?? 'cosine') as Metric;
      if (!['cosine', 'dot', 'euclidean'].includes(metric)) throw new UserError('--metric must be cosine, dot or euclidean');
      const res = openModel(flagString(args, 'model')).nearest(word, { k: flagNumber(args, 'k', 10), metric });
      if (args.flags.json) return io.out(JSON.stringify({ word, metric, results: res }, null, 2));
      res.forEach((r, i) => io.out(`${String(i + 1).padStart(3)}  ${r.word.padEnd(20)} ${r.score.toFixed(4)}`));
    },
  },
  analogy: {
    usage: 'analogy A B C [--model DIR] [--k 10] [--method 3cosadd|3cosmul] [--json]',
    summary: 'A − B + C ≈ ? (analogy king man woman → queen)',
    flags: ['model', 'k', 'method'],
    async run(args, io) {
      const [a, b, c] = need(args, 3, this.usage);
      const method = (flagString(args, 'method') ?? '3cosadd') as '3cosadd' | '3cosmul';
      if (method !== '3cosadd' && method !== '3cosmul') throw new UserError('--method must be 3cosadd or 3cosmul');
      const res = openModel(flagString(args, 'model')).analogy(a, b, c, { k: flagNumber(args, 'k', 10), method });
      if (args.flags.json) return io.out(JSON.stringify({ a, b, c, method, results: res }, null, 2));
      res.forEach((r, i) => io.out(`${String(i + 1).padStart(3)}  ${r.word.padEnd(20)} ${r.score.toFixed(4)}`));
    },
  },
  'eval-embeddings': {
    usage: 'eval-embeddings [--model DIR] [--analogies FILE] [--similarity FILE] [--top-n 30000] [--method 3cosadd|3cosmul] [--json]',
    summary: 'analogy accuracy per section + coverage, and Spearman ρ on word-pair similarity files',
    flags: ['model', 'analogies', 'similarity', 'top-n', 'method'],
    async run(args, io) {
      const s = openModel(flagString(args, 'model'));
      const file = flagString(args, 'analogies') ?? assetPath('eval/questions-words.txt');
      const method = (flagString(args, 'method') ?? '3cosadd') as '3cosadd' | '3cosmul';
      const ev = evaluateAnalogies(s, parseAnalogies(readText(file), file), {
        topN: flagNumber(args, 'top-n', 30000),
        method,
        signal: io.signal,
        onProgress: (d, t) => io.progress(`${d}/${t} questions`, d / Math.max(1, t)),
      });
      const simFile = flagString(args, 'similarity');
      const sim = simFile ? evaluateSimilarity(s, parseSimilarityPairs(readText(simFile), simFile)) : undefined;
      if (args.flags.json) return io.out(JSON.stringify({ analogy: ev, similarity: sim }, null, 2));
      for (const sc of ev.sections) io.out(`${sc.section.padEnd(30)} ${pct(sc.accuracy).padStart(6)}  (${sc.correct}/${sc.answered}, ${sc.total} questions)`);
      io.out(`overall ${pct(ev.accuracy)} (${ev.correct}/${ev.answered}), coverage ${pct(ev.coverage)} of ${ev.total}, top ${ev.topN}, ${ev.method}`);
      if (sim) io.out(`similarity ${simFile}: Spearman ρ ${sim.spearman.toFixed(3)} on ${sim.found}/${sim.pairs} pairs`);
    },
  },
  'import-vectors': {
    usage: 'import-vectors FILE --out DIR [--format word2vec|glove|word2vec-bin|tsv] [--max-words N]',
    summary: 'read a word-vector file into a Model Lens model folder',
    flags: ['out', 'format', 'max-words'],
    async run(args, io) {
      const [file] = need(args, 1, this.usage);
      const out = flagString(args, 'out');
      if (!out) throw new UserError(`usage: model-lens ${this.usage}`);
      const format = flagString(args, 'format') as VectorFormat | undefined;
      if (format && !FORMATS.includes(format)) throw new UserError(`--format must be one of ${FORMATS.join(', ')}`);
      const maxWords = args.flags['max-words'] !== undefined ? flagNumber(args, 'max-words', 0) : undefined;
      const wv = await readVectors(file, format, { maxWords, signal: io.signal });
      await saveModel(out, wv, { method: 'imported', corpus: file, config: { source: file } });
      io.out(`imported ${wv.words.length} × ${wv.dim} into ${out}`);
    },
  },
  'export-vectors': {
    usage: 'export-vectors FILE --format word2vec|glove|word2vec-bin|tsv [--model DIR] [--max-words N]',
    summary: 'write a model as a word-vector file (tsv: FILE is a folder for vectors.tsv + metadata.tsv)',
    flags: ['format', 'model', 'max-words'],
    async run(args, io) {
      const [file] = need(args, 1, this.usage);
      const format = flagString(args, 'format') as VectorFormat;
      if (!FORMATS.includes(format)) throw new UserError(`--format must be one of ${FORMATS.join(', ')}`);
      const s = openModel(flagString(args, 'model'));
      const n = Math.min(s.size, flagNumber(args, 'max-words', s.size));
      const files = await writeVectors(file, { words: s.words.slice(0, n), dim: s.dim, vectors: s.vectors.subarray(0, n * s.dim) }, format);
      io.out(`wrote ${n} × ${s.dim}: ${files.join(', ')}`);
    },
  },
};
