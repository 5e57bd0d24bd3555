// "Model Lens: Evaluate Language Model on File": loss, perplexity and bits per character/token of the active
// file under the chosen language model, in a notification and the Model Lens output channel.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { lmEvaluateRequest, type Evaluation } from '../../protocol/lm';
import type { Services } from '../../services';
import { chosenModel, DEFAULT_LM } from './selection';

/** One line a person can read: "perplexity 4.21 · loss 1.437 nats/token · 2.07 bits/token · 2.07 bits/char". */
export function formatEvaluation(e: Evaluation): string {
  const unk = e.unknownCount ? ` · ${e.unknownCount} unknown tokens` : '';
  return `perplexity ${e.perplexity.toFixed(2)} · loss ${e.loss.toFixed(3)} nats/token · ${e.bitsPerToken.toFixed(3)} bits/token · ${e.bitsPerChar.toFixed(3)} bits/char over ${e.tokens.toLocaleString('en-US')} tokens${unk}`;
}

/** Evaluates `uri` (default: the active editor's document) with `modelId` (default: the setting). */
export async function evaluateLanguageModel(s: Services, modelId?: unknown, uri?: unknown): Promise<Evaluation | undefined> {
  const model = typeof modelId === 'string' && modelId ? modelId : chosenModel();
  const doc =
    uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : typeof uri === 'string' ? await vscode.workspace.openTextDocument(vscode.Uri.file(uri)) : vscode.window.activeTextEditor?.document;
  if (!doc) throw new Error('Open a text file to evaluate the language model on.');
  const text = doc.getText();
  if (!text.trim()) throw new Error(`${path.basename(doc.fileName)} is empty: there is nothing to evaluate.`);
  const label = model === DEFAULT_LM ? DEFAULT_LM : path.basename(model);
  const file = vscode.workspace.asRelativePath(doc.uri);
  const e = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Model Lens: evaluating ${label} on ${file}`, cancellable: true },
    (_p, token) => s.engine.request(lmEvaluateRequest, { modelId: model, text }, { token, task: `evaluating ${label}` }),
  );
  const line = formatEvaluation(e);
  s.log(`evaluate ${label} on ${file}: ${line}`);
  s.posted.set('evaluate:result', { model, file, ...e });
  void vscode.window.showInformationMessage(`Model Lens: ${label} on ${path.basename(doc.fileName)}: ${line}`, 'Show Log').then((pick) => pick && s.output.show());
  return e;
}
