// "Classify Selection": the predicted class probabilities as bars and the pooled token's attention over the
// selected words (layer and head chosen in the webview). One panel, reused for each new selection.
import * as vscode from 'vscode';
import { classifyPredictRequest } from '../protocol/classify';
import { isClassifyToHost, type ClassifyToHost, type ClassifyToWebview } from '../protocol/webview/classify';
import type { Services } from '../services';
import { WebviewChannel } from './channel';
import { buildHtml, localRoots } from './html';

export class ClassifyPanel {
  static current: ClassifyPanel | undefined;
  readonly panel: vscode.WebviewPanel;
  private channel: WebviewChannel<ClassifyToWebview, ClassifyToHost>;
  private modelId = '';

  /** Show the panel (created once) and classify `text` with the classifier in `modelId`. */
  static async show(s: Services, modelId: string, text: string): Promise<ClassifyPanel> {
    const p = (ClassifyPanel.current ??= new ClassifyPanel(s));
    p.panel.reveal(vscode.ViewColumn.Beside, true);
    await p.classify(modelId, text);
    return p;
  }

  private constructor(private s: Services) {
    this.panel = vscode.window.createWebviewPanel('modelLens.classify', 'Model Lens: Classification', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: localRoots(s.context.extensionUri),
    });
    this.panel.webview.html = buildHtml(this.panel.webview, s.context.extensionUri, { script: 'classify', title: 'Classification' });
    this.channel = new WebviewChannel(this.panel.webview, 'classify', isClassifyToHost, (m) => this.onMessage(m), s);
    this.panel.onDidDispose(() => {
      this.channel.dispose();
      ClassifyPanel.current = undefined;
    });
  }

  private onMessage(m: ClassifyToHost): void {
    switch (m.type) {
      case 'ready':
        return;
      case 'showConfusion':
        void vscode.commands.executeCommand('modelLens.showConfusionMatrix', { modelId: this.modelId });
        return;
      default: {
        const never: never = m;
        void never;
      }
    }
  }

  async classify(modelId: string, text: string): Promise<void> {
    this.modelId = modelId;
    this.channel.post({ type: 'busy', message: 'Classifying…' });
    try {
      const result = await this.s.engine.request(classifyPredictRequest, { modelId, text }, { task: 'classify' });
      this.channel.post({ type: 'prediction', text, model: modelId, result });
    } catch (e) {
      this.channel.post({ type: 'error', message: (e as Error).message });
      throw e;
    }
  }
}
