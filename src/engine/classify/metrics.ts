// Classification metrics from a confusion matrix (accuracy, per-class precision/recall/F1, macro-F1), the
// majority-class baseline, inverse-frequency class weights and the seeded stratified train/validation split.
import type { Baseline, ClassMetrics, Metrics } from '../../protocol/classify';
import { Rng } from '../lm/rng';

/** confusion[true][predicted] for integer class ids in [0, nClasses). */
export function confusionMatrix(truth: ArrayLike<number>, predicted: ArrayLike<number>, nClasses: number): number[][] {
  const m = Array.from({ length: nClasses }, () => new Array<number>(nClasses).fill(0));
  for (let i = 0; i < truth.length; i++) m[truth[i]][predicted[i]]++;
  return m;
}

/**
 * precision_c = M[c][c] / Σ_t M[t][c], recall_c = M[c][c] / Σ_p M[c][p], F1 = 2PR/(P+R) (0 when undefined);
 * macro-F1 = mean F1 over classes that occur in the truth or the predictions (scikit-learn's `labels` default).
 */
export function metricsFromConfusion(confusion: number[][], labels: string[]): Metrics {
  const C = labels.length;
  let correct = 0;
  let total = 0;
  const perClass: ClassMetrics[] = [];
  let f1Sum = 0;
  let f1Count = 0;
  for (let c = 0; c < C; c++) {
    const tp = confusion[c][c];
    let row = 0;
    let col = 0;
    for (let k = 0; k < C; k++) {
      row += confusion[c][k];
      col += confusion[k][c];
    }
    correct += tp;
    total += row;
    const precision = col > 0 ? tp / col : 0;
    const recall = row > 0 ? tp / row : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    perClass.push({ label: labels[c], precision, recall, f1, support: row });
    if (row > 0 || col > 0) {
      f1Sum += f1;
      f1Count++;
    }
  }
  return { accuracy: total > 0 ? correct / total : 0, macroF1: f1Count > 0 ? f1Sum / f1Count : 0, perClass, confusion };
}

/** Metrics of always answering the most frequent training class, measured on the validation labels. */
export function majorityBaseline(trainY: ArrayLike<number>, valY: ArrayLike<number>, labels: string[]): Baseline {
  const counts = new Array<number>(labels.length).fill(0);
  for (let i = 0; i < trainY.length; i++) counts[trainY[i]]++;
  const major = counts.indexOf(Math.max(...counts));
  const m = metricsFromConfusion(confusionMatrix(valY, new Array<number>(valY.length).fill(major), labels.length), labels);
  return { label: labels[major], accuracy: m.accuracy, macroF1: m.macroF1 };
}

/** w_c = N / (C · n_c) (inverse class frequency, "balanced" in scikit-learn); classes absent from y get 0. */
export function classWeights(y: ArrayLike<number>, nClasses: number): number[] {
  const counts = new Array<number>(nClasses).fill(0);
  for (let i = 0; i < y.length; i++) counts[y[i]]++;
  return counts.map((n) => (n > 0 ? y.length / (nClasses * n) : 0));
}

/**
 * Indices split per class: a seeded shuffle of each class, round(n_c · valFraction) of it (at least 1, at most n_c − 1)
 * to validation. Every class with ≥ 2 examples is in both parts.
 */
export function stratifiedSplit(y: ArrayLike<number>, nClasses: number, valFraction: number, seed: number): { train: number[]; val: number[] } {
  const rng = new Rng(seed);
  const byClass: number[][] = Array.from({ length: nClasses }, () => []);
  for (let i = 0; i < y.length; i++) byClass[y[i]].push(i);
  const train: number[] = [];
  const val: number[] = [];
  for (const idx of byClass) {
    shuffleInPlace(idx, rng);
    const nVal = idx.length < 2 ? 0 : Math.min(idx.length - 1, Math.max(1, Math.round(idx.length * valFraction)));
    val.push(...idx.slice(0, nVal));
    train.push(...idx.slice(nVal));
  }
  return { train: train.sort((a, b) => a - b), val: val.sort((a, b) => a - b) };
}

/** Fisher–Yates with the seeded RNG. */
export function shuffleInPlace<T>(a: T[], rng: Rng): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}
