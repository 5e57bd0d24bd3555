// Messages of the Predict Next Token panel. The host sends raw logits of the top candidates; the
// webview re-shapes them (temperature, top-k, top-p) locally, so a slider move needs no round trip.
import { int, lit, obj, oneOf, optional, range, shortStr, type Check } from '../validate';

/** One next-token candidate with its raw (temperature 1) logit. */
export interface NextTokenCandidate {
  id: number;
  /** Decoded text of the token (may be whitespace or an unknown marker). */
  token: string;
  logit: number;
}

/** The selection was longer than the model's context: only the last `keptTokens` were used. */
export interface Truncation {
  keptTokens: number;
  /** Tokens in the selection, when known. */
  totalTokens?: number;
  contextLength: number;
}

/** Sampling knobs, as the sliders set them. `topK` 0 = off; `temperature` 0 = greedy. */
export interface SamplingSettings {
  temperature: number;
  topK: number;
  topP: number;
}

export type NextTokenToWebview =
  | {
      type: 'prediction';
      model: string;
      /** The text the model saw (after any cut) plus what was appended in the panel. */
      contextText: string;
      /** Tokens of the context as the model split them (last ones shown in the panel). */
      tokens: string[];
      /** Candidates sorted by logit, highest first (the whole vocabulary for small ones). */
      candidates: NextTokenCandidate[];
      vocabSize: number;
      /** Entropy in bits of the full distribution at temperature 1, from the engine. */
      entropyBits?: number;
      truncated?: Truncation;
      /** e.g. "Nothing was selected: using line 3." */
      note?: string;
      /** Tokens appended in the panel since the selection (clicks and Generate). */
      appended: string[];
      ms: number;
    }
  | { type: 'settings'; sampling: SamplingSettings; generateCount: number }
  | { type: 'busy'; message: string }
  | { type: 'error'; message: string };

export type NextTokenToHost =
  | { type: 'ready' }
  | { type: 'append'; id: number; token: string }
  | { type: 'generate'; count: number; sampling: SamplingSettings; seed?: number }
  | { type: 'reset' };

const intIn = (lo: number, hi: number): Check<number> => (v): v is number => int(v) && (v as number) >= lo && (v as number) <= hi;
const sampling = obj({ temperature: range(0, 10), topK: intIn(0, 1_000_000), topP: range(0, 1) });

export const isNextTokenToHost: Check<NextTokenToHost> = oneOf(
  obj({ type: lit('ready') }),
  obj({ type: lit('append'), id: intIn(0, 10_000_000), token: shortStr(1000) }),
  obj({ type: lit('generate'), count: intIn(1, 500), sampling, seed: optional(int) }),
  obj({ type: lit('reset') }),
);
