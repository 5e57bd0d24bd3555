// Model Lens activation: create the shared services and register every command and view.
import type * as vscode from 'vscode';
import { createServices, type Services } from './services';
import { DiagnosticsPanel } from './panels/diagnosticsPanel';
import { showBackend } from './commands/showBackend';
import { infoRequest } from './protocol/engine';
import { makeRegistrar } from './features/registrar';
import { registerEmbeddings } from './features/embeddings';
import { registerLm } from './features/lm';
import { registerClassify } from './features/classify';
import { registerRnn } from './features/rnn';

/** Returned from activate() so integration tests can reach the engine and panels. */
export interface ModelLensApi {
  services: Services;
  /** The last message of `type` each panel posted to its webview (what the person sees drawn). */
  lastPosted(panel: string, type: string): unknown;
}

export function activate(context: vscode.ExtensionContext): ModelLensApi {
  const s = createServices(context);
  const reg = makeRegistrar(s);
  reg('modelLens.showEngineInfo', () => DiagnosticsPanel.show(s));
  reg('modelLens.showBackend', () => showBackend(s));
  reg('modelLens.restartEngine', async () => {
    await s.engine.stop();
    return s.engine.request(infoRequest, {});
  });
  reg('modelLens.showLog', () => s.output.show());
  registerEmbeddings(s, reg);
  registerLm(s, reg);
  registerClassify(s, reg);
  registerRnn(s, reg);
  // Start the engine in the background so the first request does not wait for it.
  void s.engine.start().catch((e) => s.log(`engine failed to start: ${e.message}`));
  s.log(`Model Lens activated (extension host Node ${process.version})`);
  return { services: s, lastPosted: (panel, type) => s.posted.get(`${panel}:${type}`) };
}

export function deactivate(): void {
  /* services are disposed through context.subscriptions */
}
