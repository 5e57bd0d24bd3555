// Word tokenizer: words, single punctuation marks and whitespace runs are tokens; the most frequent
// `maxVocab` of them form the vocabulary, id 0 = <unk>. Decoding known tokens is lossless.
import { UserError } from '../../errors';
import { UNK, type Tokenizer, type TokenizerJSON } from './types';

const PIECES = /[\p{L}\p{N}'’]+|\s+|[^\s\p{L}\p{N}]/gu;

export class WordTokenizer implements Tokenizer {
  readonly kind = 'word' as const;
  readonly unkId = 0;
  private readonly ids = new Map<string, number>();
  constructor(readonly words: string[]) {
    words.forEach((w, i) => this.ids.set(w, i));
  }
  static split(text: string): string[] {
    return text.match(PIECES) ?? [];
  }
  static train(text: string, maxVocab = 8000): WordTokenizer {
    const counts = new Map<string, number>();
    for (const w of WordTokenizer.split(text)) counts.set(w, (counts.get(w) ?? 0) + 1);
    if (counts.size === 0) throw new UserError('cannot build a word vocabulary from empty text');
    const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, maxVocab - 1);
    return new WordTokenizer([UNK, ...sorted.map(([w]) => w)]);
  }
  get vocabSize(): number {
    return this.words.length;
  }
  encode(text: string): number[] {
    return WordTokenizer.split(text).map((w) => this.ids.get(w) ?? this.unkId);
  }
  decode(ids: number[]): string {
    return ids.map((i) => (i > 0 && i < this.words.length ? this.words[i] : '\uFFFD')).join('');
  }
  tokenString(id: number): string {
    if (id <= 0 || id >= this.words.length) return UNK;
    return this.words[id].replace(/ /g, '␣').replace(/\n/g, '↵').replace(/\t/g, '⇥');
  }
  toJSON(): TokenizerJSON {
    return { kind: 'word', words: this.words };
  }
}
