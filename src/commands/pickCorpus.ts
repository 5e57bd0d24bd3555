// The corpus quick pick shared by every trainer: the active editor, workspace files (folder + glob;
// Restricted Mode asks first, and the size cap is checked before any file is read) or a bundled sample.
import * as vscode from 'vscode';
import { listRequest } from '../protocol/embeddings';
import { ensureTrusted } from '../features/trust';
import type { Services } from '../services';

export interface PickedCorpus {
  /** A bundled corpus id, or a label for text read here. */
  corpus: string;
  /** The text, when it came from the editor or workspace files. */
  text?: string;
}

export async function pickCorpus(s: Services, title: string): Promise<PickedCorpus | undefined> {
  const { corpora } = await s.engine.request(listRequest, {});
  const ed = vscode.window.activeTextEditor;
  type Item = vscode.QuickPickItem & { from: 'editor' | 'folder' | 'bundled'; id?: string };
  const items: Item[] = [
    ...(ed ? [{ label: '$(file) Active editor', description: vscode.workspace.asRelativePath(ed.document.uri), from: 'editor' as const }] : []),
    ...(vscode.workspace.workspaceFolders?.length ? [{ label: '$(folder) Workspace files…', description: 'a folder and a glob', from: 'folder' as const }] : []),
    ...corpora.map((c) => ({ label: `$(book) ${c.label}`, description: c.description, from: 'bundled' as const, id: c.id })),
  ];
  const pick = await vscode.window.showQuickPick(items, { title, placeHolder: 'Text to train on' });
  if (!pick) return undefined;
  if (pick.from === 'bundled') return { corpus: pick.id! };
  if (pick.from === 'editor' && ed) return { corpus: vscode.workspace.asRelativePath(ed.document.uri), text: ed.document.getText() };
  if (!(await ensureTrusted('Training on workspace files'))) return undefined;
  const folders = vscode.workspace.workspaceFolders ?? [];
  const folder = folders.length === 1 ? folders[0] : await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Folder to read' });
  if (!folder) return undefined;
  const glob = await vscode.window.showInputBox({ title: 'Files to train on', value: '**/*.{txt,md}', prompt: `Glob inside ${folder.name}` });
  if (!glob) return undefined;
  const files = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, glob), '**/node_modules/**', 5000);
  if (!files.length) throw new Error(`no files match ${glob} in ${folder.name}`);
  // the same cap the engine applies to files it reads itself, checked before reading anything
  const capMB = vscode.workspace.getConfiguration('modelLens').get<number>('maxCorpusMB', 256);
  const bytes = (await Promise.all(files.map((f) => vscode.workspace.fs.stat(f)))).reduce((sum, st) => sum + st.size, 0);
  if (bytes > capMB * 2 ** 20) {
    throw new Error(
      `${glob} in ${folder.name} matches ${Math.round(bytes / 2 ** 20)} MB of files, over the corpus size cap of ${capMB} MB: raise the setting "modelLens.maxCorpusMB" or narrow the glob`,
    );
  }
  const texts = await Promise.all(files.map(async (f) => new TextDecoder().decode(await vscode.workspace.fs.readFile(f))));
  return { corpus: `${folder.name}/${glob}`, text: texts.join('\n') };
}
