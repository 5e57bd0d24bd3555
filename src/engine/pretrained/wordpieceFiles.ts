// The WordPiece vocabulary of a BERT-family folder: tokenizer.json (model.type "WordPiece", its vocab and the
// normalizer's lowercase flag) or vocab.txt (one token per line, id = line number) with tokenizer_config.json's
// do_lower_case. The engine's own WordPiece tokenizer then does BERT's basic tokenization and greedy pieces.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../errors';
import { WordPieceTokenizer } from '../lm/tokenizers/wordpiece';

const MAX_BYTES = 64 << 20;

function readJson(file: string): Record<string, unknown> | undefined {
  if (!fs.existsSync(file)) return undefined;
  if (fs.statSync(file).size > MAX_BYTES) throw new UserError(`${path.basename(file)} is larger than ${MAX_BYTES >> 20} MB`);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new UserError(`${path.basename(file)} is not valid JSON (${(e as Error).message.slice(0, 100)})`);
  }
}

/** Lower-casing from tokenizer_config.json (do_lower_case), else true (bert-base-uncased, distilbert-base-uncased). */
function lowerCaseOf(dir: string): boolean {
  const cfg = readJson(path.join(dir, 'tokenizer_config.json'));
  return cfg?.do_lower_case === false ? false : true;
}

export function readWordPiece(dir: string, vocabSize: number): { tokenizer: WordPieceTokenizer; source: string } {
  const tj = readJson(path.join(dir, 'tokenizer.json'));
  const model = tj?.model as { type?: string; vocab?: Record<string, number> } | undefined;
  let vocab: string[] | undefined;
  let lower = lowerCaseOf(dir);
  let source = '';
  if (model?.type === 'WordPiece' && model.vocab && typeof model.vocab === 'object') {
    vocab = [];
    for (const [tok, id] of Object.entries(model.vocab)) {
      if (!Number.isInteger(id) || id < 0 || id >= 10_000_000) throw new UserError(`tokenizer.json: token ${JSON.stringify(tok)} has id ${id}`);
      vocab[id] = tok;
    }
    const holes = vocab.findIndex((t) => t === undefined);
    if (holes >= 0) throw new UserError(`tokenizer.json: the WordPiece vocabulary has no token with id ${holes}`);
    const norm = tj?.normalizer as { lowercase?: boolean } | undefined;
    if (typeof norm?.lowercase === 'boolean') lower = norm.lowercase;
    source = 'tokenizer.json';
  } else if (fs.existsSync(path.join(dir, 'vocab.txt'))) {
    const file = path.join(dir, 'vocab.txt');
    if (fs.statSync(file).size > MAX_BYTES) throw new UserError(`vocab.txt is larger than ${MAX_BYTES >> 20} MB`);
    vocab = fs.readFileSync(file, 'utf8').split(/\r?\n/);
    if (vocab[vocab.length - 1] === '') vocab.pop();
    source = 'vocab.txt';
  } else {
    throw new UserError(`${dir} has no vocab.txt or WordPiece tokenizer.json: a BERT folder needs its vocabulary (get vocab.txt with the model)`);
  }
  if (vocab.length !== vocabSize) throw new UserError(`${source} has ${vocab.length} tokens but config.json says vocab_size ${vocabSize}`);
  try {
    return { tokenizer: new WordPieceTokenizer(vocab, lower), source };
  } catch (e) {
    if (e instanceof UserError) throw new UserError(`${source}: ${e.message}`);
    throw e;
  }
}
