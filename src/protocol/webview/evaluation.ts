// Messages of the Evaluate Embeddings panel: progress while the engine runs an analogy file (and
// optional word-pair similarity files), then the report: accuracy per section, overall, coverage, ρ.
import type { EvaluateResult } from '../embeddings';
import { lit, obj, oneOf, type Check } from '../validate';

/** What was evaluated and the engine's numbers; also what "Copy JSON" / "Save JSON" write. */
export interface EvaluationReport {
  model: string;
  modelLabel: string;
  /** The analogy file's path, or 'questions-words.txt (bundled)'. */
  analogyFile: string;
  similarityFiles: string[];
  topN: number;
  seconds: number;
  analogy?: EvaluateResult['analogy'];
  similarity: EvaluateResult['similarity'];
}

export type EvaluationToWebview =
  | { type: 'progress'; title: string; message: string; fraction?: number }
  | { type: 'result'; report: EvaluationReport }
  | { type: 'error'; message: string }
  /** Feedback after Copy JSON / Save JSON. */
  | { type: 'notice'; message: string };

export type EvaluationToHost = { type: 'ready' } | { type: 'copyJson' } | { type: 'saveJson' } | { type: 'cancel' };

export const isEvaluationToHost: Check<EvaluationToHost> = oneOf(
  obj({ type: lit('ready') }),
  obj({ type: lit('copyJson') }),
  obj({ type: lit('saveJson') }),
  obj({ type: lit('cancel') }),
);
