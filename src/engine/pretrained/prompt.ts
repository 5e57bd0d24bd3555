// Tokenize text and render chat prompts with a Hugging Face folder's own tokenizer and chat template (no weights read):
// what `model-lens tokenize`, `model-lens chat-template` and the prompt panel show, special tokens marked.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../errors';
import { checkMessages, findChatTemplate, renderChatTemplate, tokenField, type ChatMessage } from './chatTemplate';
import { isGpt2Config } from './hfConfig';
import { readHfTokenizer } from './hfTokenizer';
import { HfJsonTokenizer, readHfTokenizerJson, TOKENIZER_JSON } from './hfTokenizerJson';
import { readConfigJson } from './loadHf';

export interface TokenizedText {
  ids: number[];
  /** Vocabulary entries (`▁hello`, `<bos>`), one per id. */
  tokens: string[];
  /** Per id: a special token (`<bos>`, `<|im_start|>`)? */
  special: boolean[];
}

export interface RenderedPrompt extends TokenizedText {
  rendered: string;
  /** Where the template came from (tokenizer_config.json, chat_template.jinja). */
  templateSource: string;
  /** Ids that end the model's turn: generation_config.json eos_token_id (number or list) and the tokenizer's eos_token. */
  stopIds: number[];
}

/** End-of-turn ids: generation_config.json's eos_token_id (Gemma 3 it: [1, 106]) plus the eos_token's id. */
function stopIdsOf(dir: string, t: FolderTokenizer): number[] {
  const out = new Set<number>();
  const gen = path.join(dir, 'generation_config.json');
  if (fs.existsSync(gen) && fs.statSync(gen).size < 1 << 20) {
    try {
      const e = (JSON.parse(fs.readFileSync(gen, 'utf8')) as { eos_token_id?: unknown }).eos_token_id;
      for (const v of Array.isArray(e) ? e : [e]) if (Number.isInteger(v)) out.add(v as number);
    } catch {
      // an unreadable generation_config.json only loses the stop ids; the eos_token below still applies
    }
  }
  const eos = tokenField(t.config, 'eos_token');
  const id = eos !== undefined ? t.hf?.idOf(eos) : undefined;
  if (id !== undefined) out.add(id);
  return [...out];
}

interface FolderTokenizer {
  hf?: HfJsonTokenizer;
  /** GPT-2 folders keep vocab.json + merges.txt. */
  encode: (text: string, addSpecial: boolean) => TokenizedText;
  config: Record<string, unknown>;
}

async function folderTokenizer(dir: string): Promise<FolderTokenizer> {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UserError(`${dir} is not a folder`);
  if (fs.existsSync(path.join(dir, TOKENIZER_JSON))) {
    const r = await readHfTokenizerJson(dir, Infinity);
    const tok = r.tokenizer!;
    return {
      hf: tok,
      config: r.tokenizerConfig,
      encode: (text, addSpecial) => {
        const e = tok.encodeWithTokens(text, addSpecial);
        return { ...e, special: e.ids.map((i) => tok.isSpecial(i)) };
      },
    };
  }
  if (fs.existsSync(path.join(dir, 'config.json')) && isGpt2Config(await readConfigJson(dir))) {
    const { tokenizer } = await readHfTokenizer(dir, Infinity);
    return {
      config: {},
      encode: (text) => {
        const ids = tokenizer.encode(text);
        return { ids, tokens: ids.map((i) => tokenizer.tokenString(i)), special: ids.map(() => false) };
      },
    };
  }
  if (fs.existsSync(path.join(dir, 'manifest.json'))) throw new UserError(`${dir} is a Model Lens checkpoint: it has its own tokenizer but no chat template (prompts need a Hugging Face chat model folder)`);
  throw new UserError(`${dir} has no ${TOKENIZER_JSON}, so text cannot be tokenized (a model without one still runs on --ids 1,2,3)`);
}

/** Token ids and vocabulary entries of `text`; `addSpecial` adds the tokenizer's own (e.g. <bos>). */
export async function tokenizeWithFolder(dir: string, text: string, addSpecial = true): Promise<TokenizedText> {
  return (await folderTokenizer(dir)).encode(text, addSpecial);
}

/** Renders messages through the folder's chat template and tokenizes the result as apply_chat_template does (no extra specials). */
export async function renderPrompt(dir: string, messagesIn: unknown, o: { addGenerationPrompt?: boolean; templateName?: string } = {}): Promise<RenderedPrompt> {
  const messages: ChatMessage[] = checkMessages(messagesIn);
  const t = await folderTokenizer(dir);
  const src = findChatTemplate(dir, t.config, o.templateName);
  const rendered = renderChatTemplate(src, messages, {
    addGenerationPrompt: o.addGenerationPrompt,
    bosToken: tokenField(t.config, 'bos_token'),
    eosToken: tokenField(t.config, 'eos_token'),
  });
  return { rendered, templateSource: src.source, stopIds: stopIdsOf(dir, t), ...t.encode(rendered, false) };
}
