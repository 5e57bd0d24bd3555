// The extension's shared services, created once in activate(): log, engine client (started on first
// request, let go when idle), status bar, and the notification shown when a model re-opens on its own.
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EngineClient, type UnrequestedProgress } from './engineClient';
import { isBackendChoice } from './protocol/backend';
import { EngineStatusBar } from './statusBar';
import { DEFAULT_IDLE_MINUTES, parseIdleMinutes } from './idleTimeout';

export interface Services {
  context: vscode.ExtensionContext;
  output: vscode.LogOutputChannel;
  engine: EngineClient;
  log(line: string): void;
  /** Last message per `panel:type` posted to a webview; integration tests read what was drawn. */
  posted: Map<string, unknown>;
}

export function backendSetting(log: (l: string) => void): string {
  const v = vscode.workspace.getConfiguration('modelLens').get<string>('backend', 'auto');
  if (isBackendChoice(v)) return v;
  log(`modelLens.backend = ${JSON.stringify(v)} is not one of auto|gpu|webgpu|node|wasm|cpu; using auto`);
  void vscode.window.showWarningMessage(`Model Lens: unknown backend setting "${v}"; using "auto".`);
  return 'auto';
}

/** Engine environment from settings: the corpus size cap (a positive number of MB). */
export function engineEnv(log: (l: string) => void): NodeJS.ProcessEnv {
  const mb = vscode.workspace.getConfiguration('modelLens').get<number>('maxCorpusMB', 256);
  if (typeof mb !== 'number' || !Number.isFinite(mb) || mb <= 0) {
    log(`modelLens.maxCorpusMB = ${JSON.stringify(mb)} is not a positive number; using 256`);
    return { MODEL_LENS_MAX_CORPUS_MB: '256', ...wasmThreadsEnv(log) };
  }
  return { MODEL_LENS_MAX_CORPUS_MB: String(mb), ...wasmThreadsEnv(log) };
}

/** modelLens.wasmThreads → MODEL_LENS_WASM_THREADS (0 or unset: every core). */
function wasmThreadsEnv(log: (l: string) => void): NodeJS.ProcessEnv {
  const n = vscode.workspace.getConfiguration('modelLens').get<number>('wasmThreads', 0);
  if (n === 0) return {};
  if (!Number.isInteger(n) || n < 0) {
    log(`modelLens.wasmThreads = ${JSON.stringify(n)} is not a whole number ≥ 0; using every core`);
    return {};
  }
  return { MODEL_LENS_WASM_THREADS: String(n) };
}

/** modelLens.engine.idleTimeoutMinutes in milliseconds (0 = never); a bad value warns and uses the default. */
export function idleTimeoutMs(log: (l: string) => void): number {
  const r = parseIdleMinutes(vscode.workspace.getConfiguration('modelLens').get<unknown>('engine.idleTimeoutMinutes', DEFAULT_IDLE_MINUTES));
  if (r.warning) {
    log(r.warning);
    void vscode.window.showWarningMessage(`Model Lens: ${r.warning}`);
  }
  return r.ms;
}

/**
 * A request whose caller shows no progress but which loads a model (a folder re-opened after the engine was
 * let go when idle, or opened for the first time) gets a notification with the load's progress until it answers.
 */
function showUnrequestedProgress(engine: EngineClient): void {
  const open = new Map<string, (p: UnrequestedProgress) => void>();
  engine.on('unrequestedProgress', (p: UnrequestedProgress) => {
    const report = open.get(p.id);
    if (report) return report(p);
    const params = (p.params ?? {}) as { modelId?: unknown; model?: unknown };
    const model = typeof params.modelId === 'string' ? params.modelId : typeof params.model === 'string' ? params.model : undefined;
    const title = `Model Lens: ${model ? `opening ${path.basename(model)}` : 'working'}`;
    // Listen for the end now, not inside withProgress's callback, so a load that finishes first still closes it.
    const ended = new Promise<void>((done) => {
      const end = (id: string) => {
        if (id !== p.id) return;
        engine.off('requestEnd', end);
        open.delete(p.id);
        done();
      };
      engine.on('requestEnd', end);
    });
    const pendingUpdates: UnrequestedProgress[] = [p];
    open.set(p.id, (u) => pendingUpdates.push(u));
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, (progress) => {
      let last = 0;
      const update = (u: UnrequestedProgress) => {
        const f = u.fraction ?? last;
        progress.report({ message: u.message, increment: Math.max(0, (f - last) * 100) });
        last = f;
      };
      pendingUpdates.forEach(update);
      if (open.has(p.id)) open.set(p.id, update);
      return ended;
    });
  });
}

/** modelLens.engine.runtime: a Node executable for the engine, or '' for VS Code's own runtime. */
export function runtimeSetting(log: (l: string) => void): string | undefined {
  const v = vscode.workspace.getConfiguration('modelLens').get<string>('engine.runtime', '');
  if (!v) return undefined;
  if (typeof v !== 'string' || !fs.existsSync(v)) {
    log(`modelLens.engine.runtime = ${JSON.stringify(v)} is not an existing file; using VS Code's own runtime`);
    void vscode.window.showWarningMessage(`Model Lens: modelLens.engine.runtime "${v}" does not exist; the engine runs on VS Code's own runtime.`);
    return undefined;
  }
  return v;
}

export function createServices(context: vscode.ExtensionContext): Services {
  const output = vscode.window.createOutputChannel('Model Lens', { log: true });
  const log = (line: string) => output.info(line);
  const engine = new EngineClient({
    enginePath: path.join(context.extensionPath, 'dist', 'engine.js'),
    backend: backendSetting(log),
    log,
    env: engineEnv(log),
    idleTimeoutMs: idleTimeoutMs(log),
    runtime: runtimeSetting(log),
  });
  showUnrequestedProgress(engine);
  // Tell the person once per crash; the next request restarts the engine.
  engine.on('crash', (reason: string) => {
    void vscode.window
      .showErrorMessage(`Model Lens engine stopped (${reason}). It will restart on the next request.`, 'Show Log')
      .then((pick) => pick && output.show());
  });
  const status = new EngineStatusBar(engine);
  context.subscriptions.push(output, status, { dispose: () => void engine.stop() });
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('modelLens.engine.idleTimeoutMinutes')) engine.setIdleTimeout(idleTimeoutMs(log));
      const keys = ['modelLens.backend', 'modelLens.maxCorpusMB', 'modelLens.wasmThreads', 'modelLens.engine.runtime'];
      if (!keys.some((k) => e.affectsConfiguration(k))) return;
      engine.setRuntime(runtimeSetting(log));
      engine.setBackend(backendSetting(log));
      engine.setEnv(engineEnv(log));
      // A running engine restarts with the new settings; an idle one simply starts with them when next needed.
      if (!engine.running) return;
      log('engine settings changed: restarting the engine');
      void engine.stop().then(() => engine.start().catch((err) => log(`engine restart failed: ${err.message}`)));
    }),
  );
  return { context, output, engine, log, posted: new Map() };
}
