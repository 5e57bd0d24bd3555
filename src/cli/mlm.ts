// CLI commands of the bidirectional (masked-language-model) area: train-mlm and fill-mask.
// fill-mask's --model defaults to the embedded encoder (assets/default-encoder).
import { UserError } from '../engine/errors';
import { isPresetName } from '../engine/lm/config';
import { getLm } from '../engine/lm/registry';
import { DEFAULT_ENCODER_ID } from '../engine/mlm/defaultEncoder';
import { fillMask } from '../engine/mlm/fillMask';
import { trainMlmToDir } from '../engine/mlm/trainRun';
import { flagNumber, flagString } from './args';
import type { CliCommand, ParsedArgs } from './types';

/** "1,0,2" → [1, 0, 2]; UserError naming the flag otherwise. */
function intList(args: ParsedArgs, flag: string): number[] | undefined {
  const v = flagString(args, flag);
  if (v === undefined) {
    if (args.flags[flag] !== undefined) throw new UserError(`--${flag} needs comma-separated integers, e.g. --${flag} 1,2,3`);
    return undefined;
  }
  const parsed = v.split(',').map((s) => Number(s.trim()));
  if (parsed.some((n) => !Number.isInteger(n))) throw new UserError(`--${flag} must be comma-separated integers, got "${v}"`);
  return parsed;
}

export const mlmCommands: Record<string, CliCommand> = {
  'train-mlm': {
    usage: 'train-mlm --corpus FILE|moby-dick|sotu|brown [--preset femto|pico|small] [--vocab N] [--context N] [--steps N] [--batch B] [--lr LR] [--mask-rate 0.15] --out DIR',
    summary: 'train a small bidirectional encoder by masked-language modelling (BERT masking; resumes when DIR holds a checkpoint)',
    flags: ['corpus', 'preset', 'vocab', 'context', 'steps', 'batch', 'lr', 'seed', 'eval-every', 'checkpoint-every', 'mask-rate', 'out'],
    async run(args, io) {
      const out = flagString(args, 'out');
      if (!out) throw new UserError('--out DIR is required');
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
      num('checkpoint-every', 'checkpointEvery');
      num('mask-rate', 'maskRate');
      if (options.maskRate !== undefined && !(options.maskRate > 0 && options.maskRate < 1)) throw new UserError('--mask-rate must be between 0 and 1 (BERT: 0.15)');
      const vocab = args.flags.vocab !== undefined ? flagNumber(args, 'vocab', 8000) : undefined;
      if (vocab !== undefined && !(Number.isInteger(vocab) && vocab > 5)) throw new UserError('--vocab must be an integer above 5 (the five special tokens)');
      const context = args.flags.context !== undefined ? flagNumber(args, 'context', 64) : undefined;
      if (context !== undefined && !(Number.isInteger(context) && context >= 4)) throw new UserError('--context must be an integer of at least 4 (positions per row)');
      const r = await trainMlmToDir({
        config: context !== undefined ? { contextLength: context } : undefined,
        corpus: flagString(args, 'corpus') ?? 'moby-dick',
        preset,
        vocabSize: vocab,
        options,
        outDir: out,
        signal: io.signal,
        onStep: (s) =>
          io.progress(
            `step ${s.step}/${s.totalSteps} loss ${s.loss.toFixed(4)} masked acc ${s.acc.toFixed(3)}` +
              `${s.valLoss !== undefined ? ` val ${s.valLoss.toFixed(4)} val acc ${s.valAcc!.toFixed(3)}` : ''} lr ${s.lr.toExponential(2)} ${s.tokensPerSec.toFixed(0)} tok/s`,
          ),
      });
      io.err('');
      const summary = { outDir: r.outDir, resumed: r.resumed, steps: r.state.step, finalLoss: r.finalLoss, maskedAccuracy: r.finalAcc, valLoss: r.valLoss, valMaskedAccuracy: r.valAcc, trainSeconds: r.state.trainSeconds };
      if (args.flags.json) io.out(JSON.stringify(summary));
      else
        io.out(
          `${r.resumed ? 'resumed and trained' : 'trained'} to step ${r.state.step}: loss ${r.finalLoss?.toFixed(4)}, masked accuracy ${r.finalAcc?.toFixed(3)}` +
            `${r.valLoss !== undefined ? `, val ${r.valLoss.toFixed(4)} (acc ${r.valAcc?.toFixed(3)})` : ''}; saved in ${out}`,
        );
    },
  },
  'fill-mask': {
    usage: 'fill-mask [--model DIR] (TEXT | --ids 1,2,3) [--top-k K] [--attention-mask 1,1,0] [--token-type-ids 0,0,1] [--json]',
    summary: 'ranked candidates for every [MASK] of a bidirectional model (--json adds the logits of every position)',
    flags: ['model', 'ids', 'top-k', 'attention-mask', 'token-type-ids'],
    async run(args, io) {
      // flags first: a typo is reported before a model is loaded
      const ids = intList(args, 'ids');
      const text = args._.join(' ');
      if (!ids && !text) throw new UserError('give TEXT with [MASK] in it, or --ids 1,2,3');
      const topK = flagNumber(args, 'top-k', 10);
      if (!(Number.isInteger(topK) && topK >= 1)) throw new UserError('--top-k must be a positive integer');
      const attentionMask = intList(args, 'attention-mask');
      const tokenTypeIds = intList(args, 'token-type-ids');
      const lm = await getLm(flagString(args, 'model') ?? DEFAULT_ENCODER_ID);
      const r = await fillMask(lm, { ids, text: ids ? undefined : text, topK, attentionMask, tokenTypeIds, logits: !!args.flags.json });
      if (args.flags.json) return io.out(JSON.stringify({ tokens: r.tokens, ids: r.ids, masks: r.masks.map((m) => ({ position: m.position, candidates: m.candidates })), logits: r.logits, truncated: r.truncated, notes: r.notes }));
      for (const n of r.notes) io.err(`note: ${n}`);
      io.out(r.tokens.join(' '));
      for (const m of r.masks) {
        io.out(`[MASK] at position ${m.position}:`);
        for (const c of m.candidates) io.out(`${(c.prob * 100).toFixed(2).padStart(6)}%  ${c.token}  (id ${c.id})`);
      }
    },
  },
};
