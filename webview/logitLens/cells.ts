// Pure: a logit-lens result → the table's cells (top-1 token, probability, whether the actual next token is the top-1
// or in the top-k) and, per position, the first layer that predicts the actual next token. No DOM; unit-testable.
import type { LogitLensResult } from '../../src/protocol/webview/lmViews';

export interface LensCell {
  layer: number;
  pos: number;
  token: string;
  prob: number;
  /** p(actual next token) at this layer, null at the last position. */
  targetProb: number | null;
  /** The actual next token is the top-1 / somewhere in the top-k. */
  hit: boolean;
  inTopK: boolean;
  topK: { token: string; prob: number }[];
}

/** [layer][position] cells. */
export function lensCells(r: Pick<LogitLensResult, 'ids' | 'top' | 'targetProb'> & { targetIds?: (number | null)[] }): LensCell[][] {
  return r.top.map((row, layer) =>
    row.map((top, pos) => {
      // an encoder's columns are scored against their own token (targetIds); a causal model's against the next one
      const next = r.targetIds ? (r.targetIds[pos] ?? undefined) : pos + 1 < r.ids.length ? r.ids[pos + 1] : undefined;
      return {
        layer,
        pos,
        token: top[0]?.token ?? '',
        prob: top[0]?.prob ?? 0,
        targetProb: r.targetProb[layer]?.[pos] ?? null,
        hit: next !== undefined && top[0]?.id === next,
        inTopK: next !== undefined && top.some((t) => t.id === next),
        topK: top.map((t) => ({ token: t.token, prob: t.prob })),
      };
    }),
  );
}

/** Per position: the first layer whose top-1 is the actual next token (undefined: none, or the last position). */
export function firstHitLayer(cells: LensCell[][]): (number | undefined)[] {
  const n = cells[0]?.length ?? 0;
  return Array.from({ length: n }, (_, pos) => cells.findIndex((row) => row[pos].hit)).map((l) => (l < 0 ? undefined : l));
}
