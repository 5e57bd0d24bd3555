// The "Get Started with Model Lens" walkthrough: five things to try first, each a command that opens
// a sample from the extension's samples/ folder, selects the right text and opens the panel (the
// steps are data in walkthroughSteps.ts). It opens by itself on the first start of an installation
// (the setting modelLens.openWalkthroughOnFirstStart turns that off).
import * as vscode from 'vscode';
import type { Services } from '../services';
import type { Registrar } from './registrar';
import { TRY_STEPS, WALKTHROUGH_ID, type TryStep } from './walkthroughSteps';

const SHOWN_KEY = 'modelLens.walkthroughShown';

/** Open samples/<file> from the extension and select `text` in it. */
async function openSample(s: Services, file: string, text: string): Promise<void> {
  const uri = vscode.Uri.joinPath(s.context.extensionUri, 'samples', file);
  const doc = await vscode.workspace.openTextDocument(uri);
  const ed = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preview: false });
  const at = doc.getText().indexOf(text);
  if (at < 0) throw new Error(`samples/${file} no longer holds “${text}”`);
  ed.selection = new vscode.Selection(doc.positionAt(at), doc.positionAt(at + text.length));
  ed.revealRange(ed.selection, vscode.TextEditorRevealType.InCenter);
}

async function runStep(s: Services, step: TryStep, override?: unknown): Promise<unknown> {
  if (step.sample) await openSample(s, step.sample.file, step.sample.select);
  // a test may pass a smaller training run (e.g. { steps: 20 }) on top of the step's argument
  const arg = override && typeof override === 'object' && step.arg && typeof step.arg === 'object' ? { ...step.arg, ...override } : step.arg;
  return arg === undefined ? vscode.commands.executeCommand(step.then) : vscode.commands.executeCommand(step.then, arg);
}

export function registerWalkthrough(s: Services, reg: Registrar): void {
  for (const step of TRY_STEPS) reg(step.command, (override?: unknown) => runStep(s, step, override));
  reg('modelLens.openWalkthrough', () => openWalkthrough(s));
  if (shouldOpenOnStart(s)) {
    void s.context.globalState.update(SHOWN_KEY, true);
    void Promise.resolve(openWalkthrough(s)).then(
      () => s.log('opened the Get Started walkthrough (first start)'),
      (e: Error) => s.log(`could not open the Get Started walkthrough: ${e.message}`),
    );
  }
}

function openWalkthrough(s: Services): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openWalkthrough', `${s.context.extension.id}#${WALKTHROUGH_ID}`, false);
}

/** First start of this installation, the setting on, and not inside the integration tests. */
function shouldOpenOnStart(s: Services): boolean {
  if (s.context.extensionMode === vscode.ExtensionMode.Test) return false;
  if (!vscode.workspace.getConfiguration('modelLens').get<boolean>('openWalkthroughOnFirstStart', true)) return false;
  return !s.context.globalState.get<boolean>(SHOWN_KEY, false);
}
