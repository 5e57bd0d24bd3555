// Tokens a model could not encode: the tokenizer writes them as <unk> because the text held
// something outside the model's vocabulary. Finds which characters those were and says so.

export const UNK = '<unk>';

/** Inverse of showToken's visible whitespace (␣ ↵ ⇥). */
function unshow(t: string): string {
  return t.replace(/␣/g, ' ').replace(/↵/g, '\n').replace(/⇥/g, '\t');
}

/**
 * The pieces of `text` that became <unk>, in order of first appearance. Tokens are the tail of the
 * text (a long selection is cut at its start), so they are aligned from the end: the text between
 * two known tokens belongs to the <unk>s between them.
 */
export function unknownPieces(tokens: string[], text: string): string[] {
  const found: string[] = [];
  let pos = text.length;
  let pending = 0;
  const flush = (gap: string) => {
    if (!pending) return;
    // one <unk> per character (character models) or the whole gap (word and subword models)
    if ([...gap].length === pending) found.unshift(...[...gap]);
    else if (gap.trim()) found.unshift(gap.trim());
    pending = 0;
  };
  for (let i = tokens.length - 1; i >= 0; i--) {
    if (tokens[i] === UNK) {
      pending++;
      continue;
    }
    const t = unshow(tokens[i]);
    const at = t ? text.lastIndexOf(t, pos - t.length) : pos;
    if (at < 0) return [...new Set(found)];
    flush(text.slice(at + t.length, pos));
    pos = at;
  }
  if (pending) flush(text.slice(Math.max(0, pos - pending), pos));
  return [...new Set(found)];
}

/** How to write a character in a note: quoted, with its code point for invisible or look-alike ones. */
function describe(piece: string): string {
  const cp = [...piece].length === 1 ? piece.codePointAt(0)! : undefined;
  return cp !== undefined ? `“${piece}” (U+${cp.toString(16).toUpperCase().padStart(4, '0')})` : `“${piece}”`;
}

/** A sentence for the panel when some tokens are <unk>; undefined when none are. */
export function unknownNote(tokens: string[], text?: string): string | undefined {
  const n = tokens.filter((t) => t === UNK).length;
  if (!n) return undefined;
  const pieces = text ? unknownPieces(tokens, text) : [];
  const what = pieces.length ? `: ${pieces.slice(0, 8).map(describe).join(', ')}${pieces.length > 8 ? ', …' : ''}` : '';
  return (
    `${n} token${n === 1 ? ' is' : 's are'} ${UNK} (unknown): ${n === 1 ? 'this part' : 'these parts'} of the text ` +
    `${n === 1 ? 'is' : 'are'} not in the model's vocabulary${what}. The model reads the same “unknown” token in ` +
    `${n === 1 ? 'its' : 'their'} place, because its training text never had ${n === 1 ? 'it' : 'them'}.`
  );

}
