// One editor-tab webview per model-internals view (logit lens, contexts, positions, attention step): opens or reveals
// the tab, runs engine requests with cancellation (a newer request cancels the older), posts busy/result/error.
import * as vscode from 'vscode';
import type { Check } from '../protocol/validate';
import type { Services } from '../services';
import { WebviewChannel } from './channel';
import { buildHtml, localRoots } from './html';

export interface LmViewSpec<ToHost extends { type: string }> {
  /** Webview type and the panel id in `services.posted` (integration tests read it). */
  id: string;
  title: string;
  /** Bundle name: dist/webview/<script>.js */
  script: string;
  plotly?: boolean;
  isToHost: Check<ToHost>;
}

type Posted = { type: string };
/** What run() posts around the work. */
type Status = { type: 'busy'; message: string } | { type: 'error'; message: string };

export class LmViewPanel<ToWebview extends Posted, ToHost extends { type: string }> {
  private static open = new Map<string, LmViewPanel<Posted, { type: string }>>();
  readonly panel: vscode.WebviewPanel;
  private channel: WebviewChannel<ToWebview | Status, ToHost>;
  private cts: vscode.CancellationTokenSource | undefined;
  /** Replaced on every show, so a handler sees the latest command's state. */
  onMessage: (m: ToHost) => void | Promise<void> = () => undefined;

  /** The panel of this spec, created on first use and revealed beside the editor. */
  static show<W extends Posted, H extends { type: string }>(s: Services, spec: LmViewSpec<H>): LmViewPanel<W, H> {
    let p = LmViewPanel.open.get(spec.id) as LmViewPanel<W, H> | undefined;
    if (!p) {
      p = new LmViewPanel<W, H>(s, spec);
      LmViewPanel.open.set(spec.id, p as unknown as LmViewPanel<Posted, { type: string }>);
    }
    p.panel.reveal(undefined, true);
    return p;
  }

  private constructor(s: Services, spec: LmViewSpec<ToHost>) {
    this.panel = vscode.window.createWebviewPanel(spec.id, `Model Lens: ${spec.title}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: localRoots(s.context.extensionUri),
    });
    this.panel.webview.html = buildHtml(this.panel.webview, s.context.extensionUri, { script: spec.script, title: spec.title, plotly: spec.plotly });
    const panelId = spec.id.replace(/^modelLens\./, '');
    this.channel = new WebviewChannel(this.panel.webview, panelId, spec.isToHost, (m) => this.onMessage(m), s);
    this.panel.onDidDispose(() => {
      this.cts?.cancel();
      this.channel.dispose();
      LmViewPanel.open.delete(spec.id);
    });
  }

  post(m: ToWebview | Status): void {
    this.channel.post(m);
  }

  /**
   * Cancel the previous request, post busy, run `work`, post its message; errors become an `error` message.
   * Resolves to the posted message (undefined when cancelled or failed).
   */
  async run(busy: string, work: (token: vscode.CancellationToken) => Promise<ToWebview>): Promise<ToWebview | undefined> {
    this.cts?.cancel();
    const cts = (this.cts = new vscode.CancellationTokenSource());
    this.post({ type: 'busy', message: busy });
    try {
      const m = await work(cts.token);
      if (cts.token.isCancellationRequested) return undefined;
      this.post(m);
      return m;
    } catch (e) {
      if (!cts.token.isCancellationRequested) this.post({ type: 'error', message: (e as Error).message });
      return undefined;
    }
  }
}
