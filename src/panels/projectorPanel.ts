// "Model Lens: Open Embedding Projector": the model's top-N words projected to 2-D/3-D in the engine,
// nearest neighbours of a clicked word, and the words selected in the editor highlighted.
import * as vscode from 'vscode';
import { neighborsRequest } from '../protocol/embeddings';
import {
  isProjectorToHost,
  methodLabel,
  type ProjectorSettings,
  type ProjectorToHost,
  type ProjectorToWebview,
} from '../protocol/webview/projector';
import { currentModel, modelLabel, wordsIn } from '../commands/embeddingModels';
import { projectWords } from '../commands/projectWords';
import type { Services } from '../services';
import { WebviewChannel } from './channel';
import { buildHtml, localRoots } from './html';

export class ProjectorPanel {
  static current: ProjectorPanel | undefined;
  readonly panel: vscode.WebviewPanel;
  private channel: WebviewChannel<ProjectorToWebview, ProjectorToHost>;
  private cts: vscode.CancellationTokenSource | undefined;
  private settings: ProjectorSettings = { method: 'pca', dims: 2, top: 5000 };
  private label = '';
  private projected = false;
  private subs: vscode.Disposable[] = [];

  /** Open (or reveal) the projector on `model`; `focus` selects a word, `words` highlights some. */
  static show(s: Services, o: { model?: string; focus?: string; words?: string[] } = {}): ProjectorPanel {
    const model = o.model ?? currentModel();
    let p = ProjectorPanel.current;
    if (p && p.model !== model) {
      p.model = model;
      p.label = '';
      p.projected = false;
      void p.project();
    }
    if (p) p.panel.reveal();
    else p = ProjectorPanel.current = new ProjectorPanel(s, model);
    if (o.focus || o.words) p.channel.post({ type: 'highlight', words: o.words ?? [], focus: o.focus });
    return p;
  }

  private constructor(
    private s: Services,
    private model: string,
  ) {
    this.panel = vscode.window.createWebviewPanel('modelLens.projector', 'Embedding Projector', vscode.ViewColumn.Beside, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: localRoots(s.context.extensionUri),
    });
    this.panel.webview.html = buildHtml(this.panel.webview, s.context.extensionUri, { script: 'projector', title: 'Embedding Projector', plotly: true });
    this.channel = new WebviewChannel(this.panel.webview, 'projector', isProjectorToHost, (m) => this.onMessage(m), s);
    this.subs.push(
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor.document.uri.scheme === 'output') return;
        const text = e.selections.map((sel) => e.textEditor.document.getText(sel)).join(' ');
        if (text.trim()) this.channel.post({ type: 'highlight', words: wordsIn(text) });
      }),
    );
    this.panel.onDidDispose(() => {
      this.cts?.cancel();
      this.channel.dispose();
      for (const d of this.subs) d.dispose();
      ProjectorPanel.current = undefined;
    });
    void this.project();
  }

  private onMessage(m: ProjectorToHost): void {
    switch (m.type) {
      case 'ready':
        this.channel.post({ type: 'settings', settings: this.settings, modelLabel: this.label });
        return;
      case 'project':
        this.settings = { method: m.method, dims: m.dims, top: m.top };
        void this.project();
        return;
      case 'cancel':
        this.cts?.cancel();
        return;
      case 'selectWord':
        void this.neighbors(m.word);
        return;
      case 'saveImage':
        void this.saveImage(m.format, m.dataUrl);
        return;
      default: {
        const never: never = m;
        void never;
      }
    }
  }

  /** Project the current model's top words with the current settings and draw them. */
  async project(): Promise<void> {
    this.cts?.cancel();
    const cts = (this.cts = new vscode.CancellationTokenSource());
    const { method, dims, top } = this.settings;
    this.label ||= await modelLabel(this.s, this.model);
    this.channel.post({ type: 'progress', message: `Projecting the top ${top.toLocaleString('en-US')} words with ${methodLabel(method)}…`, fraction: 0 });
    try {
      const r = await projectWords(this.s, { model: this.model, method, dims, top }, {
        token: cts.token,
        onProgress: (message, fraction) => this.channel.post({ type: 'progress', message, fraction }),
      });
      if (cts.token.isCancellationRequested) return;
      this.projected = true;
      this.channel.post({ type: 'points', model: this.model, modelLabel: this.label, method, dims, words: r.words, coords: r.coords, note: r.note });
    } catch (e) {
      const msg = (e as Error).message;
      this.channel.post({ type: 'error', message: cts.token.isCancellationRequested || msg === 'Cancelled' ? 'Projection cancelled' : msg });
    }
  }

  /** Cosine neighbours of `word` in the whole model, listed and highlighted in the webview. */
  async neighbors(word: string): Promise<void> {
    try {
      const r = await this.s.engine.request(neighborsRequest, { model: this.model, word, k: 10, metrics: ['cosine'] });
      this.channel.post({ type: 'neighbors', word: r.word, results: r.results });
    } catch (e) {
      this.channel.post({ type: 'error', message: (e as Error).message });
    }
  }

  private async saveImage(format: 'png' | 'svg', dataUrl: string): Promise<void> {
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(vscode.workspace.workspaceFolders?.[0]?.uri ?? this.s.context.globalStorageUri, `projection.${format}`),
      filters: { [format.toUpperCase()]: [format] },
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, decodeDataUrl(dataUrl));
    void vscode.window.showInformationMessage(`Model Lens: saved ${target.fsPath}`);
  }

  /** For tests: whether points have been drawn since the model last changed. */
  get hasPoints(): boolean {
    return this.projected;
  }
}

/** data:image/png;base64,… or data:image/svg+xml,… (URL-encoded) → bytes. */
export function decodeDataUrl(url: string): Uint8Array {
  const comma = url.indexOf(',');
  const head = url.slice(0, comma);
  const body = url.slice(comma + 1);
  return head.endsWith(';base64') ? Buffer.from(body, 'base64') : Buffer.from(decodeURIComponent(body), 'utf8');
}
