// Tokenizers from a Hugging Face folder's tokenizer.json (+ tokenizer_config.json) through @huggingface/tokenizers:
// byte-level BPE, SentencePiece-style BPE with byte fallback, added and special tokens, normalizers. Hostile files are
// refused by size caps and a timed probe encode. A folder without tokenizer.json still loads (ids only), with a warning.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Tokenizer as HfTokenizerImpl } from '@huggingface/tokenizers';
import { UserError } from '../errors';
import type { Tokenizer, TokenizerJSON } from '../lm/tokenizers';

export const TOKENIZER_JSON = 'tokenizer.json';
export const TOKENIZER_CONFIG = 'tokenizer_config.json';
/** Gemma 3's tokenizer.json is 33 MB; 64 MiB leaves room and stops a runaway file. */
const MAX_TOKENIZER_BYTES = 64 << 20;
const MAX_VOCAB = 1 << 20;
const MAX_MERGES = 1 << 21;
const MAX_ADDED = 1 << 17;
/** A probe encode slower than this means a pathological file (the library is synchronous: it cannot be interrupted later). */
const PROBE_MS = 3000;
const PROBE_TEXT = 'Hello, world! The quick brown fox jumps over the lazy dog. 1234567890 — naïve café 日本語 🙂\n\tend';

export interface HfTokenizerJsonResult {
  tokenizer?: HfJsonTokenizer;
  source: string;
  warnings: string[];
  /** tokenizer_config.json as parsed (chat_template, bos/eos tokens), or {} when absent. */
  tokenizerConfig: Record<string, unknown>;
}

async function readJsonCapped(file: string, cap: number): Promise<unknown> {
  const { size } = await fs.promises.stat(file);
  if (size > cap) throw new UserError(`${path.basename(file)} is ${size.toLocaleString('en-US')} bytes, larger than a tokenizer file can be (${cap.toLocaleString('en-US')})`);
  try {
    return JSON.parse(await fs.promises.readFile(file, 'utf8'));
  } catch (e) {
    throw new UserError(`${path.basename(file)} is not valid JSON (${(e as Error).message.slice(0, 100)})`);
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Structural checks before the library sees the file: sizes within caps, ids whole numbers in range. */
export function checkTokenizerJson(j: unknown): Record<string, unknown> {
  const bad = (m: string): never => {
    throw new UserError(`${TOKENIZER_JSON}: ${m}`);
  };
  if (!isObj(j)) bad('not a JSON object');
  const t = j as Record<string, unknown>;
  if (!isObj(t.model)) bad('has no "model" object');
  const model = t.model as Record<string, unknown>;
  const vocab = model.vocab;
  const vocabSize = Array.isArray(vocab) ? vocab.length : isObj(vocab) ? Object.keys(vocab).length : bad('model.vocab is missing');
  if (vocabSize > MAX_VOCAB) bad(`model.vocab has ${vocabSize.toLocaleString('en-US')} entries, more than the ${MAX_VOCAB.toLocaleString('en-US')} Model Lens accepts`);
  if (isObj(vocab)) {
    for (const [tok, id] of Object.entries(vocab)) {
      if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id >= MAX_VOCAB) bad(`token ${JSON.stringify(tok).slice(0, 40)} has id ${JSON.stringify(id)}; ids must be whole numbers below ${MAX_VOCAB}`);
    }
  }
  if (model.merges !== undefined) {
    if (!Array.isArray(model.merges)) bad('model.merges must be a list');
    const merges = model.merges as unknown[];
    if (merges.length > MAX_MERGES) bad(`model.merges has ${merges.length.toLocaleString('en-US')} entries, more than ${MAX_MERGES.toLocaleString('en-US')}`);
    for (const m of merges) {
      const ok = typeof m === 'string' ? m.includes(' ') : Array.isArray(m) && m.length === 2 && m.every((x) => typeof x === 'string');
      if (!ok) bad(`a merge must be "a b" or ["a", "b"], got ${JSON.stringify(m).slice(0, 60)}`);
    }
  }
  const added = t.added_tokens ?? [];
  if (!Array.isArray(added)) bad('added_tokens must be a list');
  if ((added as unknown[]).length > MAX_ADDED) bad(`added_tokens has ${(added as unknown[]).length} entries, more than ${MAX_ADDED}`);
  for (const a of added as unknown[]) {
    if (!isObj(a) || typeof a.content !== 'string' || typeof a.id !== 'number' || !Number.isInteger(a.id) || a.id < 0 || a.id >= MAX_VOCAB) {
      bad(`an added token needs a string content and a whole-number id, got ${JSON.stringify(a).slice(0, 80)}`);
    }
  }
  return { ...t, added_tokens: added };
}

/** The engine's Tokenizer over a Hugging Face tokenizer.json. encode adds the file's own special tokens (e.g. <bos>) unless told not to. */
export class HfJsonTokenizer implements Tokenizer {
  readonly kind = 'hf' as const;
  readonly vocabSize: number;
  readonly unkId?: number;
  private readonly special: Set<number>;

  constructor(
    private readonly impl: HfTokenizerImpl,
    readonly source: string,
    /** Whether encode() adds special tokens (the post-processor's <bos> etc.). */
    private readonly addSpecial = true,
  ) {
    const vocab = impl.get_vocab(true);
    let max = -1;
    for (const id of vocab.values()) max = Math.max(max, id);
    this.vocabSize = max + 1;
    this.special = new Set([...impl.get_added_tokens_decoder()].filter(([, t]) => t.special).map(([id]) => id));
  }

  /** The same tokenizer with add-special-tokens switched (the CLI's --no-special). */
  withSpecialTokens(add: boolean): HfJsonTokenizer {
    return new HfJsonTokenizer(this.impl, this.source, add);
  }

  encode(text: string): number[] {
    return this.impl.encode(text, { add_special_tokens: this.addSpecial }).ids;
  }

  /** ids and the token strings as stored in the vocabulary (`Ġthe`, `▁the`, `<bos>`). */
  encodeWithTokens(text: string, addSpecial = this.addSpecial): { ids: number[]; tokens: string[] } {
    const e = this.impl.encode(text, { add_special_tokens: addSpecial });
    return { ids: e.ids, tokens: e.tokens };
  }

  /**
   * Text of ids without special tokens: views map token positions to the person's text by decoding prefixes, and an
   * added <bos> is not in that text (HF pipelines decode with skip_special_tokens the same way). tokenString shows them.
   */
  decode(ids: number[]): string {
    return this.impl.decode(ids, { skip_special_tokens: true, clean_up_tokenization_spaces: false });
  }

  tokenString(id: number): string {
    const raw = this.impl.id_to_token(id);
    if (raw === undefined) return '<unk>';
    if (this.special.has(id)) return raw;
    const text = this.impl.decode([id], { skip_special_tokens: false, clean_up_tokenization_spaces: false });
    // a lone byte of a multi-byte character decodes to U+FFFD: show the vocabulary entry instead
    const shown = text.includes('\uFFFD') || text === '' ? raw : text;
    return shown.replace(/ /g, '␣').replace(/\n/g, '↵').replace(/\t/g, '⇥');
  }

  /** The vocabulary entry of an id (`Ġthe`), or undefined. */
  rawToken(id: number): string | undefined {
    return this.impl.id_to_token(id);
  }

  idOf(token: string): number | undefined {
    return this.impl.token_to_id(token);
  }

  isSpecial(id: number): boolean {
    return this.special.has(id);
  }

  toJSON(): TokenizerJSON {
    return { kind: 'hf', source: this.source };
  }
}

/** Builds the tokenizer from parsed JSON; UserError with the library's own message when it refuses the file. */
export function hfTokenizerFromJson(json: unknown, config: Record<string, unknown> = {}, source = TOKENIZER_JSON): HfJsonTokenizer {
  const checked = checkTokenizerJson(json);
  let impl: HfTokenizerImpl;
  try {
    impl = new HfTokenizerImpl(checked, config);
  } catch (e) {
    throw new UserError(`${TOKENIZER_JSON} could not be read: ${(e as Error).message.slice(0, 200)}`);
  }
  const tok = new HfJsonTokenizer(impl, source);
  const t0 = Date.now();
  try {
    tok.encode(PROBE_TEXT);
  } catch (e) {
    throw new UserError(`${TOKENIZER_JSON} fails on ordinary text: ${(e as Error).message.slice(0, 200)}`);
  }
  const ms = Date.now() - t0;
  if (ms > PROBE_MS) throw new UserError(`${TOKENIZER_JSON} took ${ms} ms to encode one short sentence: the file is pathological, so it is not used`);
  return tok;
}

/** Reads tokenizer.json (+ tokenizer_config.json) of `dir`; without tokenizer.json → no tokenizer and a warning. */
export async function readHfTokenizerJson(dir: string, vocabSize: number): Promise<HfTokenizerJsonResult> {
  const warnings: string[] = [];
  const cfgFile = path.join(dir, TOKENIZER_CONFIG);
  let tokenizerConfig: Record<string, unknown> = {};
  if (fs.existsSync(cfgFile)) {
    const c = await readJsonCapped(cfgFile, MAX_TOKENIZER_BYTES);
    if (!isObj(c)) throw new UserError(`${TOKENIZER_CONFIG} is not a JSON object`);
    tokenizerConfig = c;
  }
  const file = path.join(dir, TOKENIZER_JSON);
  if (!fs.existsSync(file)) {
    warnings.push(`${dir} has no ${TOKENIZER_JSON}: the model runs on token ids only (--ids 1,2,3); text cannot be tokenized`);
    return { source: 'none', warnings, tokenizerConfig };
  }
  const tokenizer = hfTokenizerFromJson(await readJsonCapped(file, MAX_TOKENIZER_BYTES), tokenizerConfig);
  if (tokenizer.vocabSize > vocabSize) {
    warnings.push(`the tokenizer has ${tokenizer.vocabSize} tokens but the model only ${vocabSize}: text using ids ≥ ${vocabSize} cannot be run`);
  }
  return { tokenizer, source: TOKENIZER_JSON, warnings, tokenizerConfig };
}
