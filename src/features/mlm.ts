// Bidirectional-model features in VS Code: Predict Masked Word (Fill Mask) and Show Attention (Bidirectional) on the
// embedded encoder or the one chosen in modelLens.bidirectionalModel.
import type { Services } from '../services';
import type { Registrar } from './registrar';
import * as vscode from 'vscode';
import { chosenEncoder, predictMaskedWord } from '../commands/mlm/predictMaskedWord';
import type { AttentionViewProvider } from '../panels/attentionView';
import { compareWordInContexts, type CompareArgs } from '../commands/lm/compareContexts';
import { trainBidirectionalModel, type MlmTrainChoices } from '../commands/mlm/trainMlm';
import { ModelTreeProvider } from './modelTree';

/** `attention`: the Attention view, which Show Attention (Bidirectional) points at the encoder. */
export function registerMlm(s: Services, reg: Registrar, attention: AttentionViewProvider): void {
  reg('modelLens.predictMaskedWord', (text?: string) => predictMaskedWord(s, text));
  reg('modelLens.showAttentionBidirectional', () => attention.show(vscode.window.activeTextEditor, chosenEncoder()));
  reg('modelLens.trainBidirectionalModel', (given?: MlmTrainChoices) =>
    trainBidirectionalModel(s, given && typeof given === 'object' && typeof given.corpus === 'string' ? given : undefined, () => ModelTreeProvider.current?.refresh()),
  );
  reg('modelLens.compareWordInContextsBidirectional', (args?: CompareArgs | { preset: number }) => compareWordInContexts(s, args, chosenEncoder()));
}
