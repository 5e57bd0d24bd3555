// Messages of the Attention side panel (a webview view that follows the editor selection).
import { int, lit, obj, oneOf, optional, type Check } from '../validate';
import type { Truncation } from './nextToken';

/** Attention of one text through one model. */
export interface AttentionData {
  model: string;
  tokens: string[];
  /** Probabilities [layer][head][query][key]; rows sum to 1, keys after the query are 0 (causal). */
  attention: number[][][][];
  /** false for a bidirectional model: no causal mask (absent = causal). */
  causal?: boolean;
  truncated?: Truncation;
  ms: number;
  /** The selected text the tokens came from (to name the characters that became <unk>). */
  text?: string;
  /** [head] the key/value head each query head reads (grouped-query attention); absent when every head has its own. */
  kvHeadOf?: number[];
  /** [layer] keys a sliding-window layer sees (the query's own included), or null for a global layer. */
  windows?: (number | null)[];
}

export type AttentionToWebview =
  | ({ type: 'attention'; layer: number; head: number } & AttentionData)
  /** The editor cursor is on this token (index into `tokens`), or -1. */
  | { type: 'cursorToken'; index: number }
  | { type: 'busy'; message: string }
  /** Nothing to show yet (no editor, empty text): what to do instead. */
  | { type: 'empty'; message: string }
  | { type: 'error'; message: string };

/** `selectToken`: select tokens index..last (last defaults to index) in the editor. */
export type AttentionToHost = { type: 'ready' } | { type: 'selectToken'; index: number; last?: number };

const index: Check<number> = (v): v is number => int(v) && (v as number) >= 0 && (v as number) < 100_000;

export const isAttentionToHost: Check<AttentionToHost> = oneOf(
  obj({ type: lit('ready') }),
  obj({ type: lit('selectToken'), index, last: optional(index) }),
);
