// One entry for the Embedding Projector: PCA, UMAP or t-SNE of n vectors to 2 or 3 dimensions.
// UMAP and t-SNE first reduce to 50 dimensions with PCA (cheap, and it denoises the kNN graph). No caching here.
import { UserError, throwIfAborted } from '../errors';
import { pca } from './pca';
import { tsne, type TsneProgress } from './tsne';
import { umap, type UmapProgress } from './umap';

export type ProjectionMethod = 'pca' | 'umap' | 'tsne';
export const PROJECTION_METHODS: readonly ProjectionMethod[] = ['pca', 'umap', 'tsne'];

export interface ProjectOptions {
  method: ProjectionMethod;
  dims: 2 | 3;
  /** Seeds UMAP and t-SNE; the same seed and input give the same coordinates. Default 0. */
  seed?: number;
  /** t-SNE only, default 30 (clamped to (n − 1) / 3). */
  perplexity?: number;
  /** UMAP only, default 15. */
  nNeighbors?: number;
}

export interface ProjectionProgress {
  /** Overall fraction done in [0, 1]. */
  fraction: number;
  message: string;
}

export interface Projection {
  /** [n * dims] row-major */
  coords: Float32Array;
  dims: 2 | 3;
  method: ProjectionMethod;
  /** PCA only: share of total variance per component, descending, each in [0, 1]. */
  explainedVariance?: number[];
  /** Wall-clock milliseconds the projection took. */
  ms: number;
}

/** Dimensions UMAP and t-SNE work in after the PCA pre-reduction. */
export const PRE_REDUCED_DIMS = 50;

/** Projects the n rows of vectors ([n * d], row-major) with the chosen method. */
export async function project(
  vectors: Float32Array, n: number, d: number, opts: ProjectOptions,
  work: { onProgress?: (p: ProjectionProgress) => void; signal?: AbortSignal } = {},
): Promise<Projection> {
  const t0 = Date.now();
  const { method, dims } = opts;
  if (vectors.length !== n * d) throw new RangeError(`expected ${n} × ${d} = ${n * d} values, got ${vectors.length}`);
  if (d < dims) throw new UserError(`A ${dims}-D projection needs vectors of at least ${dims} dimensions; these have ${d}.`);
  const minPoints = method === 'pca' ? 1 : method === 'umap' ? 3 : 4;
  if (n < minPoints) throw new UserError(`${label(method)} needs at least ${minPoints} points; got ${n}.`);
  throwIfAborted(work.signal);
  const report = (fraction: number, message: string) => work.onProgress?.({ fraction: Math.min(1, Math.max(0, fraction)), message });
  if (method === 'pca') {
    const r = pca(vectors, n, d, dims);
    report(1, 'PCA done');
    return { coords: r.coords, dims, method, explainedVariance: Array.from(r.explainedVarianceRatio), ms: Date.now() - t0 };
  }
  let x = vectors;
  let xd = d;
  if (d > PRE_REDUCED_DIMS) {
    report(0, `PCA to ${PRE_REDUCED_DIMS} dimensions`);
    x = pca(vectors, n, d, PRE_REDUCED_DIMS).coords;
    xd = PRE_REDUCED_DIMS;
    throwIfAborted(work.signal);
  }
  const coords =
    method === 'tsne'
      ? await tsne(x, n, xd, { dims, seed: opts.seed, perplexity: opts.perplexity }, {
          signal: work.signal,
          onProgress: (p: TsneProgress) =>
            p.phase === 'neighbours'
              ? report(0.2 * p.fraction, 't-SNE: finding neighbours')
              : report(0.2 + 0.8 * p.fraction, `t-SNE iteration ${p.iteration}/${p.nIterations}, KL ${p.kl.toFixed(3)}`),
        })
      : await umap(x, n, xd, { dims, seed: opts.seed, nNeighbors: opts.nNeighbors }, {
          signal: work.signal,
          onProgress: (p: UmapProgress) =>
            p.phase === 'neighbours'
              ? report(0.3 * p.fraction, 'UMAP: finding neighbours')
              : report(0.3 + 0.7 * p.fraction, `UMAP epoch ${p.epoch}/${p.nEpochs}`),
        });
  return { coords, dims, method, ms: Date.now() - t0 };
}

function label(method: ProjectionMethod): string {
  return method === 'pca' ? 'PCA' : method === 'umap' ? 'UMAP' : 't-SNE';
}
