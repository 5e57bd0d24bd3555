// "Model Lens: Show Model Card": one panel showing a language model's config, parameter breakdown,
// training corpus, loss curve and backend. Loading a large pretrained folder shows cancellable progress.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { lmModelCardRequest, type AnyModelCard as ModelCard } from '../protocol/lm';
import { isModelCardToHost, type ModelCardToHost, type ModelCardToWebview } from '../protocol/webview/modelCard';
import { chosenModel, DEFAULT_LM } from '../commands/lm/selection';
import type { Services } from '../services';
import { WebviewChannel } from './channel';
import { buildHtml, localRoots } from './html';

export class ModelCardPanel {
  static current: ModelCardPanel | undefined;
  readonly panel: vscode.WebviewPanel;
  private channel: WebviewChannel<ModelCardToWebview, ModelCardToHost>;
  private cts: vscode.CancellationTokenSource | undefined;
  private modelId = DEFAULT_LM;

  /** Shows the card of `modelId` ('default-lm' or a folder); resolves with the card once loaded. */
  static async show(s: Services, modelId: string): Promise<ModelCard | undefined> {
    const p = (ModelCardPanel.current ??= new ModelCardPanel(s));
    p.panel.reveal(undefined, false);
    return p.load(modelId);
  }

  private constructor(private s: Services) {
    this.panel = vscode.window.createWebviewPanel('modelLens.modelCard', 'Model Lens: Model Card', vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: localRoots(s.context.extensionUri),
    });
    this.panel.webview.html = buildHtml(this.panel.webview, s.context.extensionUri, { script: 'modelCard', title: 'Model Card', plotly: true });
    this.channel = new WebviewChannel(this.panel.webview, 'modelCard', isModelCardToHost, (m) => this.onMessage(m), s);
    this.panel.onDidDispose(() => {
      this.cts?.cancel();
      this.channel.dispose();
      ModelCardPanel.current = undefined;
    });
  }

  private async onMessage(m: ModelCardToHost): Promise<void> {
    switch (m.type) {
      case 'ready':
        return;
      case 'useForPredictions':
        await vscode.commands.executeCommand('modelLens.useLanguageModel', this.modelId);
        return;
      default: {
        const never: never = m;
        void never;
      }
    }
  }

  private async load(modelId: string): Promise<ModelCard | undefined> {
    this.cts?.cancel();
    const cts = (this.cts = new vscode.CancellationTokenSource());
    this.modelId = modelId;
    const label = modelId === DEFAULT_LM ? DEFAULT_LM : path.basename(modelId);
    this.panel.title = `Model Card: ${label}`;
    this.channel.post({ type: 'busy', message: `Loading ${label}…` });
    try {
      const card = await this.s.engine.request(lmModelCardRequest, { modelId }, {
        token: cts.token,
        task: `model card of ${label}`,
        onProgress: (p) => this.channel.post({ type: 'busy', message: `Loading ${label}: ${p.message ?? ''} ${p.fraction !== undefined ? `${Math.round(p.fraction * 100)}%` : ''}` }),
      });
      this.channel.post({ type: 'card', modelId, label, card, inUse: sameModel(chosenModel(), modelId) });
      return card;
    } catch (e) {
      if (!cts.token.isCancellationRequested) this.channel.post({ type: 'error', message: (e as Error).message });
      throw e;
    }
  }
}

function sameModel(a: string, b: string): boolean {
  return a === b || (a !== DEFAULT_LM && b !== DEFAULT_LM && path.resolve(a) === path.resolve(b));
}
