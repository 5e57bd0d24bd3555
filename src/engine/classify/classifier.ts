// From a labelled file to a saved classifier and back: train (tokenizer, context fitted to the data, stratified split,
// baseline, per-epoch checkpoints), predict one text with the pooled token's attention, evaluate with misclassified rows.
import * as fs from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import {
  CLASSIFIER_TOKENIZERS, POOLINGS,
  type ClassifierOrigin, type ClassifierTokenizer, type ClassifyEvaluateParams, type ClassifyEvaluateResult, type ClassifyPredictResult,
  type ClassifyProgressData, type ClassifyTrainParams, type ClassifyTrainResult, type Misclassified,
} from '../../protocol/classify';
import { backendReport } from '../backend';
import { UserError } from '../errors';
import { actName, disposeCache, type ActivationCache } from '../lm/model';
import type { ParamMap } from '../lm/params';
import { trainTokenizer } from '../lm/tokenizers/index';
import type { Tokenizer } from '../lm/tokenizers/types';
import { loadClassifier, saveClassifier, type ClassifierMeta, type ClassifierMetricsFile, type LoadedClassifier } from './checkpoint';
import { loadDataset, type Dataset, type Example } from './data';
import { classifierConfig, classifierForward, encodeText, initClassifierParams, inputLength, padBatch, pooledAttentionRows, tokenizeText, type ClassifierConfig } from './encoder';
import { startFromEncoder } from './fromEncoder';
import { confusionMatrix, majorityBaseline, metricsFromConfusion, stratifiedSplit } from './metrics';
import { predictBatches, trainClassifierLoop } from './train';

/** With the best epoch kept, a few epochs suffice: the bundled samples peak at epoch 2–4. */
export const DEFAULT_EPOCHS = 4;

export interface TrainHooks {
  signal?: AbortSignal;
  onProgress?: (d: ClassifyProgressData, message: string) => void;
}

const intIn = (v: unknown, lo: number, hi: number, name: string): void => {
  if (v !== undefined && !(Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi)) {
    throw new UserError(`${name} must be a whole number from ${lo} to ${hi}; got ${JSON.stringify(v)}`);
  }
};

export function validateTrainParams(p: ClassifyTrainParams): void {
  if (!p || typeof p !== 'object') throw new UserError('classify/train has no parameters');
  for (const k of ['data', 'textColumn', 'labelColumn', 'out'] as const) {
    if (typeof p[k] !== 'string' || !p[k]) throw new UserError(`classify/train needs "${k}"`);
  }
  if (p.pool !== undefined && !POOLINGS.includes(p.pool)) throw new UserError(`pooling must be cls or mean; got ${JSON.stringify(p.pool)}`);
  if (p.tokenizer !== undefined && !CLASSIFIER_TOKENIZERS.includes(p.tokenizer)) throw new UserError(`tokenizer must be word, char or bpe; got ${JSON.stringify(p.tokenizer)}`);
  intIn(p.epochs, 1, 1000, 'epochs');
  intIn(p.batchSize, 1, 4096, 'batch size');
  intIn(p.contextLength, 4, 1024, 'context length');
  intIn(p.dModel, 2, 1024, 'dModel');
  intIn(p.nLayers, 1, 24, 'layers');
  intIn(p.nHeads, 1, 64, 'heads');
  intIn(p.maxVocab, 16, 100_000, 'max vocabulary');
  intIn(p.maxExamples, 4, 10_000_000, 'max examples');
  intIn(p.seed, 0, 2 ** 31, 'seed');
  if (p.learningRate !== undefined && !(p.learningRate > 0 && p.learningRate < 1)) throw new UserError('learning rate must be in (0, 1)');
  if (p.valFraction !== undefined && !(p.valFraction > 0 && p.valFraction < 1)) throw new UserError('validation fraction must be in (0, 1)');
}

/** A stratified subsample of at most `max` examples (keeps class proportions, file order). */
function subsample(ds: Dataset, max: number | undefined, seed: number): Example[] {
  if (!max || ds.examples.length <= max) return ds.examples;
  const index = new Map(ds.labels.map((l, i) => [l, i]));
  const y = ds.examples.map((e) => index.get(e.label)!);
  const { val } = stratifiedSplit(y, ds.labels.length, max / ds.examples.length, seed + 1);
  return val.map((i) => ds.examples[i]);
}

function buildTokenizer(kind: ClassifierTokenizer, texts: string[], lowercase: boolean, maxVocab: number | undefined): Tokenizer {
  const corpus = texts.map((t) => (lowercase ? t.toLowerCase() : t)).join('\n');
  return trainTokenizer(kind, corpus, { vocabSize: maxVocab ?? (kind === 'word' ? 3000 : kind === 'bpe' ? 512 : undefined) });
}

/** The context that holds 95% of the texts whole (a multiple of 8, from 8 to `max`). */
function fitContext(lengths: number[], extra: number, max: number): number {
  const sorted = [...lengths].sort((a, b) => a - b);
  const p95 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] + extra;
  return Math.max(8, Math.min(max, Math.ceil(p95 / 8) * 8));
}

export async function trainClassifierFromFile(p: ClassifyTrainParams, hooks: TrainHooks = {}): Promise<ClassifyTrainResult> {
  validateTrainParams(p);
  const t0 = Date.now();
  const seed = p.seed ?? 1;
  const valFraction = p.valFraction ?? 0.2;
  if (p.from !== undefined) {
    if (typeof p.from !== 'string' || !p.from) throw new UserError('the encoder to fine-tune ("from") must be a model id or folder');
    const own = { tokenizer: 'tokenizer', maxVocab: 'max vocabulary', dModel: 'dModel', nLayers: 'layers', nHeads: 'heads' } as const;
    for (const [k, label] of Object.entries(own)) {
      if (p[k as keyof typeof own] !== undefined) throw new UserError(`${label} does not apply when fine-tuning a pretrained encoder: ${p.from} brings its own`);
    }
  }
  const pool = p.pool ?? (p.from ? 'cls' : 'mean');
  const kind = p.tokenizer ?? 'word';
  const ds = loadDataset(p.data, p.textColumn, p.labelColumn);
  const examples = subsample(ds, p.maxExamples, seed);
  const labels = ds.labels;
  const index = new Map(labels.map((l, i) => [l, i]));
  const y = examples.map((e) => index.get(e.label)!);
  const split = stratifiedSplit(y, labels.length, valFraction, seed);
  if (split.val.length === 0 || split.train.length === 0) throw new UserError(`${p.data}: too few examples to split into training and validation`);
  const maxContext = p.contextLength ?? 64;
  let tok: Tokenizer;
  let cfg: ClassifierConfig;
  let params: ParamMap;
  let origin: ClassifierOrigin | undefined;
  let learningRate = p.learningRate ?? 2e-3;
  if (p.from) {
    // [CLS] and [SEP] wrap every text: two positions beyond the text's own tokens
    const fit = (t: Tokenizer) => fitContext(examples.map((e) => tokenizeText(t, e.text, false).ids.length), 2, maxContext);
    const start = await startFromEncoder(p.from, labels.length, pool, fit, seed, hooks.signal);
    ({ tokenizer: tok, config: cfg, params, origin } = start);
    learningRate = p.learningRate ?? start.learningRate;
  } else {
    const lowercase = kind === 'word';
    tok = buildTokenizer(kind, split.train.map((i) => examples[i].text), lowercase, p.maxVocab);
    const lengths = examples.map((e) => tokenizeText(tok, e.text, lowercase).ids.length);
    const T = fitContext(lengths, pool === 'cls' ? 1 : 0, maxContext);
    const dModel = p.dModel ?? 64;
    cfg = classifierConfig(tok.vocabSize, labels.length, pool, {
      contextLength: T,
      dModel,
      nLayers: p.nLayers ?? 1,
      nHeads: p.nHeads ?? 4,
      dFF: 2 * dModel,
    }, lowercase);
    params = initClassifierParams(cfg, seed);
  }
  const T = inputLength(cfg);
  const encoded = examples.map((e) => encodeText(tok, cfg, e.text));
  const truncated = encoded.filter((e) => e.truncated).length;
  const notes: string[] = [];
  if (truncated > 0) notes.push(`${truncated} of ${examples.length} texts were longer than the context (${T} tokens) and were truncated`);
  if (examples.length < ds.examples.length) notes.push(`trained on a stratified sample of ${examples.length} of ${ds.examples.length} examples`);
  const pick = (idx: number[]) => ({ ids: idx.map((i) => encoded[i].ids), y: idx.map((i) => y[i]) });
  const train = pick(split.train);
  const val = pick(split.val);
  const baseline = majorityBaseline(train.y, val.y, labels);
  const meta: ClassifierMeta = {
    data: p.data, textColumn: p.textColumn, labelColumn: p.labelColumn, valFraction, seed, maxExamples: p.maxExamples,
    tokenizer: p.from ? tok.kind : kind, backend: backendReport()?.active, ...(origin ? { from: origin } : {}),
  };
  const metrics: ClassifierMetricsFile = { history: [], baseline, truncated, examples: { train: train.y.length, val: val.y.length }, notes };
  let lastReport = 0;
  // The saved weights are those of the best validation epoch (macro-F1), so overfitting in later epochs costs nothing.
  let best: { epoch: number; f1: number; params: ParamMap } | undefined;
  try {
    const history = await trainClassifierLoop({
      params, config: cfg, labels, train, val, signal: hooks.signal,
      options: { epochs: p.epochs ?? DEFAULT_EPOCHS, batchSize: p.batchSize ?? 32, learningRate, minLearningRate: learningRate / 10, seed },
      onStep: (s) => {
        const now = Date.now();
        if (now - lastReport < 200 && s.step !== s.totalSteps) return;
        lastReport = now;
        hooks.onProgress?.({ epoch: s.epoch, step: s.step, totalSteps: s.totalSteps, loss: s.loss }, `epoch ${s.epoch}, step ${s.step}/${s.totalSteps}, loss ${s.loss.toFixed(3)}`);
      },
      onEpoch: async (m, step) => {
        metrics.history.push(m);
        if (!best || m.macroF1 > best.f1) {
          if (best) tf.dispose(Object.values(best.params));
          best = { epoch: m.epoch, f1: m.macroF1, params: Object.fromEntries(Object.entries(params).map(([k, t]) => [k, tf.clone(t)])) };
        }
        metrics.bestEpoch = best.epoch;
        await saveClassifier(p.out, { config: cfg, labels, tokenizer: tok, params: best.params, meta, metrics, epoch: m.epoch });
        hooks.onProgress?.(
          { epoch: m.epoch, step, totalSteps: Math.ceil(train.y.length / Math.min(p.batchSize ?? 32, train.y.length)) * (p.epochs ?? DEFAULT_EPOCHS), loss: m.trainLoss, valAccuracy: m.accuracy, macroF1: m.macroF1 },
          `epoch ${m.epoch}: validation accuracy ${(100 * m.accuracy).toFixed(1)}% (baseline ${(100 * baseline.accuracy).toFixed(1)}%), macro-F1 ${m.macroF1.toFixed(3)}`,
        );
      },
    });
    return {
      modelDir: p.out, labels, history, bestEpoch: best?.epoch ?? history.length, baseline, examples: metrics.examples, truncated, contextLength: T, vocabSize: tok.vocabSize,
      seconds: (Date.now() - t0) / 1000, notes, ...(origin ? { from: origin } : {}),
    };
  } finally {
    tf.dispose(Object.values(params));
    if (best) tf.dispose(Object.values(best.params));
    forget(p.out);
  }
}

const cache = new Map<string, { mtimeMs: number; model: LoadedClassifier }>();

function forget(dir: string): void {
  const c = cache.get(dir);
  if (c) tf.dispose(Object.values(c.model.params));
  cache.delete(dir);
}

/** A loaded classifier, cached until its manifest changes. */
export function openClassifier(dir: string): LoadedClassifier {
  if (typeof dir !== 'string' || !dir) throw new UserError('choose a classifier (a folder made by "Train Text Classifier…")');
  let mtimeMs = -1;
  try {
    mtimeMs = fs.statSync(`${dir}/manifest.json`).mtimeMs;
  } catch {
    // loadClassifier names the problem
  }
  const hit = cache.get(dir);
  if (hit && hit.mtimeMs === mtimeMs) return hit.model;
  forget(dir);
  const model = loadClassifier(dir);
  cache.set(dir, { mtimeMs, model });
  return model;
}

/** Class probabilities of one text and the pooled position's attention over its tokens, per layer and head. */
export async function predictText(m: LoadedClassifier, text: string): Promise<ClassifyPredictResult> {
  if (typeof text !== 'string' || !text.trim()) throw new UserError('select some text to classify');
  const c: ClassifierConfig = m.config;
  const enc = encodeText(m.tokenizer, c, text);
  const { ids, mask, T } = padBatch([enc.ids], c);
  const acts: ActivationCache = {};
  const probsT = tf.tidy(() => {
    const logits = classifierForward(m.params, c, tf.tensor2d(ids, [1, T], 'int32'), tf.tensor2d(mask, [1, T]), {}, acts);
    for (let l = 0; l < c.encoder.nLayers; l++) tf.keep(acts[actName('blocks', l, 'attn.pattern')]);
    return tf.softmax(logits);
  });
  try {
    const probabilities = Array.from((await probsT.data()) as Float32Array);
    const attention: number[][][] = [];
    for (let l = 0; l < c.encoder.nLayers; l++) {
      const pattern = (await acts[actName('blocks', l, 'attn.pattern')].data()) as Float32Array; // [1, H, T, T]
      attention.push(pooledAttentionRows(pattern, c.encoder.nHeads, T, enc.ids.length, c.pool));
    }
    const best = probabilities.indexOf(Math.max(...probabilities));
    return { labels: m.labels, probabilities, predicted: m.labels[best], tokens: enc.pieces, attention, pool: c.pool, truncated: enc.truncated };
  } finally {
    probsT.dispose();
    const kept: ActivationCache = {};
    for (let l = 0; l < c.encoder.nLayers; l++) {
      const k = actName('blocks', l, 'attn.pattern');
      if (acts[k] && !acts[k].isDisposed) kept[k] = acts[k];
    }
    disposeCache(kept);
  }
}

/** Confusion matrix and misclassified rows on a file, or by default on the model's own validation split. */
export async function evaluateClassifier(m: LoadedClassifier, p: Omit<ClassifyEvaluateParams, 'modelId'>): Promise<ClassifyEvaluateResult> {
  const file = p.data ?? m.meta.data;
  const ds = loadDataset(file, p.textColumn ?? m.meta.textColumn, p.labelColumn ?? m.meta.labelColumn);
  const index = new Map(m.labels.map((l, i) => [l, i]));
  const unknown = ds.examples.find((e) => !index.has(e.label));
  if (unknown) throw new UserError(`${file}:${unknown.line}: the label "${unknown.label}" is not one the model knows (${m.labels.join(', ')})`);
  let rows: Example[];
  let trainY: number[] = [];
  if (p.data) rows = ds.examples;
  else {
    const ex = subsample(ds, m.meta.maxExamples, m.meta.seed);
    const y = ex.map((e) => index.get(e.label)!);
    const split = stratifiedSplit(y, m.labels.length, m.meta.valFraction, m.meta.seed);
    rows = split.val.map((i) => ex[i]);
    trainY = split.train.map((i) => y[i]);
  }
  const y = rows.map((e) => index.get(e.label)!);
  const pr = await predictBatches(m.params, m.config, rows.map((e) => encodeText(m.tokenizer, m.config, e.text).ids), y);
  const C = m.labels.length;
  const metrics = metricsFromConfusion(confusionMatrix(y, pr.predicted, C), m.labels);
  const misclassified: Misclassified[] = [];
  rows.forEach((e, i) => {
    const k = pr.predicted[i];
    if (k !== y[i]) misclassified.push({ file, line: e.line, text: e.text, label: e.label, predicted: m.labels[k], confidence: pr.probs[i * C + k] });
  });
  const baseline = p.data ? majorityBaseline(y, y, m.labels) : majorityBaseline(trainY, y, m.labels);
  return { labels: m.labels, ...metrics, baseline, misclassified, source: file, examples: rows.length };
}
