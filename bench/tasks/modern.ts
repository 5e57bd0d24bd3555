// Next-token latency (64-token prompt) on the modern families at real shapes with random BF16 weights: a Llama of
// SmolLM2-135M's shapes and a Gemma 3 of gemma-3-270m's shapes; load time and peak RSS go in extra.
import { ensureShapeFolder } from '../modernShapes';
import { timeRuns, type BenchTask } from './types';

function task(name: string, shape: string, label: string): BenchTask {
  return {
    name,
    unit: 'ms',
    higherIsBetter: false,
    backends: 'all',
    quick: false,
    async run(o) {
      const { loadHfModel } = await import('../../src/engine/pretrained/loadHf');
      const { nextTokenLogits } = await import('../../src/engine/lm/generate');
      const { dir, bytes } = await ensureShapeFolder(shape);
      const t0 = performance.now();
      const loaded = await loadHfModel(dir);
      const loadMs = Math.round(performance.now() - t0);
      const peakRssLoadMB = Math.round((process.resourceUsage().maxRSS * 1024) / 2 ** 20);
      const V = loaded.config.vocabSize;
      const prompt = Array.from({ length: 64 }, (_, i) => (i * 7919 + 13) % V);
      const values = await timeRuns(o.quick ? 1 : 3, () => nextTokenLogits(loaded.model, prompt));
      loaded.model.dispose();
      return { values, extra: { model: label, parameters: loaded.info.parameters, fileMB: Math.round(bytes / 1e6), loadMs, peakRssLoadMB, promptTokens: 64 } };
    },
  };
}

export const smollm2NextToken = task('SmolLM2-135M-shaped Llama: next token (64-token prompt)', 'smollm2-135m', 'Llama, SmolLM2-135M shapes, random BF16');
export const gemma3NextToken = task('Gemma 3 270M-shaped: next token (64-token prompt)', 'gemma3-270m', 'Gemma 3, gemma-3-270m shapes, random BF16');
