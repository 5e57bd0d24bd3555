// The Attention view in the Model Lens panel area: follows the editor selection (debounced by
// modelLens.attention.debounceMs) and draws the model's attention for it; a token clicked in the
// view is selected and revealed in the editor without the view following that selection (it keeps
// showing the whole text), and the editor cursor is marked in the view.
import * as vscode from 'vscode';
import { DEFAULT_LM, SELECT_HINT, chosenModel, selectedText, type LmText } from '../commands/lm/selection';
import { lmAttentionRequest, lmModelCardRequest } from '../protocol/lm';
import { isAttentionToHost, type AttentionToHost, type AttentionToWebview } from '../protocol/webview/attention';
import type { Services } from '../services';
import { WebviewChannel } from './channel';
import { buildHtml, localRoots } from './html';

export const ATTENTION_VIEW_ID = 'modelLens.attention';

/** Where each token sits in `text` (found left to right; tokens not found get the previous end). */
export function tokenOffsets(text: string, shown: string[]): [number, number][] {
  // lower-cased: an uncased WordPiece model shows "the" for "The"
  const tokens = shown.map((t) => t.replace(/␣/g, ' ').replace(/↵/g, '\n').replace(/⇥/g, '\t').toLowerCase());
  const lower = text.toLowerCase();
  const total = tokens.reduce((a, t) => a + t.length, 0);
  let at = Math.max(0, text.length - total - 8);
  return tokens.map((t) => {
    const i = t ? lower.indexOf(t, at) : -1;
    if (i < 0) return [at, at];
    at = i + t.length;
    return [i, at];
  });
}

/**
 * Probabilities rounded to 6 decimals for the webview: the message shrinks to less than half (it is
 * [layer][head][q][k], 16 × 64 × 64 numbers for the default model), which is what the view draws and
 * shows (3 decimals); a row's sum moves by at most n · 5e-7.
 */
export function roundAttention(a: number[][][][]): number[][][][] {
  return a.map((layer) => layer.map((head) => head.map((row) => row.map((p) => Math.round(p * 1e6) / 1e6))));
}

export class AttentionViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private channel: WebviewChannel<AttentionToWebview, AttentionToHost> | undefined;
  private subs: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private cts: vscode.CancellationTokenSource | undefined;
  /** The last drawn text, its editor and token ranges (for clicks and the cursor mark). */
  private shown: { key: string; uri: vscode.Uri; input: LmText; ranges: [number, number][] } | undefined;
  private latest: AttentionToWebview[] = [];
  /** The selection the view itself made for a clicked token: the view must not follow it. */
  private own: { uri: string; start: number; end: number } | undefined;
  model = DEFAULT_LM;

  constructor(private s: Services) {
    this.subs.push(
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor.document.uri.scheme === 'output') return;
        if (!this.isOwnSelection(e.textEditor)) this.own = undefined;
        this.schedule(e.textEditor);
      }),
    );
  }

  /** True while the editor's selection is the one a click in the view made. */
  private isOwnSelection(ed: vscode.TextEditor): boolean {
    const o = this.own;
    if (!o || ed.document.uri.toString() !== o.uri || ed.selections.length !== 1) return false;
    const d = ed.document;
    return d.offsetAt(ed.selection.start) === o.start && d.offsetAt(ed.selection.end) === o.end;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = { enableScripts: true, localResourceRoots: localRoots(this.s.context.extensionUri) };
    view.webview.html = buildHtml(view.webview, this.s.context.extensionUri, { script: 'attention', title: 'Attention', elements: false });
    this.channel?.dispose();
    this.channel = new WebviewChannel(view.webview, 'attention', isAttentionToHost, (m) => this.onMessage(m), this.s);
    for (const m of this.latest) this.channel.post(m);
    view.onDidDispose(() => {
      this.channel?.dispose();
      this.channel = undefined;
      this.view = undefined;
    });
    view.onDidChangeVisibility(() => view.visible && vscode.window.activeTextEditor && this.schedule(vscode.window.activeTextEditor, 0));
    if (!this.latest.length && vscode.window.activeTextEditor) void this.refresh(vscode.window.activeTextEditor);
  }

  private post(m: AttentionToWebview): void {
    this.latest = [...this.latest.filter((x) => x.type !== m.type && !(m.type === 'attention' && x.type === 'cursorToken')), m];
    if (this.channel) this.channel.post(m);
    else this.s.posted.set(`attention:${m.type}`, m);
  }

  private onMessage(m: AttentionToHost): void {
    switch (m.type) {
      case 'ready':
        return;
      case 'selectToken':
        void this.selectInEditor(m.index, m.last ?? m.index);
        return;
      default: {
        const never: never = m;
        void never;
      }
    }
  }

  /** Select tokens i..last in the editor and reveal them; the view goes on showing the whole text. */
  private async selectInEditor(i: number, last: number): Promise<void> {
    const sh = this.shown;
    const a = sh?.ranges[i];
    const b = sh?.ranges[Math.max(i, last)];
    if (!sh || !a || !b) return;
    const ed = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === sh.uri.toString()) ?? (await vscode.window.showTextDocument(sh.uri, { preserveFocus: true }));
    const doc = ed.document;
    const start = sh.input.offset + a[0];
    const end = sh.input.offset + b[1];
    // set before the selection changes: the change event for it must find it
    this.own = { uri: doc.uri.toString(), start, end };
    ed.selection = new vscode.Selection(doc.positionAt(start), doc.positionAt(end));
    ed.revealRange(ed.selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  /** Debounced refresh after the selection moves. */
  private schedule(ed: vscode.TextEditor, ms?: number): void {
    if (!this.view?.visible || this.isOwnSelection(ed)) return;
    clearTimeout(this.timer);
    const wait = ms ?? vscode.workspace.getConfiguration('modelLens.attention').get<number>('debounceMs', 300);
    this.timer = setTimeout(() => void this.refresh(ed), Math.max(0, wait));
  }

  /** A model chosen by a command (the bidirectional one) instead of the setting, until plain Show Attention runs. */
  private modelOverride: string | undefined;

  /** Reveal the view and draw the attention of `ed`'s selection now (with `model` instead of the setting, if given). */
  async show(ed: vscode.TextEditor | undefined, model?: string): Promise<void> {
    this.modelOverride = model;
    if (!ed) {
      this.post({ type: 'empty', message: SELECT_HINT });
      await vscode.commands.executeCommand(`${ATTENTION_VIEW_ID}.focus`);
      return;
    }
    // ask the engine first: it computes while the view opens, and the view draws what is queued
    const drawn = this.refresh(ed);
    await vscode.commands.executeCommand(`${ATTENTION_VIEW_ID}.focus`);
    await drawn;
  }

  async refresh(ed: vscode.TextEditor): Promise<void> {
    const input = selectedText(ed);
    this.model = this.modelOverride ?? chosenModel();
    if (!input) {
      this.post({ type: 'empty', message: SELECT_HINT });
      return;
    }
    const key = `${this.model}\0${ed.document.uri}\0${ed.document.version}\0${input.offset}\0${input.text}`;
    if (this.shown?.key === key) {
      this.markCursor(ed);
      return;
    }
    this.cts?.cancel();
    const cts = (this.cts = new vscode.CancellationTokenSource());
    this.post({ type: 'busy', message: 'Computing attention…' });
    try {
      const t0 = Date.now();
      const r = await this.s.engine.request(lmAttentionRequest, { modelId: this.model, text: input.text }, { token: cts.token, task: 'attention' });
      const card = r.truncated ? await this.s.engine.request(lmModelCardRequest, { modelId: this.model }).catch(() => undefined) : undefined;
      if (cts.token.isCancellationRequested) return;
      this.shown = { key, uri: ed.document.uri, input, ranges: tokenOffsets(input.text, r.tokens) };
      const cfg = vscode.workspace.getConfiguration('modelLens.attention');
      const dl = cfg.get<number>('defaultLayer', -1);
      const layer = dl < 0 || dl >= r.nLayers ? r.nLayers - 1 : dl;
      this.post({
        type: 'attention',
        model: this.model,
        tokens: r.tokens,
        attention: roundAttention(r.attention),
        causal: r.causal,
        layer,
        head: Math.min(Math.max(0, cfg.get<number>('defaultHead', 0)), r.nHeads - 1),
        truncated: r.truncated ? { keptTokens: r.tokens.length, contextLength: card?.config.contextLength ?? r.tokens.length } : undefined,
        ms: Date.now() - t0,
        text: input.text,
        kvHeadOf: r.kvHeadOf,
        windows: r.windows,
      });
      this.markCursor(ed);
    } catch (e) {
      if (!cts.token.isCancellationRequested) this.post({ type: 'error', message: (e as Error).message });
    }
  }

  private markCursor(ed: vscode.TextEditor): void {
    const sh = this.shown;
    if (!sh || ed.document.uri.toString() !== sh.uri.toString()) return;
    const at = ed.document.offsetAt(ed.selection.active) - sh.input.offset;
    const i = sh.ranges.findIndex(([a, b]) => at >= a && at < b);
    if (i >= 0) this.post({ type: 'cursorToken', index: i });
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.cts?.cancel();
    this.channel?.dispose();
    for (const d of this.subs) d.dispose();
  }
}
