// Engine RPC for the Embedding Projector: project a model's top-N word vectors to 2-D or 3-D.
// Types only; the engine side is src/engine/rpc/projection.ts.
import { RequestType } from 'vscode-jsonrpc';
import type { WithProgress } from './engine';

export type ProjectionMethod = 'pca' | 'umap' | 'tsne';

export interface ProjectParams extends WithProgress {
  /** Which embedding model; the engine resolves it to word vectors. */
  modelId: string;
  /** How many words to project (the model's first topN, usually the most frequent), 1–100000. */
  topN: number;
  method: ProjectionMethod;
  dims: 2 | 3;
  /** Seeds UMAP and t-SNE; default 0. */
  seed?: number;
  /** t-SNE only, default 30. */
  perplexity?: number;
  /** UMAP only, default 15. */
  nNeighbors?: number;
}

export interface ProjectResult {
  words: string[];
  /** [words.length * dims] row-major: point i is coords[i * dims .. i * dims + dims). */
  coords: number[];
  dims: 2 | 3;
  method: ProjectionMethod;
  /** PCA only: explained-variance ratio per component, each in [0, 1]. */
  explainedVariance?: number[];
  /** Milliseconds the projection itself took (not loading the vectors). */
  ms: number;
}

/** Progress arrives as modelLens/progress under params.progressToken, with a fraction and a message. */
export const projectRequest = new RequestType<ProjectParams, ProjectResult, void>('projection/project');
