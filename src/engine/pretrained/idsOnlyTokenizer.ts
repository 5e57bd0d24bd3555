// The tokenizer of a model folder that has no tokenizer.json: ids pass through (`--ids 1,2,3` works, views show `#id`),
// and any attempt to tokenize text says what is missing instead of guessing a vocabulary.
import { UserError } from '../errors';
import type { Tokenizer, TokenizerJSON } from '../lm/tokenizers';

export class IdsOnlyTokenizer implements Tokenizer {
  readonly kind = 'hf' as const;
  constructor(
    readonly vocabSize: number,
    private readonly dir: string,
  ) {}

  encode(): number[] {
    throw new UserError(`${this.dir} has no tokenizer.json, so text cannot be tokenized: pass token ids instead (--ids 1,2,3)`);
  }

  decode(ids: number[]): string {
    return ids.map((i) => `#${i}`).join(' ');
  }

  tokenString(id: number): string {
    return `#${id}`;
  }

  toJSON(): TokenizerJSON {
    return { kind: 'hf', source: 'none' };
  }
}
