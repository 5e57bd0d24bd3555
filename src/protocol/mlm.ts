// Engine requests of the bidirectional (masked-language-model) area: fill mask and MLM training with progress.
import { RequestType } from 'vscode-jsonrpc';
import type { WithProgress } from './engine';
import type { FillMaskResult } from '../engine/mlm/fillMask';
import type { MlmStepInfo, MlmTrainOptions } from '../engine/mlm/train';
import type { PresetName, TransformerConfig } from '../engine/lm/config';
import type { LmTextInput } from './lm';

export type { FillMaskResult, MlmStepInfo, MlmTrainOptions };

export interface FillMaskParams extends LmTextInput {
  topK?: number;
  attentionMask?: number[];
  tokenTypeIds?: number[];
}
export const mlmFillMaskRequest = new RequestType<FillMaskParams, FillMaskResult, void>('mlm/fillMask');

export interface MlmTrainParams extends WithProgress {
  corpus?: string;
  text?: string;
  vocabSize?: number;
  preset?: PresetName;
  config?: Partial<TransformerConfig>;
  options?: Partial<MlmTrainOptions>;
  outDir: string;
}
export interface MlmTrainResponse {
  outDir: string;
  resumed: boolean;
  steps: number;
  finalLoss?: number;
  finalAcc?: number;
  valLoss?: number;
  valAcc?: number;
  trainSeconds: number;
  tokensSeen: number;
}
/** Progress `data` of mlm/train is an MlmStepInfo (loss and masked-token accuracy). */
export const mlmTrainRequest = new RequestType<MlmTrainParams, MlmTrainResponse, void>('mlm/train');
