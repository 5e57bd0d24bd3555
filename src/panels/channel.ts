// Typed, validated messaging with one webview. Messages to the webview wait until it posts
// 'ready' (a webview that is still loading drops posted messages); messages from it are
// checked against the panel's validator and dropped with a log line when they do not match.
import * as vscode from 'vscode';
import type { Check } from '../protocol/validate';

export class WebviewChannel<ToWebview, ToHost extends { type: string }> implements vscode.Disposable {
  private ready = false;
  private queue: ToWebview[] = [];
  private subs: vscode.Disposable[] = [];

  /**
   * @param panelId names the panel in the services' `posted` record (integration tests read it)
   */
  constructor(
    private webview: vscode.Webview,
    private panelId: string,
    private isValid: Check<ToHost>,
    private onMessage: (m: ToHost) => void | Promise<void>,
    private s: { log: (line: string) => void; posted: Map<string, unknown> },
  ) {
    this.subs.push(webview.onDidReceiveMessage((m: unknown) => this.receive(m)));
  }

  private receive(m: unknown): void {
    if (!this.isValid(m)) {
      this.s.log(`ignored a webview message of the wrong shape: ${JSON.stringify(m)?.slice(0, 200)}`);
      return;
    }
    if (m.type === 'ready') {
      this.ready = true;
      // what the webview was built from, for the CSP checks of the integration tests
      this.s.posted.set(`${this.panelId}:html`, this.webview.html);
      const q = this.queue;
      this.queue = [];
      for (const msg of q) void this.webview.postMessage(msg);
    }
    Promise.resolve(this.onMessage(m)).catch((e) => this.s.log(`panel message handler failed: ${e?.stack ?? e}`));
  }

  /** Post now if the webview is ready, else queue (only the latest of each `type` is kept). */
  post(msg: ToWebview): void {
    this.s.posted.set(`${this.panelId}:${(msg as { type?: string }).type}`, msg);
    if (this.ready) {
      void this.webview.postMessage(msg);
      return;
    }
    const t = (msg as { type?: string }).type;
    this.queue = this.queue.filter((q) => (q as { type?: string }).type !== t);
    this.queue.push(msg);
  }

  /** The webview reloaded (e.g. a view was hidden and shown): wait for 'ready' again. */
  reset(): void {
    this.ready = false;
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
  }
}
