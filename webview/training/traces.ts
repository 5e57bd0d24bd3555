// Pure: accumulated training points → Plotly traces (loss and validation loss; extra metrics and the
// rate on a second chart) and the summary line of the latest point.
import type { TrainingPoint } from '../../src/protocol/webview/training';

export interface LineTrace {
  type: 'scatter';
  mode: 'lines' | 'lines+markers';
  name: string;
  x: number[];
  y: number[];
  yaxis?: 'y2';
  line?: { color?: string; dash?: string };
}

export function lossTraces(points: TrainingPoint[], stepUnit: string): LineTrace[] {
  const mode = points.length < 30 ? 'lines+markers' : 'lines';
  const out: LineTrace[] = [{ type: 'scatter', mode, name: 'loss', x: points.map((p) => p.step), y: points.map((p) => p.loss) }];
  const val = points.filter((p) => p.valLoss !== undefined);
  if (val.length) out.push({ type: 'scatter', mode, name: 'validation loss', x: val.map((p) => p.step), y: val.map((p) => p.valLoss!) });
  void stepUnit;
  return out;
}

/** Rate (left axis) and learning rate (right axis), plus any extra metrics, against the step. */
export function rateTraces(points: TrainingPoint[], rateUnit: string): LineTrace[] {
  const out: LineTrace[] = [];
  const rate = points.filter((p) => p.rate !== undefined);
  if (rate.length) out.push({ type: 'scatter', mode: 'lines', name: rateUnit, x: rate.map((p) => p.step), y: rate.map((p) => p.rate!) });
  const lr = points.filter((p) => p.lr !== undefined);
  if (lr.length) out.push({ type: 'scatter', mode: 'lines', name: 'learning rate', x: lr.map((p) => p.step), y: lr.map((p) => p.lr!), yaxis: 'y2', line: { dash: 'dot' } });
  const names = [...new Set(points.flatMap((p) => Object.keys(p.metrics ?? {})))];
  for (const n of names) {
    const ps = points.filter((p) => p.metrics?.[n] !== undefined);
    out.push({ type: 'scatter', mode: 'lines+markers', name: n, x: ps.map((p) => p.step), y: ps.map((p) => p.metrics![n]), yaxis: 'y2' });
  }
  return out;
}

function fmt(x: number): string {
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1000 ? Math.round(x).toLocaleString('en-US') : a >= 0.01 ? x.toFixed(4).replace(/\.?0+$/, '') : x.toExponential(2);
}

export function summary(points: TrainingPoint[], rateUnit: string, stepUnit: string): string {
  const p = points.at(-1);
  if (!p) return '';
  const parts = [`${stepUnit} ${fmt(p.step)}`, `loss ${fmt(p.loss)}`];
  if (p.valLoss !== undefined) parts.push(`validation ${fmt(p.valLoss)}`);
  if (p.rate !== undefined) parts.push(`${fmt(p.rate)} ${rateUnit}`);
  if (p.lr !== undefined) parts.push(`lr ${fmt(p.lr)}`);
  for (const [k, v] of Object.entries(p.metrics ?? {})) parts.push(`${k} ${fmt(v)}`);
  return parts.join(' · ');
}
