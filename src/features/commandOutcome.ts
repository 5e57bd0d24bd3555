// What the log says when a command ends with an error: a cancellation is something the person
// asked for, so it is logged as "cancelled" in one line; anything else is a failure with its stack.

/** True for the errors a cancelled command ends with ("Cancelled", VS Code's CancellationError). */
export function isCancellation(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  return e.message === 'Cancelled' || e.name === 'Canceled' || e.name === 'CancellationError';
}

/** The log line for command `id` ending with `e`. */
export function outcomeLogLine(id: string, e: unknown): string {
  if (isCancellation(e)) return `${id} cancelled`;
  return `${id} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`;
}
