// Errors the engine raises on purpose. Their message is shown to the person as is.

/** A problem with the person's input or files, e.g. "'kng' is not in the vocabulary (did you mean: king?)". */
export class UserError extends Error {
  override name = 'UserError';
}

/** Raised by long work when its AbortSignal fires. */
export class CancelledError extends Error {
  override name = 'CancelledError';
  constructor() {
    super('Cancelled');
  }
}

/** Throws CancelledError if the signal is aborted: call between steps of long loops. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}
