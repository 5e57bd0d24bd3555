// Character tokenizer: one id per distinct character of the training text (by code point), id 0 = <unk>.
import { UserError } from '../../errors';
import { UNK, type Tokenizer, type TokenizerJSON } from './types';

export class CharTokenizer implements Tokenizer {
  readonly kind = 'char' as const;
  readonly unkId = 0;
  private readonly ids = new Map<string, number>();
  /** chars[0] is the unknown marker. */
  constructor(readonly chars: string[]) {
    chars.forEach((c, i) => this.ids.set(c, i));
  }
  /** Vocabulary = sorted distinct characters of the corpus. */
  static train(text: string): CharTokenizer {
    if (!text) throw new UserError('cannot build a character vocabulary from empty text');
    const set = [...new Set(Array.from(text))].sort();
    return new CharTokenizer([UNK, ...set]);
  }
  get vocabSize(): number {
    return this.chars.length;
  }
  encode(text: string): number[] {
    return Array.from(text, (c) => this.ids.get(c) ?? this.unkId);
  }
  decode(ids: number[]): string {
    return ids.map((i) => (i > 0 && i < this.chars.length ? this.chars[i] : '\uFFFD')).join('');
  }
  tokenString(id: number): string {
    if (id <= 0 || id >= this.chars.length) return UNK;
    const c = this.chars[id];
    return c === ' ' ? '␣' : c === '\n' ? '↵' : c === '\t' ? '⇥' : c;
  }
  toJSON(): TokenizerJSON {
    return { kind: 'char', chars: this.chars };
  }
}
