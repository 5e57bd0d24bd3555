// Engine RPC for word embeddings: list/describe models, neighbours, analogies, evaluation, training with
// progress, vectors for the projector, import/export. Model ids: 'glove-default' or a saved model folder.
import { RequestType } from 'vscode-jsonrpc';
import type { WithProgress } from './engine';

export type EmbeddingMethodName = 'sgns' | 'cbow' | 'glove' | 'prevnext';
export type MetricName = 'cosine' | 'dot' | 'euclidean';
export type VectorFormatName = 'word2vec' | 'glove' | 'word2vec-bin' | 'tsv';

export interface ScoredWordDto {
  word: string;
  score: number;
}

export interface EmbeddingModelDto {
  id: string;
  label: string;
  method: string;
  corpus: string;
  words: number;
  dim: number;
  createdAt?: string;
  config?: Record<string, unknown>;
}

/** Lists the default model plus saved models in the given folders (each subfolder with a model.json). */
export interface ListParams {
  folders?: string[];
}
export const listRequest = new RequestType<ListParams, { models: EmbeddingModelDto[]; corpora: { id: string; label: string; description: string }[] }, void>('embeddings/list');

export interface NeighborsParams {
  model?: string;
  word: string;
  k?: number;
  /** One or several metrics (shown side by side). Default ['cosine']. */
  metrics?: MetricName[];
  topN?: number;
}
export const neighborsRequest = new RequestType<NeighborsParams, { word: string; results: Record<string, ScoredWordDto[]> }, void>('embeddings/neighbors');

export interface AnalogyParams {
  model?: string;
  /** a − b + c */
  a: string;
  b: string;
  c: string;
  k?: number;
  method?: '3cosadd' | '3cosmul';
  topN?: number;
}
export interface AnalogyResult {
  results: ScoredWordDto[];
  /** Raw vectors of a, b, c and the top answer, for drawing offsets in a projection: [4][dim]. */
  vectors: { word: string; vector: number[] }[];
}
export const analogyRequest = new RequestType<AnalogyParams, AnalogyResult, void>('embeddings/analogy');

export interface TrainParams extends WithProgress {
  corpus: string;
  text?: string;
  method: EmbeddingMethodName;
  config?: Record<string, unknown>;
  out: string;
  resume?: boolean;
}
/** Progress `data` under the token: {epoch, epochs, wordsDone, totalWords, loss, wordsPerSec, lr}. */
export interface TrainResultDto {
  model: EmbeddingModelDto;
  lossHistory: { epoch: number; wordsDone: number; loss: number }[];
  vocabulary: unknown;
  wordsPerSec: number;
  seconds: number;
  samples?: { before: string; after: string };
}
export const trainRequest = new RequestType<TrainParams, TrainResultDto, void>('embeddings/train');

export interface EvaluateParams extends WithProgress {
  model?: string;
  /** Path of a questions-words file; default: the bundled Google analogy set. */
  analogies?: string;
  similarity?: string[];
  topN?: number;
  method?: '3cosadd' | '3cosmul';
}
export interface EvaluateResult {
  analogy?: {
    method: string;
    topN: number;
    sections: { section: string; total: number; answered: number; correct: number; accuracy: number }[];
    total: number;
    answered: number;
    correct: number;
    accuracy: number;
    coverage: number;
    examples: { question: string; expected: string; got: string }[];
  };
  similarity: { file: string; pairs: number; found: number; coverage: number; spearman: number; pearson: number }[];
}
export const evaluateRequest = new RequestType<EvaluateParams, EvaluateResult, void>('embeddings/evaluate');

export interface VectorsParams {
  model?: string;
  /** Most frequent N words (default 5000). */
  top?: number;
  /** Or exactly these words (unknown ones are skipped and listed). */
  words?: string[];
  normalize?: boolean;
}
export interface VectorsResult {
  words: string[];
  dim: number;
  /** Row-major [words.length * dim]. */
  vectors: number[];
  missing: string[];
}
export const vectorsRequest = new RequestType<VectorsParams, VectorsResult, void>('embeddings/vectors');

export interface ImportParams extends WithProgress {
  file: string;
  format?: VectorFormatName;
  maxWords?: number;
  out: string;
}
export const importRequest = new RequestType<ImportParams, EmbeddingModelDto, void>('embeddings/import');

export interface ExportParams {
  model?: string;
  format: VectorFormatName;
  file: string;
  maxWords?: number;
}
export const exportRequest = new RequestType<ExportParams, { files: string[] }, void>('embeddings/export');
