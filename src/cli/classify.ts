// CLI for text classifiers: train-classifier, classify (probabilities + pooled attention), evaluate-classifier.
// --data also takes a bundled sample id (brown-genres, sotu-party, sotu-era) with its columns preset.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLASSIFY_SAMPLES, type ClassifierTokenizer, type ClassifyTrainParams, type Pooling } from '../protocol/classify';
import { evaluateClassifier, openClassifier, predictText, trainClassifierFromFile } from '../engine/classify/classifier';
import { UserError } from '../engine/errors';
import { flagNumber, flagString } from './args';
import type { CliCommand, ParsedArgs } from './types';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** A bundled sample's file, found above this file (source tree or dist/). */
function samplePath(rel: string): string | undefined {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const p = path.join(dir, rel);
    if (fs.existsSync(p)) return p;
    if (path.dirname(dir) === dir) return undefined;
  }
}

function optInt(args: ParsedArgs, flag: string): number | undefined {
  return args.flags[flag] === undefined ? undefined : flagNumber(args, flag, 0);
}

export const classifyCommands: Record<string, CliCommand> = {
  'train-classifier': {
    usage:
      'train-classifier --data FILE|brown-genres|sotu-party|sotu-era --text-column NAME --label-column NAME [--from default-encoder|DIR] [--pool cls|mean] [--tokenizer word|char|bpe] [--epochs N --batch-size N --lr X --context N --d-model N --layers N --heads N --max-vocab N --max-examples N --val-fraction X --seed N] --out DIR [--json]',
    summary: 'train a transformer-encoder text classifier on a CSV/TSV/JSONL file, from scratch or fine-tuned from a pretrained encoder (--from); reports validation accuracy vs the majority baseline',
    flags: ['data', 'text-column', 'label-column', 'from', 'pool', 'tokenizer', 'epochs', 'batch-size', 'lr', 'context', 'd-model', 'layers', 'heads', 'max-vocab', 'max-examples', 'val-fraction', 'seed', 'out'],
    async run(args, io) {
      let data = flagString(args, 'data');
      let textColumn = flagString(args, 'text-column');
      let labelColumn = flagString(args, 'label-column');
      const out = flagString(args, 'out');
      const sample = CLASSIFY_SAMPLES.find((s) => s.id === data);
      if (sample) {
        data = samplePath(sample.file);
        if (!data) throw new UserError(`the bundled sample ${sample.file} is missing; run node scripts/buildClassifySamples.mjs`);
        textColumn ??= sample.textColumn;
        labelColumn ??= sample.labelColumn;
      }
      if (!data || !textColumn || !labelColumn || !out) throw new UserError(`usage: model-lens ${this.usage}`);
      const p: ClassifyTrainParams = {
        data, textColumn, labelColumn, out,
        pool: flagString(args, 'pool') as Pooling | undefined,
        tokenizer: flagString(args, 'tokenizer') as ClassifierTokenizer | undefined,
        epochs: optInt(args, 'epochs'),
        batchSize: optInt(args, 'batch-size'),
        learningRate: args.flags.lr === undefined ? undefined : flagNumber(args, 'lr', 0),
        contextLength: optInt(args, 'context'),
        dModel: optInt(args, 'd-model'),
        nLayers: optInt(args, 'layers'),
        nHeads: optInt(args, 'heads'),
        maxVocab: optInt(args, 'max-vocab'),
        maxExamples: optInt(args, 'max-examples'),
        valFraction: args.flags['val-fraction'] === undefined ? undefined : flagNumber(args, 'val-fraction', 0),
        seed: optInt(args, 'seed'),
        from: flagString(args, 'from'),
      };
      const r = await trainClassifierFromFile(p, { signal: io.signal, onProgress: (d, msg) => (d.valAccuracy !== undefined ? io.err(msg) : io.progress(msg, d.step / Math.max(1, d.totalSteps))) });
      if (args.flags.json) return io.out(JSON.stringify(r, null, 2));
      const last = r.history[r.bestEpoch - 1];
      if (r.from) io.out(`fine-tuned from ${r.from.name} (${r.from.parameters.toLocaleString('en-US')} parameters with the new head)`);
      io.out(`saved classifier to ${r.modelDir}: ${r.labels.length} classes (${r.labels.join(', ')}), ${r.examples.train} train / ${r.examples.val} validation examples`);
      for (const n of r.notes) io.out(`note: ${n}`);
      for (const h of r.history) {
        io.out(`epoch ${h.epoch}: train loss ${h.trainLoss.toFixed(3)}, val loss ${h.valLoss.toFixed(3)}, val accuracy ${pct(h.accuracy)}, macro-F1 ${h.macroF1.toFixed(3)}`);
      }
      io.out(`kept epoch ${r.bestEpoch} (best validation macro-F1)`);
      io.out(`validation accuracy ${pct(last.accuracy)} vs majority baseline ${pct(r.baseline.accuracy)} ("${r.baseline.label}"); macro-F1 ${last.macroF1.toFixed(3)} vs ${r.baseline.macroF1.toFixed(3)}`);
      for (const c of last.perClass) io.out(`  ${c.label.padEnd(16)} precision ${c.precision.toFixed(3)} recall ${c.recall.toFixed(3)} F1 ${c.f1.toFixed(3)} (${c.support})`);
      io.out(`${r.seconds.toFixed(1)} s, context ${r.contextLength} tokens, vocabulary ${r.vocabSize}`);
    },
  },
  classify: {
    usage: 'classify --model DIR TEXT [--json]',
    summary: "class probabilities of TEXT and the pooled token's attention over it per layer and head",
    flags: ['model'],
    async run(args, io) {
      const dir = flagString(args, 'model');
      const text = args._.join(' ');
      if (!dir || !text) throw new UserError(`usage: model-lens ${this.usage}`);
      const r = await predictText(openClassifier(dir), text);
      if (args.flags.json) return io.out(JSON.stringify(r, null, 2));
      const order = r.labels.map((l, i) => [l, r.probabilities[i]] as const).sort((a, b) => b[1] - a[1]);
      for (const [l, p] of order) io.out(`${l.padEnd(16)} ${pct(p).padStart(6)} ${'█'.repeat(Math.round(p * 30))}`);
      const a = r.attention.at(-1)!;
      const mean = r.tokens.map((_, k) => a.reduce((s, h) => s + h[k], 0) / a.length);
      const top = r.tokens.map((t, k) => [t, mean[k]] as const).sort((x, y) => y[1] - x[1]).slice(0, 8);
      io.out(`pooled (${r.pool}) attention, last layer, mean over heads: ${top.map(([t, w]) => `${t} ${w.toFixed(2)}`).join(', ')}`);
    },
  },
  'evaluate-classifier': {
    usage: 'evaluate-classifier --model DIR [--data FILE --text-column NAME --label-column NAME] [--json]',
    summary: "confusion matrix and misclassified examples (file:line), on a file or the model's validation split",
    flags: ['model', 'data', 'text-column', 'label-column'],
    async run(args, io) {
      const dir = flagString(args, 'model');
      if (!dir) throw new UserError(`usage: model-lens ${this.usage}`);
      const r = await evaluateClassifier(openClassifier(dir), {
        data: flagString(args, 'data'),
        textColumn: flagString(args, 'text-column'),
        labelColumn: flagString(args, 'label-column'),
      });
      if (args.flags.json) return io.out(JSON.stringify(r, null, 2));
      io.out(`${r.examples} examples from ${r.source}: accuracy ${pct(r.accuracy)} (baseline ${pct(r.baseline.accuracy)}), macro-F1 ${r.macroF1.toFixed(3)}`);
      const w = Math.max(8, ...r.labels.map((l) => l.length));
      io.out(`${'true \\ predicted'.padEnd(w)} ${r.labels.map((l) => l.slice(0, 10).padStart(10)).join(' ')}`);
      r.confusion.forEach((row, i) => io.out(`${r.labels[i].padEnd(w)} ${row.map((v) => String(v).padStart(10)).join(' ')}`));
      for (const m of r.misclassified.slice(0, 10)) io.out(`${m.file}:${m.line}: ${m.label} → ${m.predicted} (${pct(m.confidence)}): ${m.text.slice(0, 80)}`);
    },
  },
};
