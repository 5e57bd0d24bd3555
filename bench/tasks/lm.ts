// Language-model benchmarks: tiny-GPT training tokens/s (small preset, char-level Moby Dick,
// batch 12, context 64, AdamW) per backend, a scaling table over dModel/contextLength, and the
// interactive latencies of the default model (load, next token and attention for 64 tokens).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadCorpus } from '../../src/engine/embeddings/corpora';
import { CharTokenizer } from '../../src/engine/lm/tokenizers/char';
import { Transformer } from '../../src/engine/lm/model';
import { presetConfig } from '../../src/engine/lm/config';
import { trainLm } from '../../src/engine/lm/train';
import { loadDefaultLm } from '../../src/engine/lm/defaultModel';
import { attentionMaps, predictNext } from '../../src/engine/lm/inspect';
import { timeRuns, type BenchTask } from './types';

export const GPT_TASK = 'tiny-GPT training, small preset';
export const BENCH_TMP = path.join(os.tmpdir(), 'model-lens-bench');

/** Moby Dick as written for the PyTorch peer (it builds the same character vocabulary). */
export function mobyDickFile(): string {
  fs.mkdirSync(BENCH_TMP, { recursive: true });
  const f = path.join(BENCH_TMP, 'moby-dick.txt');
  if (!fs.existsSync(f)) fs.writeFileSync(f, loadCorpus('moby-dick').text);
  return f;
}

/** Median ms per training step after 2 warm-up steps → tokens/s = batch·context / step time. */
async function trainTokensPerSec(over: { dModel?: number; contextLength?: number; nLayers?: number; nHeads?: number; dFF?: number }, steps: number, corpusChars?: number) {
  const text = fs.readFileSync(mobyDickFile(), 'utf8').slice(0, corpusChars);
  const tok = CharTokenizer.train(text);
  const ids = tok.encode(text);
  const cfg = { ...presetConfig('small', tok.vocabSize), ...over };
  if (over.dModel && !over.dFF) cfg.dFF = 4 * over.dModel;
  const model = Transformer.create(cfg, 1);
  const stepMs: number[] = [];
  let last = performance.now();
  await trainLm({
    model,
    tokenizer: tok,
    ids,
    options: { steps: steps + 2, batchSize: 12, evalEvery: 0, sampleEvery: 0, checkpointEvery: 0, warmupSteps: 2 },
    onStep: () => {
      const now = performance.now();
      stepMs.push(now - last);
      last = now;
    },
  });
  model.dispose();
  const measured = stepMs.slice(2).sort((a, b) => a - b);
  const med = measured[Math.floor(measured.length / 2)];
  return { tokensPerSec: (12 * cfg.contextLength) / (med / 1000), msPerStep: measured, vocab: tok.vocabSize };
}

export const gptTrain: BenchTask = {
  name: GPT_TASK,
  unit: 'tokens/s',
  higherIsBetter: true,
  backends: 'all',
  quick: true,
  async run(o) {
    // cpu is two orders slower: fewer steps there so the bench finishes
    const steps = o.backend === 'cpu' ? 3 : o.quick ? 8 : 20;
    const r = await trainTokensPerSec({}, steps);
    return { values: r.msPerStep.map((ms) => (12 * 64) / (ms / 1000)), extra: { steps, vocab: r.vocab, batch: 12, context: 64 } };
  },
};

export const gptScaling: BenchTask = {
  name: 'tiny-GPT scaling (tokens/s by dModel, context, corpus)',
  unit: 'tokens/s',
  higherIsBetter: true,
  backends: 'none',
  backendLabel: 'best (wasm here)',
  quick: false,
  async run() {
    const table: Record<string, number> = {};
    for (const d of [64, 128, 256]) table[`dModel ${d} (ctx 64)`] = Math.round((await trainTokensPerSec({ dModel: d }, 6)).tokensPerSec);
    for (const c of [32, 128]) table[`context ${c} (dModel 128)`] = Math.round((await trainTokensPerSec({ contextLength: c }, 6)).tokensPerSec);
    for (const n of [50_000, 1_000_000]) table[`corpus ${n / 1000}k chars`] = Math.round((await trainTokensPerSec({}, 6, n)).tokensPerSec);
    return { values: [table['dModel 128 (ctx 64)']], extra: table };
  },
};

/** The default model and a 64-character selection from the samples. */
function sixtyFour(): { lm: ReturnType<typeof loadDefaultLm>; ids: number[] } {
  const lm = loadDefaultLm();
  const text = fs.readFileSync(path.resolve(__dirname, '../../samples/moby-dick.txt'), 'utf8');
  return { lm, ids: lm.tokenizer.encode(text).slice(0, 64) };
}

export const defaultLmLoad: BenchTask = {
  name: 'default LM load',
  unit: 'ms',
  higherIsBetter: false,
  target: { op: '<=', value: 1000 },
  backends: 'all',
  quick: true,
  async run() {
    return { values: await timeRuns(5, () => loadDefaultLm().model.dispose()) };
  },
};

export const nextToken: BenchTask = {
  name: 'next-token distribution, 64-token selection (engine)',
  unit: 'ms',
  higherIsBetter: false,
  target: { op: '<=', value: 50 },
  backends: 'all',
  quick: true,
  async run() {
    const { lm, ids } = sixtyFour();
    return { values: await timeRuns(10, async () => (await predictNext(lm, { ids }, { top: 256 })), 2) };
  },
};

export const attention: BenchTask = {
  name: 'attention extraction, 64 tokens, all layers and heads (engine)',
  unit: 'ms',
  higherIsBetter: false,
  target: { op: '<=', value: 300 },
  backends: 'all',
  quick: true,
  async run() {
    const { lm, ids } = sixtyFour();
    const runs = await timeRuns(10, async () => (await attentionMaps(lm, { ids })), 2);
    const a = (await attentionMaps(lm, { ids }));
    const cacheBytes = a.attention.length * a.attention[0].length * 64 * 64 * 8;
    return { values: runs, extra: { layers: a.nLayers, heads: a.nHeads, attentionJsonMB: cacheBytes / 2 ** 20 } };
  },
};
