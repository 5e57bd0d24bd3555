// The recurrent language model: parameters, the forward pass over a batch of token windows, logits and a cache of named
// activations (hidden states and gates per layer), the shape every next-token view asks for. Training lives in train.ts.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { oneHotF32 } from '../lm/model';
import { Rng } from '../lm/rng';
import { gateCount, validateRnnConfig, type RnnConfig } from './config';
import { stepFor, zeroState, type StepGates } from './cells';

export type RnnParams = Record<string, tf.Tensor>;

/** Named parameter shapes. layers.l.wx: [in, G·H] (in = vocab for layer 0: x_t is one-hot), wh: [H, G·H], b: [G·H]. */
export function rnnParamSpecs(c: RnnConfig): { name: string; shape: number[] }[] {
  const G = gateCount(c.arch);
  const H = c.dHidden;
  const specs: { name: string; shape: number[] }[] = [];
  for (let l = 0; l < c.nLayers; l++) {
    specs.push({ name: `layers.${l}.wx`, shape: [l === 0 ? c.vocabSize : H, G * H] }, { name: `layers.${l}.wh`, shape: [H, G * H] }, { name: `layers.${l}.b`, shape: [G * H] });
  }
  specs.push({ name: 'head.w', shape: [H, c.vocabSize] }, { name: 'head.b', shape: [c.vocabSize] });
  return specs;
}

/** Weight matrices get weight decay; biases do not. */
export function rnnDecayed(c: RnnConfig): Set<string> {
  return new Set(rnnParamSpecs(c).filter((s) => s.shape.length === 2).map((s) => s.name));
}

/**
 * Seeded init: uniform(−1/√H, 1/√H) for the recurrent weights and biases (PyTorch's nn.RNN/LSTM/GRU default),
 * the LSTM forget-gate bias at 1 (Jozefowicz et al. 2015), the output layer N(0, 1/H).
 */
export function initRnnParams(c: RnnConfig, seed: number): RnnParams {
  const rng = new Rng(seed);
  const k = 1 / Math.sqrt(c.dHidden);
  const out: RnnParams = {};
  for (const s of rnnParamSpecs(c)) {
    const n = s.shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    if (s.name === 'head.b') data.fill(0);
    else if (s.name === 'head.w') for (let i = 0; i < n; i++) data[i] = rng.normal() * k;
    else for (let i = 0; i < n; i++) data[i] = (2 * rng.next() - 1) * k;
    if (c.arch === 'lstm' && s.name.endsWith('.b')) data.fill(1, c.dHidden, 2 * c.dHidden);
    out[s.name] = tf.tensor(data, s.shape, 'float32');
  }
  return out;
}

export interface RnnForwardOptions {
  cache?: boolean;
  /** Only the last position's logits, [B, 1, V]. */
  lastOnly?: boolean;
  /** [T, B, H] zeros added to the top layer's h_t: the gradient with respect to it is ∂L/∂h_t (back-propagation through time). */
  probe?: tf.Tensor3D;
}

/** Named activations: layers.l.hidden / cell / gate.input / gate.forget / gate.output / gate.reset / gate.update, each [B, T, H]. */
export type RnnCache = Record<string, tf.Tensor>;

const GATE_NAMES: (keyof StepGates)[] = ['input', 'forget', 'output', 'reset', 'update'];

/** Forward pass with explicit parameters (what autodiff differentiates). ids: [B, T] int32. Returns logits [B, T, V]. */
export function forwardRnn(p: RnnParams, c: RnnConfig, ids: tf.Tensor2D, o: RnnForwardOptions = {}): { logits: tf.Tensor3D; cache?: RnnCache } {
  const [B, T] = ids.shape;
  const H = c.dHidden;
  const G = gateCount(c.arch);
  const step = stepFor(c.arch);
  const cache: RnnCache = {};
  // one-hot x_t (whose gradient every backend has) times W_xh, for all steps at once: [B·T, G·H]
  let input: tf.Tensor2D = oneHotF32(tf.reshape(ids, [-1]) as tf.Tensor1D, c.vocabSize);
  let hs: tf.Tensor2D[] = [];
  for (let l = 0; l < c.nLayers; l++) {
    const xp = tf.reshape(tf.add(tf.matMul(input, p[`layers.${l}.wx`] as tf.Tensor2D), p[`layers.${l}.b`]), [B, T, G * H]); // [B, T, G·H]
    const wh = p[`layers.${l}.wh`] as tf.Tensor2D;
    let s = zeroState(c.arch, B, H);
    hs = [];
    const cs: tf.Tensor2D[] = [];
    const gates: Partial<Record<keyof StepGates, tf.Tensor2D[]>> = {};
    for (let t = 0; t < T; t++) {
      const xt = tf.reshape(tf.slice(xp, [0, t, 0], [B, 1, G * H]), [B, G * H]) as tf.Tensor2D;
      const r = step(xt, s, wh);
      s = r.state;
      if (o.probe && l === c.nLayers - 1) s = { ...s, h: tf.add(s.h, tf.reshape(tf.slice(o.probe, [t, 0, 0], [1, B, H]), [B, H])) as tf.Tensor2D };
      hs.push(s.h);
      if (o.cache) {
        if (s.c) cs.push(s.c);
        for (const g of GATE_NAMES) if (r.gates[g]) (gates[g] ??= []).push(r.gates[g]!);
      }
    }
    const hidden = tf.stack(hs, 1) as tf.Tensor3D; // [B, T, H]
    if (o.cache) {
      cache[`layers.${l}.hidden`] = tf.keep(hidden);
      if (cs.length) cache[`layers.${l}.cell`] = tf.keep(tf.stack(cs, 1));
      for (const g of GATE_NAMES) if (gates[g]) cache[`layers.${l}.gate.${g}`] = tf.keep(tf.stack(gates[g]!, 1));
    }
    input = tf.reshape(hidden, [B * T, H]) as tf.Tensor2D;
  }
  const top = o.lastOnly ? hs[T - 1] : input; // [B·T or B, H]
  const logits = tf.reshape(tf.add(tf.matMul(top, p['head.w'] as tf.Tensor2D), p['head.b']), [B, o.lastOnly ? 1 : T, c.vocabSize]) as tf.Tensor3D;
  return { logits, cache: o.cache ? cache : undefined };
}

/** A recurrent LM with its parameters: the same forward(ids) → logits shape as the transformer, so next-token views work on it. */
export class RecurrentLm {
  readonly family = 'recurrent' as const;
  constructor(
    readonly config: RnnConfig,
    public params: RnnParams,
  ) {}

  static create(config: Partial<RnnConfig>, seed = 1): RecurrentLm {
    const c = validateRnnConfig(config);
    return new RecurrentLm(c, initRnnParams(c, seed));
  }

  /** ids: [B][T] token ids. Returns logits [B, T, V] (or [B, 1, V] with lastOnly) and, when asked, the cache. The caller disposes them. */
  forward(ids: number[][] | tf.Tensor2D, o: RnnForwardOptions = {}): { logits: tf.Tensor3D; cache?: RnnCache } {
    let cache: RnnCache | undefined;
    const logits = tf.tidy(() => {
      const x = Array.isArray(ids) ? tf.tensor2d(ids, [ids.length, ids[0].length], 'int32') : ids;
      const r = forwardRnn(this.params, this.config, x, o);
      cache = r.cache;
      return r.logits;
    });
    return { logits, cache };
  }

  parameterCount(): number {
    return rnnParamSpecs(this.config).reduce((s, p) => s + p.shape.reduce((a, b) => a * b, 1), 0);
  }

  dispose(): void {
    tf.dispose(Object.values(this.params));
  }
}

export function disposeRnnCache(cache: RnnCache | undefined): void {
  if (cache) tf.dispose(Object.values(cache));
}
