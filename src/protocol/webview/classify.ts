// Messages of the two classifier panels: Classify Selection (probability bars + the pooled token's attention)
// and the confusion matrix (cells → misclassified examples → source line).
import type { ClassifyEvaluateResult, ClassifyPredictResult } from '../classify';
import { int, lit, obj, oneOf, range, type Check } from '../validate';

/** Host → Classify Selection webview. */
export type ClassifyToWebview =
  | { type: 'prediction'; text: string; model: string; result: ClassifyPredictResult }
  | { type: 'busy'; message: string }
  | { type: 'error'; message: string };

/** Classify Selection webview → host. */
export type ClassifyToHost = { type: 'ready' } | { type: 'showConfusion' };

export const isClassifyToHost: Check<ClassifyToHost> = oneOf(obj({ type: lit('ready') }), obj({ type: lit('showConfusion') }));

/** Host → confusion-matrix webview. */
export type ConfusionToWebview =
  | { type: 'confusion'; model: string; result: ClassifyEvaluateResult }
  | { type: 'busy'; message: string }
  | { type: 'error'; message: string };

/** Confusion webview → host: open the `index`-th misclassified example's source line. */
export type ConfusionToHost = { type: 'ready' } | { type: 'openExample'; index: number };

export const isConfusionToHost: Check<ConfusionToHost> = oneOf(
  obj({ type: lit('ready') }),
  obj({ type: lit('openExample'), index: (v: unknown): v is number => int(v) && range(0, 1e7)(v) }),
);
