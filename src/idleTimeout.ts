// The engine idle timeout setting (modelLens.engine.idleTimeoutMinutes) read into milliseconds, with the
// message a person sees for a value that is not a number of minutes ≥ 0. No vscode import: unit-tested.

export const DEFAULT_IDLE_MINUTES = 5;

/** `minutes` → milliseconds (0 = never stop); anything but a finite number ≥ 0 gives the default and a warning. */
export function parseIdleMinutes(minutes: unknown): { ms: number; warning?: string } {
  if (typeof minutes === 'number' && Number.isFinite(minutes) && minutes >= 0) return { ms: Math.round(minutes * 60_000) };
  return {
    ms: DEFAULT_IDLE_MINUTES * 60_000,
    warning: `The engine idle timeout (modelLens.engine.idleTimeoutMinutes) must be a number of minutes ≥ 0 (0 = never); got ${JSON.stringify(minutes) ?? String(minutes)}, using ${DEFAULT_IDLE_MINUTES}.`,
  };
}
