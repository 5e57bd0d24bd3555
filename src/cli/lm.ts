// CLI commands of the language-model area: train-lm, predict, generate, eval-lm, attention, logit-lens.
// --model defaults to the embedded subword model (assets/subword-lm); --model default-lm is the char model.
import * as fs from 'node:fs';
import { UserError } from '../engine/errors';
import { isPresetName } from '../engine/lm/config';
import { generate } from '../engine/lm/generate';
import { attentionMaps, evaluateText, logitLens, predictNext, type LmInput } from '../engine/lm/inspect';
import { getLm } from '../engine/lm/registry';
import { assertNotRecurrent, getAnyLm } from '../engine/rnn/registry';
import { TRAINABLE_KINDS, type TrainableKind } from '../engine/lm/tokenizers/index';
import { trainToDir } from '../engine/lm/trainRun';
import { flagNumber, flagString } from './args';
import type { CliCommand, ParsedArgs } from './types';

function lmInput(args: ParsedArgs): LmInput {
  const ids = flagString(args, 'ids');
  if (ids !== undefined) {
    const parsed = ids.split(',').map((s) => Number(s.trim()));
    if (parsed.some((n) => !Number.isInteger(n))) throw new UserError(`--ids must be comma-separated integers, got "${ids}"`);
    return { ids: parsed };
  }
  const text = args._.join(' ');
  if (!text) throw new UserError('give TEXT or --ids 1,2,3');
  return { text };
}

/** Transformer-only views (attention, logit lens) refuse a recurrent folder with a message that says why. */
const model = (args: ParsedArgs, view: string) => {
  assertNotRecurrent(flagString(args, 'model'), view);
  return getLm(flagString(args, 'model'));
};
/** Next-token views work on every architecture. */
const anyModel = (args: ParsedArgs) => getAnyLm(flagString(args, 'model'));

function describeSampling(s: { temperature: number; topK: number; topP: number }): string {
  const parts: string[] = [];
  if (s.topK > 0) parts.push(`top-k ${s.topK}`);
  if (s.topP < 1) parts.push(`top-p ${s.topP}`);
  if (s.temperature !== 1) parts.push(`temperature ${s.temperature}`);
  return parts.join(', ');
}

export const lmCommands: Record<string, CliCommand> = {
  'train-lm': {
    usage: 'train-lm --corpus FILE|moby-dick|sotu|brown --tokenizer char|word|bpe --preset femto|pico|small [--steps N] [--batch B] [--lr LR] --out DIR',
    summary: 'train a small GPT on a text file (resumes when DIR already holds a checkpoint)',
    flags: ['corpus', 'tokenizer', 'preset', 'steps', 'batch', 'lr', 'seed', 'eval-every', 'sample-every', 'checkpoint-every', 'out'],
    async run(args, io) {
      const out = flagString(args, 'out');
      if (!out) throw new UserError('--out DIR is required');
      const tokenizer = flagString(args, 'tokenizer') ?? 'char';
      if (!(TRAINABLE_KINDS as readonly string[]).includes(tokenizer)) throw new UserError(`--tokenizer must be one of ${TRAINABLE_KINDS.join(', ')}`);
      const preset = flagString(args, 'preset') ?? 'pico';
      if (!isPresetName(preset)) throw new UserError('--preset must be femto, pico or small');
      const options: Record<string, number> = {};
      const num = (flag: string, key: string) => {
        if (args.flags[flag] !== undefined) options[key] = flagNumber(args, flag, 0);
      };
      num('steps', 'steps');
      num('batch', 'batchSize');
      num('lr', 'learningRate');
      num('seed', 'seed');
      num('eval-every', 'evalEvery');
      num('sample-every', 'sampleEvery');
      num('checkpoint-every', 'checkpointEvery');
      const r = await trainToDir({
        corpus: flagString(args, 'corpus') ?? 'moby-dick',
        tokenizer: tokenizer as TrainableKind,
        preset,
        options,
        outDir: out,
        signal: io.signal,
        onStep: (s) => {
          io.progress(`step ${s.step}/${s.totalSteps} loss ${s.loss.toFixed(4)}${s.valLoss !== undefined ? ` val ${s.valLoss.toFixed(4)}` : ''} lr ${s.lr.toExponential(2)} ${s.tokensPerSec.toFixed(0)} tok/s`, s.step / s.totalSteps);
          if (s.sample) io.err(`sample: ${JSON.stringify(s.sample)}`);
        },
      });
      const summary = { outDir: r.outDir, resumed: r.resumed, steps: r.state.step, finalLoss: r.finalLoss, valLoss: r.valLoss, trainSeconds: r.state.trainSeconds, tokensPerSec: r.state.tokensSeen / Math.max(1e-9, r.state.trainSeconds) };
      if (args.flags.json) io.out(JSON.stringify(summary));
      else io.out(`${r.resumed ? 'resumed and trained' : 'trained'} to step ${r.state.step}: loss ${r.finalLoss?.toFixed(4)}${r.valLoss !== undefined ? `, val ${r.valLoss.toFixed(4)}` : ''}; ${summary.tokensPerSec.toFixed(0)} tok/s; saved in ${out}`);
    },
  },
  predict: {
    usage: 'predict [--model subword-lm|default-lm|DIR] [--top-k K] [--temperature T] [--top-p P] [--show N] (TEXT | --ids 1,2,3) [--json]',
    summary: "next-token distribution: the model's own probabilities unless --top-k/--top-p/--temperature reshape it (--json: ids, full probability vector and logits)",
    flags: ['model', 'top-k', 'temperature', 'top-p', 'show', 'ids'],
    async run(args, io) {
      const lm = await anyModel(args);
      // Same defaults as the Predict Next Token panel (settings modelLens.predict.*): nothing filtered, temperature 1.
      const sampling = { temperature: flagNumber(args, 'temperature', 1), topK: flagNumber(args, 'top-k', 0), topP: flagNumber(args, 'top-p', 1) };
      const reshaped = sampling.temperature !== 1 || sampling.topK > 0 || sampling.topP < 1;
      const show = flagNumber(args, 'show', sampling.topK > 0 ? Math.min(sampling.topK, 10) : 10);
      const p = (await predictNext(lm, lmInput(args), { ...sampling, top: show, full: !!args.flags.json }));
      if (args.flags.json) return io.out(JSON.stringify({ ...p, sampling, renormalised: reshaped }));
      if (p.truncated) io.err(`note: input longer than the context; using the last ${p.ids.length} tokens`);
      if (p.unknownCount) io.err(`note: ${p.unknownCount} unknown token(s) in the input`);
      if (reshaped) {
        io.out(`distribution reshaped (${describeSampling(sampling)}) and renormalised; the model's own probability is in brackets`);
        io.out(`entropy ${p.entropy.toFixed(3)} nats (model's own ${p.rawEntropy.toFixed(3)})`);
      } else io.out(`entropy ${p.entropy.toFixed(3)} nats (the model's own probabilities, nothing filtered)`);
      for (const c of p.candidates) {
        const own = reshaped ? `  [${(c.rawProb * 100).toFixed(2)}%]` : '';
        io.out(`${(c.prob * 100).toFixed(2).padStart(6)}%${own}  ${JSON.stringify(c.token)}  (id ${c.id})`);
      }
    },
  },
  generate: {
    usage: 'generate [--model subword-lm|default-lm|DIR] --max-tokens N [--seed S] [--temperature T] [--top-k K] [--top-p P] [--greedy] TEXT',
    summary: 'continue TEXT for N tokens',
    flags: ['model', 'max-tokens', 'seed', 'temperature', 'top-k', 'top-p', 'greedy', 'ids'],
    switches: ['greedy'],
    async run(args, io) {
      const lm = await anyModel(args);
      const input = lmInput(args);
      const r = (await generate(lm.model, lm.tokenizer, input.ids ?? input.text ?? '', {
        maxTokens: flagNumber(args, 'max-tokens', 100),
        seed: flagNumber(args, 'seed', 0),
        temperature: flagNumber(args, 'temperature', 1),
        topK: flagNumber(args, 'top-k', 0),
        topP: flagNumber(args, 'top-p', 1),
        greedy: !!args.flags.greedy,
        signal: io.signal,
      }));
      if (args.flags.json) return io.out(JSON.stringify(r));
      io.out((input.text ?? '') + r.text);
    },
  },
  'eval-lm': {
    usage: 'eval-lm [--model subword-lm|default-lm|DIR] FILE [--json]',
    summary: 'loss, perplexity and bits per character/token of a model on a text file',
    flags: ['model'],
    async run(args, io) {
      const file = args._[0];
      if (!file || !fs.existsSync(file)) throw new UserError(`text file not found: ${file ?? '(none given)'}`);
      const e = (await evaluateText(await anyModel(args), fs.readFileSync(file, 'utf8'), io.signal));
      if (args.flags.json) return io.out(JSON.stringify(e));
      io.out(`tokens ${e.tokens}, loss ${e.loss.toFixed(4)} nats/token, perplexity ${e.perplexity.toFixed(3)}, ${e.bitsPerToken.toFixed(3)} bits/token, ${e.bitsPerChar.toFixed(3)} bits/char`);
    },
  },
  attention: {
    usage: 'attention [--model subword-lm|default-lm|DIR] (TEXT | --ids 1,2,3) [--json]',
    summary: 'tokens and attention probabilities as [layer][head][query][key]',
    flags: ['model', 'ids'],
    async run(args, io) {
      const a = (await attentionMaps(await model(args, 'Attention'), lmInput(args)));
      if (args.flags.json) return io.out(JSON.stringify(a));
      io.out(`tokens: ${a.tokens.join(' ')}${a.truncated ? ' (last window)' : ''}`);
      a.attention.forEach((layer, l) =>
        layer.forEach((head, h) => {
          const last = head[head.length - 1];
          const k = last.indexOf(Math.max(...last));
          io.out(`layer ${l} head ${h}: last token attends most to #${k} ${JSON.stringify(a.tokens[k])} (${last[k].toFixed(3)})`);
        }),
      );
    },
  },
  'logit-lens': {
    usage: 'logit-lens [--model subword-lm|default-lm|DIR] [--top-k 5] TEXT [--json]',
    summary: 'per-layer top-k next-token predictions at every position',
    flags: ['model', 'top-k', 'ids'],
    async run(args, io) {
      const r = (await logitLens(await model(args, 'The logit lens'), lmInput(args), flagNumber(args, 'top-k', 5)));
      if (args.flags.json) return io.out(JSON.stringify(r));
      r.layers.forEach((name, l) => io.out(`${name.padEnd(8)} ${r.top[l].map((c) => c[0].token).join(' ')}`));
    },
  },
};
