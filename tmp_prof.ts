import * as path from 'node:path';
import * as os from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from './src/engine/backend';
import { SafetensorsReader } from './src/engine/io/safetensors';
import { readHfGpt2Config } from './src/engine/pretrained/loadHfGpt2';
import { gpt2Layout, splitLastAxis, transpose2d } from './src/engine/pretrained/gpt2Layout';
import { readHfTokenizer } from './src/engine/pretrained/hfTokenizer';
const dir = path.join(os.tmpdir(), 'model-lens-bench-gpt2-small');
void (async () => {
  await initBackend(process.env.B ?? 'wasm');
  const T: Record<string, number> = {};
  const tick = async <R>(k: string, f: () => Promise<R> | R): Promise<R> => { const t = performance.now(); const r = await f(); T[k] = (T[k] ?? 0) + performance.now() - t; return r; };
  const t0 = performance.now();
  const { config } = await tick('config', () => readHfGpt2Config(dir));
  const reader = await tick('open', () => SafetensorsReader.open(path.join(dir, 'model.safetensors')));
  await tick('tokenizer', () => readHfTokenizer(dir, config.vocabSize));
  for (const p of gpt2Layout(config)) {
    const name = reader.has('transformer.' + p.hfName) ? 'transformer.' + p.hfName : p.hfName;
    let { data } = await tick('readF32', () => reader.readF32(name));
    if (p.transpose) data = await tick('transpose', () => transpose2d(data, p.shape[0], p.shape[1]));
    if (p.engine.length === 1) await tick('tensor', () => tf.tensor(data, p.shape, 'float32'));
    else { const parts = await tick('split', () => splitLastAxis(data, p.shape, p.engine.length)); await tick('tensor', () => parts.map((x) => tf.tensor(x, [x.length / (p.shape.length > 1 ? p.shape[0] : 1)]))); }
    await tick('yield', () => new Promise((r) => setImmediate(r)));
  }
  console.log(JSON.stringify({ total: Math.round(performance.now() - t0), ...Object.fromEntries(Object.entries(T).map(([k, v]) => [k, Math.round(v)])) }));
  process.exit(0);
})();
