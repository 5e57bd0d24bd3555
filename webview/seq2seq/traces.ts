// Pure: seq2seq results → Plotly traces (unit-testable): accuracy against input length per variant (the bottleneck
// figure) and the decoder's alignment matrix (rows = output tokens, columns = input tokens).
import type { Seq2SeqSummary } from '../../src/protocol/rnn';

const NAMES: Record<string, string> = { rnn: 'RNN, fixed context', 'rnn-attention': 'RNN + attention', transformer: 'Transformer' };

export interface LineTrace {
  type: 'scatter';
  mode: 'lines+markers';
  name: string;
  x: number[];
  y: number[];
  hovertemplate: string;
}

/** One line per trained variant: exact-match accuracy (%) against input length. */
export function accuracyTraces(variants: Seq2SeqSummary[]): LineTrace[] {
  return variants
    .filter((v) => v.accuracy && v.accuracy.length)
    .map((v) => ({
      type: 'scatter',
      mode: 'lines+markers',
      name: NAMES[v.arch ?? ''] ?? v.arch ?? v.dir,
      x: v.accuracy!.map((r) => r.length),
      y: v.accuracy!.map((r) => 100 * r.accuracy),
      hovertemplate: `${NAMES[v.arch ?? ''] ?? v.arch}: length %{x}, %{y:.0f}% exact<extra></extra>`,
    }));
}

export interface HeatTrace {
  type: 'heatmap';
  z: number[][];
  x: number[];
  y: number[];
  zmin: number;
  zmax: number;
  colorscale: string;
  hovertemplate: string;
}

/** Alignment heat map; positions as numbers so repeated tokens keep their own column (labels go on the ticks). */
export function alignmentHeatmap(alignment: number[][]): HeatTrace {
  return {
    type: 'heatmap',
    z: alignment,
    x: alignment[0]?.map((_, j) => j) ?? [],
    y: alignment.map((_, i) => i),
    zmin: 0,
    zmax: 1,
    colorscale: 'Viridis',
    hovertemplate: 'output %{y} ← input %{x}: %{z:.3f}<extra></extra>',
  };
}

export interface MatrixChoice {
  /** 'alignment' or `${pattern}:${head}`. */
  value: string;
  label: string;
}

/** What the matrix selector offers: the alignment, and for a transformer every head of its three attention kinds. */
export function matrixChoices(patterns: Record<string, number[][][]> | undefined): MatrixChoice[] {
  const out: MatrixChoice[] = [{ value: 'alignment', label: 'alignment (decoder → input)' }];
  const names: Record<string, string> = { 'encoder.self': 'encoder self-attention', 'decoder.self': 'decoder masked self-attention', 'decoder.cross': 'cross-attention' };
  for (const [k, heads] of Object.entries(patterns ?? {})) heads.forEach((_, h) => out.push({ value: `${k}:${h}`, label: `${names[k] ?? k}, head ${h}` }));
  return out;
}

/** The matrix and its axis labels for a choice: rows are queries, columns keys. */
export function chosenMatrix(
  t: { alignment: number[][] | null; patterns?: Record<string, number[][][]>; input: string[]; tokens: string[] },
  choice: string,
): { z: number[][]; rows: string[]; cols: string[] } | undefined {
  const decoderIn = ['<s>', ...t.tokens.slice(0, -1)];
  if (choice === 'alignment') return t.alignment ? { z: t.alignment, rows: t.tokens, cols: t.input } : undefined;
  const [k, h] = choice.split(':');
  const z = t.patterns?.[k]?.[Number(h)];
  if (!z) return undefined;
  if (k === 'encoder.self') return { z, rows: t.input, cols: t.input };
  if (k === 'decoder.self') return { z, rows: decoderIn, cols: decoderIn };
  return { z, rows: t.tokens, cols: t.input };
}
