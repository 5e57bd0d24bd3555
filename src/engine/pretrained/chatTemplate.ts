// Chat templates from a Hugging Face folder (tokenizer_config.json `chat_template`, a string or a list of named
// templates, or chat_template.jinja) rendered by @huggingface/jinja — an interpreter, so a template never runs as
// JavaScript. A failing template reports its own error with the line it points at.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, Template, tokenize } from '@huggingface/jinja';
import { UserError } from '../errors';

export const CHAT_TEMPLATE_FILE = 'chat_template.jinja';
const MAX_TEMPLATE_CHARS = 1 << 20;
const MAX_MESSAGES = 10_000;

export interface ChatMessage {
  role: string;
  content: string;
}

/** A template source and where it came from. */
export interface ChatTemplateSource {
  template: string;
  /** e.g. "tokenizer_config.json" or "tokenizer_config.json (tool_use)". */
  source: string;
}

/** The token string of a tokenizer_config.json field that may be a string or an AddedToken object `{ content }`. */
export function tokenField(cfg: Record<string, unknown>, key: string): string | undefined {
  const v = cfg[key];
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && typeof (v as { content?: unknown }).content === 'string') return (v as { content: string }).content;
  return undefined;
}

/** Picks the template: chat_template.jinja, else tokenizer_config's string, else its "default" (or only) named one. */
export function findChatTemplate(dir: string, cfg: Record<string, unknown>, name?: string): ChatTemplateSource {
  const file = path.join(dir, CHAT_TEMPLATE_FILE);
  if (!name && fs.existsSync(file)) {
    const text = fs.readFileSync(file, 'utf8');
    if (text.length > MAX_TEMPLATE_CHARS) throw new UserError(`${CHAT_TEMPLATE_FILE} is larger than ${MAX_TEMPLATE_CHARS} characters`);
    return { template: text, source: CHAT_TEMPLATE_FILE };
  }
  const ct = cfg.chat_template;
  if (typeof ct === 'string' && !name) return { template: ct, source: 'tokenizer_config.json' };
  if (Array.isArray(ct)) {
    const named = ct.filter((t): t is { name: string; template: string } => !!t && typeof t.name === 'string' && typeof t.template === 'string');
    const want = name ?? 'default';
    const hit = named.find((t) => t.name === want) ?? (name ? undefined : named[0]);
    if (!hit) throw new UserError(`tokenizer_config.json has no chat template named ${JSON.stringify(want)} (it has: ${named.map((t) => t.name).join(', ') || 'none'})`);
    return { template: hit.template, source: `tokenizer_config.json (${hit.name})` };
  }
  if (name) throw new UserError(`tokenizer_config.json has no named chat templates (asked for ${JSON.stringify(name)})`);
  throw new UserError(`${dir} has no chat template (no chat_template in tokenizer_config.json and no ${CHAT_TEMPLATE_FILE}): this is probably a base model, not an instruction-tuned one`);
}

/** Validates a messages list read from a file or a request. */
export function checkMessages(v: unknown, label = 'messages'): ChatMessage[] {
  if (!Array.isArray(v)) throw new UserError(`${label} must be a JSON list of {"role": "...", "content": "..."}`);
  if (v.length > MAX_MESSAGES) throw new UserError(`${label} has ${v.length} messages, more than ${MAX_MESSAGES}`);
  return v.map((m, i) => {
    if (!m || typeof m !== 'object' || typeof (m as ChatMessage).role !== 'string' || typeof (m as ChatMessage).content !== 'string') {
      throw new UserError(`${label}[${i}] must be {"role": "...", "content": "..."} with string values, got ${JSON.stringify(m).slice(0, 80)}`);
    }
    return { role: (m as ChatMessage).role, content: (m as ChatMessage).content };
  });
}

/** The 1-based line a syntax error points at: the shortest prefix of lines that fails with the same message. */
function syntaxErrorLine(template: string, message: string): number | undefined {
  const lines = template.split('\n');
  for (let k = 1; k <= Math.min(lines.length, 2000); k++) {
    try {
      parse(tokenize(lines.slice(0, k).join('\n')));
    } catch (e) {
      if ((e as Error).message === message) return k;
    }
  }
  return undefined;
}

/** The first line that mentions a word of a runtime error's message (a filter, a variable, raise_exception's text). */
function runtimeErrorLine(template: string, message: string): number | undefined {
  const lines = template.split('\n');
  const full = lines.findIndex((l) => l.includes(message));
  if (full >= 0) return full + 1;
  const words = (message.split(':').pop() ?? '').match(/[A-Za-z_][A-Za-z0-9_]{2,}/g) ?? [];
  for (const w of words) {
    const i = lines.findIndex((l) => l.includes(w));
    if (i >= 0) return i + 1;
  }
  return undefined;
}

export interface RenderOptions {
  addGenerationPrompt?: boolean;
  bosToken?: string;
  eosToken?: string;
  /** Further variables some templates read (e.g. `tools`, `enable_thinking`). */
  extra?: Record<string, unknown>;
}

/** Renders messages through a template; UserError quoting the template's own error with its line. */
export function renderChatTemplate(src: ChatTemplateSource, messages: ChatMessage[], o: RenderOptions = {}): string {
  if (src.template.length > MAX_TEMPLATE_CHARS) throw new UserError(`the chat template is larger than ${MAX_TEMPLATE_CHARS} characters`);
  let t: Template;
  try {
    t = new Template(src.template);
  } catch (e) {
    const msg = (e as Error).message;
    const line = syntaxErrorLine(src.template, msg);
    throw new UserError(`the chat template (${src.source}) does not parse${line ? ` at line ${line}` : ''}: ${msg}`);
  }
  try {
    return t.render({
      ...o.extra,
      messages,
      add_generation_prompt: !!o.addGenerationPrompt,
      bos_token: o.bosToken ?? '',
      eos_token: o.eosToken ?? '',
    });
  } catch (e) {
    const msg = (e as Error).message;
    const line = runtimeErrorLine(src.template, msg);
    throw new UserError(`the chat template (${src.source}) failed${line ? ` at line ${line}` : ''}: ${msg}`);
  }
}
