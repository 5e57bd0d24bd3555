// What the "Inside an RNN" view asks of a recurrent model, as plain data: hidden states and gates over a text
// (units × time), and how far the last prediction's gradient reaches back through time.
import { UserError } from '../errors';
import { lastWindow } from '../lm/generate';
import type { Tokenizer } from '../lm/tokenizers/types';
import type { RnnArch } from './config';
import { disposeRnnCache, type RecurrentLm } from './model';
import { gradientThroughTime } from './train';

export interface RecurrentLayerStates {
  /** [t][unit] hidden state h_t. */
  hidden: number[][];
  /** [t][unit] gate activations in (0, 1): LSTM input/forget/output, GRU reset/update. */
  gates: Partial<Record<'input' | 'forget' | 'output' | 'reset' | 'update', number[][]>>;
}

export interface RecurrentStates {
  arch: RnnArch;
  tokens: string[];
  ids: number[];
  /** The text was longer than the model's window: only its last `ids.length` tokens were read. */
  truncated: boolean;
  layers: RecurrentLayerStates[];
  /**
   * ‖∂L/∂h_t‖ of the top layer for t = 1…T−1, where L is the loss of predicting the text's last token from the
   * ones before it: the vanishing (falls towards 0 going back) or exploding (grows) gradient picture.
   */
  gradThroughTime: number[];
}

export async function recurrentStates(lm: { model: RecurrentLm; tokenizer: Tokenizer }, text: string): Promise<RecurrentStates> {
  if (!text) throw new UserError('no text given: select some text');
  const all = lm.tokenizer.encode(text);
  if (all.length === 0) throw new UserError('the text produced no tokens');
  const w = lastWindow(all, lm.model.config.contextLength);
  const { logits, cache } = lm.model.forward([w.ids], { cache: true });
  logits.dispose();
  const layers: RecurrentLayerStates[] = [];
  try {
    for (let l = 0; l < lm.model.config.nLayers; l++) {
      // async reads: WebGPU cannot read synchronously in Node
      const rows = async (name: string) => ((await cache![`layers.${l}.${name}`].array()) as number[][][])[0];
      const gates: RecurrentLayerStates['gates'] = {};
      for (const g of ['input', 'forget', 'output', 'reset', 'update'] as const) if (cache![`layers.${l}.gate.${g}`]) gates[g] = await rows(`gate.${g}`);
      layers.push({ hidden: await rows('hidden'), gates });
    }
  } finally {
    disposeRnnCache(cache);
  }
  const T = w.ids.length - 1;
  const grad = T >= 1 ? (await gradientThroughTime(lm.model, Int32Array.from(w.ids.slice(0, T)), Int32Array.from(w.ids.slice(1)), 1, T)) : [];
  return { arch: lm.model.config.arch, tokens: w.ids.map((i) => lm.tokenizer.tokenString(i)), ids: w.ids, truncated: w.truncated, layers, gradThroughTime: grad };
}

