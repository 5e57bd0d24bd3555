// Engine requests of the language-model area: predict, generate, token probabilities, attention, logit lens,
// train (with progress), evaluate and the model card. `modelId`: an embedded model ('subword-lm', 'default-lm') or a folder.
import { RequestType } from 'vscode-jsonrpc';
import type { WithProgress } from './engine';
import type { TransformerConfig, PresetName } from '../engine/lm/config';
import type { AttentionResult, Evaluation, LogitLensResult, ModelCard, Prediction, TokenProbability } from '../engine/lm/inspect';
import type { StepInfo, TrainOptions } from '../engine/lm/train';
import type { LmSummary } from '../engine/lm/describe';

export type { AttentionResult, Evaluation, LogitLensResult, ModelCard, Prediction, TokenProbability, StepInfo, LmSummary, TransformerConfig, PresetName, TrainOptions };

export interface LmModelRef {
  /** 'subword-lm' (the default when absent), 'default-lm' (the char model) or an absolute checkpoint folder. */
  modelId?: string;
}

/** Text or token ids (ids win when both are given). */
export interface LmTextInput extends LmModelRef {
  text?: string;
  ids?: number[];
}

export interface PredictParams extends LmTextInput {
  temperature?: number;
  topK?: number;
  topP?: number;
  /** How many candidates to return (default topK, else 10). */
  top?: number;
  /** Include the full probability and logit vectors. */
  full?: boolean;
}
export const lmPredictRequest = new RequestType<PredictParams, Prediction, void>('lm/predict');

export interface GenerateParams extends LmTextInput, WithProgress {
  maxTokens: number;
  temperature?: number;
  topK?: number;
  topP?: number;
  greedy?: boolean;
  seed?: number;
  stop?: string[];
  /** Stop after any of these token ids (a chat model's end-of-turn; see ChatPromptResult.stopIds). */
  stopIds?: number[];
}
export interface GenerateResponse {
  text: string;
  ids: number[];
  tokens: string[];
  truncated: boolean;
  stoppedBy: 'maxTokens' | 'stop';
}
export const lmGenerateRequest = new RequestType<GenerateParams, GenerateResponse, void>('lm/generate');

export interface TokenProbabilitiesParams extends LmTextInput {
  /** Alternatives per token (default 5). */
  top?: number;
}
export interface TokenProbabilitiesResponse {
  tokens: TokenProbability[];
  unknownCount: number;
  truncated: boolean;
}
export const lmTokenProbabilitiesRequest = new RequestType<TokenProbabilitiesParams, TokenProbabilitiesResponse, void>('lm/tokenProbabilities');

export const lmAttentionRequest = new RequestType<LmTextInput, AttentionResult, void>('lm/attention');

export interface LogitLensParams extends LmTextInput {
  topK?: number;
}
export const lmLogitLensRequest = new RequestType<LogitLensParams, LogitLensResult, void>('lm/logitLens');

import type { ContextualResult } from '../engine/lm/contextual';
import type { PositionsResult } from '../engine/lm/positions';
import type { AttentionStepResult } from '../engine/lm/attentionStep';
export type { ContextualResult, PositionsResult, AttentionStepResult };
export interface ContextualEmbeddingsParams extends LmModelRef {
  word: string;
  /** Sentences containing the word (its first whole-word occurrence is followed). */
  contexts: string[];
  /** Unit-length vectors before the PCA (default true). */
  normalize?: boolean;
}
export const lmContextualEmbeddingsRequest = new RequestType<ContextualEmbeddingsParams, ContextualResult, void>('lm/contextualEmbeddings');

export interface PositionsParams extends LmModelRef {
  /** Positions to return (default 128, at most the context length). */
  maxPositions?: number;
}
export const lmPositionsRequest = new RequestType<PositionsParams, PositionsResult, void>('lm/positions');

export interface AttentionStepParams extends LmTextInput {
  layer?: number;
  head?: number;
  /** Query token index (default the last), or a character offset into `text`. */
  query?: number;
  queryChar?: number;
}
export const lmAttentionStepRequest = new RequestType<AttentionStepParams, AttentionStepResult, void>('lm/attentionStep');

export interface TrainParams extends WithProgress {
  /** A corpus file, or 'moby-dick'. Ignored when `text` is given. */
  corpus?: string;
  text?: string;
  tokenizer?: 'char' | 'word' | 'bpe';
  preset?: PresetName;
  config?: Partial<TransformerConfig>;
  options?: Partial<TrainOptions>;
  /** Checkpoint folder; training resumes when it already holds one. */
  outDir: string;
  /** 'transformer' (default) or a recurrent cell: 'rnn' (Elman), 'lstm', 'gru'. */
  arch?: 'transformer' | 'rnn' | 'lstm' | 'gru';
  /** Recurrent presets include the lecture's 'hello' toy. */
  rnnPreset?: 'hello' | 'femto' | 'pico' | 'small';
  /** Recurrent models: trace ‖∂L/∂h_t‖ through time every N steps (progress data's gradThroughTime). */
  traceEvery?: number;
}
export interface TrainResponse {
  outDir: string;
  resumed: boolean;
  steps: number;
  finalLoss?: number;
  valLoss?: number;
  trainSeconds: number;
  tokensSeen: number;
  /** Recurrent models: the last ‖∂L/∂h_t‖ trace. */
  gradThroughTime?: number[];
}
/** Progress `data` of lm/train is a StepInfo. */
export const lmTrainRequest = new RequestType<TrainParams, TrainResponse, void>('lm/train');

export interface EvaluateParams extends LmModelRef {
  text?: string;
  file?: string;
}
export const lmEvaluateRequest = new RequestType<EvaluateParams, Evaluation, void>('lm/evaluate');

import type { RnnModelCard } from '../engine/rnn/registry';
export type { RnnModelCard };
/** A transformer's card, or a recurrent model's (`family: 'recurrent'`). */
export type AnyModelCard = ModelCard | RnnModelCard;
export const lmModelCardRequest = new RequestType<LmModelRef, AnyModelCard, void>('lm/modelCard');

/** Config, parameter count and step of model folders (and the embedded models) from their JSON files, without loading weights. */
export const lmDescribeRequest = new RequestType<{ ids: string[] }, { models: LmSummary[] }, void>('lm/describe');

/** Render a chat prompt with a Hugging Face folder's own chat template (tokenizer_config.json) and tokenizer. */
export interface ChatPromptParams {
  /** The model folder (holds tokenizer.json and tokenizer_config.json). */
  modelId: string;
  /** [{ role: 'system' | 'user' | 'assistant' | …, content }] */
  messages: { role: string; content: string }[];
  addGenerationPrompt?: boolean;
  /** A named template when tokenizer_config.json lists several (default: "default"). */
  templateName?: string;
}

export interface ChatPromptResult {
  rendered: string;
  ids: number[];
  /** Vocabulary entries, one per id (`▁hello`, `<start_of_turn>`). */
  tokens: string[];
  /** Per id: a special token (drawn marked). */
  special: boolean[];
  templateSource: string;
  /** Ids that end the model's turn (generation_config.json eos_token_id, tokenizer_config.json eos_token). */
  stopIds: number[];
}

export const lmChatPromptRequest = new RequestType<ChatPromptParams, ChatPromptResult, void>('lm/chatPrompt');
