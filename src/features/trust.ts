// Restricted Mode (workspace trust): training on workspace files and opening model folders read
// what the workspace holds, so in an untrusted workspace they ask first and explain why.
import * as vscode from 'vscode';

/**
 * Resolves true when the workspace is trusted. Otherwise tells the person what needs trust and
 * offers to manage it; resolves false (the caller stops, nothing is read).
 */
export async function ensureTrusted(action: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const pick = await vscode.window.showWarningMessage(
    `Model Lens: ${action} reads files from this workspace, which is open in Restricted Mode. Trust the workspace to allow it; the bundled samples and models work without trust.`,
    { modal: true },
    'Manage Workspace Trust',
  );
  if (pick) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}
