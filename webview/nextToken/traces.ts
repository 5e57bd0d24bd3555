// Pure: the re-shaped distribution → a horizontal Plotly bar trace (one bar per shown candidate).
import { showToken, type Shaped } from './distribution';

export interface HBarTrace {
  type: 'bar';
  orientation: 'h';
  x: number[];
  y: number[];
  customdata: number[];
  text: string[];
  textposition: 'outside';
  hovertext: string[];
  hoverinfo: 'text';
  marker: { color: string[] };
  cliponaxis: false;
}

/** Top `n` candidates by logit; bars are indexed 0..n-1 (labels in `tickLabels`) so equal-looking tokens stay apart. */
export function barTrace(s: Shaped, n: number, colors: { kept: string; cut: string }): { trace: HBarTrace; tickLabels: string[] } {
  const shown = s.tokens.slice(0, n);
  return {
    tickLabels: shown.map((t) => showToken(t.token)),
    trace: {
      type: 'bar',
      orientation: 'h',
      x: shown.map((t) => t.p),
      y: shown.map((_, i) => i),
      customdata: shown.map((t) => t.id),
      text: shown.map((t) => (t.kept ? `${(t.p * 100).toFixed(1)}%` : 'cut')),
      textposition: 'outside',
      hovertext: shown.map(
        (t) => `“${showToken(t.token)}” rank ${t.rank}<br>p = ${t.p.toFixed(4)} (T=1: ${t.pRaw.toFixed(4)})<br>logit ${t.logit.toFixed(3)}`,
      ),
      hoverinfo: 'text',
      marker: { color: shown.map((t) => (t.kept ? colors.kept : colors.cut)) },
      cliponaxis: false,
    },
  };
}
