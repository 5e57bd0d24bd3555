// One entry for every method: merge config overrides with defaults, train on a corpus, checkpoint
// each epoch into the output folder (atomically), resume from it when asked. Used by RPC and CLI.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../errors';
import { loadModel, saveModel, type ModelMeta } from './checkpoint';
import { loadCorpus } from './corpora';
import { defaultGloveConfig, trainGlove } from './glove';
import { defaultPrevNextConfig, samplePrevNext, trainPrevNext, initPrevNext } from './prevNext';
import { createRng } from './rng';
import type { EmbeddingMethod, TrainCallbacks, TrainResult } from './training';
import { defaultCbowConfig, defaultSkipGramConfig, trainCbow, trainSkipGram } from './word2vec';

export const METHODS: readonly EmbeddingMethod[] = ['sgns', 'cbow', 'glove', 'prevnext'];

export function defaultConfigFor(method: EmbeddingMethod): Record<string, unknown> {
  switch (method) {
    case 'sgns':
      return { ...defaultSkipGramConfig() };
    case 'cbow':
      return { ...defaultCbowConfig() };
    case 'glove':
      return { ...defaultGloveConfig() };
    case 'prevnext':
      return { ...defaultPrevNextConfig() };
  }
}

export interface TrainModelRequest {
  /** A bundled corpus id (moby-dick, sotu, brown), a file or a folder of .txt files. */
  corpus: string;
  /** Raw text instead of `corpus` (e.g. the active editor); `corpus` is then just its name. */
  text?: string;
  method: EmbeddingMethod;
  /** Overrides of the method's defaults (dim, window, epochs, minCount, ...). */
  config?: Record<string, unknown>;
  /** Output model folder. */
  out: string;
  /** Continue from the checkpoint in `out`. */
  resume?: boolean;
}

export interface TrainModelResult {
  out: string;
  meta: ModelMeta;
  result: TrainResult;
  /** prevnext only: text sampled from the random and the trained model. */
  samples?: { before: string; after: string };
}

export async function trainModel(req: TrainModelRequest, cb: Omit<TrainCallbacks, 'onEpoch' | 'resume'> = {}): Promise<TrainModelResult> {
  if (!METHODS.includes(req.method)) throw new UserError(`unknown method "${req.method}" (use ${METHODS.join(', ')})`);
  const defaults = defaultConfigFor(req.method);
  const config = { ...defaults };
  for (const [k, v] of Object.entries(req.config ?? {})) {
    if (v === undefined) continue;
    if (!(k in defaults)) throw new UserError(`unknown ${req.method} setting "${k}" (known: ${Object.keys(defaults).join(', ')})`);
    if (typeof v !== typeof defaults[k]) throw new UserError(`${k} must be a ${typeof defaults[k]}, got ${JSON.stringify(v)}`);
    config[k] = v;
  }
  const { name, text } = req.text !== undefined ? { name: req.corpus, text: req.text } : loadCorpus(req.corpus);
  let resume;
  if (req.resume) {
    if (!fs.existsSync(path.join(req.out, 'model.json'))) throw new UserError(`cannot resume: ${req.out} has no saved model`);
    const saved = loadModel(req.out, true);
    if (!saved.state) throw new UserError(`cannot resume: ${req.out} has no training state`);
    resume = saved.state;
  }
  const save = (state: NonNullable<TrainCallbacks['resume']>, vectors: { words: string[]; dim: number; vectors: Float32Array }) =>
    saveModel(req.out, vectors, { method: req.method, corpus: name, config, state });
  const callbacks: TrainCallbacks = {
    ...cb,
    resume,
    // Per-epoch checkpoint: the input vectors (syn0 / W+W̃ / V) plus the full trainer state.
    onEpoch: async (state) => {
      await save(state, { words: state.words, dim: config.dim as number, vectors: epochVectors(state) });
    },
  };
  let result: TrainResult;
  let samples: TrainModelResult['samples'];
  switch (req.method) {
    case 'sgns':
      result = await trainSkipGram(text, config as never, callbacks);
      break;
    case 'cbow':
      result = await trainCbow(text, config as never, callbacks);
      break;
    case 'glove':
      result = await trainGlove(text, config as never, callbacks);
      break;
    case 'prevnext': {
      const r = await trainPrevNext(text, config as never, callbacks);
      const start = [r.model.words[0]];
      samples = {
        before: samplePrevNext(initPrevNext(r.model.words, r.model.dim, config.seed as number), start, 20, createRng(2)).join(' '),
        after: samplePrevNext(r.model, start, 20, createRng(2)).join(' '),
      };
      result = r;
      break;
    }
  }
  const meta = await saveModel(req.out, result.vectors, {
    method: req.method,
    corpus: name,
    config,
    state: result.state,
    extra: { vocabulary: result.vocabulary, wordsPerSec: result.wordsPerSec, seconds: result.seconds, samples },
  });
  return { out: req.out, meta, result, samples };
}

function epochVectors(state: NonNullable<TrainCallbacks['resume']>): Float32Array {
  const t = state.tensors;
  if (t.syn0) return t.syn0;
  if (t.V) return t.V;
  const out = new Float32Array(t.W.length);
  for (let i = 0; i < out.length; i++) out[i] = t.W[i] + t.Wc[i];
  return out;
}
