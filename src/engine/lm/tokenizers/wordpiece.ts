// WordPiece tokenizer (BERT, Devlin et al. 2019): basic tokenization (lower-casing, accent stripping, punctuation split,
// the special tokens [PAD] [UNK] [CLS] [SEP] [MASK] kept whole) then greedy longest-match-first pieces, "##" marking a
// continuation. Encoding runs through @huggingface/tokenizers (BertNormalizer + BertPreTokenizer + WordPiece, built
// here from the vocabulary); this file's own basic tokenization only splits a corpus into words to choose a
// vocabulary. A vocabulary of whole words only is the word-level encoder tokenizer the default encoder uses.
import { Tokenizer as HfTokenizerImpl } from '@huggingface/tokenizers';
import { UserError } from '../../errors';
import type { Tokenizer, TokenizerJSON } from './types';

export const PAD = '[PAD]';
export const UNK_WP = '[UNK]';
export const CLS = '[CLS]';
export const SEP = '[SEP]';
export const MASK = '[MASK]';
export const WORDPIECE_SPECIALS = [PAD, UNK_WP, CLS, SEP, MASK] as const;

/** Words longer than this become [UNK] without trying pieces (BERT's max_input_chars_per_word). */
const MAX_WORD_CHARS = 100;

/**
 * BERT's tokenizer as a Hugging Face tokenizer.json: clean text, split CJK ideographs, lower-case and strip accents when
 * `lowerCase` (BertNormalizer, strip_accents null = follow lowercase), split on whitespace and punctuation
 * (BertPreTokenizer), then WordPiece. The special tokens are added tokens, so "[MASK]" typed in text stays one token.
 * No post-processor: callers add [CLS]/[SEP] themselves.
 */
function bertTokenizerJson(vocab: readonly string[], lowerCase: boolean): Record<string, unknown> {
  const ids: Record<string, number> = {};
  vocab.forEach((w, i) => {
    if (!Object.prototype.hasOwnProperty.call(ids, w)) ids[w] = i;
  });
  return {
    version: '1.0',
    added_tokens: WORDPIECE_SPECIALS.map((content) => ({ id: ids[content], content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: lowerCase },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: null,
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: UNK_WP, continuing_subword_prefix: '##', max_input_chars_per_word: MAX_WORD_CHARS, vocab: ids },
  };
}
const SPECIAL_RE = /\[(?:PAD|UNK|CLS|SEP|MASK)\]/g;
/** BERT's _is_punctuation: ASCII symbol ranges plus Unicode punctuation. */
const isPunct = (ch: string): boolean => {
  const c = ch.codePointAt(0)!;
  if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) return true;
  return /\p{P}/u.test(ch);
};

/**
 * BERT's BasicTokenizer: clean, (lower-case + strip accents), split on whitespace and around every punctuation mark.
 * Used to count a corpus's words when choosing a vocabulary (trainWords); encoding itself goes through the library.
 */
export function basicTokenize(text: string, lowerCase = true): string[] {
  const out: string[] = [];
  // special tokens survive whole, whatever the case setting (HF's never_split)
  let last = 0;
  for (const m of text.matchAll(SPECIAL_RE)) {
    for (const w of basicTokenizePlain(text.slice(last, m.index), lowerCase)) out.push(w);
    out.push(m[0]);
    last = m.index! + m[0].length;
  }
  for (const w of basicTokenizePlain(text.slice(last), lowerCase)) out.push(w);
  return out;
}

function basicTokenizePlain(text: string, lowerCase: boolean): string[] {
  // drop control characters and U+FFFD, map whitespace to space (BERT _clean_text)
  let t = text.replace(/[\u0000\uFFFD]|[\p{Cc}\p{Cf}](?<![\t\n\r])/gu, '');
  // CJK ideographs become words of their own (BERT _tokenize_chinese_chars)
  t = t.replace(/([\u4E00-\u9FFF\u3400-\u4DBF\uF900-\uFAFF])/gu, ' $1 ');
  if (lowerCase) t = t.toLowerCase().normalize('NFD').replace(/\p{Mn}/gu, '');
  const out: string[] = [];
  for (const word of t.split(/\s+/)) {
    if (!word) continue;
    let cur = '';
    for (const ch of word) {
      if (isPunct(ch)) {
        if (cur) out.push(cur);
        out.push(ch);
        cur = '';
      } else cur += ch;
    }
    if (cur) out.push(cur);
  }
  return out;
}

export class WordPieceTokenizer implements Tokenizer {
  readonly kind = 'wordpiece' as const;
  readonly unkId: number;
  readonly padId: number;
  readonly clsId: number;
  readonly sepId: number;
  readonly maskId: number;
  private readonly ids = new Map<string, number>();
  private readonly impl: HfTokenizerImpl;

  /** `vocab[i]` is the token with id i (vocab.txt order). Throws UserError naming any missing special token. */
  constructor(readonly vocab: string[], readonly lowerCase = true) {
    vocab.forEach((w, i) => {
      if (!this.ids.has(w)) this.ids.set(w, i);
    });
    const missing = WORDPIECE_SPECIALS.filter((s) => !this.ids.has(s));
    if (missing.length) {
      throw new UserError(
        `the WordPiece vocabulary has no ${missing.join(', ')}: a BERT vocab.txt lists [PAD], [UNK], [CLS], [SEP] and [MASK], one token per line`,
      );
    }
    this.padId = this.ids.get(PAD)!;
    this.unkId = this.ids.get(UNK_WP)!;
    this.clsId = this.ids.get(CLS)!;
    this.sepId = this.ids.get(SEP)!;
    this.maskId = this.ids.get(MASK)!;
    this.impl = new HfTokenizerImpl(bertTokenizerJson(vocab, lowerCase) as never, {});
  }

  /**
   * Special tokens first (ids 0–4), then the `maxVocab − 5` most frequent words of the basic-tokenized text; `extra`
   * words that occur in the text but missed the cut are added after them (so chosen example words are never [UNK]).
   */
  static trainWords(text: string, maxVocab = 8000, minCount = 1, extra: readonly string[] = []): WordPieceTokenizer {
    const counts = new Map<string, number>();
    for (const w of basicTokenize(text)) if (!w.startsWith('[')) counts.set(w, (counts.get(w) ?? 0) + 1);
    if (counts.size === 0) throw new UserError('cannot build a word vocabulary from empty text');
    const words = [...counts.entries()]
      .filter(([, n]) => n >= minCount)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, Math.max(1, maxVocab - WORDPIECE_SPECIALS.length))
      .map(([w]) => w);
    const have = new Set(words);
    for (const w of extra) if (counts.has(w) && !have.has(w)) (have.add(w), words.push(w));
    return new WordPieceTokenizer([...WORDPIECE_SPECIALS, ...words]);
  }

  get vocabSize(): number {
    return this.vocab.length;
  }

  /** Token id, or undefined when the vocabulary lacks it. */
  idOf(token: string): number | undefined {
    return this.ids.get(token);
  }

  /** Ids of the text without [CLS]/[SEP] (encodeForModel adds them). */
  encode(text: string): number[] {
    return this.impl.encode(text, { add_special_tokens: false }).ids;
  }

  /** Words joined by spaces, "##" pieces glued to the word before; [PAD] dropped. */
  decode(ids: number[]): string {
    let out = '';
    for (const i of ids) {
      if (i === this.padId) continue;
      const t = i >= 0 && i < this.vocab.length ? this.vocab[i] : UNK_WP;
      if (t.startsWith('##')) out += t.slice(2);
      else out += (out ? ' ' : '') + t;
    }
    return out;
  }

  tokenString(id: number): string {
    return id >= 0 && id < this.vocab.length ? this.vocab[id] : UNK_WP;
  }

  toJSON(): TokenizerJSON {
    return { kind: 'wordpiece', vocab: this.vocab, lowerCase: this.lowerCase };
  }
}
