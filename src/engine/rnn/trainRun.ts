// One recurrent-LM training run into a checkpoint folder, as the CLI and the RPC start it (the recurrent twin of
// lm/trainRun.ts): read the corpus, build or reuse the tokenizer, create or resume the model, train with checkpoints.
import { UserError } from '../errors';
import { readCorpus, withOutDirLock } from '../lm/trainRun';
import { trainTokenizer, type TrainableKind } from '../lm/tokenizers/index';
import type { TrainOptions, TrainState } from '../lm/train';
import type { ModelMeta } from '../lm/checkpoint';
import { rnnPresetConfig, validateRnnConfig, type RnnArch, type RnnConfig, type RnnPresetName } from './config';
import { disposeRnn, isRnnCheckpoint, loadRnnCheckpoint, RNN_KIND, saveRnnCheckpoint } from './checkpoint';
import { RecurrentLm } from './model';
import { initialRnnTrainState, trainRnn, type RnnStepInfo } from './train';
import { assertWritableFolder } from './tensorFolder';

/** The lecture's toy corpus: learn to spell "hello" from its first letters (inputs h e l l → targets e l l o). */
export const HELLO_TEXT = 'hello';

/** Training options of the "hello" preset: the one window, full batch, no validation split; trains in seconds. */
export function helloTrainOptions(): Partial<TrainOptions> {
  return { steps: 300, batchSize: 1, learningRate: 5e-2, minLearningRate: 1e-2, warmupSteps: 5, valFraction: 0, evalEvery: 0, checkpointEvery: 0, gradClip: 5 };
}

export interface RnnTrainRunArgs {
  arch: RnnArch;
  corpus?: string;
  text?: string;
  tokenizer?: TrainableKind;
  preset?: RnnPresetName;
  config?: Partial<RnnConfig>;
  options?: Partial<TrainOptions>;
  outDir: string;
  traceEvery?: number;
  onStep?: (s: RnnStepInfo) => void | Promise<void>;
  signal?: AbortSignal;
}

export interface RnnTrainRunResult {
  outDir: string;
  resumed: boolean;
  state: TrainState;
  finalLoss?: number;
  valLoss?: number;
  /** The last ‖∂L/∂h_t‖ trace, when tracing was on. */
  gradThroughTime?: number[];
}

export function trainRnnToDir(a: RnnTrainRunArgs): Promise<RnnTrainRunResult> {
  return withOutDirLock(a.outDir, () => run(a));
}

async function run(a: RnnTrainRunArgs): Promise<RnnTrainRunResult> {
  assertWritableFolder(a.outDir, RNN_KIND);
  const hello = a.preset === 'hello';
  const { text, name } = a.text !== undefined ? { text: a.text, name: 'text' } : hello && !a.corpus ? { text: HELLO_TEXT, name: 'hello (lecture toy)' } : readCorpus(a.corpus ?? 'moby-dick');
  const resumed = isRnnCheckpoint(a.outDir);
  let model: RecurrentLm;
  let state: TrainState;
  let meta: ModelMeta;
  let tokenizer;
  if (resumed) {
    const l = loadRnnCheckpoint(a.outDir, { withOptimizer: true });
    if (!l.state) {
      disposeRnn(l);
      throw new UserError(`${a.outDir} holds a model without optimizer state; it cannot be resumed (choose another --out)`);
    }
    if (l.model.config.arch !== a.arch) {
      disposeRnn(l);
      throw new UserError(`${a.outDir} holds a ${l.model.config.arch.toUpperCase()}, not a ${a.arch.toUpperCase()}; choose another folder to train a new model`);
    }
    ({ model, tokenizer, state, meta } = l);
  } else {
    tokenizer = trainTokenizer(a.tokenizer ?? 'char', text);
    const config = validateRnnConfig({ ...rnnPresetConfig(a.preset ?? 'pico', a.arch, tokenizer.vocabSize), ...a.config, arch: a.arch, vocabSize: tokenizer.vocabSize });
    const opts = { ...(hello ? helloTrainOptions() : {}), ...a.options };
    model = RecurrentLm.create(config, opts.seed ?? 1);
    state = initialRnnTrainState(model, opts);
    meta = { preset: a.preset ?? 'pico', corpus: name, tokenizer: tokenizer.kind, architecture: a.arch, gradClip: state.options.gradClip };
  }
  const ids = tokenizer.encode(text);
  meta.corpusTokens = ids.length;
  let last: RnnStepInfo | undefined;
  let lastVal: number | undefined;
  let trace: number[] | undefined;
  try {
    const final = await trainRnn({
      model,
      ids,
      state,
      options: a.options,
      traceEvery: a.traceEvery,
      signal: a.signal,
      onStep: async (s) => {
        last = s;
        if (s.valLoss !== undefined) lastVal = s.valLoss;
        if (s.gradThroughTime) {
          trace = s.gradThroughTime;
          // kept with the model (the last few) so "Inside an RNN" can draw how the gradient reached back during training
          meta.gradThroughTime = [...((meta.gradThroughTime as { step: number; norms: number[] }[] | undefined) ?? []), { step: s.step, norms: s.gradThroughTime }].slice(-12);
        }
        await a.onStep?.(s);
      },
      onCheckpoint: (s) => saveRnnCheckpoint(a.outDir, { model, tokenizer, state: s, meta }),
    });
    return { outDir: a.outDir, resumed, state: final, finalLoss: last?.loss, valLoss: lastVal, gradThroughTime: trace };
  } finally {
    disposeRnn({ model, state });
  }
}
