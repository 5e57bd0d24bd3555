// "Model Lens: Open Prompt…": a system and a user message rendered through a model folder's own chat template, the
// rendered prompt shown token by token (special tokens marked), then generation from exactly those token ids, streamed
// and cancellable. A folder without a chat template still takes a plain prompt (the messages joined as text).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { lmChatPromptRequest, lmGenerateRequest, type ChatPromptResult } from '../protocol/lm';
import { isPromptToHost, promptMessages, type PromptMessages, type PromptSampling, type PromptToHost, type PromptToken, type PromptToWebview } from '../protocol/webview/prompt';
import type { Services } from '../services';
import { hasChatTemplate } from '../commands/lm/chatTemplateFile';
import { WebviewChannel } from './channel';
import { buildHtml, localRoots } from './html';

/** Greedy by default, as the lecture's `do_sample=False`; enough tokens for a one-paragraph answer. */
const DEFAULT_SAMPLING: PromptSampling = { temperature: 0, topK: 0, maxTokens: 64 };

/** The text of a plain (template-less) prompt: system then user, a blank line apart. */
export function plainPrompt(m: PromptMessages): string {
  return [m.system, m.user].filter((x) => x.trim()).join('\n\n');
}

export class PromptPanel {
  static current: PromptPanel | undefined;
  readonly panel: vscode.WebviewPanel;
  private channel: WebviewChannel<PromptToWebview, PromptToHost>;
  private cts: vscode.CancellationTokenSource | undefined;
  private model = '';
  private template = false;
  /** The sampling controls as the webview last sent them (quick actions from the editor reuse them). */
  private sampling: PromptSampling = DEFAULT_SAMPLING;
  /** The system message the webview last sent: a draft from the editor keeps it. */
  private system = '';

  static show(s: Services, model: string, draft?: { user: string; run: boolean }): PromptPanel {
    const p = (PromptPanel.current ??= new PromptPanel(s));
    p.panel.reveal(undefined, true);
    p.setModel(model);
    if (draft) {
      // the host runs the draft itself (the webview only fills its boxes), so it works before the webview is ready
      const m = { system: p.system, user: draft.user };
      p.channel.post({ type: 'draft', ...m, run: draft.run });
      void (draft.run ? p.generate(m, p.sampling) : p.render(m, p.newToken()));
    }
    return p;
  }

  private constructor(private s: Services) {
    this.panel = vscode.window.createWebviewPanel('modelLens.prompt', 'Model Lens: Prompt', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: localRoots(s.context.extensionUri),
    });
    this.panel.webview.html = buildHtml(this.panel.webview, s.context.extensionUri, { script: 'prompt', title: 'Prompt' });
    this.channel = new WebviewChannel(this.panel.webview, 'prompt', isPromptToHost, (m) => this.onMessage(m), s);
    this.channel.post({ type: 'settings', sampling: DEFAULT_SAMPLING });
    this.panel.onDidDispose(() => {
      this.cts?.cancel();
      this.channel.dispose();
      PromptPanel.current = undefined;
    });
  }

  private setModel(model: string): void {
    this.model = model;
    this.template = hasChatTemplate(model);
    this.channel.post({
      type: 'model',
      model,
      label: path.basename(model),
      template: this.template,
      note: this.template
        ? undefined
        : `${path.basename(model)} has no chat template (no chat_template in tokenizer_config.json and no chat_template.jinja): it is probably a base model. The messages are sent as a plain prompt.`,
    });
  }

  private async onMessage(m: PromptToHost): Promise<void> {
    switch (m.type) {
      case 'ready':
        return;
      case 'render':
        this.system = m.system;
        await this.render(m, this.newToken());
        return;
      case 'generate':
        this.sampling = m.sampling;
        this.system = m.system;
        await this.generate(m, m.sampling);
        return;
      case 'cancel':
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

  /** Renders the messages and draws the prompt's tokens; undefined (and an error shown) when the template fails. */
  private async render(m: PromptMessages, token: vscode.CancellationToken): Promise<ChatPromptResult | undefined> {
    if (!this.template) {
      const rendered = plainPrompt(m);
      this.channel.post({ type: 'rendered', rendered, tokens: [], templateSource: 'plain prompt (no chat template)', plain: true, ms: 0 });
      return { rendered, ids: [], tokens: [], special: [], templateSource: 'plain', stopIds: [] };
    }
    this.channel.post({ type: 'busy', message: 'Rendering the chat template…' });
    try {
      const t0 = Date.now();
      const r = await this.s.engine.request(lmChatPromptRequest, { modelId: this.model, messages: promptMessages(m), addGenerationPrompt: true }, { token, task: 'rendering a chat prompt' });
      const tokens: PromptToken[] = r.ids.map((id, i) => ({ id, text: r.tokens[i], special: r.special[i] }));
      this.channel.post({ type: 'rendered', rendered: r.rendered, tokens, templateSource: r.templateSource, plain: false, ms: Date.now() - t0 });
      return r;
    } catch (e) {
      const message = (e as Error).message;
      if (!token.isCancellationRequested) this.channel.post({ type: 'error', message, template: /chat template/.test(message) });
      return undefined;
    }
  }

  /** Renders, then generates from the rendered ids, streaming the text; stops at the turn's special tokens or eos. */
  private async generate(m: PromptMessages, sampling: PromptSampling): Promise<void> {
    const token = this.newToken();
    const r = await this.render(m, token);
    if (!r || token.isCancellationRequested) return;
    // stop at the model's end of turn (generation_config.json / eos_token ids) or any special token the template uses:
    // a tiny or base model may open a new turn instead of closing its own
    const specialText = new Map(r.ids.flatMap((id, i) => (r.special[i] ? [[id, r.tokens[i]] as const] : [])));
    const specialIds = new Set(specialText.keys());
    const stopIds = [...new Set([...(r.stopIds ?? []), ...specialIds])];
    const isSpecial = (id: number) => specialIds.has(id) || stopIds.includes(id);
    const t0 = Date.now();
    const streamed: PromptToken[] = [];
    let text = '';
    this.channel.post({ type: 'busy', message: `Generating up to ${sampling.maxTokens} tokens…` });
    try {
      const input = this.template ? { ids: r.ids } : { text: r.rendered };
      const g = await this.s.engine.request(
        lmGenerateRequest,
        { modelId: this.model, ...input, maxTokens: sampling.maxTokens, temperature: sampling.temperature, greedy: sampling.temperature === 0, topK: sampling.topK || undefined, seed: sampling.seed, stopIds },
        {
          token,
          task: 'generating',
          onProgress: (p) => {
            const d = p.data as { id?: unknown; text?: unknown } | undefined;
            if (!d || typeof d.id !== 'number' || typeof d.text !== 'string') return;
            // the token's text is what it added to the decoded continuation (exact once the response arrives)
            const piece = d.text.startsWith(text) ? d.text.slice(text.length) : '';
            text = d.text;
            // decoding drops special tokens: name the ones the prompt showed
            streamed.push({ id: d.id, text: piece || specialText.get(d.id) || '', special: isSpecial(d.id) });
            this.channel.post({ type: 'generation', text, tokens: [...streamed], done: false, ms: Date.now() - t0 });
          },
        },
      );
      const tokens = g.ids.map((id, i) => ({ id, text: g.tokens[i], special: isSpecial(id) }));
      this.channel.post({ type: 'generation', text: g.text, tokens, done: true, stoppedBy: g.stoppedBy, truncated: g.truncated, ms: Date.now() - t0 });
    } catch (e) {
      if (token.isCancellationRequested) {
        this.channel.post({ type: 'generation', text, tokens: streamed, done: true, stoppedBy: 'cancelled', ms: Date.now() - t0 });
      } else {
        this.channel.post({ type: 'error', message: (e as Error).message });
      }
    }
  }
}
