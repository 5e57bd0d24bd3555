// "Model Lens: Open Prompt…": system and user messages rendered through the chosen Hugging Face model's chat template
// (engine lm/chatPrompt), the prompt shown token by token with special tokens marked, then a reply generated from
// exactly those ids (lm/generate, greedy at temperature 0), streamed in and stopped at the model's end of turn.
import * as vscode from 'vscode';
import { lmChatPromptRequest, lmGenerateRequest, type ChatPromptResult } from '../protocol/lm';
import { isPromptToHost, promptMessages, type PromptRequest, type PromptToHost, type PromptToWebview } from '../protocol/webview/prompt';
import type { Services } from '../services';
import { WebviewChannel } from './channel';
import { buildHtml, localRoots } from './html';

export class PromptPanel {
  static current: PromptPanel | undefined;
  readonly panel: vscode.WebviewPanel;
  private channel: WebviewChannel<PromptToWebview, PromptToHost>;
  private cts: vscode.CancellationTokenSource | undefined;

  /** Opens (or reuses) the panel for `model`, with `user` (e.g. the editor selection) as the user message. */
  static show(s: Services, model: string, user: string, system = ''): PromptPanel {
    const p = (PromptPanel.current ??= new PromptPanel(s, model));
    p.model = model;
    p.panel.reveal(undefined, true);
    p.channel.post({ type: 'init', model, system, user, maxTokens: 64, temperature: 0 });
    if (user.trim()) void p.render({ system, user, maxTokens: 64, temperature: 0 });
    return p;
  }

  private constructor(
    private s: Services,
    private model: string,
  ) {
    this.panel = vscode.window.createWebviewPanel('modelLens.prompt', 'Model Lens: Prompt', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: localRoots(s.context.extensionUri),
    });
    this.panel.webview.html = buildHtml(this.panel.webview, s.context.extensionUri, { script: 'prompt', title: 'Prompt' });
    this.channel = new WebviewChannel(this.panel.webview, 'prompt', isPromptToHost, (m) => this.onMessage(m), s);
    this.panel.onDidDispose(() => {
      this.cts?.cancel();
      this.channel.dispose();
      PromptPanel.current = undefined;
    });
  }

  private async onMessage(m: PromptToHost): Promise<void> {
    switch (m.type) {
      case 'ready':
        return;
      case 'render':
        await this.render(m);
        return;
      case 'generate':
        await this.generate(m);
        return;
      case 'stop':
        this.cts?.cancel();
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

  /** The chat template's prompt for the request, drawn as token chips. */
  async render(r: PromptRequest, token = this.newToken()): Promise<ChatPromptResult | undefined> {
    this.channel.post({ type: 'busy', message: 'Rendering the chat template…' });
    try {
      const p = await this.s.engine.request(
        lmChatPromptRequest,
        { modelId: this.model, messages: promptMessages(r), addGenerationPrompt: true },
        { token, task: 'rendering prompt' },
      );
      this.channel.post({ type: 'prompt', rendered: p.rendered, tokens: p.tokens, ids: p.ids, special: p.special, templateSource: p.templateSource });
      return p;
    } catch (e) {
      if (!token.isCancellationRequested) this.channel.post({ type: 'error', message: (e as Error).message });
      return undefined;
    }
  }

  /** Render, then generate from the rendered ids; tokens stream in through the request's progress. */
  async generate(r: PromptRequest): Promise<void> {
    const token = this.newToken();
    const p = await this.render(r, token);
    if (!p) return;
    const t0 = Date.now();
    const tokens: string[] = [];
    let last = '';
    this.channel.post({ type: 'busy', message: 'Generating…' });
    try {
      const g = await this.s.engine.request(
        lmGenerateRequest,
        { modelId: this.model, ids: p.ids, maxTokens: r.maxTokens, temperature: r.temperature, greedy: r.temperature === 0, stopIds: p.stopIds },
        {
          token,
          task: 'generating',
          onProgress: (x) => {
            const t = x.data as { text?: string } | undefined;
            if (typeof t?.text !== 'string') return;
            last = t.text;
            tokens.push(t.text);
            this.channel.post({ type: 'reply', text: last, tokens, ms: Date.now() - t0, done: false });
          },
        },
      );
      this.channel.post({ type: 'reply', text: g.text, tokens: g.tokens, ms: Date.now() - t0, done: true });
    } catch (e) {
      if (token.isCancellationRequested) this.channel.post({ type: 'reply', text: last, tokens, ms: Date.now() - t0, done: true });
      else this.channel.post({ type: 'error', message: (e as Error).message });
    }
  }
}
