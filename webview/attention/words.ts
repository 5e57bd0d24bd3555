// Pure: word-level grouping of attention. Character (or subword) tokens are grouped into words, a
// word being a run of tokens up to the next whitespace; leading whitespace joins the word after it
// (" bank"). The grouped matrix keeps what a row means, so its rows still sum to 1:
//   A'[Q][K] = (1/|Q|) · Σ_{q∈Q} Σ_{k∈K} A[q][k]
// i.e. the attention a word's characters pay to another word's characters, summed over the key
// characters (how much of each query's attention lands on that word) and averaged over the query
// characters (the word's typical query).
import type { Matrix } from './geometry';

export interface Groups {
  /** What each group shows as its label (its tokens joined). */
  labels: string[];
  /** Token indices of each group, ascending and contiguous: [group][i]. */
  members: number[][];
}

const SPACE = /^[␣↵⇥\s]+$/;
const STARTS_WITH_SPACE = /^[␣↵⇥\s]/;

/** One group per token (the ungrouped view). */
export function tokenGroups(tokens: string[]): Groups {
  return { labels: [...tokens], members: tokens.map((_, i) => [i]) };
}

/** Tokens → words: a new word starts at a token that begins with whitespace once the current word has a non-space token. */
export function wordGroups(tokens: string[]): Groups {
  const members: number[][] = [];
  let hasWord = false;
  tokens.forEach((t, i) => {
    const space = SPACE.test(t);
    if (!members.length || (hasWord && STARTS_WITH_SPACE.test(t))) {
      members.push([i]);
      hasWord = !space;
    } else {
      members[members.length - 1].push(i);
      hasWord ||= !space;
    }
  });
  return { labels: members.map((g) => g.map((i) => tokens[i]).join('')), members };
}

/** A [q][k] attention matrix grouped: rows averaged over a group's queries, columns summed over its keys. */
export function groupAttention(m: Matrix, g: Groups): Matrix {
  return g.members.map((qs) =>
    g.members.map((ks) => {
      let s = 0;
      for (const q of qs) for (const k of ks) s += m[q]?.[k] ?? 0;
      return s / qs.length;
    }),
  );
}

/** The group that holds token `i`, or -1. */
export function groupOf(g: Groups, i: number): number {
  return g.members.findIndex((ms) => ms.includes(i));
}
