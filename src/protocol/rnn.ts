// Engine requests of the recurrent and sequence-to-sequence rooms: hidden states and gates of a recurrent LM over a text,
// encoder–decoder training (with progress), translation with alignment, and the accuracy tables of saved models.
import { RequestType } from 'vscode-jsonrpc';
import type { WithProgress } from './engine';
import type { RecurrentStates } from '../engine/rnn/inspect';
import type { LengthAccuracy, Translation, Seq2SeqStep } from '../engine/seq2seq/train';
import type { Seq2SeqArch } from '../engine/seq2seq/model';

export type { RecurrentStates, LengthAccuracy, Translation, Seq2SeqStep, Seq2SeqArch };

export interface RnnStatesParams {
  /** A recurrent checkpoint folder. */
  modelId: string;
  text: string;
}
export interface RnnStatesResponse extends RecurrentStates {
  /** ‖∂L/∂h_t‖ traces recorded while the model trained (step and norms per position). */
  trainingTraces: { step: number; norms: number[] }[];
  /** The gradient-clipping norm it trained with (0: none). */
  trainedClip?: number;
}
export const rnnStatesRequest = new RequestType<RnnStatesParams, RnnStatesResponse, void>('rnn/states');

export interface Seq2SeqTrainParams extends WithProgress {
  task: string;
  arch: Seq2SeqArch;
  outDir: string;
  steps?: number;
  maxLength?: number;
  dHidden?: number;
  seed?: number;
}
export interface Seq2SeqTrainResponse {
  outDir: string;
  task: string;
  arch: Seq2SeqArch;
  steps: number;
  finalLoss: number;
  trainSeconds: number;
  accuracy: LengthAccuracy[];
}
/** Progress `data` is a Seq2SeqStep. */
export const seq2seqTrainRequest = new RequestType<Seq2SeqTrainParams, Seq2SeqTrainResponse, void>('seq2seq/train');

export const seq2seqTranslateRequest = new RequestType<{ modelDir: string; text: string }, Translation & { task: string; arch: Seq2SeqArch }, void>('seq2seq/translate');

export interface Seq2SeqSummary {
  dir: string;
  task?: string;
  arch?: Seq2SeqArch;
  accuracy?: LengthAccuracy[];
  error?: string;
}
/** The saved accuracy tables of seq2seq folders (read from their JSON, no weights loaded); never fails per folder. */
export const seq2seqDescribeRequest = new RequestType<{ dirs: string[] }, { models: Seq2SeqSummary[] }, void>('seq2seq/describe');
