// What text a language-model command reads from the editor: the selection, else the cursor's line.
import * as vscode from 'vscode';

export interface LmText {
  text: string;
  /** Document offset of text[0]. */
  offset: number;
  /** Set when the selection was empty and the line was used instead. */
  note?: string;
}

/** The selection's text, or the current line when nothing is selected; undefined when both are blank. */
export function selectedText(ed: vscode.TextEditor): LmText | undefined {
  const doc = ed.document;
  const sel = ed.selection;
  if (!sel.isEmpty) {
    const text = doc.getText(sel);
    if (text.trim()) return { text, offset: doc.offsetAt(sel.start) };
  }
  const line = doc.lineAt(sel.active.line);
  if (!line.text.trim()) return undefined;
  return { text: line.text, offset: doc.offsetAt(line.range.start), note: `Nothing was selected: using line ${line.lineNumber + 1}.` };
}

export const SELECT_HINT = 'Select some text in an editor (or put the cursor on a line with text) first.';

/** The embedded language model used for predictions by default: subword (BPE), trained on three bundled corpora. */
export const DEFAULT_LM = 'subword-lm';
/** The embedded character-level model (trained on Moby Dick), for the lessons about characters. */
export const CHAR_LM = 'default-lm';
/** Both embedded models, the default first; they are ids, not folders. */
export const EMBEDDED_LMS: readonly string[] = [DEFAULT_LM, CHAR_LM];

/** The model the views use: setting modelLens.languageModel ('subword-lm', 'default-lm' or a checkpoint folder). */
export function chosenModel(): string {
  return vscode.workspace.getConfiguration('modelLens').get<string>('languageModel', DEFAULT_LM) || DEFAULT_LM;
}
