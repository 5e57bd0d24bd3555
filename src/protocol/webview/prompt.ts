// Messages of the Prompt panel: system + user messages rendered through a model folder's chat template,
// the rendered prompt token by token (special tokens marked), then a streamed, cancellable generation.
import { int, lit, obj, oneOf, optional, range, shortStr, type Check } from '../validate';

/** One token of a rendered prompt or a generation: its vocabulary entry and whether it is a special token. */
export interface PromptToken {
  id: number;
  text: string;
  special: boolean;
}

/** Sampling controls; temperature 0 is greedy decoding (Hugging Face's do_sample=False). */
export interface PromptSampling {
  temperature: number;
  /** 0: no top-k filter. */
  topK: number;
  maxTokens: number;
  seed?: number;
}

/** The quick actions: the instruction put before the selected text in the user message (the lecture's homework). */
export const PROMPT_ACTIONS = {
  summarise: 'Summarise this text in one or two sentences:',
  sentiment: 'What is the sentiment of this text: positive, negative or neutral? Answer in one word.',
} as const;
export type PromptAction = keyof typeof PROMPT_ACTIONS;

/** The user message of a quick action on `text`: the instruction, a blank line, the text. */
export function actionMessage(action: PromptAction, text: string): string {
  return `${PROMPT_ACTIONS[action]}\n\n${text}`;
}

export type PromptToWebview =
  /** The model the panel talks to; `template` false: the folder has no chat template (plain prompt only). */
  | { type: 'model'; model: string; label: string; template: boolean; templateSource?: string; note?: string }
  /** Settings' defaults for the sampling controls (the webview keeps its own once changed). */
  | { type: 'settings'; sampling: PromptSampling }
  /** Fill the message boxes (the editor selection sent as the user message); the host renders it (`run`: and generates). */
  | { type: 'draft'; system?: string; user: string; run: boolean }
  | { type: 'rendered'; rendered: string; tokens: PromptToken[]; templateSource: string; plain: boolean; ms: number }
  /** The generation so far (`done` false while streaming). */
  | { type: 'generation'; text: string; tokens: PromptToken[]; done: boolean; stoppedBy?: 'maxTokens' | 'stop' | 'cancelled'; truncated?: boolean; ms: number }
  | { type: 'busy'; message: string }
  /** `template`: the chat template failed (its own message, with line). */
  | { type: 'error'; message: string; template?: boolean };

export interface PromptMessages {
  system: string;
  user: string;
}

/** Chat messages of the two boxes: the system message only when it has text (several templates reject a system role). */
export function promptMessages(m: PromptMessages): { role: string; content: string }[] {
  return [...(m.system.trim() ? [{ role: 'system', content: m.system }] : []), { role: 'user', content: m.user }];
}

export type PromptToHost =
  | { type: 'ready' }
  | ({ type: 'render' } & PromptMessages)
  | ({ type: 'generate'; sampling: PromptSampling } & PromptMessages)
  | { type: 'cancel' };

const TEXT = 200_000;
const intIn = (lo: number, hi: number): Check<number> => (v): v is number => int(v) && (v as number) >= lo && (v as number) <= hi;
const sampling = obj({ temperature: range(0, 10), topK: intIn(0, 1_000_000), maxTokens: intIn(1, 2000), seed: optional(int) });

export const isPromptToHost: Check<PromptToHost> = oneOf(
  obj({ type: lit('ready') }),
  obj({ type: lit('render'), system: shortStr(TEXT), user: shortStr(TEXT) }),
  obj({ type: lit('generate'), system: shortStr(TEXT), user: shortStr(TEXT), sampling }),
  obj({ type: lit('cancel') }),
);
