// How text becomes an encoder's input: [CLS] tokens [SEP] for a WordPiece tokenizer (BERT's single-segment layout),
// cut to the model's positions from the front (an encoder reads the start; [SEP] is kept last), with a note.
import type { Tokenizer } from '../lm/tokenizers/types';
import type { WordPieceTokenizer } from '../lm/tokenizers/wordpiece';

/** The tokenizer as a WordPiece one (it knows [CLS]/[SEP]/[MASK]), else undefined. */
export function asWordPiece(tok: Tokenizer): WordPieceTokenizer | undefined {
  return tok.kind === 'wordpiece' ? (tok as WordPieceTokenizer) : undefined;
}

export interface EncoderInput {
  ids: number[];
  truncated: boolean;
  /** Tokens the text had before the cut (with [CLS]/[SEP]). */
  fullLength: number;
}

/** Token ids wrapped in [CLS] … [SEP] (WordPiece) and cut to `contextLength` positions, keeping [SEP] at the end. */
export function encodeForEncoder(tok: Tokenizer, text: string, contextLength: number): EncoderInput {
  const wp = asWordPiece(tok);
  const body = tok.encode(text);
  const ids = wp ? [wp.clsId, ...body, wp.sepId] : body;
  return cutToContext(ids, contextLength, wp?.sepId);
}

/** The first `contextLength` ids; when cut and `sep` is given, the last kept id becomes [SEP]. */
export function cutToContext(ids: number[], contextLength: number, sep?: number): EncoderInput {
  if (ids.length <= contextLength) return { ids, truncated: false, fullLength: ids.length };
  const kept = ids.slice(0, contextLength);
  if (sep !== undefined && ids[ids.length - 1] === sep) kept[contextLength - 1] = sep;
  return { ids: kept, truncated: true, fullLength: ids.length };
}
