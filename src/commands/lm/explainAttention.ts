// "Model Lens: Explain Attention for Token": the token under the cursor as the query of one head, step by step
// (q·k → scaled → masked → softmax → Σ p·v) with the model's numbers, from the engine's lm/attentionStep.
import * as vscode from 'vscode';
import { lmAttentionStepRequest, type AttentionStepParams } from '../../protocol/lm';
import { isAttentionStepToHost, type AttentionStepToHost, type AttentionStepToWebview } from '../../protocol/webview/lmViews';
import { LmViewPanel } from '../../panels/lmViewPanel';
import type { Services } from '../../services';
import { SELECT_HINT, chosenModel, selectedText } from './selection';

export async function explainAttention(s: Services, ed = vscode.window.activeTextEditor): Promise<AttentionStepToWebview | undefined> {
  const input = ed && selectedText(ed);
  if (!ed || !input) throw new Error(SELECT_HINT);
  const model = chosenModel();
  const cfg = vscode.workspace.getConfiguration('modelLens.attention');
  // the character under the cursor; a selection made left-to-right puts the cursor after its last character: use that one
  const active = ed.document.offsetAt(ed.selection.active) - input.offset;
  const atEnd = !ed.selection.isEmpty && ed.selection.active.isEqual(ed.selection.end);
  const queryChar = Math.max(0, Math.min(input.text.length - 1, atEnd ? active - 1 : active));
  const view = LmViewPanel.show<AttentionStepToWebview, AttentionStepToHost>(s, { id: 'modelLens.attentionStep', title: 'Attention Step by Step', script: 'attentionStep', isToHost: isAttentionStepToHost });
  let ids: number[] | undefined;
  const explain = (p: AttentionStepParams, note?: string) =>
    view.run('Computing attention…', async (token) => {
      const t0 = Date.now();
      const r = await s.engine.request(lmAttentionStepRequest, { modelId: model, ...p }, { token, task: 'attention step' });
      ids = r.ids;
      const cut = r.truncated ? `The text is longer than the model's context: showing the ${r.tokens.length} tokens up to the query.` : undefined;
      return { type: 'attentionStep', model, note: [note, cut].filter(Boolean).join(' ') || undefined, ms: Date.now() - t0, ...r };
    });
  view.onMessage = async (m) => {
    if (m.type === 'explain' && ids) await explain({ ids, layer: m.layer, head: m.head, query: m.query });
  };
  return explain({ text: input.text, queryChar, layer: cfg.get('defaultLayer', 0), head: cfg.get('defaultHead', 0) }, input.note);
}
