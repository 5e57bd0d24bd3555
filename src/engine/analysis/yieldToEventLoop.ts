// Lets pending I/O (a JSON-RPC cancel, a progress send) run between slices of long synchronous work.

/** Resolves on the next macrotask (setImmediate in Node, setTimeout elsewhere). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
}
