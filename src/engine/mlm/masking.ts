// BERT's masked-language-model corruption (Devlin et al. 2019, §3.1): each ordinary token is chosen with probability
// `rate` (15 %); a chosen token becomes [MASK] 80 % of the time, a random ordinary token 10 %, and stays 10 %. The loss
// is taken only at chosen positions. Also the batch sampler: [CLS] + a span starting at a sentence + [SEP].
import type { Rng } from '../lm/rng';

export interface MaskingSpec {
  maskId: number;
  vocabSize: number;
  /** Ids never chosen and never drawn as random replacements ([PAD] [UNK] [CLS] [SEP] [MASK]). */
  specialIds: ReadonlySet<number>;
  /** Fraction of ordinary tokens chosen (BERT: 0.15). */
  rate: number;
}

export interface MaskedBatch {
  /** [B * T] the corrupted input ids. */
  input: Int32Array;
  /** [B * T] the original ids (the labels). */
  targets: Int32Array;
  /** [B * T] 1 where the position was chosen (loss and accuracy count there), else 0. */
  weights: Float32Array;
  chosen: number;
}

/** Corrupt `ids` ([B * T] flat) in BERT's way. At least one position is chosen whenever one is ordinary. */
export function maskTokens(ids: Int32Array, spec: MaskingSpec, rng: Rng): MaskedBatch {
  const input = Int32Array.from(ids);
  const weights = new Float32Array(ids.length);
  const ordinary: number[] = [];
  let chosen = 0;
  const corrupt = (i: number) => {
    weights[i] = 1;
    chosen++;
    const r = rng.next();
    if (r < 0.8) input[i] = spec.maskId;
    else if (r < 0.9) input[i] = randomOrdinary(spec, rng);
  };
  for (let i = 0; i < ids.length; i++) {
    if (spec.specialIds.has(ids[i])) continue;
    ordinary.push(i);
    if (rng.next() < spec.rate) corrupt(i);
  }
  if (chosen === 0 && ordinary.length) corrupt(ordinary[rng.int(ordinary.length)]);
  return { input, targets: Int32Array.from(ids), weights, chosen };
}

function randomOrdinary(spec: MaskingSpec, rng: Rng): number {
  for (;;) {
    const id = rng.int(spec.vocabSize);
    if (!spec.specialIds.has(id)) return id;
  }
}

/** Token indices where a sentence begins (after . ! ? or at 0), so training rows start the way a person's input does. */
export function sentenceStarts(ids: Int32Array, enders: ReadonlySet<number>): Int32Array {
  const out: number[] = [0];
  for (let i = 1; i < ids.length; i++) if (enders.has(ids[i - 1]) && !enders.has(ids[i])) out.push(i);
  return Int32Array.from(out);
}

/**
 * B rows of length T: [CLS], T − 2 corpus tokens from a random sentence start, [SEP]. [B * T] flat.
 * `data` must hold at least T − 2 tokens.
 */
export function sampleEncoderRows(data: Int32Array, starts: Int32Array, B: number, T: number, cls: number, sep: number, rng: Rng): Int32Array {
  const n = T - 2;
  const out = new Int32Array(B * T);
  const maxStart = data.length - n;
  for (let b = 0; b < B; b++) {
    let s = starts.length ? starts[rng.int(starts.length)] : 0;
    if (s > maxStart) s = rng.int(maxStart + 1);
    out[b * T] = cls;
    out.set(data.subarray(s, s + n), b * T + 1);
    out[b * T + T - 1] = sep;
  }
  return out;
}
