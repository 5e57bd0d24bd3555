// Pure pieces of the Classify Selection panel (unit-testable): probability bars and attention shading.
import type { ClassifyPredictResult } from '../../src/protocol/classify';

export interface Bar {
  label: string;
  p: number;
  /** Bar width in percent of the row, 0–100. */
  width: number;
  text: string;
  predicted: boolean;
}

/** One bar per class, most probable first. */
export function probabilityBars(r: ClassifyPredictResult): Bar[] {
  return r.labels
    .map((label, i) => ({ label, p: r.probabilities[i], width: Math.max(0, Math.min(100, 100 * r.probabilities[i])), text: `${(100 * r.probabilities[i]).toFixed(1)}%`, predicted: label === r.predicted }))
    .sort((a, b) => b.p - a.p);
}

/** 'mean' averages the heads of a layer. Returns one weight per token. */
export function attentionWeights(r: ClassifyPredictResult, layer: number, head: number | 'mean'): number[] {
  const l = r.attention[Math.max(0, Math.min(r.attention.length - 1, layer))] ?? [];
  if (head === 'mean') return r.tokens.map((_, k) => l.reduce((s, h) => s + (h[k] ?? 0), 0) / Math.max(1, l.length));
  return (l[head] ?? []).slice();
}

/** Shading strength per token in [0, 1]: the weight relative to the largest one (so the top word is fully shaded). */
export function shades(weights: number[]): number[] {
  const max = Math.max(0, ...weights);
  return weights.map((w) => (max > 0 ? Math.max(0, w) / max : 0));
}

/** `#rrggbb` (or `#rgb`) + alpha → rgba(); other colour syntaxes fall back to VS Code's blue. */
export function rgba(color: string, alpha: number): string {
  let hex = color.trim().replace(/^#/, '');
  if (hex.length === 3) hex = [...hex].map((c) => c + c).join('');
  const ok = /^[0-9a-f]{6}/i.test(hex);
  const n = parseInt(ok ? hex.slice(0, 6) : '3794ff', 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha.toFixed(3)})`;
}
