// Messages of the four model-internals panels: Logit Lens, Compare Word in Contexts, Positional Encodings
// and Explain Attention. Each panel gets its data as one noun message plus busy/error; verbs come back validated.
import type { AttentionStepResult, ContextualResult, LogitLensResult, PositionsResult } from '../lm';
import { arr, int, lit, obj, oneOf, shortStr, type Check } from '../validate';

export type { AttentionStepResult, ContextualResult, LogitLensResult, PositionsResult };

/** What every panel shows above its data: the model, a note (line used, text cut to the context), the time taken. */
export interface LmViewNote {
  model: string;
  /** e.g. "Nothing was selected: using line 3." or the truncation. */
  note?: string;
  ms: number;
}

type Common = { type: 'busy'; message: string } | { type: 'error'; message: string };

export type LogitLensToWebview = ({ type: 'logitLens' } & LmViewNote & LogitLensResult) | Common;
export type PositionsToWebview = ({ type: 'positions' } & LmViewNote & PositionsResult) | Common;

/** A ready-made word and contexts (the lecture's examples), offered as buttons. */
export interface ContextPreset {
  label: string;
  word: string;
  contexts: string[];
}

export type ContextualToWebview =
  | ({ type: 'contextual' } & LmViewNote & ContextualResult)
  /** What the form starts with: presets, and sentences from the open file. */
  | { type: 'setup'; presets: ContextPreset[]; word: string; contexts: string[] }
  | Common;

export type AttentionStepToWebview = ({ type: 'attentionStep' } & LmViewNote & AttentionStepResult) | Common;

export type PlainToHost = { type: 'ready' };
export type ContextualToHost = PlainToHost | { type: 'compare'; word: string; contexts: string[] };
export type AttentionStepToHost = PlainToHost | { type: 'explain'; layer: number; head: number; query: number };

const small: Check<number> = (v): v is number => int(v) && (v as number) >= 0 && (v as number) < 100_000;

export const isPlainToHost: Check<PlainToHost> = obj({ type: lit('ready') });
export const isContextualToHost: Check<ContextualToHost> = oneOf(
  obj({ type: lit('ready') }),
  obj({ type: lit('compare'), word: shortStr(100), contexts: arr(shortStr(2000), 12) }),
);
export const isAttentionStepToHost: Check<AttentionStepToHost> = oneOf(
  obj({ type: lit('ready') }),
  obj({ type: lit('explain'), layer: small, head: small, query: small }),
);
