// The confusion-matrix panel of a classifier: evaluated by the engine on the model's validation split (or a file);
// a cell lists its misclassified examples and an example opens its source line in the editor.
import * as vscode from 'vscode';
import { classifyEvaluateRequest, type ClassifyEvaluateResult } from '../protocol/classify';
import { isConfusionToHost, type ConfusionToHost, type ConfusionToWebview } from '../protocol/webview/classify';
import type { Services } from '../services';
import { WebviewChannel } from './channel';
import { buildHtml, localRoots } from './html';

export class ClassifyConfusionPanel {
  static current: ClassifyConfusionPanel | undefined;
  readonly panel: vscode.WebviewPanel;
  private channel: WebviewChannel<ConfusionToWebview, ConfusionToHost>;
  private result: ClassifyEvaluateResult | undefined;

  static async show(s: Services, modelId: string): Promise<ClassifyConfusionPanel> {
    const p = (ClassifyConfusionPanel.current ??= new ClassifyConfusionPanel(s));
    p.panel.reveal();
    await p.evaluate(modelId);
    return p;
  }

  private constructor(private s: Services) {
    this.panel = vscode.window.createWebviewPanel('modelLens.confusion', 'Model Lens: Confusion Matrix', vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: localRoots(s.context.extensionUri),
    });
    this.panel.webview.html = buildHtml(this.panel.webview, s.context.extensionUri, { script: 'confusion', title: 'Confusion Matrix' });
    this.channel = new WebviewChannel(this.panel.webview, 'confusion', isConfusionToHost, (m) => this.onMessage(m), s);
    this.panel.onDidDispose(() => {
      this.channel.dispose();
      ClassifyConfusionPanel.current = undefined;
    });
  }

  private async onMessage(m: ConfusionToHost): Promise<void> {
    switch (m.type) {
      case 'ready':
        return;
      case 'openExample': {
        const ex = this.result?.misclassified[m.index];
        if (!ex) return;
        await openSourceLine(ex.file, ex.line);
        return;
      }
      default: {
        const never: never = m;
        void never;
      }
    }
  }

  async evaluate(modelId: string): Promise<ClassifyEvaluateResult | undefined> {
    this.channel.post({ type: 'busy', message: 'Evaluating the classifier on its validation examples…' });
    try {
      const result = await this.s.engine.request(classifyEvaluateRequest, { modelId }, { task: 'evaluate classifier' });
      this.result = result;
      this.channel.post({ type: 'confusion', model: modelId, result });
      return result;
    } catch (e) {
      this.channel.post({ type: 'error', message: (e as Error).message });
      throw e;
    }
  }
}

/** Open `file` beside the panel with `line` (1-based) selected and revealed. */
export async function openSourceLine(file: string, line: number): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const l = Math.max(0, Math.min(doc.lineCount - 1, line - 1));
  const range = doc.lineAt(l).range;
  return vscode.window.showTextDocument(doc, { selection: new vscode.Selection(range.start, range.end), viewColumn: vscode.ViewColumn.Beside });
}
