// Pure: lays the neighbour lists of several metrics side by side and marks where they differ
// from cosine, so the panel can say when dot product or Euclidean distance disagree.
import type { NeighborMetric, ScoredWord } from '../../src/protocol/webview/projector';

export const METRIC_TITLES: Record<NeighborMetric, string> = {
  cosine: 'cosine similarity',
  dot: 'dot product',
  euclidean: 'Euclidean distance',
};

export interface MetricColumn {
  metric: NeighborMetric;
  title: string;
  rows: { word: string; score: number; differs: boolean }[];
  /** The same words in the same order as cosine. */
  sameAsCosine: boolean;
}

export function compareMetrics(results: Partial<Record<NeighborMetric, ScoredWord[]>>): MetricColumn[] {
  const cosine = results.cosine ?? [];
  const inCosine = new Set(cosine.map((r) => r.word));
  const cols: MetricColumn[] = [];
  for (const metric of ['cosine', 'dot', 'euclidean'] as const) {
    const list = results[metric];
    if (!list) continue;
    cols.push({
      metric,
      title: METRIC_TITLES[metric],
      rows: list.map((r) => ({ word: r.word, score: r.score, differs: metric !== 'cosine' && !inCosine.has(r.word) })),
      sameAsCosine: metric !== 'cosine' && list.length === cosine.length && list.every((r, i) => r.word === cosine[i].word),
    });
  }
  return cols;
}
