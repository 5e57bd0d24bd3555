// Messages of the Prompt panel: system and user messages rendered through a Hugging Face model's chat template, the
// prompt shown token by token (special tokens marked), then a generated reply.
import { int, lit, obj, oneOf, range, shortStr, type Check } from '../validate';

export type PromptToWebview =
  | { type: 'init'; model: string; system: string; user: string; maxTokens: number; temperature: number }
  | {
      type: 'prompt';
      rendered: string;
      /** Vocabulary entries, one per id. */
      tokens: string[];
      ids: number[];
      special: boolean[];
      templateSource: string;
    }
  | { type: 'reply'; text: string; tokens: string[]; ms: number; done: boolean }
  | { type: 'busy'; message: string }
  | { type: 'error'; message: string };

/** What the person set in the panel. temperature 0 = greedy (the lecture's do_sample=False). */
export interface PromptRequest {
  system: string;
  user: string;
  maxTokens: number;
  temperature: number;
}

export type PromptToHost = { type: 'ready' } | ({ type: 'render' } & PromptRequest) | ({ type: 'generate' } & PromptRequest) | { type: 'stop' };

const request = { system: shortStr(200_000), user: shortStr(200_000), maxTokens: (v: unknown): v is number => int(v) && (v as number) >= 1 && (v as number) <= 2000, temperature: range(0, 5) };

export const isPromptToHost: Check<PromptToHost> = oneOf(
  obj({ type: lit('ready') }),
  obj({ type: lit('render'), ...request }),
  obj({ type: lit('generate'), ...request }),
  obj({ type: lit('stop') }),
);

/** Chat messages of a request: the system message only when it has text (several templates reject a system role). */
export function promptMessages(r: Pick<PromptRequest, 'system' | 'user'>): { role: string; content: string }[] {
  return [...(r.system.trim() ? [{ role: 'system', content: r.system }] : []), { role: 'user', content: r.user }];
}

