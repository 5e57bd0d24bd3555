// Pure: a rendered prompt's or a generation's tokens → what the Prompt panel writes (visible whitespace, special
// tokens marked, a one-line summary). No DOM here, so it is unit-tested in plain Node.
import type { PromptToken } from '../../src/protocol/webview/prompt';

export interface TokenCell {
  /** What the chip shows: whitespace made visible (␣ ↵ ⇥), special tokens as they are (`<start_of_turn>`). */
  label: string;
  /** Hover text: id and the vocabulary entry. */
  title: string;
  special: boolean;
}

/** SentencePiece's ▁ and byte-level BPE's Ġ / Ċ mean a space and a newline: show them as ␣ and ↵. */
export function visibleToken(t: string): string {
  if (t === '') return '∅';
  return t.replace(/[ ▁Ġ]/g, '␣').replace(/[\nĊ]/g, '↵').replace(/\t/g, '⇥').replace(/\r/g, '');
}

export function tokenCells(tokens: PromptToken[]): TokenCell[] {
  return tokens.map((t) => ({
    label: t.special ? t.text : visibleToken(t.text),
    title: `id ${t.id}${t.special ? ' · special token' : ''}: ${JSON.stringify(t.text)}`,
    special: t.special,
  }));
}

/** "23 tokens · 6 special (<bos>, <start_of_turn>, <end_of_turn>)". */
export function tokenSummary(tokens: PromptToken[]): string {
  const special = tokens.filter((t) => t.special);
  const names = [...new Set(special.map((t) => t.text))];
  const list = names.length ? ` (${names.slice(0, 6).join(', ')}${names.length > 6 ? ', …' : ''})` : '';
  return `${tokens.length} token${tokens.length === 1 ? '' : 's'} · ${special.length} special${list}`;
}

/** Why a generation ended, in words. */
export function stopReason(stoppedBy: 'maxTokens' | 'stop' | 'cancelled' | undefined, maxTokens: number): string {
  if (stoppedBy === 'stop') return 'stopped at the end-of-turn token';
  if (stoppedBy === 'cancelled') return 'cancelled';
  if (stoppedBy === 'maxTokens') return `reached the limit of ${maxTokens} tokens`;
  return 'generating…';
}
