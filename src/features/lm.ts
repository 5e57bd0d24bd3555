// Language-model features in VS Code: next-token panel, token probabilities,
// training, model card, attention side panel, logit lens, contextual embeddings, positions.
import * as vscode from 'vscode';
import type { Services } from '../services';
import type { Registrar } from './registrar';
import { NextTokenPanel } from '../panels/nextTokenPanel';
import { ATTENTION_VIEW_ID, AttentionViewProvider } from '../panels/attentionView';
import { SELECT_HINT, chosenModel, selectedText } from '../commands/lm/selection';
import { TokenProbabilityPainter } from '../commands/lm/tokenProbabilities';
import { showLogitLens } from '../commands/lm/logitLens';
import { chosenEncoder } from '../commands/mlm/predictMaskedWord';
import { compareWordInContexts, type CompareArgs } from '../commands/lm/compareContexts';
import { showPositionalEncodings } from '../commands/lm/positionalEncodings';
import { explainAttention } from '../commands/lm/explainAttention';
import { registerLmModels } from './lmModels';
import { openPrompt } from '../commands/lm/openPrompt';

/** Returns the Attention view, which the bidirectional features point at their model too. */
export function registerLm(s: Services, reg: Registrar): { attention: AttentionViewProvider } {
  const attention = registerLmViews(s, reg);
  registerLmModels(s, reg);
  return { attention };
}

/** Predict Next Token, the Attention view, token-probability painting, and the model-internals views. */
function registerLmViews(s: Services, reg: Registrar): AttentionViewProvider {
  reg('modelLens.predictNextToken', () => {
    const ed = vscode.window.activeTextEditor;
    const input = ed && selectedText(ed);
    if (!input) throw new Error(SELECT_HINT);
    return NextTokenPanel.show(s, input, chosenModel());
  });
  const attention = new AttentionViewProvider(s);
  s.context.subscriptions.push(
    attention,
    vscode.window.registerWebviewViewProvider(ATTENTION_VIEW_ID, attention, { webviewOptions: { retainContextWhenHidden: true } }),
  );
  reg('modelLens.showAttention', () => attention.show(vscode.window.activeTextEditor));
  const painter = new TokenProbabilityPainter(s);
  s.context.subscriptions.push(painter);
  reg('modelLens.showTokenProbabilities', () => painter.paint(vscode.window.activeTextEditor, chosenModel()));
  reg('modelLens.clearTokenProbabilities', () => painter.clear());
  // the model-internals views (logit lens, word in contexts, positions, attention step), each in an editor tab
  reg('modelLens.showLogitLens', () => showLogitLens(s));
  // the same two views on the bidirectional model: each layer's guess for the token at its own position, and each
  // token's probability with every other token visible (pseudo-likelihood: one forward pass per token, masked in turn)
  reg('modelLens.showLogitLensBidirectional', () => showLogitLens(s, vscode.window.activeTextEditor, chosenEncoder()));
  reg('modelLens.showTokenProbabilitiesBidirectional', () => painter.paint(vscode.window.activeTextEditor, chosenEncoder()));
  reg('modelLens.compareWordInContexts', (args?: CompareArgs | { preset: number }) => compareWordInContexts(s, args));
  reg('modelLens.showPositionalEncodings', () => showPositionalEncodings(s));
  reg('modelLens.explainAttention', () => explainAttention(s));
  // the Prompt panel: chat template, rendered tokens, generation; two quick actions on the selection
  reg('modelLens.openPrompt', () => openPrompt(s));
  reg('modelLens.promptSummarise', () => openPrompt(s, 'summarise'));
  reg('modelLens.promptSentiment', () => openPrompt(s, 'sentiment'));
  return attention;
}
