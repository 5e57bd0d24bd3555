// The projection/project request: resolve a model's word vectors (via an injected resolver), project, return.
// The lead wires registerProjection into rpc/index.ts with the resolver the embeddings area provides.
import type { MessageConnection } from 'vscode-jsonrpc';
import { projectRequest, type ProjectParams, type ProjectResult } from '../../protocol/projection';
import { project, PROJECTION_METHODS, type ProjectionMethod } from '../analysis/project';
import type { WordVectors } from '../embeddings/wordVectors';
import { UserError, throwIfAborted } from '../errors';
import { handle } from './handle';

/** Returns (at most) the first topN words of a model with their vectors. */
export type VectorResolver = (modelId: string, topN: number) => Promise<WordVectors>;

export const MAX_TOP_N = 100_000;

export function registerProjection(conn: MessageConnection, resolveVectors: VectorResolver): void {
  handle(conn, projectRequest, async (params, ctx) => {
    const p = validateProjectParams(params);
    const wv = await resolveVectors(p.modelId, p.topN);
    throwIfAborted(ctx.signal);
    const n = Math.min(p.topN, wv.words.length);
    const vectors = wv.vectors.subarray(0, n * wv.dim);
    const r = await project(vectors, n, wv.dim, p, {
      signal: ctx.signal,
      onProgress: (pr) => ctx.progress({ fraction: pr.fraction, message: pr.message }),
    });
    const result: ProjectResult = {
      words: wv.words.slice(0, n),
      coords: Array.from(r.coords),
      dims: r.dims,
      method: r.method,
      ms: r.ms,
    };
    if (r.explainedVariance) result.explainedVariance = r.explainedVariance;
    return result;
  });
}

/** Checks params from the wire; throws UserError with a message a person can act on. */
export function validateProjectParams(p: ProjectParams): ProjectParams {
  if (!p || typeof p !== 'object') throw new UserError('Projection request has no parameters.');
  if (typeof p.modelId !== 'string' || p.modelId === '') throw new UserError('Choose an embedding model to project.');
  if (!Number.isInteger(p.topN) || p.topN < 1 || p.topN > MAX_TOP_N) {
    throw new UserError(`Number of words must be a whole number from 1 to ${MAX_TOP_N}; got ${p.topN}.`);
  }
  if (!PROJECTION_METHODS.includes(p.method as ProjectionMethod)) {
    throw new UserError(`Unknown projection method "${p.method}"; use pca, umap or tsne.`);
  }
  if (p.dims !== 2 && p.dims !== 3) throw new UserError(`Projection must be 2-D or 3-D; got ${p.dims}.`);
  if (p.seed !== undefined && !Number.isInteger(p.seed)) throw new UserError('Seed must be a whole number.');
  if (p.perplexity !== undefined && !(p.perplexity >= 2 && p.perplexity <= 100)) {
    throw new UserError(`Perplexity must be between 2 and 100; got ${p.perplexity}.`);
  }
  if (p.nNeighbors !== undefined && !(Number.isInteger(p.nNeighbors) && p.nNeighbors >= 2 && p.nNeighbors <= 200)) {
    throw new UserError(`UMAP neighbours must be a whole number from 2 to 200; got ${p.nNeighbors}.`);
  }
  return p;
}
