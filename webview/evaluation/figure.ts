// Pure helpers of the evaluation panel: percentages and the per-section bar chart's data.
import type { EvaluationReport } from '../../src/protocol/webview/evaluation';

type Sections = NonNullable<EvaluationReport['analogy']>['sections'];

/** 0.6568 → "65.7%"; NaN → "–". */
export function pct(x: number, digits = 1): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(digits)}%` : '–';
}

/** Spearman ρ with three decimals, "–" when undefined (fewer than two pairs found). */
export function rho(x: number | null | undefined): string {
  return typeof x === 'number' && Number.isFinite(x) ? x.toFixed(3) : '–';
}

export interface SectionBars {
  /** Section names, last section first (Plotly draws horizontal bars bottom-up). */
  y: string[];
  /** Accuracy in percent (0 for sections with no question in the vocabulary). */
  x: number[];
  /** Label drawn on each bar: "65.7% (312/475)" or "not covered". */
  text: string[];
  /** Hover text: answered / total questions of the section. */
  hover: string[];
}

export function sectionBars(sections: Sections): SectionBars {
  const rows = [...sections].reverse();
  return {
    y: rows.map((s) => s.section),
    x: rows.map((s) => (s.answered ? s.accuracy * 100 : 0)),
    text: rows.map((s) => (s.answered ? `${pct(s.accuracy)} (${s.correct}/${s.answered})` : 'not covered')),
    hover: rows.map((s) => `${s.section}<br>${s.correct} correct of ${s.answered} answered<br>${s.answered} of ${s.total} questions in the vocabulary`),
  };
}
