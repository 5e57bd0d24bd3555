// Pure pieces of the confusion-matrix panel (unit-testable): cell shading and which examples a cell lists.
import type { ClassifyEvaluateResult } from '../../src/protocol/classify';

/** Row-normalised share of a cell in [0, 1] (the recall of the true class on the diagonal). */
export function cellShare(confusion: number[][], t: number, p: number): number {
  const row = confusion[t]?.reduce((a, b) => a + b, 0) ?? 0;
  return row > 0 ? (confusion[t][p] ?? 0) / row : 0;
}

/** Indices into `misclassified` of the examples with true class `t` predicted as `p`. */
export function examplesInCell(r: ClassifyEvaluateResult, t: number, p: number): number[] {
  const out: number[] = [];
  r.misclassified.forEach((m, i) => {
    if (m.label === r.labels[t] && m.predicted === r.labels[p]) out.push(i);
  });
  return out;
}
