// Recurrent language-model configuration: the cell (Elman RNN, LSTM, GRU), sizes, the lecture presets and validation.
// Architecture only; training hyper-parameters are the transformer's TrainOptions (src/engine/lm/train.ts).
import { UserError } from '../errors';

export type RnnArch = 'rnn' | 'lstm' | 'gru';
export const RNN_ARCHS: readonly RnnArch[] = ['rnn', 'lstm', 'gru'];

/** Every architectural choice of a stacked recurrent language model. */
export interface RnnConfig {
  /** Discriminates recurrent checkpoints from transformer ones. */
  family: 'recurrent';
  arch: RnnArch;
  vocabSize: number;
  /** Hidden units per layer (the size of h_t, and of c_t for the LSTM). */
  dHidden: number;
  nLayers: number;
  /**
   * Truncated back-propagation-through-time window: training reads windows of this many tokens from a zero state,
   * and prediction reads (at most) the last this-many tokens, so both see the same kind of history.
   */
  contextLength: number;
}

/** Rows of the stacked gate weights: 1 (tanh), 4 (LSTM i, f, g, o), 3 (GRU r, z, n). */
export function gateCount(arch: RnnArch): number {
  return arch === 'rnn' ? 1 : arch === 'lstm' ? 4 : 3;
}

export type RnnPresetName = 'hello' | 'femto' | 'pico' | 'small';
export const RNN_PRESETS: readonly RnnPresetName[] = ['hello', 'femto', 'pico', 'small'];

/**
 * hello: the IERG5050 lecture's toy (vocabulary [h, e, l, o], 3 hidden units as drawn on the slide, windows of 4).
 * femto/pico/small mirror the transformer presets' scale: 16, 64 and 128 hidden units.
 */
export function rnnPresetConfig(name: RnnPresetName, arch: RnnArch, vocabSize: number): RnnConfig {
  const base = { family: 'recurrent' as const, arch, vocabSize };
  switch (name) {
    case 'hello':
      return { ...base, dHidden: 3, nLayers: 1, contextLength: 4 };
    case 'femto':
      return { ...base, dHidden: 16, nLayers: 1, contextLength: 32 };
    case 'pico':
      return { ...base, dHidden: 64, nLayers: 1, contextLength: 64 };
    case 'small':
      return { ...base, dHidden: 128, nLayers: 2, contextLength: 64 };
  }
}

export function isRnnArch(v: unknown): v is RnnArch {
  return typeof v === 'string' && (RNN_ARCHS as readonly string[]).includes(v);
}

export function isRnnPreset(v: unknown): v is RnnPresetName {
  return typeof v === 'string' && (RNN_PRESETS as readonly string[]).includes(v);
}

/** Checks every field; throws UserError naming the bad one. */
export function validateRnnConfig(partial: Partial<RnnConfig>): RnnConfig {
  const c = { family: 'recurrent' as const, arch: 'lstm' as RnnArch, vocabSize: 0, dHidden: 64, nLayers: 1, contextLength: 64, ...partial };
  if (!isRnnArch(c.arch)) throw new UserError(`recurrent config: arch must be one of ${RNN_ARCHS.join(', ')}, got ${JSON.stringify(c.arch)}`);
  for (const k of ['vocabSize', 'dHidden', 'nLayers', 'contextLength'] as const) {
    const v = c[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 1e6) throw new UserError(`recurrent config: ${k} must be a positive integer, got ${JSON.stringify(v)}`);
  }
  return { family: 'recurrent', arch: c.arch, vocabSize: c.vocabSize, dHidden: c.dHidden, nLayers: c.nLayers, contextLength: c.contextLength };
}
