// The extension's side of the engine process: forks dist/engine.js on the first request that needs it,
// speaks JSON-RPC over IPC, restarts it on the next request after a crash, lets it go after an idle time
// (never while a request is in flight or a caller holds it), and maps progress/cancellation for callers.
// No `vscode` import here either, so integration-free unit tests can drive it.
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
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

/** `backend`: the backend the last engine process ran on, once one has been ready (the status bar shows it). */
export type EngineState =
  | { kind: 'stopped'; backend?: string; idle?: boolean }
  | { kind: 'starting'; backend?: string }
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
  /** Stop the engine after this long with nothing in flight and no hold; 0 or absent = never. */
  idleTimeoutMs?: number;
  /**
   * A Node executable to run the engine with instead of VS Code's own runtime (setting modelLens.engine.runtime):
   * Electron's V8 sandbox can refuse the GPU readback buffers WebGPU needs; a system Node does not.
   */
  runtime?: string;
}

/** A request that reported progress although its caller showed none (e.g. a model re-opening after an idle stop). */
export interface UnrequestedProgress {
  id: string;
  method: string;
  params: unknown;
  message?: string;
  fraction?: number;
}

/** Short status-bar label for work the caller did not announce: the model being opened, else the engine's message. */
function unrequestedTask(params: unknown, message: string | undefined): string {
  const p = (params ?? {}) as { modelId?: unknown; model?: unknown };
  const model = typeof p.modelId === 'string' ? p.modelId : typeof p.model === 'string' ? p.model : undefined;
  return model ? `opening ${basename(model)}` : (message ?? 'working');
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
  private stoppingForIdle = false;
  /** Resolves once the process being stopped has exited; a start waits for it. */
  private exiting: Promise<void> | undefined;
  /** Requests between their call and their answer, including the wait for start-up. */
  private inFlight = 0;
  private holds = new Set<symbol>();
  private idleTimer: NodeJS.Timeout | undefined;
  private lastBackend: string | undefined;
  /** How many times the engine was let go for being idle (tests and the log read it). */
  idleStops = 0;
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

  /** Change the Node executable the engine runs under ('' = VS Code's own); takes effect at the next start. */
  setRuntime(runtime: string | undefined): void {
    this.opts.runtime = runtime || undefined;
  }

  /** Change the idle time after which the engine is let go (0 = never); re-arms the countdown. */
  setIdleTimeout(ms: number): void {
    this.opts.idleTimeoutMs = ms;
    this.clearIdleTimer();
    this.armIdleTimer();
  }

  /** True while an engine process exists (starting, ready or busy). */
  get running(): boolean {
    return this.child !== undefined;
  }

  /**
   * Keeps the engine process alive until the returned handle is disposed: for a caller whose engine state
   * cannot be rebuilt cheaply from files. Requests in flight already keep it alive on their own.
   */
  keepAlive(reason: string): { dispose(): void } {
    const key = Symbol(reason);
    this.holds.add(key);
    this.clearIdleTimer();
    return {
      dispose: () => {
        if (this.holds.delete(key)) this.armIdleTimer();
      },
    };
  }

  private clearIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  /** Starts the idle countdown when the engine runs with nothing in flight and nothing held. */
  private armIdleTimer(): void {
    const ms = this.opts.idleTimeoutMs ?? 0;
    if (!(ms > 0) || !this.child || !this.info || this.inFlight > 0 || this.holds.size > 0 || this.idleTimer) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (!this.child || this.inFlight > 0 || this.holds.size > 0) return;
      this.idleStops++;
      this.opts.log(`engine idle for ${(ms / 1000).toFixed(ms < 10000 ? 1 : 0)} s: stopping it (the next request starts it again)`);
      void this.stop(true);
    }, ms);
    this.idleTimer.unref?.();
  }

  /** Starts the engine if needed and resolves with its info once the backend is ready. */
  start(): Promise<EngineInfo> {
    if (this.exiting) return this.exiting.then(() => this.start());
    if (this.info && this.conn) return Promise.resolve(this.info);
    if (this.starting) return this.starting;
    this.setState({ kind: 'starting', backend: this.lastBackend });
    this.stopping = false;
    this.starting = new Promise<EngineInfo>((resolve, reject) => {
      this.exitReason = new Promise((r) => (this.resolveExit = r));
      const child = fork(this.opts.enginePath, [], {
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        env: { ...process.env, ...this.opts.env, MODEL_LENS_BACKEND: this.opts.backend, MODEL_LENS_SPAWN_T: String(Date.now()) },
        execArgv: [],
        ...(this.opts.runtime ? { execPath: this.opts.runtime } : {}),
      });
      this.child = child;
      const mine = () => this.child === child;
      child.stdout?.on('data', (d: Buffer) => this.logLines('engine', d));
      child.stderr?.on('data', (d: Buffer) => this.logLines('engine!', d));
      const conn = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
      this.conn = conn;
      conn.onNotification(progressNotification, (p) => this.progressHandlers.get(p.token)?.(p));
      conn.onNotification(readyNotification, (info) => {
        if (!mine()) return;
        this.info = info;
        this.lastBackend = info.backend.active;
        this.opts.log(`engine ready: pid ${info.pid}, backend ${info.backend.active}, ${info.startMs.toFixed(0)} ms`);
        this.setState({ kind: 'ready', info });
        resolve(info);
        this.armIdleTimer();
      });
      conn.listen();
      child.on('exit', (code, signal) => {
        const reason = signal ? `killed by ${signal}` : `exited with code ${code}`;
        conn.dispose();
        if (!mine()) return; // an old process that outlived stop()'s wait: its successor owns the fields
        const expected = this.stopping;
        const idle = this.stoppingForIdle;
        this.child = undefined;
        this.conn = undefined;
        this.info = undefined;
        this.starting = undefined;
        this.busy.clear();
        this.clearIdleTimer();
        const err = new EngineCrashedError(crashMessage(reason));
        this.resolveExit(reason);
        for (const rej of this.pending) rej(err);
        this.pending.clear();
        reject(err);
        if (expected) this.setState({ kind: 'stopped', backend: this.lastBackend, idle });
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

  /** Send a typed request; starts (or restarts) the engine first, waiting while it starts. */
  async request<P, R>(type: RequestType<P, R, void>, params: P, opts: RequestOptions = {}): Promise<R> {
    this.inFlight++;
    this.clearIdleTimer();
    try {
      return await this.send(type, params, opts);
    } finally {
      this.inFlight--;
      this.armIdleTimer();
    }
  }

  private async send<P, R>(type: RequestType<P, R, void>, params: P, opts: RequestOptions): Promise<R> {
    await this.start();
    const conn = this.conn;
    if (!conn) throw new EngineCrashedError('The Model Lens engine is not running.');
    const id = randomUUID();
    // Every request carries a progress token, so work the caller did not foresee (a model re-opening from its
    // folder after an idle stop) still shows up: in the status bar, and as an 'unrequestedProgress' event.
    const full = { ...(params as object), progressToken: id } as P;
    const cts = new CancellationTokenSource();
    const sub = opts.token?.onCancellationRequested(() => cts.cancel());
    if (opts.task) this.markBusy(id, opts.task);
    this.progressHandlers.set(id, (p: ProgressParams) => {
      opts.onProgress?.(p);
      if (opts.task) this.markBusy(id, opts.task, p.fraction);
      else if (!opts.onProgress) {
        this.markBusy(id, unrequestedTask(params, p.message), p.fraction);
        this.emit('unrequestedProgress', { id, method: type.method, params, message: p.message, fraction: p.fraction } satisfies UnrequestedProgress);
      }
    });
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
      if (this.busy.has(id)) this.clearBusy(id);
      this.emit('requestEnd', id);
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

  /**
   * Kill the engine without treating it as a crash (idle, restart, settings change, deactivate).
   * A request made meanwhile waits for the exit and then starts a fresh engine.
   */
  stop(idle = false): Promise<void> {
    this.clearIdleTimer();
    if (this.exiting) return this.exiting;
    const child = this.child;
    if (!child) return Promise.resolve();
    this.stopping = true;
    this.stoppingForIdle = idle;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref?.());
    child.kill();
    this.exiting = (async () => {
      // An engine that ignores SIGTERM for 2 s (stuck in a native kernel) is killed outright.
      await Promise.race([exited, wait(2000)]);
      if (this.child === child) {
        child.kill('SIGKILL');
        await Promise.race([exited, wait(1000)]);
      }
    })().finally(() => {
      this.exiting = undefined;
      this.stopping = false;
      this.stoppingForIdle = false;
    });
    return this.exiting;
  }

  /** Test hook and "Restart Engine" helper: the engine's pid, if running. */
  get pid(): number | undefined {
    return this.child?.pid;
  }
}
