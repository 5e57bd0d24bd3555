// "Model Lens: Show Nearest Neighbours": one word's neighbours under cosine, dot product and Euclidean
// distance side by side (they differ when vector lengths vary, e.g. frequent words are longer).
import * as vscode from 'vscode';
import { neighborsRequest } from '../protocol/embeddings';
import { isNeighborsToHost, type NeighborsToHost, type NeighborsToWebview } from '../protocol/webview/projector';
import { currentModel, modelLabel } from '../commands/embeddingModels';
import type { Services } from '../services';
import { WebviewChannel } from './channel';
import { buildHtml, localRoots } from './html';
import { ProjectorPanel } from './projectorPanel';

export class NeighborsPanel {
  static current: NeighborsPanel | undefined;
  readonly panel: vscode.WebviewPanel;
  private channel: WebviewChannel<NeighborsToWebview, NeighborsToHost>;

  static async show(s: Services, word: string, model = currentModel()): Promise<NeighborsPanel> {
    const p = (NeighborsPanel.current ??= new NeighborsPanel(s));
    p.panel.reveal(vscode.ViewColumn.Beside, true);
    p.model = model;
    await p.lookup(word);
    return p;
  }

  private model = currentModel();

  private constructor(private s: Services) {
    this.panel = vscode.window.createWebviewPanel('modelLens.neighbors', 'Nearest Neighbours', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: localRoots(s.context.extensionUri),
    });
    this.panel.webview.html = buildHtml(this.panel.webview, s.context.extensionUri, { script: 'neighbors', title: 'Nearest Neighbours' });
    this.channel = new WebviewChannel(this.panel.webview, 'neighbors', isNeighborsToHost, (m) => this.onMessage(m), s);
    this.panel.onDidDispose(() => {
      this.channel.dispose();
      NeighborsPanel.current = undefined;
    });
  }

  private onMessage(m: NeighborsToHost): void {
    switch (m.type) {
      case 'ready':
        return;
      case 'lookup':
        void this.lookup(m.word);
        return;
      case 'showInProjector':
        ProjectorPanel.show(this.s, { model: this.model, focus: m.word });
        return;
      default: {
        const never: never = m;
        void never;
      }
    }
  }

  async lookup(word: string): Promise<void> {
    this.channel.post({ type: 'busy', message: `Neighbours of “${word}”…` });
    try {
      const r = await this.s.engine.request(neighborsRequest, { model: this.model, word: word.toLowerCase(), k: 10, metrics: ['cosine', 'dot', 'euclidean'] });
      this.channel.post({ type: 'neighbors', word: r.word, modelLabel: await modelLabel(this.s, this.model), results: r.results });
    } catch (e) {
      this.channel.post({ type: 'error', message: (e as Error).message });
    }
  }
}
