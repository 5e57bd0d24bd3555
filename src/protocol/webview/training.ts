// Messages of the Training panel, shared by every trainer (embeddings, language model, classifier).
import { lit, obj, oneOf, type Check } from '../validate';

/** One point of a training run. `rate` is words/s or tokens/s (see `rateUnit`). */
export interface TrainingPoint {
  step: number;
  loss: number;
  valLoss?: number;
  /** Extra validation metrics (accuracy, macroF1…) drawn on a second chart. */
  metrics?: Record<string, number>;
  rate?: number;
  lr?: number;
}

export type TrainingToWebview =
  | {
      type: 'run';
      title: string;
      /** e.g. "words/s" or "tokens/s" */
      rateUnit: string;
      totalSteps: number;
      /** Step label on the x axis: "words", "step", "epoch". */
      stepUnit: string;
      config: Record<string, string | number | boolean>;
    }
  | { type: 'points'; points: TrainingPoint[] }
  | { type: 'sample'; step: number; text: string; label?: string }
  | { type: 'status'; state: 'running' | 'done' | 'cancelled' | 'failed'; message: string; fraction?: number };

export type TrainingToHost = { type: 'ready' } | { type: 'cancel' };

export const isTrainingToHost: Check<TrainingToHost> = oneOf(obj({ type: lit('ready') }), obj({ type: lit('cancel') }));
