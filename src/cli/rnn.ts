// CLI of the recurrent models: `train-lm --arch rnn|lstm|gru|transformer` (the transformer's command for the default
// arch, the same flags and outputs for the recurrent cells) and `rnn-states` (hidden states and gates over a text).
import { UserError } from '../engine/errors';
import { isRnnArch, isRnnPreset, RNN_ARCHS } from '../engine/rnn/config';
import { trainRnnToDir } from '../engine/rnn/trainRun';
import { getRnn } from '../engine/rnn/registry';
import { recurrentStates } from '../engine/rnn/inspect';
import { TRAINABLE_KINDS, type TrainableKind } from '../engine/lm/tokenizers/index';
import { flagNumber, flagString } from './args';
import { lmCommands } from './lm';
import type { CliCommand } from './types';

const ARCHS = ['transformer', ...RNN_ARCHS];

const trainTransformer = lmCommands['train-lm'];

export const rnnCommands: Record<string, CliCommand> = {
  'train-lm': {
    usage: 'train-lm [--arch transformer|rnn|lstm|gru] --corpus FILE|moby-dick --tokenizer char|word|bpe --preset femto|pico|small (recurrent: also hello) [--steps N] [--batch B] [--lr LR] [--clip C] --out DIR',
    summary: 'train a small GPT (default) or a recurrent LM on a text file (resumes when DIR already holds a checkpoint)',
    flags: ['arch', 'corpus', 'tokenizer', 'preset', 'steps', 'batch', 'lr', 'clip', 'seed', 'eval-every', 'sample-every', 'checkpoint-every', 'out'],
    async run(args, io) {
      const arch = flagString(args, 'arch') ?? 'transformer';
      if (!ARCHS.includes(arch)) throw new UserError(`--arch must be one of ${ARCHS.join(', ')}, got "${arch}"`);
      if (!isRnnArch(arch)) {
        if (flagString(args, 'preset') === 'hello') throw new UserError('--preset hello is the recurrent lecture toy: add --arch rnn, lstm or gru');
        return trainTransformer.run(args, io);
      }
      const out = flagString(args, 'out');
      if (!out) throw new UserError('--out DIR is required');
      const tokenizer = flagString(args, 'tokenizer') ?? 'char';
      if (!(TRAINABLE_KINDS as readonly string[]).includes(tokenizer)) throw new UserError(`--tokenizer must be one of ${TRAINABLE_KINDS.join(', ')}`);
      const preset = flagString(args, 'preset') ?? 'pico';
      if (!isRnnPreset(preset)) throw new UserError('--preset must be hello, femto, pico or small');
      const options: Record<string, number> = {};
      const num = (flag: string, key: string) => {
        if (args.flags[flag] !== undefined) options[key] = flagNumber(args, flag, 0);
      };
      num('steps', 'steps');
      num('batch', 'batchSize');
      num('lr', 'learningRate');
      num('seed', 'seed');
      num('clip', 'gradClip');
      num('eval-every', 'evalEvery');
      num('checkpoint-every', 'checkpointEvery');
      const r = await trainRnnToDir({
        arch,
        corpus: flagString(args, 'corpus'),
        tokenizer: tokenizer as TrainableKind,
        preset,
        options,
        outDir: out,
        traceEvery: 50,
        signal: io.signal,
        onStep: (s) => io.progress(`step ${s.step}/${s.totalSteps} loss ${s.loss.toFixed(4)}${s.valLoss !== undefined ? ` val ${s.valLoss.toFixed(4)}` : ''} lr ${s.lr.toExponential(2)} ${s.tokensPerSec.toFixed(0)} tok/s`),
      });
      io.err('');
      const tokensPerSec = r.state.tokensSeen / Math.max(1e-9, r.state.trainSeconds);
      const summary = { outDir: r.outDir, arch, resumed: r.resumed, steps: r.state.step, finalLoss: r.finalLoss, valLoss: r.valLoss, trainSeconds: r.state.trainSeconds, tokensPerSec, gradThroughTime: r.gradThroughTime };
      if (args.flags.json) io.out(JSON.stringify(summary));
      else io.out(`${r.resumed ? 'resumed and trained' : 'trained'} ${arch.toUpperCase()} to step ${r.state.step}: loss ${r.finalLoss?.toFixed(4)}${r.valLoss !== undefined ? `, val ${r.valLoss.toFixed(4)}` : ''}; ${tokensPerSec.toFixed(0)} tok/s; saved in ${out}`);
    },
  },
  'rnn-states': {
    usage: 'rnn-states --model DIR TEXT --json',
    summary: 'a recurrent model over TEXT: hidden state per layer [t][unit], LSTM gates (input/forget/output) or GRU gates, and ‖∂L/∂h_t‖ through time',
    flags: ['model'],
    async run(args, io) {
      const dir = flagString(args, 'model');
      if (!dir) throw new UserError('--model DIR (a recurrent checkpoint) is required');
      const text = args._.join(' ');
      if (!text) throw new UserError('give TEXT');
      const r = (await recurrentStates(getRnn(dir), text));
      if (args.flags.json) return io.out(JSON.stringify(r));
      io.out(`${r.arch.toUpperCase()}, ${r.tokens.length} tokens: ${r.tokens.join(' ')}`);
      io.out(`‖∂L/∂h_t‖: ${r.gradThroughTime.map((g) => g.toExponential(2)).join(' ')}`);
    },
  },
};
