// "Model Lens: Analogy…": a − b + c ≈ ? with 3CosAdd and 3CosMul from the engine (input words excluded),
// plus the vectors the webview needs to draw the four points and the offsets in 2-D.
import * as vscode from 'vscode';
import { analogyRequest, vectorsRequest } from '../protocol/embeddings';
import { isAnalogyToHost, type AnalogyExample, type AnalogyToHost, type AnalogyToWebview } from '../protocol/webview/analogy';
import { currentModel, modelLabel } from '../commands/embeddingModels';
import type { Services } from '../services';
import { WebviewChannel } from './channel';
import { buildHtml, localRoots } from './html';

/** The lecture's examples (10-315), one click away. */
export const LECTURE_EXAMPLES: AnalogyExample[] = [
  { a: 'king', b: 'man', c: 'woman', expected: 'queen' },
  { a: 'italy', b: 'france', c: 'paris', expected: 'rome' },
  { a: 'pizza', b: 'usa', c: 'japan', expected: 'sushi' },
  { a: 'walking', b: 'running', c: 'ran', expected: 'walked' },
];

export class AnalogyPanel {
  static current: AnalogyPanel | undefined;
  readonly panel: vscode.WebviewPanel;
  private channel: WebviewChannel<AnalogyToWebview, AnalogyToHost>;
  private model = currentModel();

  static show(s: Services, q?: { a: string; b: string; c: string }, model = currentModel()): AnalogyPanel {
    const p = (AnalogyPanel.current ??= new AnalogyPanel(s));
    p.panel.reveal();
    if (p.model !== model) {
      p.model = model;
      void p.postExamples();
    }
    if (q) void p.solve(q.a, q.b, q.c);
    return p;
  }

  private constructor(private s: Services) {
    this.panel = vscode.window.createWebviewPanel('modelLens.analogy', 'Analogy', vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: localRoots(s.context.extensionUri),
    });
    this.panel.webview.html = buildHtml(this.panel.webview, s.context.extensionUri, { script: 'analogy', title: 'Analogy', plotly: true });
    this.channel = new WebviewChannel(this.panel.webview, 'analogy', isAnalogyToHost, (m) => this.onMessage(m), s);
    this.panel.onDidDispose(() => {
      this.channel.dispose();
      AnalogyPanel.current = undefined;
    });
    void this.postExamples();
  }

  private async postExamples(): Promise<void> {
    this.channel.post({ type: 'examples', examples: LECTURE_EXAMPLES, modelLabel: await modelLabel(this.s, this.model) });
  }

  private onMessage(m: AnalogyToHost): void {
    switch (m.type) {
      case 'ready':
        return;
      case 'solve':
        void this.solve(m.a, m.b, m.c);
        return;
      default: {
        const never: never = m;
        void never;
      }
    }
  }

  /** Ask the engine for both methods' top 10 and the vectors to draw; errors go to the panel. */
  async solve(a: string, b: string, c: string): Promise<void> {
    const q = { model: this.model, a: a.toLowerCase(), b: b.toLowerCase(), c: c.toLowerCase(), k: 10 };
    this.channel.post({ type: 'busy', message: `${q.a} − ${q.b} + ${q.c} ≈ …` });
    try {
      const [add, mul] = await Promise.all([
        this.s.engine.request(analogyRequest, { ...q, method: '3cosadd' }, { task: 'analogy' }),
        this.s.engine.request(analogyRequest, { ...q, method: '3cosmul' }),
      ]);
      const answers = [...new Set([...add.results.slice(0, 5), ...mul.results.slice(0, 5)].map((r) => r.word))];
      const v = await this.s.engine.request(vectorsRequest, { model: this.model, words: [q.a, q.b, q.c, ...answers] });
      const vectors = v.words.map((word, i) => ({ word, vector: v.vectors.slice(i * v.dim, (i + 1) * v.dim) }));
      this.channel.post({
        type: 'analogy',
        a: q.a,
        b: q.b,
        c: q.c,
        modelLabel: await modelLabel(this.s, this.model),
        cosadd: add.results,
        cosmul: mul.results,
        vectors,
      });
    } catch (e) {
      this.channel.post({ type: 'error', message: (e as Error).message });
    }
  }
}
