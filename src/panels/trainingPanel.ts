// The Training panel every trainer uses (embeddings, language model, classifier): a live loss curve,
// rate and learning rate, samples, progress and Cancel. Each `open` gives a new panel for one run.
import * as vscode from 'vscode';
import {
  isTrainingToHost,
  type TrainingPoint,
  type TrainingToHost,
  type TrainingToWebview,
} from '../protocol/webview/training';
import type { Services } from '../services';
import { WebviewChannel } from './channel';
import { buildHtml, localRoots } from './html';

type RunInfo = Omit<Extract<TrainingToWebview, { type: 'run' }>, 'type'>;
type Status = Extract<TrainingToWebview, { type: 'status' }>['state'];

export class TrainingPanel implements vscode.Disposable {
  /** The most recently opened panel (tests read it). */
  static last: TrainingPanel | undefined;
  readonly panel: vscode.WebviewPanel;
  private channel: WebviewChannel<TrainingToWebview, TrainingToHost>;
  private readonly cancelEmitter = new vscode.EventEmitter<void>();
  /** Fires when the person presses Cancel in the panel. */
  readonly onCancel = this.cancelEmitter.event;
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposeEmitter.event;
  /** Everything drawn so far, so a panel that becomes ready late still gets every point and sample. */
  private history: TrainingPoint[] = [];
  private samples: Extract<TrainingToWebview, { type: 'sample' }>[] = [];
  private ready = false;
  private disposed = false;

  /** Opens a new Training panel titled `title` beside the editor. */
  static open(s: Services, title: string): TrainingPanel {
    return (TrainingPanel.last = new TrainingPanel(s, title));
  }

  private constructor(
    private s: Services,
    title: string,
  ) {
    this.panel = vscode.window.createWebviewPanel('modelLens.training', title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: localRoots(s.context.extensionUri),
    });
    this.panel.webview.html = buildHtml(this.panel.webview, s.context.extensionUri, { script: 'training', title, plotly: true });
    this.channel = new WebviewChannel(this.panel.webview, 'training', isTrainingToHost, (m) => this.onMessage(m), s);
    this.panel.onDidDispose(() => {
      this.disposed = true;
      this.channel.dispose();
      this.disposeEmitter.fire();
      this.cancelEmitter.dispose();
      this.disposeEmitter.dispose();
    });
  }

  private onMessage(m: TrainingToHost): void {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        if (this.history.length) this.channel.post({ type: 'points', points: this.history });
        for (const smp of this.samples) this.channel.post(smp);
        return;
      case 'cancel':
        this.cancelEmitter.fire();
        return;
      default: {
        const never: never = m;
        void never;
      }
    }
  }

  /** Starts a run: title, units, total steps (x-axis range) and the config shown at the top. */
  run(info: RunInfo): void {
    this.history = [];
    this.samples = [];
    if (!this.disposed) this.channel.post({ type: 'run', ...info });
  }

  /** Appends points to the curves. */
  points(points: TrainingPoint[]): void {
    this.history.push(...points);
    this.s.posted.set('training:history', this.history);
    if (this.ready && !this.disposed) this.channel.post({ type: 'points', points });
  }

  /** Shows a text sample (e.g. generated text before/after training). */
  sample(step: number, text: string, label?: string): void {
    const m = { type: 'sample' as const, step, text, label };
    this.samples.push(m);
    if (this.ready && !this.disposed) this.channel.post(m);
  }

  status(state: Status, message: string, fraction?: number): void {
    if (!this.disposed) this.channel.post({ type: 'status', state, message, fraction });
  }

  /** All points sent in this run (what the curves show). */
  get drawn(): readonly TrainingPoint[] {
    return this.history;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    this.panel.dispose();
  }
}
