// "Model Lens: Evaluate Embeddings…" results: progress while the engine runs, then accuracy per
// analogy section (bar chart), overall accuracy, coverage and Spearman ρ, with Copy JSON / Save JSON.
import * as vscode from 'vscode';
import {
  isEvaluationToHost,
  type EvaluationReport,
  type EvaluationToHost,
  type EvaluationToWebview,
} from '../protocol/webview/evaluation';
import type { Services } from '../services';
import { WebviewChannel } from './channel';
import { buildHtml, localRoots } from './html';

export class EvaluationPanel {
  static current: EvaluationPanel | undefined;
  readonly panel: vscode.WebviewPanel;
  private channel: WebviewChannel<EvaluationToWebview, EvaluationToHost>;
  private report: EvaluationReport | undefined;
  private readonly cancelled = new vscode.EventEmitter<void>();
  /** The webview's Cancel button (the command links it to the engine request). */
  readonly onCancel = this.cancelled.event;

  static open(s: Services): EvaluationPanel {
    const p = (EvaluationPanel.current ??= new EvaluationPanel(s));
    p.panel.reveal(vscode.ViewColumn.Active);
    return p;
  }

  private constructor(private s: Services) {
    this.panel = vscode.window.createWebviewPanel('modelLens.evaluation', 'Embedding Evaluation', vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: localRoots(s.context.extensionUri),
    });
    this.panel.webview.html = buildHtml(this.panel.webview, s.context.extensionUri, { script: 'evaluation', title: 'Embedding Evaluation', plotly: true });
    this.channel = new WebviewChannel(this.panel.webview, 'evaluation', isEvaluationToHost, (m) => this.onMessage(m), s);
    this.panel.onDidDispose(() => {
      this.cancelled.fire();
      this.cancelled.dispose();
      this.channel.dispose();
      EvaluationPanel.current = undefined;
    });
  }

  progress(title: string, message: string, fraction?: number): void {
    this.channel.post({ type: 'progress', title, message, fraction });
  }

  result(report: EvaluationReport): void {
    this.report = report;
    this.channel.post({ type: 'result', report });
  }

  error(message: string): void {
    this.channel.post({ type: 'error', message });
  }

  /** The report as the JSON that Copy / Save write. */
  json(): string {
    return JSON.stringify(this.report ?? {}, null, 2);
  }

  private async onMessage(m: EvaluationToHost): Promise<void> {
    switch (m.type) {
      case 'ready':
        return;
      case 'cancel':
        this.cancelled.fire();
        return;
      case 'copyJson':
        if (!this.report) return;
        await vscode.env.clipboard.writeText(this.json());
        this.channel.post({ type: 'notice', message: 'Copied the results as JSON.' });
        return;
      case 'saveJson': {
        if (!this.report) return;
        const base = this.report.model.split(/[\\/]/).filter(Boolean).pop() ?? 'model';
        const target = await vscode.window.showSaveDialog({
          defaultUri: vscode.Uri.joinPath(vscode.workspace.workspaceFolders?.[0]?.uri ?? this.s.context.globalStorageUri, `evaluation-${base}.json`),
          filters: { JSON: ['json'] },
        });
        if (!target) return;
        await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(this.json() + '\n'));
        this.channel.post({ type: 'notice', message: `Saved ${target.fsPath}` });
        return;
      }
      default: {
        const never: never = m;
        void never;
      }
    }
  }
}
