// Messages of the Predict Masked Word (Fill Mask) panel: the host sends the ranked candidates at every [MASK].
import { lit, obj, oneOf, type Check } from '../validate';

export interface FillMaskCandidateView {
  id: number;
  token: string;
  prob: number;
}

export interface FillMaskSlot {
  /** Token index of the [MASK] in `tokens`. */
  position: number;
  candidates: FillMaskCandidateView[];
  entropyBits: number;
}

export type FillMaskToWebview =
  | {
      type: 'fillMask';
      model: string;
      /** The text as the person gave it, with [MASK] where a word is hidden. */
      text: string;
      /** Tokens the model saw, [CLS]/[SEP] included. */
      tokens: string[];
      masks: FillMaskSlot[];
      /** What was cut, padded or taken from the line, for the note above the charts. */
      notes: string[];
      ms: number;
    }
  | { type: 'busy'; message: string }
  | { type: 'error'; message: string };

export type FillMaskToHost = { type: 'ready' };

export const isFillMaskToHost: Check<FillMaskToHost> = oneOf(obj({ type: lit('ready') }));
