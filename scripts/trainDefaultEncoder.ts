// Reproduces assets/default-encoder: a word-level bidirectional encoder (BERT-style masked-language model) trained on
// the three bundled corpora (Moby Dick, State of the Union, Brown) with the engine's own MLM trainer on the wasm
// backend, for a fixed wall-clock budget (default 60 minutes; MODEL_LENS_TRAIN_SECONDS overrides).
// Run: node --import tsx scripts/trainDefaultEncoder.ts [outDir]; then scripts/describeDefaultEncoder.ts writes its README.
// MODEL_LENS_ENCODER_SCRATCH=1 trains the from-scratch variant instead (random embeddings, dModel 128, dFF 512).
// MODEL_LENS_ENCODER_STEPS fixes the step count (else it is calibrated to the budget on a few probe steps).
// MODEL_LENS_ENCODER_CONTINUE=N continues the model in outDir for N more steps with a fresh AdamW, the cosine schedule
// of a run of (its steps + N) at peak MODEL_LENS_ENCODER_LR (default 1e-3), keeping its step count and loss history.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../src/engine/backend';
import { loadDefaultGlove } from '../src/engine/embeddings/assets';
import { loadCorpus } from '../src/engine/embeddings/corpora';
import { loadCheckpoint, saveCheckpoint } from '../src/engine/lm/checkpoint';
import { validateConfig } from '../src/engine/lm/config';
import { Transformer } from '../src/engine/lm/model';
import { WordPieceTokenizer } from '../src/engine/lm/tokenizers/wordpiece';
import { splitCorpus, type TrainState } from '../src/engine/lm/train';
import { evaluateMlm, initialMlmState, trainMlm, type MlmTrainOptions } from '../src/engine/mlm/train';
import { CancelledError } from '../src/engine/errors';

export const ENCODER_TRAINING = {
  corpora: ['moby-dick', 'sotu', 'brown'],
  vocab: 5000,
  /** The lecture's example words that fall outside the top 5,000 (rare in these corpora) join the vocabulary. */
  extraWords: ['movie', 'film', 'superb', 'tired', 'delicious', 'acting', 'animal', 'theater', 'cross', 'street', 'wide', 'bank', 'river'],
  /**
   * Word embeddings (tied: also the MLM head) start from the embedded GloVe 6B 100d vectors (assets/glove), scaled to a
   * per-dimension std of `gloveStd`; words GloVe lacks and the special tokens start random. With a budget of minutes a
   * model from scratch learns little beyond word frequencies; GloVe gives it word similarity (film ≈ movie) to build on.
   */
  glove: true,
  gloveStd: 0.05,
  // BERT's MLM head (dense → GELU → LayerNorm, then the tied embeddings and an output bias): the bias starts at the log
  // unigram frequency, so from step 0 the model predicts word frequencies and its hidden states are free to carry what
  // the context adds (film vs the) instead of re-learning how common "the" is.
  config: { contextLength: 40, dModel: 100, nLayers: 4, nHeads: 4, dFF: 400, positional: 'learned', norm: 'pre', activation: 'gelu', causal: false, tiedEmbeddings: true, mlmHead: true, dropout: 0 },
  // 30 % of tokens chosen instead of BERT's 15 %: twice the training signal per step for the same compute, as the
  // unembedding runs on every position anyway (Wettig et al. 2023, "Should You Mask 15% in Masked Language Modeling?").
  options: { batchSize: 32, learningRate: 2e-3, minLearningRate: 1e-4, warmupSteps: 200, weightDecay: 0.01, maskRate: 0.3, minLength: 12, seed: 11 },
} as const;

/** wte rows of words GloVe knows ← their GloVe vector × (gloveStd / GloVe's std); returns how many were set. */
function initFromGlove(model: Transformer, tok: WordPieceTokenizer): number {
  const g = loadDefaultGlove();
  if (g.dim !== model.config.dModel) throw new Error(`GloVe has ${g.dim} dimensions, the model ${model.config.dModel}`);
  let sq = 0;
  for (const v of g.vectors) sq += v * v;
  const scale = ENCODER_TRAINING.gloveStd / Math.sqrt(sq / g.vectors.length);
  const index = new Map(g.words.map((w, i) => [w, i]));
  const wte = model.params.wte.dataSync().slice() as Float32Array; // [vocab, d]
  let n = 0;
  for (let id = 0; id < tok.vocabSize; id++) {
    const gi = index.get(tok.tokenString(id));
    if (gi === undefined) continue;
    for (let j = 0; j < g.dim; j++) wte[id * g.dim + j] = g.vectors[gi * g.dim + j] * scale;
    n++;
  }
  model.params.wte.dispose();
  model.params.wte = tf.tensor2d(wte, [tok.vocabSize, g.dim]);
  return n;
}

/** mlm.bOut ← log of each token's corpus frequency (add-one smoothed), centred; specials get the smallest value. */
function initOutputBias(model: Transformer, tok: WordPieceTokenizer, ids: ArrayLike<number>): void {
  const counts = new Float64Array(tok.vocabSize).fill(1);
  for (let i = 0; i < ids.length; i++) counts[ids[i]]++;
  const logs = Array.from(counts, (c) => Math.log(c / (ids.length + tok.vocabSize)));
  const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
  const b = Float32Array.from(logs, (l) => l - mean);
  const lowest = Math.min(...b);
  for (const sp of [tok.padId, tok.unkId, tok.clsId, tok.sepId, tok.maskId]) b[sp] = lowest;
  model.params['mlm.bOut'].dispose();
  model.params['mlm.bOut'] = tf.tensor1d(b);
}

async function main(): Promise<void> {
  const out = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'assets', 'default-encoder'));
  const budget = Number(process.env.MODEL_LENS_TRAIN_SECONDS ?? 3600);
  const backend = await initBackend(process.env.MODEL_LENS_BACKEND ?? 'wasm');
  // Interleave the corpora in ~2k-word slices so the validation tail (last 10 %) holds all three, not only Brown.
  const texts = ENCODER_TRAINING.corpora.map((c) => loadCorpus(c).text);
  const more = Number(process.env.MODEL_LENS_ENCODER_CONTINUE ?? 0);
  const previous = more > 0 ? loadCheckpoint(out) : undefined;
  const tokenizer = previous ? (previous.tokenizer as WordPieceTokenizer) : WordPieceTokenizer.trainWords(texts.join('\n'), ENCODER_TRAINING.vocab, 1, ENCODER_TRAINING.extraWords);
  const streams = texts.map((t) => tokenizer.encode(t));
  const ids: number[] = [];
  const SLICE = 2000;
  for (let o = 0; streams.some((s) => o < s.length); o += SLICE) for (const s of streams) for (let i = o; i < Math.min(o + SLICE, s.length); i++) ids.push(s[i]);
  const scratch = process.env.MODEL_LENS_ENCODER_SCRATCH === '1';
  const config = validateConfig({ ...ENCODER_TRAINING.config, ...(scratch ? { dModel: 128, dFF: 512 } : {}), vocabSize: tokenizer.vocabSize });
  const unk = ids.filter((i) => i === tokenizer.unkId).length;
  process.stderr.write(`backend ${backend.active}; ${ids.length} tokens (${((100 * unk) / ids.length).toFixed(1)} % [UNK]), vocab ${tokenizer.vocabSize}\n`);
  // Calibrate the step count to the budget on a throw-away model.
  const base: Partial<MlmTrainOptions> = { ...ENCODER_TRAINING.options, evalEvery: 0 };
  let steps: number;
  if (previous) steps = previous.step + more;
  else if (process.env.MODEL_LENS_ENCODER_STEPS) steps = Number(process.env.MODEL_LENS_ENCODER_STEPS);
  else {
    const probe = Transformer.create(config, 3);
    const t0p = Date.now();
    await trainMlm({ model: probe, tokenizer, ids, options: { ...base, steps: 8 } });
    probe.dispose();
    const secPerStep = ((Date.now() - t0p) / 8000) * 1.1;
    steps = Math.max(100, Math.floor((budget - 90) / secPerStep));
    process.stderr.write(`${secPerStep.toFixed(2)} s/step → ${steps} steps\n`);
  }
  const model = previous ? previous.model : Transformer.create(config, ENCODER_TRAINING.options.seed);
  const gloveWords = !previous && !scratch && ENCODER_TRAINING.glove ? initFromGlove(model, tokenizer) : 0;
  if (gloveWords) process.stderr.write(`GloVe initialisation: ${gloveWords} of ${tokenizer.vocabSize} words\n`);
  if (!previous && config.mlmHead) initOutputBias(model, tokenizer, ids);
  if (previous) base.learningRate = Number(process.env.MODEL_LENS_ENCODER_LR ?? 1e-3);
  const runOptions: Partial<MlmTrainOptions> = { ...base, steps, evalEvery: Math.max(100, Math.floor(steps / 10)), evalBatches: 8, checkpointEvery: 250 };
  let initial: TrainState | undefined;
  if (previous) {
    initial = initialMlmState(model, runOptions);
    Object.assign(initial, { step: previous.step, history: previous.history, tokensSeen: previous.tokensSeen, trainSeconds: previous.trainSeconds });
    initial.rngState = (ENCODER_TRAINING.options.seed * 7919 + previous.step) >>> 0;
    process.stderr.write(`continuing from step ${previous.step} to ${steps} at peak lr ${base.learningRate}\n`);
  }
  const phases = [...((previous?.meta.phases as unknown[]) ?? []), { steps, learningRate: base.learningRate, fromStep: previous?.step ?? 0 }];
  const meta = {
    phases,
    ...(gloveWords ? { embeddingInit: 'glove', gloveWords, gloveStd: ENCODER_TRAINING.gloveStd } : (previous?.meta.embeddingInit ? { embeddingInit: previous.meta.embeddingInit, gloveWords: previous.meta.gloveWords } : {})),
    name: 'Bidirectional word encoder (default)',
    objective: 'mlm',
    preset: 'custom',
    corpus: 'Moby Dick + State of the Union + Brown (bundled)',
    corpusTokens: ids.length,
    backend: backend.active,
  };
  const t0 = Date.now();
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), budget * 1000);
  let saved: TrainState | undefined;
  const state = await trainMlm({
    model,
    tokenizer,
    ids,
    state: initial,
    signal: ac.signal,
    options: runOptions,
    onCheckpoint: async (s) => {
      saved = s;
      fs.mkdirSync(out, { recursive: true });
      await saveCheckpoint(out, { model, tokenizer, state: s, includeOptimizer: false, meta });
    },
    onStep: (s) => {
      if (s.step % 25 === 0 || s.valLoss !== undefined) {
        process.stderr.write(
          `step ${s.step}/${s.totalSteps} loss ${s.loss.toFixed(3)} acc ${s.acc.toFixed(3)}${s.valLoss !== undefined ? ` val ${s.valLoss.toFixed(3)} val acc ${s.valAcc!.toFixed(3)}` : ''} lr ${s.lr.toExponential(2)} ${s.tokensPerSec.toFixed(0)} tok/s\n`,
        );
      }
    },
  }).catch((e) => {
    if (e instanceof CancelledError && saved) return saved;
    throw e;
  });
  clearTimeout(timer);
  const { val } = splitCorpus(ids, state.options.valFraction);
  const v = await evaluateMlm(model, tokenizer, val, 24, 50, 0.15, 999);
  await saveCheckpoint(out, { model, tokenizer, state, includeOptimizer: false, meta: { ...meta, plannedSteps: steps, wallSeconds: (Date.now() - t0) / 1000, finalValLoss: v.loss, finalValAcc: v.acc } });
  process.stderr.write(`saved ${out}: step ${state.step}, val loss ${v.loss.toFixed(3)}, val masked acc ${v.acc.toFixed(3)}\n`);
}

// only when run as a script: describeDefaultEncoder.ts imports ENCODER_TRAINING from here
if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(String(e?.stack ?? e) + '\n');
    process.exit(1);
  });
}
