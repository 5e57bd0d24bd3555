// "Model Lens: Open Prompt…" and the selection quick actions ("Summarise this", "What is the sentiment?"): open the
// Prompt panel on the chosen model folder with the editor selection as the user message.
import * as vscode from 'vscode';
import { actionMessage, type PromptAction } from '../../protocol/webview/prompt';
import type { Services } from '../../services';
import { PromptPanel } from '../../panels/promptPanel';
import { pickPromptModel } from './promptModel';

/** Opens the panel; a selection becomes the user message (with `action`, prefixed by its instruction and run at once). */
export async function openPrompt(s: Services, action?: PromptAction): Promise<PromptPanel | undefined> {
  const ed = vscode.window.activeTextEditor;
  const sel = ed && !ed.selection.isEmpty ? ed.document.getText(ed.selection) : '';
  if (action && !sel.trim()) throw new Error('Select the text to send to the model first.');
  const model = await pickPromptModel();
  if (!model) return undefined;
  const draft = sel.trim() ? { user: action ? actionMessage(action, sel) : sel, run: !!action } : undefined;
  return PromptPanel.show(s, model, draft);
}
