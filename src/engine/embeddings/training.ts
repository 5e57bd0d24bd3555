// What every embedding trainer shares: progress shape, callbacks, resumable state, result, and the
// cooperative yield that lets an AbortSignal (RPC cancel, Ctrl-C) fire during a synchronous loop.
import { throwIfAborted } from '../errors';
import type { VocabularyReport } from './tokenize';
import type { WordVectors } from './wordVectors';

export type EmbeddingMethod = 'sgns' | 'cbow' | 'glove' | 'prevnext';

export interface TrainProgress {
  method: EmbeddingMethod;
  /** 1-based epoch in progress. */
  epoch: number;
  epochs: number;
  /** Corpus tokens (or co-occurrence entries for GloVe) processed so far over all epochs. */
  wordsDone: number;
  totalWords: number;
  /** Mean loss since the last report. */
  loss: number;
  wordsPerSec: number;
  lr: number;
}

/** Everything needed to continue training after `epochsDone` epochs. */
export interface TrainState {
  method: EmbeddingMethod;
  epochsDone: number;
  words: string[];
  /** Named parameter arrays, e.g. { syn0, syn1 } or { W, Wc, b, bc, gradsq... }. */
  tensors: Record<string, Float32Array>;
  lossHistory: LossPoint[];
}

export interface LossPoint {
  epoch: number;
  wordsDone: number;
  loss: number;
}

export interface TrainCallbacks {
  onProgress?: (p: TrainProgress) => void;
  /** Called after each epoch with a state that can be checkpointed; awaited. */
  onEpoch?: (state: TrainState) => void | Promise<void>;
  signal?: AbortSignal;
  /** Continue from a checkpointed state (same corpus and config). */
  resume?: TrainState;
}

export interface TrainResult {
  vectors: WordVectors;
  state: TrainState;
  lossHistory: LossPoint[];
  vocabulary: VocabularyReport;
  wordsPerSec: number;
  seconds: number;
}

/** Lets timers and I/O run (cancellation arrives as a message) about every `everyMs`. */
export class Yielder {
  private last = performance.now();
  constructor(
    private readonly signal: AbortSignal | undefined,
    private readonly everyMs = 100,
  ) {}
  async maybe(): Promise<void> {
    throwIfAborted(this.signal);
    const now = performance.now();
    if (now - this.last < this.everyMs) return;
    await new Promise((r) => setTimeout(r, 0));
    this.last = performance.now();
    throwIfAborted(this.signal);
  }
}

/** Takes a resumed state's tensor, checking its length. */
export function takeTensor(state: TrainState | undefined, name: string, length: number): Float32Array | undefined {
  const t = state?.tensors[name];
  if (!t) return undefined;
  if (t.length !== length) throw new Error(`checkpoint tensor ${name} has ${t.length} values, expected ${length}`);
  return t.slice();
}
