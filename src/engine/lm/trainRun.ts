// One training run into a checkpoint folder, as the CLI and the RPC start it: read the corpus, build or reuse the
// tokenizer, create or resume the model, train with periodic atomic checkpoints. Resumes when the folder has a checkpoint.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../errors';
import { BUNDLED_CORPORA, loadCorpus, readCorpusFile } from '../embeddings/corpora';
import { assertCheckpointDir, disposeLoaded, hasCheckpoint, loadCheckpoint, saveCheckpoint, type ModelMeta } from './checkpoint';
import { presetConfig, validateConfig, type PresetName, type TransformerConfig } from './config';
import { Transformer } from './model';
import { trainTokenizer, type TrainableKind } from './tokenizers/index';
import { initialTrainState, trainLm, type StepInfo, type TrainOptions, type TrainState } from './train';

export interface TrainRunArgs {
  /** A file path, or a bundled corpus id (moby-dick, sotu, brown). Ignored when `text` is given. */
  corpus?: string;
  text?: string;
  tokenizer?: TrainableKind;
  preset?: PresetName;
  /** Overrides on top of the preset. */
  config?: Partial<TransformerConfig>;
  options?: Partial<TrainOptions>;
  outDir: string;
  onStep?: (s: StepInfo) => void | Promise<void>;
  signal?: AbortSignal;
}

export interface TrainRunResult {
  outDir: string;
  resumed: boolean;
  state: TrainState;
  finalLoss?: number;
  valLoss?: number;
}

export function readCorpus(corpus: string): { text: string; name: string } {
  // the bundled samples (moby-dick, sotu, brown) are read where the packaged extension ships them
  const bundled = BUNDLED_CORPORA.find((c) => c.id === corpus);
  if (bundled) return { text: loadCorpus(corpus).text, name: `${bundled.label} (${corpus})` };
  if (!fs.existsSync(corpus)) throw new UserError(`corpus file not found: ${corpus}`);
  if (fs.statSync(corpus).isDirectory()) throw new UserError(`${corpus} is a folder; give a text file or a bundled corpus id`);
  const text = readCorpusFile(corpus);
  if (text.trim().length === 0) throw new UserError(`corpus file is empty: ${corpus}`);
  return { text, name: corpus };
}

/**
 * Output folders a run in this process is writing to, whatever it trains (transformer, masked LM, recurrent): a second
 * run into the same folder is refused, never interleaved.
 */
const writing = new Set<string>();

/** Runs `train` holding `outDir` for this process; UserError when another run is already writing there. */
export async function withOutDirLock<T>(outDir: string, train: () => Promise<T>): Promise<T> {
  const key = path.resolve(outDir);
  if (writing.has(key)) throw new UserError(`a training run is already writing to ${outDir}; wait for it to finish or cancel it`);
  writing.add(key);
  try {
    return await train();
  } finally {
    writing.delete(key);
  }
}

export function trainToDir(a: TrainRunArgs): Promise<TrainRunResult> {
  return withOutDirLock(a.outDir, () => trainToDirUnlocked(a));
}

async function trainToDirUnlocked(a: TrainRunArgs): Promise<TrainRunResult> {
  assertCheckpointDir(a.outDir);
  const { text, name } = a.text !== undefined ? { text: a.text, name: 'text' } : readCorpus(a.corpus ?? 'moby-dick');
  const resumed = hasCheckpoint(a.outDir);
  let model: Transformer;
  let state: TrainState;
  let meta: ModelMeta;
  let tokenizer;
  if (resumed) {
    const l = loadCheckpoint(a.outDir, { withOptimizer: true });
    if (!l.state) {
      disposeLoaded(l);
      throw new UserError(`${a.outDir} holds a model without optimizer state; it cannot be resumed (choose another --out)`);
    }
    ({ model, tokenizer, state, meta } = l);
  } else {
    tokenizer = trainTokenizer(a.tokenizer ?? 'char', text);
    const config = validateConfig({ ...presetConfig(a.preset ?? 'pico', tokenizer.vocabSize), ...a.config, vocabSize: tokenizer.vocabSize });
    model = Transformer.create(config, a.options?.seed ?? 1);
    state = initialTrainState(model, a.options);
    meta = { preset: a.preset ?? 'pico', corpus: name, tokenizer: tokenizer.kind };
  }
  const ids = tokenizer.encode(text);
  meta.corpusTokens = ids.length;
  let last: StepInfo | undefined;
  let lastVal: number | undefined;
  try {
    const final = await trainLm({
      model,
      tokenizer,
      ids,
      state,
      options: a.options,
      signal: a.signal,
      onStep: async (s) => {
        last = s;
        if (s.valLoss !== undefined) lastVal = s.valLoss;
        await a.onStep?.(s);
      },
      onCheckpoint: async (s) => {
        await saveCheckpoint(a.outDir, { model, tokenizer, state: s, meta });
      },
    });
    return { outDir: a.outDir, resumed, state: final, finalLoss: last?.loss, valLoss: lastVal };
  } finally {
    disposeLoaded({ model, state });
  }
}
