// The extension's shared services, created once in activate(): log, engine client, status bar.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { EngineClient } from './engineClient';
import { isBackendChoice } from './protocol/backend';
import { EngineStatusBar } from './statusBar';

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

export function createServices(context: vscode.ExtensionContext): Services {
  const output = vscode.window.createOutputChannel('Model Lens', { log: true });
  const log = (line: string) => output.info(line);
  const engine = new EngineClient({
    enginePath: path.join(context.extensionPath, 'dist', 'engine.js'),
    backend: backendSetting(log),
    log,
    env: engineEnv(log),
  });
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
      const keys = ['modelLens.backend', 'modelLens.maxCorpusMB', 'modelLens.wasmThreads'];
      if (!keys.some((k) => e.affectsConfiguration(k))) return;
      engine.setBackend(backendSetting(log));
      engine.setEnv(engineEnv(log));
      log('engine settings changed: restarting the engine');
      void engine.stop().then(() => engine.start().catch((err) => log(`engine restart failed: ${err.message}`)));
    }),
  );
  return { context, output, engine, log, posted: new Map() };
}
