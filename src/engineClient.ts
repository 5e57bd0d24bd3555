// The extension's side of the engine process: forks dist/engine.js, speaks JSON-RPC over IPC,
// restarts it on the next request after a crash, and maps progress/cancellation for callers.
// No `vscode` import here either, so integration-free unit tests can drive it.
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import {
  CancellationTokenSource,
  ErrorCodes,
  ResponseError,
  type CancellationToken,
  type MessageConnection,
  type RequestType,
} from 'vscode-jsonrpc';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-jsonrpc/node';
import { progressNotification, readyNotification, type EngineInfo, type ProgressParams } from './protocol/engine';

export type EngineState =
  | { kind: 'stopped' }
  | { kind: 'starting' }
  | { kind: 'ready'; info: EngineInfo }
  | { kind: 'busy'; info: EngineInfo; task: string; fraction?: number }
  | { kind: 'crashed'; reason: string };

export interface RequestOptions {
  /** Cancels the request in the engine (and rejects it here). */
  token?: CancellationToken;
  /** Progress reported by the engine for this request. */
  onProgress?: (p: ProgressParams) => void;
  /** Shown in the status bar while the request runs. */
  task?: string;
}

export interface EngineClientOptions {
  enginePath: string;
  backend: string;
  log: (line: string) => void;
  /** Extra environment for the engine process (settings such as the corpus size cap; tests). */
  env?: NodeJS.ProcessEnv;
}

function crashMessage(reason: string): string {
  return `The Model Lens engine stopped (${reason}). It restarts on the next request.`;
}

/** Rejection of a request whose engine died under it. */
export class EngineCrashedError extends Error {
  override name = 'EngineCrashedError';
}

export class EngineClient extends EventEmitter {
  private child: ChildProcess | undefined;
  private conn: MessageConnection | undefined;
  private starting: Promise<EngineInfo> | undefined;
  private info: EngineInfo | undefined;
  private progressHandlers = new Map<string, (p: ProgressParams) => void>();
  private pending = new Set<(e: Error) => void>();
  private busy = new Map<string, { task: string; fraction?: number }>();
  private _state: EngineState = { kind: 'stopped' };
  private stopping = false;
  /** Resolves with the reason the current engine process exited. */
  private exitReason: Promise<string> = new Promise(() => {});
  private resolveExit: (reason: string) => void = () => {};

  constructor(private opts: EngineClientOptions) {
    super();
  }

  get state(): EngineState {
    return this._state;
  }

  private setState(s: EngineState): void {
    this._state = s;
    this.emit('state', s);
  }

  /** Change the backend; takes effect at the next start. */
  setBackend(backend: string): void {
    this.opts.backend = backend;
  }

  /** Change environment passed to the engine; takes effect at the next start. */
  setEnv(env: NodeJS.ProcessEnv): void {
    this.opts.env = { ...this.opts.env, ...env };
  }

  /** Starts the engine if needed and resolves with its info once the backend is ready. */
  start(): Promise<EngineInfo> {
    if (this.info && this.conn) return Promise.resolve(this.info);
    if (this.starting) return this.starting;
    this.setState({ kind: 'starting' });
    this.stopping = false;
    this.starting = new Promise<EngineInfo>((resolve, reject) => {
      this.exitReason = new Promise((r) => (this.resolveExit = r));
      const child = fork(this.opts.enginePath, [], {
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        env: { ...process.env, ...this.opts.env, MODEL_LENS_BACKEND: this.opts.backend, MODEL_LENS_SPAWN_T: String(Date.now()) },
        execArgv: [],
      });
      this.child = child;
      child.stdout?.on('data', (d: Buffer) => this.logLines('engine', d));
      child.stderr?.on('data', (d: Buffer) => this.logLines('engine!', d));
      const conn = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
      this.conn = conn;
      conn.onNotification(progressNotification, (p) => this.progressHandlers.get(p.token)?.(p));
      conn.onNotification(readyNotification, (info) => {
        this.info = info;
        this.opts.log(`engine ready: pid ${info.pid}, backend ${info.backend.active}, ${info.startMs.toFixed(0)} ms`);
        this.setState({ kind: 'ready', info });
        resolve(info);
      });
      conn.listen();
      child.on('exit', (code, signal) => {
        const reason = signal ? `killed by ${signal}` : `exited with code ${code}`;
        const expected = this.stopping;
        this.child = undefined;
        this.conn?.dispose();
        this.conn = undefined;
        this.info = undefined;
        this.starting = undefined;
        this.busy.clear();
        const err = new EngineCrashedError(crashMessage(reason));
        this.resolveExit(reason);
        for (const rej of this.pending) rej(err);
        this.pending.clear();
        reject(err);
        if (expected) this.setState({ kind: 'stopped' });
        else {
          this.opts.log(`engine ${reason}`);
          this.setState({ kind: 'crashed', reason });
          this.emit('crash', reason);
        }
      });
      child.on('error', (e) => this.opts.log(`engine process error: ${e.message}`));
    });
    return this.starting;
  }

  private logLines(prefix: string, d: Buffer): void {
    for (const line of d.toString().split('\n')) if (line.trim()) this.opts.log(`[${prefix}] ${line}`);
  }

  /** Send a typed request; starts (or restarts) the engine first. */
  async request<P, R>(type: RequestType<P, R, void>, params: P, opts: RequestOptions = {}): Promise<R> {
    await this.start();
    const conn = this.conn;
    if (!conn) throw new EngineCrashedError('The Model Lens engine is not running.');
    const id = randomUUID();
    const full = { ...(params as object), ...(opts.onProgress ? { progressToken: id } : {}) } as P;
    const cts = new CancellationTokenSource();
    const sub = opts.token?.onCancellationRequested(() => cts.cancel());
    if (opts.task) this.markBusy(id, opts.task);
    const progressSpy = opts.task
      ? (p: ProgressParams) => {
          opts.onProgress?.(p);
          this.markBusy(id, opts.task!, p.fraction);
        }
      : opts.onProgress;
    if (progressSpy) this.progressHandlers.set(id, progressSpy);
    let rejectCrash: (e: Error) => void = () => {};
    const crashed = new Promise<never>((_, rej) => {
      rejectCrash = rej;
      this.pending.add(rej);
    });
    try {
      // By method name, not by the RequestType object: callers bundled separately (integration
      // tests) carry their own copy of vscode-jsonrpc, whose objects fail its instanceof checks.
      return await Promise.race([conn.sendRequest<R>(type.method, full, cts.token), crashed]);
    } catch (e) {
      const lostConnection =
        e instanceof ResponseError &&
        (e.code === ErrorCodes.PendingResponseRejected || e.code === ErrorCodes.ConnectionInactive);
      if (e instanceof ResponseError && !lostConnection) throw new Error(e.message);
      // The connection notices a dead engine before the 'exit' event does: wait for the exit
      // so the person reads why it stopped, not a JSON-RPC internal.
      if (!(e instanceof EngineCrashedError)) {
        const reason = await Promise.race([this.exitReason, new Promise<undefined>((r) => setTimeout(r, 1000))]);
        if (reason) throw new EngineCrashedError(crashMessage(reason));
      }
      throw e;
    } finally {
      this.pending.delete(rejectCrash);
      this.progressHandlers.delete(id);
      sub?.dispose();
      cts.dispose();
      if (opts.task) this.clearBusy(id);
    }
  }

  private markBusy(id: string, task: string, fraction?: number): void {
    this.busy.set(id, { task, fraction });
    if (this.info) this.setState({ kind: 'busy', info: this.info, task, fraction });
  }

  private clearBusy(id: string): void {
    this.busy.delete(id);
    if (!this.info) return;
    const last = [...this.busy.values()].pop();
    this.setState(last ? { kind: 'busy', info: this.info, ...last } : { kind: 'ready', info: this.info });
  }

  /** Kill the engine without treating it as a crash (restart, settings change, deactivate). */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.stopping = true;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill();
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
  }

  /** Test hook and "Restart Engine" helper: the engine's pid, if running. */
  get pid(): number | undefined {
    return this.child?.pid;
  }
}
