// Word-embedding features in VS Code: training, projector, analogies, neighbours, evaluation.
import * as vscode from 'vscode';
import type { Services } from '../services';
import type { Registrar } from './registrar';
import { wordAtCursor } from '../commands/embeddingModels';
import { ProjectorPanel } from '../panels/projectorPanel';
import { NeighborsPanel } from '../panels/neighborsPanel';
import { AnalogyPanel } from '../panels/analogyPanel';
import { trainEmbeddings, type TrainChoices } from '../commands/trainEmbeddings';
import { registerModelTree } from './modelTree';
import { evaluateEmbeddings } from '../commands/evaluateEmbeddings';
import { importVectors, type ImportChoices } from '../commands/importVectors';
import { registerEmbeddingHover } from './embeddingHover';

/** The word a command acts on: its argument (tests, tree), else the editor's selection or cursor word. */
async function targetWord(arg: unknown, prompt: string): Promise<string | undefined> {
  if (typeof arg === 'string' && arg.trim()) return arg.trim().toLowerCase();
  const w = wordAtCursor(vscode.window.activeTextEditor);
  if (w) return w;
  return (await vscode.window.showInputBox({ prompt, placeHolder: 'king' }))?.trim().toLowerCase() || undefined;
}

export function registerEmbeddings(s: Services, reg: Registrar): void {
  reg('modelLens.showProjector', () => ProjectorPanel.show(s));
  reg('modelLens.showInProjector', async (arg?: unknown) => {
    const word = await targetWord(arg, 'Word to show in the projector');
    return word ? ProjectorPanel.show(s, { focus: word }) : undefined;
  });
  reg('modelLens.showNeighbors', async (arg?: unknown) => {
    const word = await targetWord(arg, 'Word whose nearest neighbours to show');
    return word ? NeighborsPanel.show(s, word) : undefined;
  });
  const tree = registerModelTree(s, reg);
  reg('modelLens.trainEmbeddings', (given?: TrainChoices) =>
    trainEmbeddings(s, given && typeof given === 'object' && 'method' in given ? given : undefined, () => tree.refresh()),
  );
  reg('modelLens.evaluateEmbeddings', (arg?: unknown) => evaluateEmbeddings(s, arg));
  reg('modelLens.importVectors', (given?: ImportChoices) =>
    importVectors(s, given && typeof given === 'object' && typeof given.file === 'string' ? given : undefined, () => tree.refresh()),
  );
  registerEmbeddingHover(s);
  reg('modelLens.showAnalogy', (q?: { a: string; b: string; c: string }) => AnalogyPanel.show(s, q && typeof q.a === 'string' ? q : undefined));
}
