// Projects a model's top-N word vectors to 2-D/3-D for the projector through the engine's
// `projection/project` request (PCA, UMAP or t-SNE), mapping its progress and cancellation.
import type * as vscode from 'vscode';
import { projectRequest } from '../protocol/projection';
import { methodLabel, type ProjectionMethodName } from '../protocol/webview/projector';
import type { Services } from '../services';

export interface ProjectWordsParams {
  model: string;
  method: ProjectionMethodName;
  dims: 2 | 3;
  top: number;
}

export interface ProjectedWords {
  words: string[];
  /** Row-major [words.length * dims]. */
  coords: number[];
  note?: string;
}

export interface ProjectWordsOptions {
  token?: vscode.CancellationToken;
  onProgress?: (message: string, fraction?: number) => void;
}

export async function projectWords(s: Services, p: ProjectWordsParams, o: ProjectWordsOptions = {}): Promise<ProjectedWords> {
  const r = await s.engine.request(
    projectRequest,
    { modelId: p.model, topN: p.top, method: p.method, dims: p.dims },
    {
      token: o.token,
      task: `${methodLabel(p.method)} projection`,
      onProgress: (pr) => o.onProgress?.(pr.message ?? `${methodLabel(p.method)}…`, pr.fraction),
    },
  );
  const explained = r.explainedVariance?.reduce((a, b) => a + b, 0);
  const secs = `${(r.ms / 1000).toFixed(1)} s`;
  return {
    words: r.words,
    coords: r.coords,
    note: explained !== undefined ? `${(explained * 100).toFixed(1)}% of variance · ${secs}` : secs,
  };
}
