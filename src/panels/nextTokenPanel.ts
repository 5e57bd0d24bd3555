// "Model Lens: Predict Next Token": the top candidates' logits for the selected text; the webview
// re-shapes them locally. Appending (click) and Generate (predict → sample → append, step by step)
// run here against the engine, continuing from the token ids the model actually saw.
import * as vscode from 'vscode';
import { DEFAULT_LM, type LmText } from '../commands/lm/selection';
import { lmModelCardRequest, lmPredictRequest, type Prediction } from '../protocol/lm';
import {
  isNextTokenToHost,
  type NextTokenToHost,
  type NextTokenToWebview,
  type SamplingSettings,
} from '../protocol/webview/nextToken';
import type { Services } from '../services';
import { WebviewChannel } from './channel';
import { buildHtml, localRoots } from './html';

/** Candidates sent to the webview (logits; enough mass for the sliders to re-shape). */
const TOP = 256;

export class NextTokenPanel {
  static current: NextTokenPanel | undefined;
  readonly panel: vscode.WebviewPanel;
  private channel: WebviewChannel<NextTokenToWebview, NextTokenToHost>;
  private input: LmText = { text: '', offset: 0 };
  /** Token ids the model saw last, plus what was appended since. */
  private ids: number[] | undefined;
  private appended: string[] = [];
  private cts: vscode.CancellationTokenSource | undefined;
  private model = DEFAULT_LM;

  static show(s: Services, input: LmText, model = DEFAULT_LM): NextTokenPanel {
    const p = (NextTokenPanel.current ??= new NextTokenPanel(s));
    p.panel.reveal(undefined, true);
    p.model = model;
    p.input = input;
    p.ids = undefined;
    p.appended = [];
    void p.predict();
    return p;
  }

  private constructor(private s: Services) {
    this.panel = vscode.window.createWebviewPanel('modelLens.nextToken', 'Model Lens: Next Token', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: localRoots(s.context.extensionUri),
    });
    this.panel.webview.html = buildHtml(this.panel.webview, s.context.extensionUri, { script: 'nextToken', title: 'Next Token', elements: false });
    this.channel = new WebviewChannel(this.panel.webview, 'nextToken', isNextTokenToHost, (m) => this.onMessage(m), s);
    const cfg = vscode.workspace.getConfiguration('modelLens.predict');
    this.channel.post({
      type: 'settings',
      sampling: { temperature: cfg.get('temperature', 1), topK: cfg.get('topK', 0), topP: cfg.get('topP', 1) },
      generateCount: cfg.get('generateTokens', 20),
    });
    this.panel.onDidDispose(() => {
      this.cts?.cancel();
      this.channel.dispose();
      NextTokenPanel.current = undefined;
    });
  }

  private async onMessage(m: NextTokenToHost): Promise<void> {
    switch (m.type) {
      case 'ready':
        return;
      case 'append':
        if (!this.ids) return;
        this.ids = [...this.ids, m.id];
        this.appended.push(m.token);
        await this.predict();
        return;
      case 'generate':
        await this.generate(m.count, m.sampling, m.seed ?? Date.now() % 2147483647);
        return;
      case 'reset':
        this.ids = undefined;
        this.appended = [];
        await this.predict();
        return;
      default: {
        const never: never = m;
        void never;
      }
    }
  }

  private newToken(): vscode.CancellationToken {
    this.cts?.cancel();
    this.cts = new vscode.CancellationTokenSource();
    return this.cts.token;
  }

  private async request(token: vscode.CancellationToken, sampling?: SamplingSettings): Promise<Prediction> {
    const params = this.ids ? { modelId: this.model, ids: this.ids } : { modelId: this.model, text: this.input.text };
    return this.s.engine.request(lmPredictRequest, { ...params, ...sampling, top: TOP }, { token, task: 'predicting' });
  }

  /** Predict from the current context and draw it. */
  async predict(): Promise<void> {
    const token = this.newToken();
    this.channel.post({ type: 'busy', message: 'Predicting…' });
    try {
      const t0 = Date.now();
      const p = await this.request(token);
      await this.show(p, Date.now() - t0);
    } catch (e) {
      if (!token.isCancellationRequested) this.channel.post({ type: 'error', message: (e as Error).message });
    }
  }

  private async show(p: Prediction, ms: number): Promise<void> {
    this.ids = p.ids;
    const card = p.truncated ? await this.s.engine.request(lmModelCardRequest, { modelId: this.model }).catch(() => undefined) : undefined;
    const contextLength = card?.config.contextLength ?? p.ids.length;
    this.channel.post({
      type: 'prediction',
      model: this.model,
      contextText: this.input.text + this.appended.join(''),
      tokens: p.tokens,
      candidates: p.candidates.map((c) => ({ id: c.id, token: c.token, logit: c.logit })),
      vocabSize: card?.config.vocabSize ?? Math.max(p.candidates.length, ...p.candidates.map((c) => c.id + 1)),
      entropyBits: p.rawEntropy / Math.LN2,
      truncated: p.truncated ? { keptTokens: p.ids.length, contextLength } : undefined,
      note: this.input.note,
      appended: [...this.appended],
      ms,
    });
  }

  /** Predict, sample with the person's settings, append; `count` times, drawing every step. */
  async generate(count: number, sampling: SamplingSettings, seed: number): Promise<void> {
    const token = this.newToken();
    let rng = seed >>> 0 || 1;
    // mulberry32: a tiny seeded generator, so a given seed reproduces a generation
    const rand = () => {
      rng = (rng + 0x6d2b79f5) >>> 0;
      let t = rng;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    try {
      for (let i = 0; i < count && !token.isCancellationRequested; i++) {
        this.channel.post({ type: 'busy', message: `Generating token ${i + 1} of ${count}…` });
        const t0 = Date.now();
        const p = await this.request(token, sampling);
        this.ids = p.ids;
        const mass = p.candidates.reduce((a, c) => a + c.prob, 0);
        let u = rand() * mass;
        const pick = p.candidates.find((c) => (u -= c.prob) < 0) ?? p.candidates[0];
        this.ids = [...p.ids, pick.id];
        this.appended.push(pick.token);
        if (i === count - 1) await this.show(await this.request(token), Date.now() - t0);
      }
    } catch (e) {
      if (!token.isCancellationRequested) this.channel.post({ type: 'error', message: (e as Error).message });
    }
  }
}
