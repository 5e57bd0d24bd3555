// The interface every tokenizer shares, so models, training and views never care which one they hold.

export type TokenizerKind = 'char' | 'word' | 'bpe' | 'gpt2' | 'wordpiece';

export interface Tokenizer {
  readonly kind: TokenizerKind;
  readonly vocabSize: number;
  /** Id used for text the tokenizer has never seen (char/word); undefined when every input is representable (byte BPE). */
  readonly unkId?: number;
  encode(text: string): number[];
  decode(ids: number[]): string;
  /** How one token is shown in a view (e.g. `<unk>`, `␣the`). Decoding single byte-tokens may not be valid text. */
  tokenString(id: number): string;
  toJSON(): TokenizerJSON;
}

export type TokenizerJSON =
  | { kind: 'char'; chars: string[] }
  | { kind: 'word'; words: string[] }
  | { kind: 'bpe'; merges: string[] }
  | { kind: 'gpt2' }
  | { kind: 'wordpiece'; vocab: string[]; lowerCase: boolean };

export const UNK = '<unk>';
