// Fill Mask: the encoder's distribution over the vocabulary at every [MASK] position, the ranked candidates there, and
// the logits of every position (the model's own output). Padding (attention mask) and segment ids are checked here.
import { UserError } from '../errors';
import type { Lm } from '../lm/inspect';
import { rankOrder, softmaxWithTemperature } from '../lm/generate';
import { asWordPiece, cutToContext, encodeForEncoder } from './encode';

export interface FillMaskInput {
  text?: string;
  ids?: number[];
  /** 1 = a real token, 0 = padding: padded keys get no attention (HF attention_mask). */
  attentionMask?: number[];
  /** BERT segment ids (< type_vocab_size); models without token-type embeddings accept only zeros. */
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
  /** [position][vocab] raw logits of every position, padded ones included (as the model outputs them). Only when asked. */
  logits?: number[][];
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

/** Checks a 0/1 key mask; throws UserError when it has other values or hides every token. */
function checkMask(mask: number[]): void {
  if (mask.some((m) => m !== 0 && m !== 1)) throw new UserError('--attention-mask values must be 0 or 1');
  if (!mask.includes(1)) throw new UserError('--attention-mask marks every token as padding');
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
  const types = model.config.typeVocabSize;
  if (input.tokenTypeIds) {
    if (input.tokenTypeIds.length !== enc.fullLength) throw new UserError(`--token-type-ids has ${input.tokenTypeIds.length} values but the input has ${enc.fullLength} tokens`);
    if (types === 0 && input.tokenTypeIds.some((t) => t !== 0)) throw new UserError('this model has no token-type (segment) embeddings: --token-type-ids must be all 0');
    const bad = input.tokenTypeIds.find((t) => !Number.isInteger(t) || t < 0 || t >= Math.max(1, types));
    if (bad !== undefined) throw new UserError(`--token-type-ids: ${bad} is not a segment id of this model (0..${Math.max(1, types) - 1})`);
  }
  if (input.attentionMask && input.attentionMask.length !== enc.fullLength) {
    throw new UserError(`--attention-mask has ${input.attentionMask.length} values but the input has ${enc.fullLength} tokens`);
  }
  const keyMask = input.attentionMask?.slice(0, enc.ids.length);
  if (keyMask) checkMask(keyMask);
  if (enc.truncated) notes.push(`The text has ${enc.fullLength} tokens, more than the model's ${C} positions: only the first ${C} were used.`);
  const padded = keyMask ? keyMask.filter((m) => m === 0).length : 0;
  if (padded) notes.push(`${padded} padding position(s) masked out (not attended to).`);
  const ids = enc.ids;
  const maskPositions = ids.map((id, i) => (id === maskId && (!keyMask || keyMask[i] === 1) ? i : -1)).filter((i) => i >= 0);
  if (maskPositions.length === 0) throw new UserError(enc.truncated ? `${NO_MASK_HINT} (the text was cut to the model's ${C} positions; put [MASK] earlier)` : NO_MASK_HINT);
  const typeIds = types > 0 && input.tokenTypeIds ? [input.tokenTypeIds.slice(0, ids.length)] : undefined;
  const { logits } = model.forward([ids], { attentionMask: keyMask ? [keyMask] : undefined, tokenTypeIds: typeIds });
  const data = (await logits.data()) as Float32Array; // [1, T, V]; async: WebGPU cannot read synchronously in Node
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
    logits: input.logits ? ids.map((_, i) => Array.from(data.subarray(i * V, (i + 1) * V))) : undefined,
    truncated: enc.truncated,
    notes,
    unknownCount: wp ? ids.filter((i) => i === wp.unkId).length : 0,
  };
}
