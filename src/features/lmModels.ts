// Language models as things a person manages: train, open a pretrained folder, show the model
// card, choose the model the views use, evaluate on a file. The tree rows come from features/modelTree.ts.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Services } from '../services';
import type { Registrar } from './registrar';
import { ModelTreeProvider } from './modelTree';
import { trainLanguageModel, type LmTrainChoices } from '../commands/lm/trainLm';
import { openPretrainedModel } from '../commands/lm/openPretrained';
import { evaluateLanguageModel } from '../commands/lm/evaluateLm';
import { listLanguageModels, MODEL_FOLDERS_SETTING, updateModelFolders, useForPredictions } from '../commands/lm/lmModels';
import { chosenModel, DEFAULT_LM, EMBEDDED_LMS } from '../commands/lm/selection';
import { lmDescribeRequest } from '../protocol/lm';
import { ModelCardPanel } from '../panels/modelCardPanel';

/** A language-model id from a tree node ({ kind: 'lm', id }), a path string or Uri (tests, other commands). */
function lmIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg) return arg;
  if (arg instanceof vscode.Uri) return arg.fsPath;
  if (arg && typeof arg === 'object' && (arg as { kind?: unknown }).kind === 'lm' && typeof (arg as { id?: unknown }).id === 'string') return (arg as { id: string }).id;
  return undefined;
}

/** The model a command acts on: its argument, else a quick pick of the known models. */
async function pickLm(s: Services, arg: unknown, placeHolder: string): Promise<string | undefined> {
  const given = lmIdOf(arg);
  if (given) return given;
  const models = await listLanguageModels(s);
  const now = chosenModel();
  const pick = await vscode.window.showQuickPick(
    models.map((m) => ({ label: m.label, description: m.id === now || path.resolve(m.id) === path.resolve(now) ? 'in use' : m.origin, detail: m.error ?? m.id, id: m.id })),
    { placeHolder },
  );
  return pick?.id;
}

export function registerLmModels(s: Services, reg: Registrar): void {
  const refresh = () => ModelTreeProvider.current?.refresh();
  reg('modelLens.trainLanguageModel', (given?: LmTrainChoices) =>
    trainLanguageModel(s, given && typeof given === 'object' && typeof given.corpus === 'string' ? given : undefined, refresh),
  );
  reg('modelLens.openPretrainedModel', (folder?: unknown, opts?: { use?: boolean }) => openPretrainedModel(s, folder, opts, refresh));
  reg('modelLens.showModelCard', async (arg?: unknown) => {
    const id = await pickLm(s, arg ?? chosenModel(), 'Language model to describe');
    return id ? ModelCardPanel.show(s, id) : undefined;
  });
  reg('modelLens.useLanguageModel', async (arg?: unknown) => {
    const id = await pickLm(s, arg, 'Language model for Predict Next Token, Attention and Token Probabilities');
    if (!id) return undefined;
    // a bidirectional model cannot predict the next token: it becomes the model of Predict Masked Word instead
    const [desc] = (await s.engine.request(lmDescribeRequest, { ids: [id] })).models;
    if (desc?.config?.causal === false) {
      await vscode.workspace.getConfiguration('modelLens').update('bidirectionalModel', id, vscode.ConfigurationTarget.Global);
      void vscode.window.showInformationMessage(`Model Lens: Predict Masked Word and the bidirectional views now use ${path.basename(id)}.`);
      return id;
    }
    await useForPredictions(id);
    const name = EMBEDDED_LMS.includes(id) ? id : path.basename(id);
    if (arg === undefined || (typeof arg === 'object' && !(arg instanceof vscode.Uri))) void vscode.window.showInformationMessage(`Model Lens: predictions now use ${name}.`);
    return id;
  });
  reg('modelLens.removeModelFolder', async (arg?: unknown) => {
    const id = lmIdOf(arg);
    if (!id || EMBEDDED_LMS.includes(id)) return undefined;
    await updateModelFolders(id, true);
    if (path.resolve(chosenModel()) === path.resolve(id)) await useForPredictions(DEFAULT_LM);
    return true;
  });
  reg('modelLens.evaluateLanguageModel', (modelId?: unknown, uri?: unknown) => evaluateLanguageModel(s, lmIdOf(modelId), uri));
  s.context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`modelLens.${MODEL_FOLDERS_SETTING}`) || e.affectsConfiguration('modelLens.languageModel')) refresh();
    }),
  );
}
