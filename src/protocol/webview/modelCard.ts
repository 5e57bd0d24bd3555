// Messages of the Model Card panel: the engine's ModelCard of one language model, drawn as tables and charts.
import type { AnyModelCard as ModelCard } from '../lm';
import { lit, obj, oneOf, type Check } from '../validate';

/** Host → webview: state to draw. */
export type ModelCardToWebview =
  | { type: 'card'; modelId: string; label: string; card: ModelCard; inUse: boolean }
  | { type: 'busy'; message: string }
  | { type: 'error'; message: string };

/** Webview → host: what the person asked for. */
export type ModelCardToHost = { type: 'ready' } | { type: 'useForPredictions' };

export const isModelCardToHost: Check<ModelCardToHost> = oneOf(obj({ type: lit('ready') }), obj({ type: lit('useForPredictions') }));
