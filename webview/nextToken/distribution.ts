// Pure: re-shapes next-token logits with temperature, top-k and top-p (nucleus) and measures
// entropy. Runs on every slider move in the webview; unit-tested without a browser.
import type { NextTokenCandidate, SamplingSettings } from '../../src/protocol/webview/nextToken';

export interface ShapedToken {
  id: number;
  token: string;
  logit: number;
  /** Probability at temperature 1 over the candidates. */
  pRaw: number;
  /** Probability after temperature, top-k and top-p, renormalised; 0 when cut. */
  p: number;
  /** Rank by logit, 1 = most likely. */
  rank: number;
  kept: boolean;
}

export interface Shaped {
  /** Sorted by logit, highest first. */
  tokens: ShapedToken[];
  entropyBits: number;
  rawEntropyBits: number;
  /** How many candidates can still be sampled. */
  kept: number;
}

/** Softmax of logits / t (t > 0), stable (subtract the max). */
export function softmax(logits: number[], t = 1): number[] {
  if (logits.length === 0) return [];
  const m = Math.max(...logits);
  const e = logits.map((l) => Math.exp((l - m) / t));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / z);
}

/** Shannon entropy in bits: H = −Σ p log2 p. */
export function entropyBits(p: number[]): number {
  let h = 0;
  for (const x of p) if (x > 0) h -= x * Math.log2(x);
  return h;
}

/**
 * Temperature (Ackley et al. 1985), top-k (Fan et al. 2018) then top-p (Holtzman et al. 2020),
 * applied in that order as most samplers do. temperature 0 is greedy; topK 0 and topP 1 are off.
 */
export function reshape(cands: NextTokenCandidate[], s: SamplingSettings): Shaped {
  const sorted = [...cands].sort((a, b) => b.logit - a.logit);
  const logits = sorted.map((c) => c.logit);
  const raw = softmax(logits, 1);
  let p = s.temperature <= 1e-6 ? logits.map((_, i) => (i === 0 ? 1 : 0)) : softmax(logits, s.temperature);
  const keep = p.map(() => true);
  if (s.topK > 0) for (let i = s.topK; i < keep.length; i++) keep[i] = false;
  if (s.topP < 1) {
    let cum = 0;
    for (let i = 0; i < p.length; i++) {
      if (!keep[i]) continue;
      // keep the smallest prefix whose mass reaches topP (the token that crosses it is kept)
      if (cum >= s.topP) keep[i] = false;
      cum += p[i];
    }
  }
  const z = p.reduce((a, x, i) => a + (keep[i] ? x : 0), 0);
  p = p.map((x, i) => (keep[i] && z > 0 ? x / z : 0));
  const tokens = sorted.map((c, i) => ({ id: c.id, token: c.token, logit: c.logit, pRaw: raw[i], p: p[i], rank: i + 1, kept: keep[i] }));
  return { tokens, entropyBits: entropyBits(p), rawEntropyBits: entropyBits(raw), kept: keep.filter(Boolean).length };
}

/** Sample an index from probabilities with a uniform u in [0, 1). */
export function sampleIndex(p: number[], u: number): number {
  let cum = 0;
  for (let i = 0; i < p.length; i++) {
    cum += p[i];
    if (u < cum) return i;
  }
  for (let i = p.length - 1; i >= 0; i--) if (p[i] > 0) return i;
  return 0;
}

export { showToken } from '../common/tokens';
