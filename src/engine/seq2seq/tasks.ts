// Translation-like tasks whose input length can be varied, generated from a seed (nothing downloaded): the data for the
// encoder–decoder comparison. One shared vocabulary per task: <pad> 0, <s> 1, </s> 2, then the task's words.
import { UserError } from '../errors';
import { Rng } from '../lm/rng';

export const PAD = 0;
export const BOS = 1;
export const EOS = 2;
const SPECIALS = ['<pad>', '<s>', '</s>'];

export interface Seq2SeqTask {
  name: string;
  description: string;
  /** Every token, specials first. */
  vocab: string[];
  /** The words an input may use (a subset of vocab). */
  sourceWords: string[];
  /** Shortest and longest input the task generates (in tokens). */
  minLength: number;
  maxLength: number;
  /** How output tokens are written back as text ('' for digits, ' ' for words). */
  joiner: string;
  /** One example of exactly `length` input tokens: source and target token strings. */
  example(rng: Rng, length: number): { source: string[]; target: string[] };
}

const DIGIT_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const LETTERS = 'abcdefghij'.split('');

/** Number words ↔ digits, read one word per digit: "four two seven" → "427". A monotonic alignment. */
const digits: Seq2SeqTask = {
  name: 'digits',
  description: 'number words to digits: "four two seven" → 427',
  vocab: [...SPECIALS, ...DIGIT_WORDS, ...'0123456789'.split('')],
  sourceWords: DIGIT_WORDS,
  minLength: 1,
  maxLength: 12,
  joiner: '',
  example(rng, length) {
    const d = Array.from({ length }, () => rng.int(10));
    return { source: d.map((x) => DIGIT_WORDS[x]), target: d.map(String) };
  },
};

/** Word reversal: "c a j b" → "b j a c". The first output needs the last input: the hardest case for one context vector. */
const reverse: Seq2SeqTask = {
  name: 'reverse',
  description: 'reverse a sequence of letters: "c a j b" → "b j a c"',
  vocab: [...SPECIALS, ...LETTERS],
  sourceWords: LETTERS,
  minLength: 1,
  maxLength: 12,
  joiner: ' ',
  example(rng, length) {
    const s = Array.from({ length }, () => LETTERS[rng.int(LETTERS.length)]);
    return { source: s, target: [...s].reverse() };
  },
};

export const SEQ2SEQ_TASKS: Record<string, Seq2SeqTask> = { digits, reverse };

export function getTask(name: string): Seq2SeqTask {
  const t = SEQ2SEQ_TASKS[name];
  if (!t) throw new UserError(`unknown task "${name}"; choose one of ${Object.keys(SEQ2SEQ_TASKS).join(', ')}`);
  return t;
}

/** The task with another longest length (1…40), e.g. a shorter range for a quick test or a longer one to stress the bottleneck. */
export function withMaxLength(task: Seq2SeqTask, maxLength: number | undefined): Seq2SeqTask {
  if (maxLength === undefined) return task;
  if (!Number.isInteger(maxLength) || maxLength < task.minLength || maxLength > 40) throw new UserError(`the longest input must be an integer from ${task.minLength} to 40, got ${maxLength}`);
  return { ...task, maxLength };
}

/** Token ids of whitespace-separated words; throws a UserError naming the first word outside the vocabulary. */
export function encodeWords(task: Seq2SeqTask, text: string): number[] {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) throw new UserError('no input given: type a few words');
  return words.map((w) => {
    if (!task.sourceWords.includes(w)) throw new UserError(`"${w}" is not an input word of the ${task.name} task; it reads ${task.sourceWords.join(' ')}`);
    return task.vocab.indexOf(w);
  });
}

/** A batch of `B` examples of one input length: source [B·L], decoder input (<s> y) and target (y </s>) [B·(L'+1)]. */
export function makeBatch(task: Seq2SeqTask, rng: Rng, B: number, length: number) {
  const id = (w: string) => task.vocab.indexOf(w);
  const src: number[] = [];
  const tgtIn: number[] = [];
  const tgtOut: number[] = [];
  let outLen = 0;
  for (let b = 0; b < B; b++) {
    const e = task.example(rng, length);
    outLen = e.target.length;
    src.push(...e.source.map(id));
    tgtIn.push(BOS, ...e.target.map(id));
    tgtOut.push(...e.target.map(id), EOS);
  }
  return { src: Int32Array.from(src), tgtIn: Int32Array.from(tgtIn), tgtOut: Int32Array.from(tgtOut), srcLen: length, tgtLen: outLen + 1 };
}
