// Model Lens activation: create the shared services and register every command and view. Nothing here
// starts the engine process; activation happens late (commands, views, plain-text/Markdown for the hover).
// First import: it notes the host's memory before the rest of the bundle is evaluated.
import { bundleLoaded, measureActivate, type ActivationCost } from './activationCost';
import type * as vscode from 'vscode';
import { createServices, type Services } from './services';
import { DiagnosticsPanel } from './panels/diagnosticsPanel';
import { showBackend } from './commands/showBackend';
import { infoRequest } from './protocol/engine';
import { makeRegistrar } from './features/registrar';
import { registerEmbeddings } from './features/embeddings';
import { registerLm } from './features/lm';
import { registerClassify } from './features/classify';
import { registerMlm } from './features/mlm';
import { registerWalkthrough } from './features/walkthrough';
import { registerRnn } from './features/rnn';

bundleLoaded();

/** Returned from activate() so integration tests can reach the engine and panels. */
export interface ModelLensApi {
  services: Services;
  /** The last message of `type` each panel posted to its webview (what the person sees drawn). */
  lastPosted(panel: string, type: string): unknown;
  /** Host memory and time that loading and activating Model Lens took (no engine process is started). */
  activation: ActivationCost;
}

export function activate(context: vscode.ExtensionContext): ModelLensApi {
  const activationDone = measureActivate();
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
  const lm = registerLm(s, reg);
  registerClassify(s, reg);
  registerMlm(s, reg, lm.attention);
  registerRnn(s, reg);
  registerWalkthrough(s, reg);
  // No engine process yet: the first request that needs one starts it (about 0.2 s), and it is let go
  // again after modelLens.engine.idleTimeoutMinutes without requests.
  s.log(`Model Lens activated (extension host Node ${process.version})`);
  const activation = activationDone();
  s.log(`activation cost: ${activation.rssMB.toFixed(1)} MB resident, ${activation.heapMB.toFixed(1)} MB heap, ${activation.ms.toFixed(0)} ms`);
  return { services: s, lastPosted: (panel, type) => s.posted.get(`${panel}:${type}`), activation };
}

export function deactivate(): void {
  /* services are disposed through context.subscriptions */
}
