// One masked-language-model run into a checkpoint folder, as the CLI and the RPC start it: read the corpus, build a
// word-level WordPiece vocabulary (or reuse the folder's), create or resume the encoder, train with atomic checkpoints.
import { UserError } from '../errors';
import { assertCheckpointDir, disposeLoaded, hasCheckpoint, loadCheckpoint, saveCheckpoint, type ModelMeta } from '../lm/checkpoint';
import { presetConfig, validateConfig, type PresetName, type TransformerConfig } from '../lm/config';
import { Transformer } from '../lm/model';
import { WordPieceTokenizer } from '../lm/tokenizers/wordpiece';
import type { TrainState } from '../lm/train';
import { readCorpus, withOutDirLock } from '../lm/trainRun';
import { initialMlmState, trainMlm, type MlmStepInfo, type MlmTrainOptions } from './train';

export interface MlmRunArgs {
  /** A file path or a bundled corpus id (moby-dick, sotu, brown); ignored when `text` is given. */
  corpus?: string;
  text?: string;
  /** Words in the vocabulary, specials included (default 8000). */
  vocabSize?: number;
  preset?: PresetName;
  config?: Partial<TransformerConfig>;
  options?: Partial<MlmTrainOptions>;
  outDir: string;
  onStep?: (s: MlmStepInfo) => void | Promise<void>;
  signal?: AbortSignal;
}

export interface MlmRunResult {
  outDir: string;
  resumed: boolean;
  state: TrainState;
  finalLoss?: number;
  finalAcc?: number;
  valLoss?: number;
  valAcc?: number;
}

export function trainMlmToDir(a: MlmRunArgs): Promise<MlmRunResult> {
  return withOutDirLock(a.outDir, () => run(a));
}

async function run(a: MlmRunArgs): Promise<MlmRunResult> {
  assertCheckpointDir(a.outDir);
  const { text, name } = a.text !== undefined ? { text: a.text, name: 'text' } : readCorpus(a.corpus ?? 'moby-dick');
  const resumed = hasCheckpoint(a.outDir);
  let model: Transformer;
  let state: TrainState;
  let meta: ModelMeta;
  let tokenizer: WordPieceTokenizer;
  if (resumed) {
    const l = loadCheckpoint(a.outDir, { withOptimizer: true });
    if (!l.state || l.tokenizer.kind !== 'wordpiece' || l.model.config.causal || l.meta.objective !== 'mlm') {
      disposeLoaded(l);
      throw new UserError(`${a.outDir} does not hold a resumable masked-language model (choose another --out)`);
    }
    ({ model, state, meta } = l);
    tokenizer = l.tokenizer as WordPieceTokenizer;
  } else {
    tokenizer = WordPieceTokenizer.trainWords(text, a.vocabSize ?? 8000);
    const config = validateConfig({ ...presetConfig(a.preset ?? 'pico', tokenizer.vocabSize), activation: 'gelu', ...a.config, causal: false, vocabSize: tokenizer.vocabSize });
    model = Transformer.create(config, a.options?.seed ?? 1);
    state = initialMlmState(model, a.options);
    meta = { preset: a.preset ?? 'pico', corpus: name, tokenizer: 'wordpiece', objective: 'mlm' };
  }
  const ids = tokenizer.encode(text);
  meta.corpusTokens = ids.length;
  let last: MlmStepInfo | undefined;
  let lastVal: MlmStepInfo | undefined;
  try {
    const final = await trainMlm({
      model,
      tokenizer,
      ids,
      state,
      options: a.options,
      signal: a.signal,
      onStep: async (s) => {
        last = s;
        if (s.valLoss !== undefined) lastVal = s;
        await a.onStep?.(s);
      },
      onCheckpoint: async (s) => {
        await saveCheckpoint(a.outDir, { model, tokenizer, state: s, meta });
      },
    });
    return { outDir: a.outDir, resumed, state: final, finalLoss: last?.loss, finalAcc: last?.acc, valLoss: lastVal?.valLoss, valAcc: lastVal?.valAcc };
  } finally {
    disposeLoaded({ model, state });
  }
}
