// Build a tokenizer by kind from a corpus, or restore one from its JSON.
import { UserError } from '../../errors';
import { ByteBpeTokenizer, loadGpt2Tokenizer } from './bpe';
import { CharTokenizer } from './char';
import { WordTokenizer } from './word';
import { WordPieceTokenizer } from './wordpiece';
import type { Tokenizer, TokenizerJSON } from './types';

export type { Tokenizer, TokenizerJSON, TokenizerKind } from './types';
export { CharTokenizer, WordTokenizer, ByteBpeTokenizer, WordPieceTokenizer, loadGpt2Tokenizer };

export type TrainableKind = 'char' | 'word' | 'bpe';
export const TRAINABLE_KINDS: readonly TrainableKind[] = ['char', 'word', 'bpe'];

export function trainTokenizer(kind: TrainableKind, text: string, opts: { vocabSize?: number } = {}): Tokenizer {
  switch (kind) {
    case 'char':
      return CharTokenizer.train(text);
    case 'word':
      return WordTokenizer.train(text, opts.vocabSize ?? 8000);
    case 'bpe':
      return ByteBpeTokenizer.train(text, opts.vocabSize ?? 512);
  }
}

export function tokenizerFromJSON(j: unknown): Tokenizer {
  const o = j as Partial<TokenizerJSON> & Record<string, unknown>;
  const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
  switch (o?.kind) {
    case 'char':
      if (strings(o.chars)) return new CharTokenizer(o.chars);
      break;
    case 'word':
      if (strings(o.words)) return new WordTokenizer(o.words);
      break;
    case 'bpe':
      if (strings(o.merges)) return ByteBpeTokenizer.fromMerges(o.merges);
      break;
    case 'gpt2':
      return loadGpt2Tokenizer();
    case 'wordpiece':
      if (strings(o.vocab)) return new WordPieceTokenizer(o.vocab, o.lowerCase !== false);
      break;
    case 'hf':
      throw new UserError(`a Hugging Face tokenizer is read from its model folder (${String(o.source)}), not from a checkpoint`);
  }
  throw new UserError(`tokenizer file is not valid (kind ${JSON.stringify(o?.kind)})`);
}
