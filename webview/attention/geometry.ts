// Pure: attention matrices → what the side panel draws (heat-map cells, head-view lines, head
// aggregation, entropies, colours). No DOM here, so it is unit-tested in plain Node.

export type Matrix = number[][]; // [query][key]
export type Aggregate = 'mean' | 'max';

/** Mean or max over heads of one layer: [head][q][k] → [q][k]. */
export function aggregateHeads(layer: Matrix[], how: Aggregate): Matrix {
  const n = layer[0]?.length ?? 0;
  const out: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(how === 'max' ? 0 : 0));
  for (const head of layer)
    for (let q = 0; q < n; q++)
      for (let k = 0; k < n; k++) {
        const v = head[q][k];
        out[q][k] = how === 'max' ? Math.max(out[q][k], v) : out[q][k] + v / layer.length;
      }
  return out;
}

/** Shannon entropy (bits) of one attention row. */
export function rowEntropy(row: number[]): number {
  let h = 0;
  for (const p of row) if (p > 0) h -= p * Math.log2(p);
  return h;
}

/** Mean row entropy of each head: [layer][head]. Low = sharp head (attends to few tokens). */
export function headEntropies(att: Matrix[][]): number[][] {
  return att.map((layer) => layer.map((m) => (m.length ? m.reduce((a, row) => a + rowEntropy(row), 0) / m.length : 0)));
}

export interface HeatCell {
  q: number;
  k: number;
  x: number;
  y: number;
  size: number;
  value: number;
  /** Hidden from the query: a key after it (causal mask) or further back than a sliding window. */
  masked: boolean;
  /** Why it is hidden. */
  mask?: 'causal' | 'window';
}

/** Why key k is hidden from query q: after it (a decoder's causal mask), or `window` or more positions back (sliding-window layer). */
export function maskOf(q: number, k: number, window?: number | null, causal = true): 'causal' | 'window' | undefined {
  if (causal && k > q) return 'causal';
  if (window && q - k >= window) return 'window';
  return undefined;
}

/** One square per (query, key); queries are rows (y), keys columns (x). `causal` false: an encoder (nothing hidden);
 * `window`: a sliding-window layer's band. */
export function heatCells(m: Matrix, size: number, x0 = 0, y0 = 0, causal = true, window?: number | null): HeatCell[] {
  const cells: HeatCell[] = [];
  m.forEach((row, q) =>
    row.forEach((value, k) => {
      const mask = maskOf(q, k, window, causal);
      cells.push({ q, k, x: x0 + k * size, y: y0 + q * size, size, value, masked: mask !== undefined, ...(mask ? { mask } : {}) });
    }),
  );
  return cells;
}

/** Runs of consecutive values as "0–3" or "5". */
function runs(xs: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < xs.length; ) {
    let j = i;
    while (j + 1 < xs.length && xs[j + 1] === xs[j] + 1) j++;
    out.push(j > i ? `${xs[i]}–${xs[j]}` : String(xs[i]));
    i = j + 1;
  }
  return out.join(', ');
}

/**
 * Grouped-query attention in words: "q heads 0–3 share kv head 0; q heads 4–7 share kv head 1".
 * Undefined when every query head has its own key/value head (plain multi-head attention).
 */
export function kvSharing(kvHeadOf: number[] | undefined): string | undefined {
  if (!kvHeadOf?.length) return undefined;
  const nKv = Math.max(...kvHeadOf) + 1;
  if (nKv >= kvHeadOf.length) return undefined;
  const parts: string[] = [];
  for (let g = 0; g < nKv; g++) {
    const qs = kvHeadOf.flatMap((kv, h) => (kv === g ? [h] : []));
    if (qs.length) parts.push(`q head${qs.length > 1 ? 's' : ''} ${runs(qs)} share${qs.length > 1 ? '' : 's'} kv head ${g}`);
  }
  return parts.join('; ');
}

/** A layer's attention span in words: "sliding window: each query sees its last 4 keys" or "global (causal)". */
export function layerSpan(windows: (number | null)[] | undefined, layer: number): string | undefined {
  if (!windows?.length) return undefined;
  const w = windows[layer];
  return w ? `layer ${layer}: sliding window, each query sees its last ${w} keys (older keys are masked)` : `layer ${layer}: global attention (causal)`;
}

export interface HeadLine {
  head: number;
  q: number;
  k: number;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  weight: number;
}

/**
 * BertViz-style head view: a line from query token q (left column at x = xLeft) to key token k
 * (right column at xRight) per enabled head, for weights ≥ minWeight. Rows are `rowH` apart.
 */
export function headLines(layer: Matrix[], enabled: boolean[], o: { xLeft: number; xRight: number; rowH: number; y0: number; minWeight?: number; onlyQuery?: number }): HeadLine[] {
  const lines: HeadLine[] = [];
  const min = o.minWeight ?? 0.02;
  layer.forEach((m, head) => {
    if (!enabled[head]) return;
    m.forEach((row, q) => {
      if (o.onlyQuery !== undefined && o.onlyQuery !== q) return;
      row.forEach((w, k) => {
        if (w < min) return;
        lines.push({ head, q, k, x1: o.xLeft, y1: o.y0 + q * o.rowH, x2: o.xRight, y2: o.y0 + k * o.rowH, weight: w });
      });
    });
  });
  return lines;
}

/** Parse #rgb, #rrggbb(aa) or rgb(a)(…) to [r, g, b]; undefined when unknown. */
export function parseColor(c: string): [number, number, number] | undefined {
  const s = c.trim();
  let m = /^#([0-9a-f]{3})$/i.exec(s);
  if (m) return [0, 1, 2].map((i) => parseInt(m![1][i] + m![1][i], 16)) as [number, number, number];
  m = /^#([0-9a-f]{6})([0-9a-f]{2})?$/i.exec(s);
  if (m) return [0, 2, 4].map((i) => parseInt(m![1].slice(i, i + 2), 16)) as [number, number, number];
  m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(s);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
  return undefined;
}

/** Linear mix of two colours, t in [0, 1] (0 → low, 1 → high), as rgb(). */
export function mixColor(low: string, high: string, t: number): string {
  const a = parseColor(low) ?? [255, 255, 255];
  const b = parseColor(high) ?? [0, 0, 255];
  const u = Math.max(0, Math.min(1, t));
  const c = a.map((x, i) => Math.round(x + (b[i] - x) * u));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/** Colour of head h: the theme palette first, then evenly spaced hues. */
export function headColor(palette: string[], h: number, nHeads: number): string {
  if (h < palette.length) return palette[h];
  return `hsl(${Math.round((360 * h) / Math.max(nHeads, 1))}, 65%, 55%)`;
}
