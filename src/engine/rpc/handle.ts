// Wires one typed request to an async handler: cancellation becomes an AbortSignal,
// progress goes out as notifications under the caller's token, errors keep their message.
import { CancellationToken, MessageConnection, RequestType, ResponseError } from 'vscode-jsonrpc';
import { progressNotification, type WithProgress } from '../../protocol/engine';
import { CancelledError, UserError } from '../errors';
import { takeGpuErrors, throwIfGpuErrors } from '../backends/webgpu';

export interface HandlerContext {
  signal: AbortSignal;
  /** Send progress; a no-op when the caller gave no token. */
  progress(p: { message?: string; fraction?: number; data?: unknown }): void;
}

export type Handler<P, R> = (params: P, ctx: HandlerContext) => Promise<R> | R;

/** Error code the client shows as a plain user-facing message (no stack). */
export const USER_ERROR = 1;


export function handle<P, R>(conn: MessageConnection, type: RequestType<P, R, void>, fn: Handler<P, R>): void {
  conn.onRequest(type, async (params: P, token: CancellationToken) => {
    const ac = new AbortController();
    const sub = token.onCancellationRequested(() => ac.abort());
    const ptoken = (params as WithProgress | undefined)?.progressToken;
    const ctx: HandlerContext = {
      signal: ac.signal,
      progress: (p) => {
        if (ptoken) void conn.sendNotification(progressNotification, { token: ptoken, ...p });
      },
    };
    try {
      takeGpuErrors();
      const r = await fn(params, ctx);
      throwIfGpuErrors();
      return r;
    } catch (e) {
      if (e instanceof ResponseError) throw e;
      const msg = e instanceof Error ? e.message : String(e);
      if (ac.signal.aborted || e instanceof CancelledError) throw new ResponseError(-32800, 'Cancelled');
      throw new ResponseError(USER_ERROR, msg, e instanceof UserError ? undefined : { stack: (e as Error)?.stack });
    } finally {
      sub.dispose();
    }
  });
}
