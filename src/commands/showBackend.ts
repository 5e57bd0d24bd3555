// "Model Lens: Show Compute Backend": which backend runs, and for each other one why it did not load.
import * as vscode from 'vscode';
import { infoRequest } from '../protocol/engine';
import type { BackendReport } from '../protocol/backend';
import type { Services } from '../services';

/** "vendor architecture description", marked when it is a software rasteriser. */
export function adapterText(a: NonNullable<BackendReport['adapter']>): string {
  const name = [a.vendor, a.architecture, a.description || a.device].filter(Boolean).join(' ');
  return `${name || 'unnamed adapter'}${a.software ? ' (software adapter)' : ''}`;
}

export function describeBackend(r: BackendReport): string[] {
  return [
    `Active backend: ${r.active} (TensorFlow.js "${r.tfName}")${r.wasmThreads ? `, ${r.wasmThreads} threads` : ''}`,
    ...(r.adapter ? [`WebGPU adapter: ${adapterText(r.adapter)}`] : []),
    ...r.attempts.map((a) => `${a.loaded ? '✓' : '✗'} ${a.choice}: ${a.label} — ${a.reason}`),
    ...r.warnings.map((w) => `Warning: ${w}`),
  ];
}

export async function showBackend(s: Services): Promise<BackendReport> {
  const info = await s.engine.request(infoRequest, {});
  const lines = describeBackend(info.backend);
  for (const l of lines) s.log(l);
  const items: vscode.QuickPickItem[] = info.backend.attempts.map((a) => ({
    label: `${a.loaded ? '$(pass-filled)' : '$(circle-slash)'} ${a.choice}`,
    description: a.label,
    detail: a.reason,
  }));
  const qp = vscode.window.createQuickPick();
  qp.title = `Model Lens compute backend: ${info.backend.active}${info.backend.active === 'webgpu' && info.backend.adapter ? ` on ${adapterText(info.backend.adapter)}` : ''}`;
  qp.placeholder = `Running on ${info.backend.active}. Set "modelLens.backend" to change it (press Enter to open the setting).`;
  qp.items = items;
  qp.onDidAccept(() => {
    qp.hide();
    void vscode.commands.executeCommand('workbench.action.openSettings', 'modelLens.backend');
  });
  qp.onDidHide(() => qp.dispose());
  qp.show();
  return info.backend;
}
