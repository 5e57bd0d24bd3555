// Pure: the rendered prompt as a strip of token chips (special tokens marked), for the Prompt panel and its tests.
import { showToken } from '../common/tokens';

export interface Chip {
  text: string;
  title: string;
  special: boolean;
}

/** One chip per token: the vocabulary entry with whitespace made visible; the title gives id and position. */
export function tokenChips(tokens: string[], ids: number[], special: boolean[]): Chip[] {
  return tokens.map((t, i) => ({
    text: showToken(t.replace(/^▁/, ' ').replace(/^Ġ/, ' ').replace(/Ċ/g, '\n')),
    title: `#${i} · id ${ids[i]}${special[i] ? ' · special token' : ''} · ${JSON.stringify(t)}`,
    special: !!special[i],
  }));
}

/** "12 tokens, 3 special" */
export function tokenSummary(special: boolean[]): string {
  const n = special.filter(Boolean).length;
  return `${special.length} token${special.length === 1 ? '' : 's'}, ${n} special`;
}
