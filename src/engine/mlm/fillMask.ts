// Fill Mask: the encoder's distribution over the vocabulary at every [MASK] position, the ranked candidates there, and
// the logits of every position (the model's own output). Padding (attention mask) and segment ids are checked here.
import { UserError } from '../errors';
import type { Lm } from '../lm/inspect';
import { rankOrder, softmaxWithTemperature } from '../lm/generate';
import { asWordPiece, cutToContext, encodeForEncoder } from './encode';

export interface FillMaskInput {
  text?: string;
  ids?: number[];
  /** 1 = a real token, 0 = padding (only trailing padding: the model has no key-padding mask, so padding is cut off). */
  attentionMask?: number[];
  /** BERT segment ids; models without token-type embeddings accept only zeros. */
  tokenTypeIds?: number[];
  topK?: number;
  /** Include `logits` for every position (the CLI's --json). */
  logits?: boolean;
}

export interface MaskCandidate {
  token: string;
  id: number;
  prob: number;
}

export interface FillMaskResult {
  tokens: string[];
  ids: number[];
  masks: { position: number; candidates: MaskCandidate[]; entropy: number }[];
  /** [position][vocab] raw logits; padded positions are null (the model never looks at them). Only when asked. */
  logits?: (number[] | null)[];
  truncated: boolean;
  /** Shown to the person: what was cut or ignored. */
  notes: string[];
  unknownCount: number;
}

export const NO_MASK_HINT =
  'no [MASK] in the input: write [MASK] where a word is missing (e.g. "The acting in the [MASK] was superb."), or select one word in the editor to hide it';

function checkIds(lm: Lm, ids: number[], what: string): void {
  const V = lm.model.config.vocabSize;
  const bad = ids.find((i) => !Number.isInteger(i) || i < 0 || i >= V);
  if (bad !== undefined) throw new UserError(`${what}: token id ${bad} is outside the vocabulary (0..${V - 1})`);
}

/** How many leading positions are real tokens; throws UserError unless the mask is 1…1 0…0 of the right length. */
function realLength(mask: number[] | undefined, n: number): number {
  if (!mask) return n;
  if (mask.length !== n) throw new UserError(`--attention-mask has ${mask.length} values but the input has ${n} tokens`);
  if (mask.some((m) => m !== 0 && m !== 1)) throw new UserError('--attention-mask values must be 0 or 1');
  const real = mask.indexOf(0) < 0 ? n : mask.indexOf(0);
  if (mask.slice(real).some((m) => m !== 0)) throw new UserError('--attention-mask must mark padding at the end (1,1,…,0,0); this model has no key-padding mask for holes');
  if (real === 0) throw new UserError('--attention-mask marks every token as padding');
  return real;
}

export async function fillMask(lm: Lm, input: FillMaskInput): Promise<FillMaskResult> {
  const { model, tokenizer } = lm;
  if (model.config.causal) {
    throw new UserError('Fill Mask needs a bidirectional model (an encoder trained with masked-language modelling); this one is causal and only sees the words before each position. Choose the default encoder or a BERT-family folder.');
  }
  const wp = asWordPiece(tokenizer);
  const maskId = wp?.maskId;
  if (maskId === undefined) throw new UserError('this model\'s tokenizer has no [MASK] token; Fill Mask needs an encoder trained with masked-language modelling');
  const C = model.config.contextLength;
  const notes: string[] = [];
  let enc;
  if (input.ids) {
    checkIds(lm, input.ids, '--ids');
    if (input.ids.length === 0) throw new UserError('--ids is empty');
    enc = cutToContext(input.ids, C, wp?.sepId);
  } else {
    if (!input.text?.trim()) throw new UserError(NO_MASK_HINT);
    enc = encodeForEncoder(tokenizer, input.text, C);
  }
  if (input.tokenTypeIds) {
    if (input.tokenTypeIds.length !== enc.fullLength) throw new UserError(`--token-type-ids has ${input.tokenTypeIds.length} values but the input has ${enc.fullLength} tokens`);
    if (input.tokenTypeIds.some((t) => t !== 0)) throw new UserError('this model has no token-type (segment) embeddings: --token-type-ids must be all 0');
  }
  if (input.attentionMask && input.attentionMask.length !== enc.fullLength) {
    throw new UserError(`--attention-mask has ${input.attentionMask.length} values but the input has ${enc.fullLength} tokens`);
  }
  const real = realLength(input.attentionMask?.slice(0, enc.ids.length), enc.ids.length);
  if (enc.truncated) notes.push(`The text has ${enc.fullLength} tokens, more than the model's ${C} positions: only the first ${C} were used.`);
  if (real < enc.ids.length) notes.push(`${enc.ids.length - real} padding position(s) masked out (not attended to).`);
  const ids = enc.ids;
  const maskPositions = ids.map((id, i) => (id === maskId && i < real ? i : -1)).filter((i) => i >= 0);
  if (maskPositions.length === 0) throw new UserError(enc.truncated ? `${NO_MASK_HINT} (the text was cut to the model's ${C} positions; put [MASK] earlier)` : NO_MASK_HINT);
  const { logits } = model.forward([ids.slice(0, real)]);
  const data = (await logits.data()) as Float32Array; // [1, real, V]; async: WebGPU cannot read synchronously in Node
  logits.dispose();
  const V = model.config.vocabSize;
  const topK = Math.max(1, Math.min(input.topK ?? 10, V));
  const masks = maskPositions.map((position) => {
    const row = data.subarray(position * V, (position + 1) * V);
    const p = softmaxWithTemperature(row, 1);
    let h = 0;
    for (const q of p) if (q > 0) h -= q * Math.log(q);
    return { position, candidates: rankOrder(p).slice(0, topK).map((id) => ({ token: tokenizer.tokenString(id), id, prob: p[id] })), entropy: h };
  });
  return {
    tokens: ids.map((i) => tokenizer.tokenString(i)),
    ids,
    masks,
    logits: input.logits ? ids.map((_, i) => (i < real ? Array.from(data.subarray(i * V, (i + 1) * V)) : null)) : undefined,
    truncated: enc.truncated,
    notes,
    unknownCount: wp ? ids.filter((i) => i === wp.unkId).length : 0,
  };
}
