// The WebAssembly SIMD word2vec kernel against the plain JS loops: same seed → the same model up to
// float rounding (wasm keeps dot products and gradients in f32, JS in f64; draws are identical), for
// skip-gram and CBOW, with subsampling, and for dims that exercise the 8-, 4- and 1-wide loop tails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trainCbow, trainSkipGram, defaultCbowConfig, defaultSkipGramConfig, wasmKernelAvailable, type Word2VecConfig } from '../../../src/engine/embeddings/word2vec';

function corpus(): string {
  const groups = [['cat', 'dog', 'mouse', 'horse'], ['car', 'truck', 'bus', 'train']];
  const fillers = [['eats', 'runs', 'sleeps'], ['drives', 'parks', 'honks']];
  let s = 7;
  const rnd = (n: number) => ((s = (s * 16807) % 2147483647), s % n);
  const out: string[] = [];
  for (let i = 0; i < 300; i++) {
    for (let j = 0; j < 8; j++) out.push(j % 2 ? fillers[i % 2][rnd(3)] : groups[i % 2][rnd(4)]);
    out.push('the', 'the', 'the');
  }
  return out.join(' ');
}

test('the WebAssembly SIMD kernel loads in Node', () => {
  assert.ok(wasmKernelAvailable(), 'assets/wasm/word2vec.wasm should load (run npm run build:kernels)');
});

for (const [name, train, defaults] of [
  ['skip-gram', trainSkipGram, defaultSkipGramConfig],
  ['CBOW', trainCbow, defaultCbowConfig],
] as const) {
  test(`${name}: wasm kernel ≈ JS kernel for the same seed`, async () => {
    for (const dim of [10, 20]) {
      const cfg: Word2VecConfig = { ...defaults(), dim, window: 3, epochs: 2, minCount: 1, sample: 1e-2, seed: 3 };
      const js = await train(corpus(), { ...cfg, kernel: 'js' });
      const wasm = await train(corpus(), { ...cfg, kernel: 'wasm' });
      const a = js.vectors.vectors;
      const b = wasm.vectors.vectors;
      assert.equal(a.length, b.length);
      let maxDiff = 0;
      let maxAbs = 0;
      for (let i = 0; i < a.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
        maxAbs = Math.max(maxAbs, Math.abs(a[i]));
      }
      assert.ok(maxAbs > 0.1, 'the vectors trained');
      assert.ok(maxDiff < 2e-3, `dim ${dim}: max |js − wasm| = ${maxDiff} (max |v| ${maxAbs})`);
      const syn1a = js.state.tensors.syn1;
      const syn1b = wasm.state.tensors.syn1;
      for (let i = 0; i < syn1a.length; i++) assert.ok(Math.abs(syn1a[i] - syn1b[i]) < 2e-3, `syn1[${i}]`);
      // same draws → same progress points
      assert.deepEqual(wasm.lossHistory.at(-1)!.wordsDone, js.lossHistory.at(-1)!.wordsDone);
    }
  });
}

test('full-softmax CBOW (always the JS loops) trains', async () => {
  const cfg: Word2VecConfig = { ...defaultCbowConfig(), dim: 8, window: 2, epochs: 1, minCount: 1, sample: 0, softmax: true, kernel: 'js' };
  const r = await trainCbow(corpus(), cfg);
  assert.ok(r.vectors.vectors.every(Number.isFinite));
});
