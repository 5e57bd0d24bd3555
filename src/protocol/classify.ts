// Engine RPC for text classification: train an encoder classifier, predict one text with the pooled
// token's attention, evaluate with a confusion matrix and the misclassified examples. Types only.
import { RequestType } from 'vscode-jsonrpc';
import type { WithProgress } from './engine';

export type Pooling = 'cls' | 'mean';
export const POOLINGS: readonly Pooling[] = ['cls', 'mean'];
export type ClassifierTokenizer = 'word' | 'char' | 'bpe';
export const CLASSIFIER_TOKENIZERS: readonly ClassifierTokenizer[] = ['word', 'char', 'bpe'];

/** A bundled sample data set, path relative to the extension (or repository) root. */
export interface ClassifySample {
  id: string;
  title: string;
  file: string;
  textColumn: string;
  labelColumn: string;
}

export const CLASSIFY_SAMPLES: readonly ClassifySample[] = [
  { id: 'brown-genres', title: 'Brown corpus sentences by genre', file: 'samples/classify/brown-genres.csv', textColumn: 'text', labelColumn: 'genre' },
  { id: 'sotu-party', title: 'State of the Union passages by party (1900–2016)', file: 'samples/classify/sotu-party.csv', textColumn: 'text', labelColumn: 'party' },
  { id: 'sotu-era', title: 'State of the Union passages by era (1900–2016)', file: 'samples/classify/sotu-era.csv', textColumn: 'text', labelColumn: 'era' },
];

export interface ClassifyTrainParams extends WithProgress {
  /** CSV, TSV or JSONL file. */
  data: string;
  textColumn: string;
  labelColumn: string;
  /** Output folder (created; must be empty or hold a classifier). */
  out: string;
  pool?: Pooling;
  tokenizer?: ClassifierTokenizer;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  /** Upper bound on tokens per text (the actual context is fitted to the data, ≤ this). */
  contextLength?: number;
  dModel?: number;
  nLayers?: number;
  nHeads?: number;
  maxVocab?: number;
  valFraction?: number;
  /** Use at most this many examples (stratified sample), for quick runs. */
  maxExamples?: number;
  seed?: number;
  /**
   * Fine-tune a pretrained bidirectional encoder with a fresh head instead of training one from scratch: 'default-encoder'
   * (the embedded one), a masked-LM folder trained in Model Lens, or a Hugging Face BERT / DistilBERT folder. Its own
   * tokenizer and shape are used (tokenizer, dModel, layers, heads and max vocabulary do not apply).
   */
  from?: string;
}

/** The pretrained encoder a classifier was fine-tuned from. */
export interface ClassifierOrigin {
  /** As given: 'default-encoder' or a folder. */
  id: string;
  /** Its display name (model card). */
  name: string;
  parameters: number;
}

export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** Examples of this class in the evaluated set. */
  support: number;
}

export interface Metrics {
  accuracy: number;
  macroF1: number;
  perClass: ClassMetrics[];
  /** confusion[true][predicted], in `labels` order. */
  confusion: number[][];
}

export interface EpochMetrics extends Metrics {
  epoch: number;
  trainLoss: number;
  valLoss: number;
}

/** Always predicting the most frequent training class. */
export interface Baseline {
  label: string;
  accuracy: number;
  macroF1: number;
}

/** `data` of the progress notifications of classify/train. */
export interface ClassifyProgressData {
  epoch: number;
  step: number;
  totalSteps: number;
  loss: number;
  valAccuracy?: number;
  macroF1?: number;
}

export interface ClassifyTrainResult {
  modelDir: string;
  labels: string[];
  history: EpochMetrics[];
  /** The epoch whose weights were saved: the best validation macro-F1. */
  bestEpoch: number;
  baseline: Baseline;
  examples: { train: number; val: number };
  /** Texts cut to the context length. */
  truncated: number;
  contextLength: number;
  vocabSize: number;
  seconds: number;
  notes: string[];
  /** Set when fine-tuned from a pretrained encoder. */
  from?: ClassifierOrigin;
}

export interface ClassifyPredictParams {
  /** A classifier folder. */
  modelId: string;
  text: string;
}

export interface ClassifyPredictResult {
  labels: string[];
  /** Softmax over the classes, in `labels` order; sums to 1. */
  probabilities: number[];
  predicted: string;
  /** The input's tokens as the model saw them (with `[CLS]` first under cls pooling). */
  tokens: string[];
  /** attention[layer][head][token]: the pooled position's attention over `tokens` (cls: the CLS row; mean: the mean row). */
  attention: number[][][];
  pool: Pooling;
  truncated: boolean;
}

export interface ClassifyEvaluateParams extends WithProgress {
  modelId: string;
  /** Evaluate on this whole file; default: the model's own validation split of its training file. */
  data?: string;
  textColumn?: string;
  labelColumn?: string;
}

export interface Misclassified {
  file: string;
  /** 1-based line where the example starts. */
  line: number;
  text: string;
  label: string;
  predicted: string;
  /** Probability of the predicted class. */
  confidence: number;
}

export interface ClassifyEvaluateResult extends Metrics {
  labels: string[];
  baseline: Baseline;
  misclassified: Misclassified[];
  source: string;
  examples: number;
}

export interface ClassifyColumnsResult {
  format: 'csv' | 'tsv' | 'jsonl';
  columns: string[];
  rows: number;
}

export const classifyTrainRequest = new RequestType<ClassifyTrainParams, ClassifyTrainResult, void>('classify/train');
export const classifyPredictRequest = new RequestType<ClassifyPredictParams, ClassifyPredictResult, void>('classify/predict');
export const classifyEvaluateRequest = new RequestType<ClassifyEvaluateParams, ClassifyEvaluateResult, void>('classify/evaluate');
export const classifyColumnsRequest = new RequestType<{ file: string }, ClassifyColumnsResult, void>('classify/columns');
