// CLI of the sequence-to-sequence room: train-seq2seq (prints accuracy against input length) and translate (output and
// the decoder's alignment over the input as JSON).
import { UserError } from '../engine/errors';
import { SEQ2SEQ_ARCHS, type Seq2SeqArch } from '../engine/seq2seq/model';
import { SEQ2SEQ_TASKS } from '../engine/seq2seq/tasks';
import { accuracyByLength, loadSeq2Seq, saveSeq2Seq, SEQ2SEQ_KIND, trainSeq2Seq, translate } from '../engine/seq2seq/train';
import { assertWritableFolder } from '../engine/rnn/tensorFolder';
import * as tf from '@tensorflow/tfjs-core';
import { flagNumber, flagString } from './args';
import type { CliCommand } from './types';

export const seq2seqCommands: Record<string, CliCommand> = {
  'train-seq2seq': {
    usage: `train-seq2seq --task ${Object.keys(SEQ2SEQ_TASKS).join('|')} --arch ${SEQ2SEQ_ARCHS.join('|')} --out DIR [--steps N] [--batch B] [--lr LR] [--hidden H] [--max-length L] [--seed S] [--json]`,
    summary: 'train an encoder–decoder on a generated task and print its accuracy against input length',
    flags: ['task', 'arch', 'out', 'steps', 'batch', 'lr', 'hidden', 'max-length', 'seed', 'eval-per-length'],
    async run(args, io) {
      const taskName = flagString(args, 'task');
      if (!taskName || !SEQ2SEQ_TASKS[taskName]) throw new UserError(`--task must be one of ${Object.keys(SEQ2SEQ_TASKS).join(', ')}`);
      const arch = flagString(args, 'arch') ?? 'rnn-attention';
      if (!(SEQ2SEQ_ARCHS as readonly string[]).includes(arch)) throw new UserError(`--arch must be one of ${SEQ2SEQ_ARCHS.join(', ')}, got "${arch}"`);
      const out = flagString(args, 'out');
      if (!out) throw new UserError('--out DIR is required');
      assertWritableFolder(out, SEQ2SEQ_KIND);
      const options: Record<string, number> = {};
      for (const [flag, key] of [['steps', 'steps'], ['batch', 'batchSize'], ['lr', 'learningRate'], ['seed', 'seed'], ['eval-per-length', 'evalPerLength']]) {
        if (args.flags[flag] !== undefined) options[key] = flagNumber(args, flag, 0);
      }
      const config = args.flags.hidden !== undefined ? { dHidden: flagNumber(args, 'hidden', 48) } : {};
      const maxLength = args.flags['max-length'] !== undefined ? flagNumber(args, 'max-length', 12) : undefined;
      const t0 = performance.now();
      const m = await trainSeq2Seq({ taskName, arch: arch as Seq2SeqArch, maxLength, config, options, signal: io.signal, onStep: (s) => io.progress(`step ${s.step}/${s.totalSteps} loss ${s.loss.toFixed(4)}`) });
      try {
        const trainSeconds = (performance.now() - t0) / 1000;
        io.err('');
        const perLength = options.evalPerLength ?? 40;
        const accuracy = await accuracyByLength(m, perLength);
        const opts = { steps: m.history.length, batchSize: options.batchSize ?? 32, learningRate: options.learningRate ?? 1e-2, gradClip: 1, seed: options.seed ?? 1, evalPerLength: perLength };
        await saveSeq2Seq(out, m, { history: m.history, accuracy, options: opts, trainSeconds });
        const summary = { outDir: out, task: taskName, arch, steps: m.history.length, finalLoss: m.history.at(-1), trainSeconds, accuracy };
        if (args.flags.json) return io.out(JSON.stringify(summary));
        io.out(`${arch} on ${taskName}: loss ${summary.finalLoss?.toFixed(4)} after ${summary.steps} steps (${trainSeconds.toFixed(1)} s); saved in ${out}`);
        io.out('length  exact  tokens');
        for (const r of accuracy) io.out(`${String(r.length).padStart(6)}  ${(100 * r.accuracy).toFixed(0).padStart(4)}%  ${(100 * r.tokenAccuracy).toFixed(0).padStart(5)}%`);
      } finally {
        tf.dispose(Object.values(m.params));
      }
    },
  },
  translate: {
    usage: 'translate --model DIR TEXT [--json]',
    summary: 'greedy translation by a seq2seq model; --json adds the alignment [output token][input token]',
    flags: ['model'],
    async run(args, io) {
      const dir = flagString(args, 'model');
      if (!dir) throw new UserError('--model DIR (a folder written by train-seq2seq) is required');
      const m = loadSeq2Seq(dir);
      try {
        const r = await translate(m, args._.join(' '));
        if (args.flags.json) return io.out(JSON.stringify({ output: r.output, tokens: r.tokens, input: r.input, alignment: r.alignment }));
        io.out(r.output);
      } finally {
        tf.dispose(Object.values(m.params));
      }
    },
  },
};
