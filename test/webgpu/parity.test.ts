// WebGPU parity: the engine's LM (GPT-2 and Llama-style blocks), attention, classifier and training run on the
// WebGPU backend (in CI the lavapipe software adapter) and must match the cpu backend: next-token logits and
// attention patterns to 1e-4, a 20-step training loss curve to 1e-3. Toy sizes: lavapipe compiles every shader
// on first use, so the whole file stays in the tens of seconds (less with a warm Mesa shader cache).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { backendCapabilities, backendReport, initBackend } from '../../src/engine/backend';
import { Transformer } from '../../src/engine/lm/model';
import type { TransformerConfig } from '../../src/engine/lm/config';
import { CharTokenizer } from '../../src/engine/lm/tokenizers/char';
import { attentionMaps, predictNext, type Lm } from '../../src/engine/lm/inspect';
import { trainLm } from '../../src/engine/lm/train';
import { generate } from '../../src/engine/lm/generate';
import { classifierConfig, initClassifierParams } from '../../src/engine/classify/encoder';
import { predictBatches, trainClassifierLoop } from '../../src/engine/classify/train';

const text = 'the cat sat on the mat. a dog ran in the fog. ';
const tok = CharTokenizer.train(text);
const ids = tok.encode(text.repeat(4));

// the cpu reference runs the same tf ops as webgpu, not the wasm SIMD kernels (their table-based exp differs by ~1e-7,
// which 20 Adam steps amplify past 1e-3)
process.env.MODEL_LENS_LM_KERNELS = 'off';

/** Runs f on cpu, then on webgpu, and returns both results. f makes its own (seeded) tensors on each backend. */
async function onBoth<T>(f: () => Promise<T>): Promise<{ cpu: T; gpu: T }> {
  await tf.setBackend('cpu');
  const cpu = await f();
  await tf.setBackend('webgpu');
  const gpu = await f();
  return { cpu, gpu };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

before(async () => {
  const r = await initBackend('webgpu');
  const why = r.attempts.find((a) => a.choice === 'webgpu')?.reason;
  assert.equal(r.active, 'webgpu', `WebGPU did not start (${why}); CI installs mesa-vulkan-drivers from bookworm-backports (.ci/run)`);
  assert.equal(tf.getBackend(), 'webgpu');
  assert.ok(r.adapter, 'the report names the adapter');
  assert.equal(backendCapabilities().syncReadback, false, 'WebGPU in Node cannot read synchronously');
});

after(() => {
  // leave later files in this process on a plain backend
  void tf.setBackend('cpu');
});

const gpt2Style: Partial<TransformerConfig> = { vocabSize: tok.vocabSize, contextLength: 16, dModel: 16, nLayers: 2, nHeads: 2, dFF: 32 };
const llamaStyle: Partial<TransformerConfig> = {
  ...gpt2Style, nHeads: 4, nKvHeads: 2, dHead: 4, positional: 'rope', normKind: 'rms', activation: 'swiglu', gatedMlp: true,
  qkvBias: false, attnOutBias: false, mlpBias: false, tiedEmbeddings: false,
};

for (const [name, cfg] of [['GPT-2 blocks', gpt2Style], ['Llama blocks (RoPE, RMSNorm, SwiGLU, GQA)', llamaStyle]] as const) {
  test(`${name}: next-token logits and every attention pattern match cpu to 1e-4`, async () => {
    const prompt = { text: 'the dog sat on' };
    const r = await onBoth(async () => {
      const model = Transformer.create(cfg, 7); // same seed → same weights on both backends
      const lm: Lm = { model, tokenizer: tok, meta: {}, history: [], step: 0, tokensSeen: 0, trainSeconds: 0 };
      const pred = await predictNext(lm, prompt, { full: true });
      const att = await attentionMaps(lm, prompt);
      // the views leave no tensor behind
      const n = tf.memory().numTensors;
      await predictNext(lm, prompt);
      await attentionMaps(lm, prompt);
      const leaked = tf.memory().numTensors - n;
      model.dispose();
      return { pred, attention: att.attention.flat(3), leaked };
    });
    const d = maxAbsDiff(r.cpu.pred.logits!, r.gpu.pred.logits!);
    assert.ok(d <= 1e-4, `logits differ by ${d}`);
    assert.deepEqual(r.gpu.pred.candidates.slice(0, 3).map((c) => c.token), r.cpu.pred.candidates.slice(0, 3).map((c) => c.token));
    const da = maxAbsDiff(r.cpu.attention, r.gpu.attention);
    assert.ok(da <= 1e-4, `attention differs by ${da}`);
    assert.equal(r.gpu.leaked, 0);
  });
}

test('generation with the KV cache on webgpu picks the same tokens as cpu', async () => {
  const r = await onBoth(async () => {
    const m = Transformer.create(llamaStyle, 3);
    const out = await generate(m, tok, 'the cat', { maxTokens: 12, greedy: true });
    m.dispose();
    return out.ids;
  });
  assert.deepEqual(r.gpu, r.cpu);
});

test('training: a 20-step AdamW loss curve on webgpu follows cpu to 1e-3', async () => {
  const opts = { batchSize: 4, learningRate: 1e-2, minLearningRate: 1e-3, warmupSteps: 5, evalEvery: 0, valFraction: 0, checkpointEvery: 0, seed: 3, steps: 20 };
  const curve = await onBoth(async () => {
    const m = Transformer.create(gpt2Style, 1);
    const losses: number[] = [];
    const state = await trainLm({ model: m, tokenizer: tok, ids, options: opts, onStep: (s) => void losses.push(s.loss) });
    tf.dispose(Object.values(state.optimizer.moments));
    m.dispose();
    return losses;
  });
  assert.equal(curve.gpu.length, 20);
  assert.ok(curve.gpu[19] < curve.gpu[0] - 0.3, `loss falls on webgpu: ${curve.gpu[0]} → ${curve.gpu[19]}`);
  assert.ok(maxAbsDiff(curve.cpu, curve.gpu) <= 1e-3, `loss curves differ by ${maxAbsDiff(curve.cpu, curve.gpu)}: cpu ${curve.cpu.map((x) => x.toFixed(4))} gpu ${curve.gpu.map((x) => x.toFixed(4))}`);
});

test('classifier: probabilities and a 2-epoch training run on webgpu match cpu', async () => {
  const c = classifierConfig(10, 3, 'mean', { dModel: 8, nHeads: 2, nLayers: 1, dFF: 16, contextLength: 8, dropout: 0 });
  const rows = [[1, 2, 3], [4, 5, 6, 7], [8, 9], [1, 5, 9, 2, 6], [3, 3, 3], [7, 8, 9, 1]];
  const y = [0, 1, 2, 0, 1, 2];
  const run = await onBoth(async () => {
    const p = initClassifierParams(c, 5);
    const first = await predictBatches(p, c, rows, y);
    const losses: number[] = [];
    await trainClassifierLoop({ params: p, config: c, labels: ['a', 'b', 'c'], train: { ids: rows, y }, val: { ids: rows, y }, options: { epochs: 2, batchSize: 3, seed: 2 }, onStep: (s) => void losses.push(s.loss) });
    tf.dispose(Object.values(p));
    return { probs: first.probs, losses };
  });
  assert.ok(maxAbsDiff(run.cpu.probs, run.gpu.probs) <= 1e-4, `probabilities differ by ${maxAbsDiff(run.cpu.probs, run.gpu.probs)}`);
  assert.equal(run.gpu.losses.length, 4);
  assert.ok(maxAbsDiff(run.cpu.losses, run.gpu.losses) <= 1e-3, `classifier losses differ by ${maxAbsDiff(run.cpu.losses, run.gpu.losses)}`);
});

test('addN over more tensors than a shader stage may bind (WebGPU default: 8) still sums them all', async () => {
  await tf.setBackend('webgpu');
  const ts = Array.from({ length: 37 }, (_, i) => tf.fill([3], i));
  const s = tf.addN(ts);
  assert.deepEqual(Array.from(await s.data()), [666, 666, 666]); // 0 + 1 + … + 36
  tf.dispose([...ts, s]);
});

test('a lost GPU device moves the engine to the next backend and says why', async () => {
  await tf.setBackend('webgpu');
  const device = (tf.backend() as unknown as { device: { destroy(): void } }).device;
  device.destroy();
  // device.lost resolves asynchronously; the fallback then climbs the ladder below webgpu
  for (let i = 0; i < 100 && backendReport()?.active === 'webgpu'; i++) await new Promise((r) => setTimeout(r, 50));
  const r = backendReport()!;
  assert.notEqual(r.active, 'webgpu');
  assert.equal(tf.getBackend(), r.tfName);
  const w = r.attempts.find((a) => a.choice === 'webgpu')!;
  assert.match(w.reason, /^the GPU device was lost \(destroyed/);
  assert.match(r.warnings.at(-1)!, new RegExp(`^WebGPU stopped: the GPU device was lost .*Now on ${r.active}; load models again`));
  // and the next backend computes
  assert.deepEqual(Array.from(await tf.add(tf.tensor1d([1, 2]), 1).data()), [2, 3]);
});
