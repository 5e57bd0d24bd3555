// Pure: what the Analogy panel says about its answer. 3CosAdd (Mikolov et al. 2013) and 3CosMul
// (Levy & Goldberg 2014) can disagree; the panel then names both, never one in the title and the
// other in a tooltip, and places the lecture's answer (when the query is a lecture example) in each list.
import type { ScoredWord } from '../../src/protocol/webview/projector';

export interface AnalogyAnswers {
  a: string;
  b: string;
  c: string;
  cosadd: ScoredWord[];
  cosmul: ScoredWord[];
}

export interface Verdict {
  /** The chart title's answer part: "sushi" or "sandwiches (3CosAdd) · sushi (3CosMul)". */
  answer: string;
  /** The status sentence under the inputs. */
  status: string;
  /** Where the lecture's answer ranks in each method's list (lecture examples only). */
  expected?: string;
  differ: boolean;
}

function rankOf(list: ScoredWord[], word: string): string {
  const i = list.findIndex((r) => r.word === word);
  if (i < 0) return `not in its top ${list.length}`;
  if (i === 0) return `rank 1 (${list[0].score.toFixed(3)})`;
  return `rank ${i + 1} (${list[i].score.toFixed(3)}, vs ${list[0].score.toFixed(3)} for “${list[0].word}”)`;
}

export function analogyVerdict(m: AnalogyAnswers, expected?: string): Verdict {
  const add = m.cosadd[0]?.word ?? '?';
  const mul = m.cosmul[0]?.word ?? '?';
  const q = `${m.a} − ${m.b} + ${m.c}`;
  const differ = add !== mul;
  const answer = differ ? `${add} (3CosAdd) · ${mul} (3CosMul)` : add;
  const status = differ
    ? `${q} ≈ ${add} by 3CosAdd, ${mul} by 3CosMul: the two methods differ. The input words are excluded.`
    : `${q} ≈ ${add} by both 3CosAdd and 3CosMul. The input words are excluded.`;
  const exp = expected
    ? `The lecture's answer “${expected}”: 3CosAdd ${rankOf(m.cosadd, expected)}; 3CosMul ${rankOf(m.cosmul, expected)}.`
    : undefined;
  return { answer, status, expected: exp, differ };
}
