// Pure: contextual-embedding trajectories → Plotly traces (one line per context, layer 0 → L, the start a square and
// the end a larger marker, labelled by layer). No DOM; unit-testable.
import type { ContextualResult } from '../../src/protocol/webview/lmViews';

export interface TrajectoryTrace {
  type: 'scatter';
  mode: 'lines+markers+text';
  name: string;
  x: number[];
  y: number[];
  text: string[];
  textposition: 'top center';
  hovertext: string[];
  hoverinfo: 'text';
  marker: { size: number[]; symbol: string[]; color: string };
  line: { color: string; width: number };
}

/** Shorten a context for the legend, keeping the word visible. */
export function contextLabel(text: string, start: number, end: number, max = 48): string {
  if (text.length <= max) return text;
  const from = Math.max(0, Math.min(start - Math.floor((max - (end - start)) / 2), text.length - max));
  return (from > 0 ? '…' : '') + text.slice(from, from + max) + (from + max < text.length ? '…' : '');
}

export function trajectoryTraces(r: Pick<ContextualResult, 'contexts' | 'layers'>, palette: string[]): TrajectoryTrace[] {
  return r.contexts.map((c, i) => {
    const color = palette[i % palette.length];
    const last = c.points.length - 1;
    return {
      type: 'scatter',
      mode: 'lines+markers+text',
      name: contextLabel(c.text, c.start, c.end),
      x: c.points.map((p) => p[0]),
      y: c.points.map((p) => p[1]),
      text: c.points.map((_, l) => (l === 0 || l === last ? r.layers[l] : String(l))),
      textposition: 'top center',
      hovertext: c.points.map((_, l) => `${r.layers[l]} · ‖h‖ = ${c.norms[l].toFixed(2)}<br>${contextLabel(c.text, c.start, c.end, 70)}`),
      hoverinfo: 'text',
      marker: { size: c.points.map((_, l) => (l === last ? 13 : 8)), symbol: c.points.map((_, l) => (l === 0 ? 'square' : l === last ? 'star' : 'circle')), color },
      line: { color, width: 2 },
    };
  });
}
