// "Model Lens: Predict Masked Word": read the selection (or the cursor's line), turn it into a [MASK]ed text and show
// the bidirectional model's candidates. The model is the setting modelLens.bidirectionalModel (default: embedded).
import * as vscode from 'vscode';
import { FillMaskPanel } from '../../panels/fillMaskPanel';
import type { Services } from '../../services';
import { maskedText, NO_MASK_MESSAGE } from './maskedText';

export const DEFAULT_ENCODER = 'default-encoder';

/** The bidirectional model Fill Mask, and the Attention view's encoder option, use. */
export function chosenEncoder(): string {
  return vscode.workspace.getConfiguration('modelLens').get<string>('bidirectionalModel', DEFAULT_ENCODER) || DEFAULT_ENCODER;
}

export function predictMaskedWord(s: Services, text?: string): FillMaskPanel {
  if (typeof text === 'string') {
    if (!/\[MASK\]/.test(text)) throw new Error(NO_MASK_MESSAGE);
    return FillMaskPanel.show(s, { text }, chosenEncoder());
  }
  const ed = vscode.window.activeTextEditor;
  if (!ed) throw new Error(NO_MASK_MESSAGE);
  const doc = ed.document;
  const sel = ed.selection;
  const line = doc.lineAt(sel.start.line);
  const input = maskedText(line.text, sel.start.character, sel.isSingleLine ? sel.end.character : line.text.length + 1, doc.getText(sel));
  if (!input) throw new Error(NO_MASK_MESSAGE);
  return FillMaskPanel.show(s, input, chosenEncoder());
}
