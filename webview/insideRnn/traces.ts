// Pure: recurrent states → Plotly traces (unit-testable). Hidden state and gates as units × time heat maps; the
// gradient norm ‖∂L/∂h_t‖ against t, optionally as global-norm clipping would rescale it, and the training-time traces.
import type { InsideRnnToWebview, TrainingTrace } from '../../src/protocol/webview/rnnViews';

export type States = Extract<InsideRnnToWebview, { type: 'states' }>;

export interface HeatTrace {
  type: 'heatmap';
  z: number[][];
  x: number[];
  y: number[];
  zmin: number;
  zmax: number;
  colorscale: string | (string | number)[][];
  hovertemplate: string;
}

export interface LineTrace {
  type: 'scatter';
  mode: 'lines+markers' | 'lines';
  name: string;
  x: number[];
  y: number[];
  opacity?: number;
  showlegend?: boolean;
}

const DIVERGING = [[0, '#3b4cc0'], [0.5, '#dddddd'], [1, '#b40426']];

/** [t][unit] → z[unit][t], so units run down and time runs across. */
export function unitsByTime(rows: number[][]): number[][] {
  const U = rows[0]?.length ?? 0;
  return Array.from({ length: U }, (_, u) => rows.map((r) => r[u]));
}

/** Hidden state h_t of one layer: values in (−1, 1) for tanh cells, diverging colours around 0. */
export function hiddenHeatmap(s: States, layer: number): HeatTrace {
  const rows = s.layers[layer].hidden;
  const z = unitsByTime(rows);
  const max = Math.max(1e-6, ...rows.flat().map(Math.abs));
  return { type: 'heatmap', z, x: rows.map((_, t) => t), y: z.map((_, u) => u), zmin: -max, zmax: max, colorscale: DIVERGING, hovertemplate: 'unit %{y}, step %{x}: %{z:.3f}<extra></extra>' };
}

/** A gate's activations in [0, 1] (0 = closed, 1 = open). */
export function gateHeatmap(rows: number[][], gate: string): HeatTrace {
  const z = unitsByTime(rows);
  return { type: 'heatmap', z, x: rows.map((_, t) => t), y: z.map((_, u) => u), zmin: 0, zmax: 1, colorscale: 'Viridis', hovertemplate: `${gate} gate, unit %{y}, step %{x}: %{z:.3f}<extra></extra>` };
}

/**
 * Global-norm clipping (Pascanu et al. 2013) rescales the whole gradient by min(1, c / ‖g‖), with ‖g‖ over every step:
 * an exploding gradient is capped, a vanishing one is left as it is.
 */
export function clipNorms(norms: number[], clip: number): number[] {
  const total = Math.sqrt(norms.reduce((a, g) => a + g * g, 0));
  const scale = clip > 0 && total > clip ? clip / total : 1;
  return norms.map((g) => g * scale);
}

/** ‖∂L/∂h_t‖ over the selected text (optionally clipped), then the traces recorded during training, oldest faintest. */
export function gradientTraces(s: States, clip: number | undefined): LineTrace[] {
  const norms = clip ? clipNorms(s.gradThroughTime, clip) : s.gradThroughTime;
  const out: LineTrace[] = [{ type: 'scatter', mode: 'lines+markers', name: clip ? `this text (clipped at ${clip})` : 'this text', x: norms.map((_, t) => t), y: norms }];
  const n = s.trainingTraces.length;
  s.trainingTraces.forEach((tr: TrainingTrace, i: number) => {
    const y = clip ? clipNorms(tr.norms, clip) : tr.norms;
    // one legend entry for the training traces (the latest); the older ones are fainter lines of the same story
    out.push({ type: 'scatter', mode: 'lines', name: `training step ${tr.step}`, x: y.map((_, t) => t), y, opacity: 0.25 + (0.6 * (i + 1)) / n, showlegend: i === n - 1 });
  });
  return out;
}

/** Ratio of the gradient reaching the first step to the one at the last: ≪ 1 vanishing, ≫ 1 exploding. */
export function reachRatio(norms: number[]): number | undefined {
  if (norms.length < 2 || !(norms[norms.length - 1] > 0)) return undefined;
  return norms[0] / norms[norms.length - 1];
}
