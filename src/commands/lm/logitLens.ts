// "Model Lens: Show Logit Lens": the selection (or the cursor's line) through the engine's lm/logitLens, drawn as a
// layers × positions table in an editor tab.
import * as vscode from 'vscode';
import { lmLogitLensRequest } from '../../protocol/lm';
import { isPlainToHost, type LogitLensToWebview, type PlainToHost } from '../../protocol/webview/lmViews';
import { LmViewPanel } from '../../panels/lmViewPanel';
import type { Services } from '../../services';
import { SELECT_HINT, chosenModel, selectedText } from './selection';

/** Top-k per cell (shown on hover). */
const TOP_K = 5;

export async function showLogitLens(s: Services, ed = vscode.window.activeTextEditor, model = chosenModel()): Promise<LogitLensToWebview | undefined> {
  const input = ed && selectedText(ed);
  if (!input) throw new Error(SELECT_HINT);
  const view = LmViewPanel.show<LogitLensToWebview, PlainToHost>(s, { id: 'modelLens.logitLens', title: 'Logit Lens', script: 'logitLens', isToHost: isPlainToHost });
  return view.run('Running the logit lens…', async (token) => {
    const t0 = Date.now();
    const r = await s.engine.request(lmLogitLensRequest, { modelId: model, text: input.text, topK: TOP_K }, { token, task: 'logit lens' });
    const cut = r.truncated ? `The selection is longer than the model's context: showing its last ${r.tokens.length} tokens.` : undefined;
    return { type: 'logitLens', model, note: [input.note, cut].filter(Boolean).join(' ') || undefined, ms: Date.now() - t0, ...r };
  });
}
