// "Model Lens: Show Engine Info": a diagnostics panel with the engine's backends and a matmul
// GFLOP/s chart computed by the engine, proving the engine → host → webview pipes end to end.
import * as vscode from 'vscode';
import { diagnosticsRequest, infoRequest } from '../protocol/engine';
import { isDiagnosticsToHost, type DiagnosticsToHost, type DiagnosticsToWebview } from '../protocol/webview/diagnostics';
import type { Services } from '../services';
import { WebviewChannel } from './channel';
import { buildHtml, localRoots } from './html';

const DEFAULT_SIZES = [32, 64, 128, 256, 512];

export class DiagnosticsPanel {
  static current: DiagnosticsPanel | undefined;
  readonly panel: vscode.WebviewPanel;
  private channel: WebviewChannel<DiagnosticsToWebview, DiagnosticsToHost>;
  private cts: vscode.CancellationTokenSource | undefined;

  static show(s: Services): DiagnosticsPanel {
    if (DiagnosticsPanel.current) {
      DiagnosticsPanel.current.panel.reveal();
      void DiagnosticsPanel.current.refresh(DEFAULT_SIZES);
      return DiagnosticsPanel.current;
    }
    DiagnosticsPanel.current = new DiagnosticsPanel(s);
    return DiagnosticsPanel.current;
  }

  private constructor(private s: Services) {
    this.panel = vscode.window.createWebviewPanel('modelLens.diagnostics', 'Model Lens: Engine Info', vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: localRoots(s.context.extensionUri),
    });
    this.panel.webview.html = buildHtml(this.panel.webview, s.context.extensionUri, {
      script: 'diagnostics',
      title: 'Engine Info',
      plotly: true,
    });
    this.channel = new WebviewChannel(this.panel.webview, 'diagnostics', isDiagnosticsToHost, (m) => this.onMessage(m), s);
    this.panel.onDidDispose(() => {
      this.cts?.cancel();
      this.channel.dispose();
      DiagnosticsPanel.current = undefined;
    });
    void this.refresh(DEFAULT_SIZES);
  }

  private post(m: DiagnosticsToWebview): void {
    this.channel.post(m);
  }

  private onMessage(m: DiagnosticsToHost): void {
    switch (m.type) {
      case 'ready':
        return;
      case 'rerun':
        void this.refresh(DEFAULT_SIZES.filter((x) => x <= m.maxSize));
        return;
      default: {
        const never: never = m;
        void never;
      }
    }
  }

  /** Ask the engine for its info and a fresh matmul timing, and draw them. */
  async refresh(sizes: number[]): Promise<void> {
    this.cts?.cancel();
    const cts = (this.cts = new vscode.CancellationTokenSource());
    this.post({ type: 'busy', message: 'Timing matmuls on the engine…' });
    try {
      const result = await this.s.engine.request(diagnosticsRequest, { sizes, repeats: 5 }, { token: cts.token, task: 'diagnostics' });
      const info = await this.s.engine.request(infoRequest, {});
      this.post({ type: 'engineInfo', info, result });
    } catch (e) {
      if (!cts.token.isCancellationRequested) this.post({ type: 'error', message: (e as Error).message });
    }
  }
}
