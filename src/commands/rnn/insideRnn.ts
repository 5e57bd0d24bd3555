// "Model Lens: Look Inside an RNN": the chosen recurrent model over the selected text — hidden state per unit and time
// step, the LSTM/GRU gates, and ‖∂L/∂h_t‖ back through time (now, and as recorded during training).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { rnnStatesRequest } from '../../protocol/rnn';
import { isInsideRnnToHost, type InsideRnnToHost, type InsideRnnToWebview } from '../../protocol/webview/rnnViews';
import { LmViewPanel } from '../../panels/lmViewPanel';
import type { Services } from '../../services';
import { chosenModel, selectedText } from '../lm/selection';

/** Arguments that skip the editor (tests, other commands). */
export interface InsideRnnArgs {
  modelId?: string;
  text?: string;
}

export async function showInsideRnn(s: Services, given?: InsideRnnArgs): Promise<InsideRnnToWebview | undefined> {
  const model = given?.modelId ?? chosenModel();
  const ed = vscode.window.activeTextEditor;
  const sel = given?.text !== undefined ? { text: given.text, note: undefined } : ed ? selectedText(ed) : undefined;
  const text = sel?.text ?? (await vscode.window.showInputBox({ title: 'Look Inside an RNN', prompt: 'Text to run the recurrent model over', value: 'hello' }));
  if (!text) return undefined;
  const view = LmViewPanel.show<InsideRnnToWebview, InsideRnnToHost>(s, { id: 'modelLens.insideRnn', title: 'Inside an RNN', script: 'insideRnn', plotly: true, isToHost: isInsideRnnToHost });
  return view.run('Running the recurrent model over the text…', async (token) => {
    const t0 = Date.now();
    const r = await s.engine.request(rnnStatesRequest, { modelId: model, text }, { token, task: 'hidden states' });
    const note = [sel?.note, r.truncated ? `Only the last ${r.ids.length} tokens were read (the model's window).` : undefined].filter(Boolean).join(' ') || undefined;
    return { type: 'states', model: path.basename(model), ms: Date.now() - t0, note, ...r };
  });
}
