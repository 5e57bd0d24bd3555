// Helpers for integration tests: the extension's API, waiting for a condition, the sample workspace.
import * as vscode from 'vscode';
import type { ModelLensApi } from '../../src/extension';

export async function api(): Promise<ModelLensApi> {
  const ext = vscode.extensions.getExtension<ModelLensApi>('model-lens.model-lens');
  if (!ext) throw new Error('extension model-lens.model-lens not found');
  return ext.activate();
}

export async function waitFor<T>(what: string, f: () => T | undefined | Promise<T | undefined>, timeoutMs = 30000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await f();
    if (v !== undefined && v !== null && v !== false) return v as T;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function sampleUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder open');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Open a sample file and select a range of text (by substring). */
export async function openAndSelect(name: string, text?: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(sampleUri(name));
  const ed = await vscode.window.showTextDocument(doc);
  if (text) {
    const i = doc.getText().indexOf(text);
    if (i < 0) throw new Error(`"${text}" not in ${name}`);
    ed.selection = new vscode.Selection(doc.positionAt(i), doc.positionAt(i + text.length));
  }
  return ed;
}

export function tabLabels(): string[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label));
}
