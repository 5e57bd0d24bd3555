// Messages of the Analogy panel: a − b + c ≈ ? answered by the engine with 3CosAdd and 3CosMul.
import { lit, obj, oneOf, shortStr, type Check } from '../validate';
import type { ScoredWord } from './projector';

export interface AnalogyExample {
  a: string;
  b: string;
  c: string;
  /** The answer the lecture expects (shown on the button's tooltip). */
  expected: string;
}

export type AnalogyToWebview =
  | { type: 'examples'; examples: AnalogyExample[]; modelLabel: string }
  | {
      type: 'analogy';
      a: string;
      b: string;
      c: string;
      modelLabel: string;
      cosadd: ScoredWord[];
      cosmul: ScoredWord[];
      /** Raw vectors of a, b, c and the answers (both methods' top 5), for the 2-D drawing. */
      vectors: { word: string; vector: number[] }[];
    }
  | { type: 'busy'; message: string }
  /** An unknown word or another engine error, with its suggested spellings. */
  | { type: 'error'; message: string };

export type AnalogyToHost = { type: 'ready' } | { type: 'solve'; a: string; b: string; c: string };

const word = shortStr(100);
export const isAnalogyToHost: Check<AnalogyToHost> = oneOf(
  obj({ type: lit('ready') }),
  obj({ type: lit('solve'), a: word, b: word, c: word }),
);
