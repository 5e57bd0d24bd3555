// What Predict Masked Word sends: the selection when it already holds [MASK]; otherwise the selection's line with the
// selected words replaced by [MASK]; with nothing selected, the cursor's line (which must hold a [MASK]). No vscode here.

export interface MaskedText {
  text: string;
  /** Shown above the candidates when the text was built from the line. */
  note?: string;
}

const MASK_RE = /\[MASK\]/;

export const NO_MASK_MESSAGE =
  'Nothing to predict: type [MASK] where a word is missing (e.g. "The acting in the [MASK] was superb."), or select a word to hide it, then run Predict Masked Word.';

/**
 * @param line the text of the line holding the selection (or the cursor)
 * @param start,end the selection as offsets into `line` (start = end: nothing selected)
 * @param selected the selected text (may span lines; then only a selection holding [MASK] is usable)
 * @returns the model input, or undefined when there is nothing to predict
 */
export function maskedText(line: string, start: number, end: number, selected: string): MaskedText | undefined {
  if (selected.trim()) {
    if (MASK_RE.test(selected)) return { text: selected };
    if (selected.includes('\n') || end > line.length) return undefined;
    const hidden = selected.trim();
    const lead = selected.length - selected.trimStart().length;
    const a = start + lead;
    const b = a + hidden.length;
    return { text: `${line.slice(0, a)}[MASK]${line.slice(b)}`, note: `“${hidden}” hidden as [MASK] in its line.` };
  }
  if (MASK_RE.test(line)) return { text: line };
  return undefined;
}
