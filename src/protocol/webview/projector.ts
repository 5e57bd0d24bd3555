// Messages of the Embedding Projector panel (word vectors projected to 2-D/3-D) and of the
// Nearest Neighbours panel. Projections are computed in the engine; these carry plain numbers only.
import { int, lit, obj, oneOf, range, shortStr, type Check } from '../validate';

export type ProjectionMethodName = 'pca' | 'umap' | 'tsne';

/** How each method is written for people (menus, status lines, progress): PCA, UMAP, t-SNE. */
export function methodLabel(m: ProjectionMethodName): string {
  return m === 'tsne' ? 't-SNE' : m.toUpperCase();
}
export type NeighborMetric = 'cosine' | 'dot' | 'euclidean';

export interface ScoredWord {
  word: string;
  score: number;
}

/** What the controls show; the webview sends a `project` with these when the person changes them. */
export interface ProjectorSettings {
  method: ProjectionMethodName;
  dims: 2 | 3;
  /** Most frequent N words of the model. */
  top: number;
}

export type ProjectorToWebview =
  | { type: 'settings'; settings: ProjectorSettings; modelLabel: string }
  | {
      type: 'points';
      model: string;
      modelLabel: string;
      method: ProjectionMethodName;
      dims: 2 | 3;
      words: string[];
      /** Row-major [words.length * dims]. */
      coords: number[];
      /** e.g. "PCA: 12.3% of variance" or "UMAP, 15 neighbours". */
      note?: string;
    }
  | { type: 'progress'; message: string; fraction?: number }
  /** Nearest neighbours of the word the person clicked or searched for (cosine first). */
  | { type: 'neighbors'; word: string; results: Partial<Record<NeighborMetric, ScoredWord[]>> }
  /** Words selected in the editor (or asked for by "Show in Projector"): drawn highlighted. */
  | { type: 'highlight'; words: string[]; focus?: string }
  | { type: 'error'; message: string };

export type ProjectorToHost =
  | { type: 'ready' }
  | { type: 'project'; method: ProjectionMethodName; dims: 2 | 3; top: number }
  | { type: 'cancel' }
  | { type: 'selectWord'; word: string }
  /** A chart exported by the webview (Plotly toImage): the host asks where to save it. */
  | { type: 'saveImage'; format: 'png' | 'svg'; dataUrl: string };

const method = oneOf(lit('pca'), lit('umap'), lit('tsne'));
const dims = oneOf(lit(2), lit(3));

export const isProjectorToHost: Check<ProjectorToHost> = oneOf(
  obj({ type: lit('ready') }),
  obj({ type: lit('project'), method, dims, top: (v: unknown): v is number => int(v) && range(10, 100_000)(v) }),
  obj({ type: lit('cancel') }),
  obj({ type: lit('selectWord'), word: shortStr(100) }),
  obj({ type: lit('saveImage'), format: oneOf(lit('png'), lit('svg')), dataUrl: shortStr(50_000_000) }),
);

/** Nearest Neighbours panel: the same word under several metrics, side by side. */
export type NeighborsToWebview =
  | {
      type: 'neighbors';
      word: string;
      modelLabel: string;
      results: Partial<Record<NeighborMetric, ScoredWord[]>>;
    }
  | { type: 'busy'; message: string }
  | { type: 'error'; message: string };

export type NeighborsToHost =
  | { type: 'ready' }
  | { type: 'lookup'; word: string }
  | { type: 'showInProjector'; word: string };

export const isNeighborsToHost: Check<NeighborsToHost> = oneOf(
  obj({ type: lit('ready') }),
  obj({ type: lit('lookup'), word: shortStr(100) }),
  obj({ type: lit('showInProjector'), word: shortStr(100) }),
);

