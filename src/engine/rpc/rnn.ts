// Requests of the recurrent and sequence-to-sequence rooms: hidden states and gates, seq2seq training, translation, summaries.
import type { MessageConnection } from 'vscode-jsonrpc';
import * as tf from '@tensorflow/tfjs-core';
import { rnnStatesRequest, seq2seqDescribeRequest, seq2seqTrainRequest, seq2seqTranslateRequest, type Seq2SeqSummary } from '../../protocol/rnn';
import { UserError } from '../errors';
import { recurrentStates } from '../rnn/inspect';
import { getRnn, isRecurrentId } from '../rnn/registry';
import { assertWritableFolder, openTensorFolder } from '../rnn/tensorFolder';
import { accuracyByLength, loadSeq2Seq, saveSeq2Seq, SEQ2SEQ_KIND, trainSeq2Seq, translate, type LengthAccuracy } from '../seq2seq/train';
import type { Seq2SeqArch } from '../seq2seq/model';
import { handle } from './handle';

export function registerRnn(conn: MessageConnection): void {
  handle(conn, rnnStatesRequest, async (p) => {
    if (!isRecurrentId(p.modelId)) throw new UserError(`"Inside an RNN" needs a recurrent model (RNN, LSTM or GRU); ${p.modelId || 'the chosen model'} is not one. Train one with "Train Language Model…" and choose LSTM.`);
    const lm = getRnn(p.modelId);
    const traces = Array.isArray(lm.meta.gradThroughTime) ? (lm.meta.gradThroughTime as { step: number; norms: number[] }[]) : [];
    return { ...recurrentStates(lm, p.text), trainingTraces: traces, trainedClip: typeof lm.meta.gradClip === 'number' ? lm.meta.gradClip : undefined };
  });
  handle(conn, seq2seqTrainRequest, async (p, ctx) => {
    assertWritableFolder(p.outDir, SEQ2SEQ_KIND);
    const t0 = performance.now();
    const m = await trainSeq2Seq({
      taskName: p.task,
      arch: p.arch,
      maxLength: p.maxLength,
      config: p.dHidden ? { dHidden: p.dHidden } : {},
      options: { ...(p.steps ? { steps: p.steps } : {}), ...(p.seed ? { seed: p.seed } : {}) },
      signal: ctx.signal,
      onStep: (s) => ctx.progress({ fraction: s.step / s.totalSteps, message: `${p.arch}: step ${s.step}/${s.totalSteps} loss ${s.loss.toFixed(3)}`, data: s }),
    });
    try {
      const trainSeconds = (performance.now() - t0) / 1000;
      ctx.progress({ message: `${p.arch}: measuring accuracy against input length…` });
      const accuracy = await accuracyByLength(m);
      await saveSeq2Seq(p.outDir, m, { history: m.history, accuracy, options: { steps: m.history.length, batchSize: 32, learningRate: 1e-2, gradClip: 1, seed: p.seed ?? 1, evalPerLength: 40 }, trainSeconds });
      return { outDir: p.outDir, task: p.task, arch: p.arch, steps: m.history.length, finalLoss: m.history.at(-1) ?? NaN, trainSeconds, accuracy };
    } finally {
      tf.dispose(Object.values(m.params));
    }
  });
  handle(conn, seq2seqTranslateRequest, async (p) => {
    const m = loadSeq2Seq(p.modelDir);
    try {
      return { ...translate(m, p.text), task: m.task.name, arch: m.config.arch };
    } finally {
      tf.dispose(Object.values(m.params));
    }
  });
  handle(conn, seq2seqDescribeRequest, async (p) => ({
    models: (Array.isArray(p.dirs) ? p.dirs : []).filter((d) => typeof d === 'string').map((dir): Seq2SeqSummary => {
      try {
        const f = openTensorFolder(dir, SEQ2SEQ_KIND, 'sequence-to-sequence');
        const cj = f.json('config') as { config: { arch: Seq2SeqArch }; task: string };
        const tr = f.json('training') as { accuracy: LengthAccuracy[] };
        return { dir, task: cj.task, arch: cj.config.arch, accuracy: tr.accuracy };
      } catch (e) {
        return { dir, error: (e as Error).message };
      }
    }),
  }));
}
