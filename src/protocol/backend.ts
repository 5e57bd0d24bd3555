// Backend names and the report of which loaded, shared by engine, extension and CLI (no tfjs here).

export type BackendChoice = 'auto' | 'gpu' | 'node' | 'wasm' | 'cpu';
export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'gpu', 'node', 'wasm', 'cpu'];

export function isBackendChoice(v: unknown): v is BackendChoice {
  return typeof v === 'string' && (BACKEND_CHOICES as readonly string[]).includes(v);
}

/** What was tried for one backend and why it did or did not load. */
export interface BackendAttempt {
  choice: Exclude<BackendChoice, 'auto'>;
  label: string;
  loaded: boolean;
  reason: string;
}

export interface BackendReport {
  requested: BackendChoice;
  active: Exclude<BackendChoice, 'auto'>;
  /** tf.getBackend() name: 'tensorflow' | 'wasm' | 'cpu'. */
  tfName: string;
  attempts: BackendAttempt[];
  warnings: string[];
}
