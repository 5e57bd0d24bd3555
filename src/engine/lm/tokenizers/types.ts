// The interface every tokenizer shares, so models, training and views never care which one they hold.

/** 'hf': a Hugging Face tokenizer.json (Llama, Qwen2, Gemma…), read from its model folder. */
export type TokenizerKind = 'char' | 'word' | 'bpe' | 'gpt2' | 'wordpiece' | 'hf';

export interface Tokenizer {
  readonly kind: TokenizerKind;
  readonly vocabSize: number;
  /** Id used for text the tokenizer has never seen (char/word); undefined when every input is representable (byte BPE). */
  readonly unkId?: number;
  encode(text: string): number[];
  decode(ids: number[]): string;
  /** How one token is shown in a view (e.g. `<unk>`, `␣the`). Decoding single byte-tokens may not be valid text. */
  tokenString(id: number): string;
  /** Whether an id is a special token (`<bos>`, `<|im_start|>`), for views that mark them; absent = none are. */
  isSpecial?(id: number): boolean;
  toJSON(): TokenizerJSON;
}

export type TokenizerJSON =
  | { kind: 'char'; chars: string[] }
  | { kind: 'word'; words: string[] }
  | { kind: 'bpe'; merges: string[] }
  | { kind: 'gpt2' }
  | { kind: 'wordpiece'; vocab: string[]; lowerCase: boolean }
  | { kind: 'hf'; source: string };

export const UNK = '<unk>';
