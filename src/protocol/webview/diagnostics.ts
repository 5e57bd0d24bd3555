// Messages of the Engine Info (diagnostics) panel.
import type { DiagnosticsResult, EngineInfo } from '../engine';
import { lit, obj, oneOf, range, type Check } from '../validate';

/** Host → webview: state to draw. */
export type DiagnosticsToWebview =
  | { type: 'engineInfo'; info: EngineInfo; result: DiagnosticsResult }
  | { type: 'busy'; message: string }
  | { type: 'error'; message: string };

/** Webview → host: what the person asked for. */
export type DiagnosticsToHost = { type: 'ready' } | { type: 'rerun'; maxSize: number };

export const isDiagnosticsToHost: Check<DiagnosticsToHost> = oneOf(
  obj({ type: lit('ready') }),
  obj({ type: lit('rerun'), maxSize: range(16, 2048) }),
);
