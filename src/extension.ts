// Model Lens activation: create the shared services and register every command and view.
import * as vscode from 'vscode';
import { createServices, type Services } from './services';
import { DiagnosticsPanel } from './panels/diagnosticsPanel';
import { showBackend } from './commands/showBackend';
import { infoRequest } from './protocol/engine';

/** Returned from activate() so integration tests can reach the engine and panels. */
export interface ModelLensApi {
  services: Services;
  panels: { diagnostics: () => DiagnosticsPanel | undefined };
}

/** Wraps a command so a failure becomes one clear error message instead of an unhandled rejection. */
export function guarded<A extends unknown[], R>(s: Services, name: string, fn: (...a: A) => Promise<R> | R) {
  return async (...a: A): Promise<R | undefined> => {
    try {
      return await fn(...a);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      s.log(`${name} failed: ${e instanceof Error ? e.stack : msg}`);
      void vscode.window.showErrorMessage(`Model Lens: ${msg}`);
      return undefined;
    }
  };
}

export function activate(context: vscode.ExtensionContext): ModelLensApi {
  const s = createServices(context);
  const reg = (id: string, fn: (...a: never[]) => unknown) =>
    context.subscriptions.push(vscode.commands.registerCommand(id, guarded(s, id, fn as (...a: unknown[]) => unknown)));
  reg('modelLens.showEngineInfo', () => DiagnosticsPanel.show(s));
  reg('modelLens.showBackend', () => showBackend(s));
  reg('modelLens.restartEngine', async () => {
    await s.engine.stop();
    return s.engine.request(infoRequest, {});
  });
  reg('modelLens.showLog', () => s.output.show());
  // Start the engine in the background so the first request does not wait for it.
  void s.engine.start().catch((e) => s.log(`engine failed to start: ${e.message}`));
  s.log(`Model Lens activated (extension host Node ${process.version})`);
  return { services: s, panels: { diagnostics: () => DiagnosticsPanel.current } };
}

export function deactivate(): void {
  /* services are disposed through context.subscriptions */
}
