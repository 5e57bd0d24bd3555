// Pure: the re-shaped distribution → one row per shown candidate of the bar chart (label, bar
// length, value text, tooltip). No DOM here, so it is unit-tested in plain Node.
import { showToken, type Shaped } from './distribution';

export interface BarRow {
  id: number;
  /** The token as written on the axis (whitespace made visible). */
  label: string;
  /** Probability after temperature/top-k/top-p, 0 when cut. */
  p: number;
  /** Text at the end of the bar: "25.8%" or "cut". */
  text: string;
  /** Hover text: rank, p, p at T=1, logit. */
  title: string;
  kept: boolean;
}

/** Top `n` candidates by logit, most likely first. */
export function barRows(s: Shaped, n: number): BarRow[] {
  return s.tokens.slice(0, n).map((t) => ({
    id: t.id,
    label: showToken(t.token),
    p: t.p,
    text: t.kept ? `${(t.p * 100).toFixed(1)}%` : 'cut',
    title: `“${showToken(t.token)}” rank ${t.rank}\np = ${t.p.toFixed(4)} (T=1: ${t.pRaw.toFixed(4)})\nlogit ${t.logit.toFixed(3)}`,
    kept: t.kept,
  }));
}

/** Upper end of the probability axis: a little above the longest bar, at least 0.05, at most 1. */
export function axisMax(rows: BarRow[]): number {
  return Math.min(1, Math.max(0.05, ...rows.map((r) => r.p)) * 1.15);
}

/** Where the continuation starts in `contextText`: the prompt, then the appended tokens' text. */
export function splitContinuation(contextText: string, appended: string[]): { prompt: string; continuation: string } {
  const continuation = appended.map(unshowToken).join('');
  const cut = contextText.length - appended.join('').length;
  return { prompt: contextText.slice(0, Math.max(0, cut)), continuation };
}

/** Inverse of showToken for the visible whitespace marks (␣ ↵ ⇥ → the characters). */
export function unshowToken(t: string): string {
  return t.replace(/␣/g, ' ').replace(/↵/g, '\n').replace(/⇥/g, '\t');
}
