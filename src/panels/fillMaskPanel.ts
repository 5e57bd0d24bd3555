// "Model Lens: Predict Masked Word": ranked candidates at every [MASK] of the text, from a bidirectional model.
// One panel, reused; a new request cancels the one in flight.
import * as vscode from 'vscode';
import { mlmFillMaskRequest } from '../protocol/mlm';
import { isFillMaskToHost, type FillMaskToHost, type FillMaskToWebview } from '../protocol/webview/fillMask';
import type { MaskedText } from '../commands/mlm/maskedText';
import type { Services } from '../services';
import { WebviewChannel } from './channel';
import { buildHtml, localRoots } from './html';

/** Candidates per [MASK] drawn as bars. */
const TOP = 10;

export class FillMaskPanel {
  static current: FillMaskPanel | undefined;
  readonly panel: vscode.WebviewPanel;
  private channel: WebviewChannel<FillMaskToWebview, FillMaskToHost>;
  private cts: vscode.CancellationTokenSource | undefined;

  static show(s: Services, input: MaskedText, model: string): FillMaskPanel {
    const p = (FillMaskPanel.current ??= new FillMaskPanel(s));
    p.panel.reveal(undefined, true);
    void p.predict(input, model);
    return p;
  }

  private constructor(private s: Services) {
    this.panel = vscode.window.createWebviewPanel('modelLens.fillMask', 'Model Lens: Masked Word', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: localRoots(s.context.extensionUri),
    });
    this.panel.webview.html = buildHtml(this.panel.webview, s.context.extensionUri, { script: 'fillMask', title: 'Masked Word', plotly: true });
    this.channel = new WebviewChannel(this.panel.webview, 'fillMask', isFillMaskToHost, () => undefined, s);
    this.panel.onDidDispose(() => {
      this.cts?.cancel();
      this.channel.dispose();
      FillMaskPanel.current = undefined;
    });
  }

  async predict(input: MaskedText, model: string): Promise<void> {
    this.cts?.cancel();
    const cts = (this.cts = new vscode.CancellationTokenSource());
    this.channel.post({ type: 'busy', message: 'Predicting the masked words…' });
    try {
      const t0 = Date.now();
      const r = await this.s.engine.request(mlmFillMaskRequest, { modelId: model, text: input.text, topK: TOP }, { token: cts.token, task: 'filling masks' });
      this.channel.post({
        type: 'fillMask',
        model,
        text: input.text,
        tokens: r.tokens,
        masks: r.masks.map((m) => ({ position: m.position, candidates: m.candidates, entropyBits: m.entropy / Math.LN2 })),
        notes: [...(input.note ? [input.note] : []), ...r.notes, ...(r.unknownCount ? [`${r.unknownCount} word(s) are not in the model's vocabulary and were read as [UNK].`] : [])],
        ms: Date.now() - t0,
      });
    } catch (e) {
      if (!cts.token.isCancellationRequested) this.channel.post({ type: 'error', message: (e as Error).message });
    }
  }
}
