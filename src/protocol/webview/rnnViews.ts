// Messages of the "Inside an RNN" panel (hidden states, gates, gradient through time) and the Sequence to Sequence panel
// (alignment of a translation, accuracy against input length of the trained variants). Verbs come back validated.
import type { RecurrentStates, Seq2SeqSummary, Translation, Seq2SeqArch } from '../rnn';
import { lit, obj, oneOf, shortStr, type Check } from '../validate';

type Common = { type: 'busy'; message: string } | { type: 'error'; message: string };

/** One ‖∂L/∂h_t‖ trace recorded while the model trained. */
export interface TrainingTrace {
  step: number;
  norms: number[];
}

export type InsideRnnToWebview =
  | ({ type: 'states'; model: string; ms: number; note?: string; trainingTraces: TrainingTrace[]; trainedClip?: number } & RecurrentStates)
  | Common;
export type InsideRnnToHost = { type: 'ready' };
export const isInsideRnnToHost: Check<InsideRnnToHost> = obj({ type: lit('ready') });

export interface Seq2SeqVariantView {
  dir: string;
  label: string;
}

export type Seq2SeqToWebview =
  | { type: 'seq2seq'; task: string; variants: Seq2SeqSummary[]; models: Seq2SeqVariantView[] }
  | ({ type: 'translation'; dir: string; label: string; task: string; arch: Seq2SeqArch; ms: number } & Translation)
  | Common;
export type Seq2SeqToHost = { type: 'ready' } | { type: 'translate'; dir: string; text: string };
export const isSeq2SeqToHost: Check<Seq2SeqToHost> = oneOf(obj({ type: lit('ready') }), obj({ type: lit('translate'), dir: shortStr(4096), text: shortStr(2000) }));
