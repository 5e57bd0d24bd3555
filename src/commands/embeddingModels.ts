// Where trained embedding models live (context storage + /models/<name>), which model the panels
// show, and the word under the cursor. Shared by the projector, neighbours, analogy and tree.
import * as vscode from 'vscode';
import { listRequest, type EmbeddingModelDto } from '../protocol/embeddings';
import type { Services } from '../services';

export const DEFAULT_EMBEDDING_MODEL = 'glove-default';

/** Folder holding one subfolder per trained or imported model. */
export function modelsDir(s: Services): vscode.Uri {
  return vscode.Uri.joinPath(s.context.storageUri ?? s.context.globalStorageUri, 'models');
}

/** The default model plus every model saved under modelsDir. */
export async function listModels(s: Services): Promise<EmbeddingModelDto[]> {
  const r = await s.engine.request(listRequest, { folders: [modelsDir(s).fsPath] });
  return r.models;
}

/** Which embedding model the panels use: the last one opened from the Model Lens view. */
let current = DEFAULT_EMBEDDING_MODEL;
export function currentModel(): string {
  return current;
}
export function setCurrentModel(id: string): void {
  current = id;
}

export async function modelLabel(s: Services, id: string): Promise<string> {
  try {
    const m = (await listModels(s)).find((x) => x.id === id);
    return m ? `${m.label} · ${m.words.toLocaleString('en-US')} words × ${m.dim}` : id;
  } catch {
    return id;
  }
}

/** The selected text's first word, or the word under the cursor; lowercased like the vocabularies. */
export function wordAtCursor(ed: vscode.TextEditor | undefined): string | undefined {
  if (!ed) return undefined;
  const sel = ed.selection;
  const text = sel.isEmpty
    ? ed.document.getText(ed.document.getWordRangeAtPosition(sel.active, /[\p{L}\p{N}'-]+/u) ?? sel)
    : ed.document.getText(sel);
  return wordsIn(text)[0];
}

/** Distinct lowercased words of a text, in order, at most `max`. */
export function wordsIn(text: string, max = 200): string[] {
  const out = new Set<string>();
  for (const m of text.toLowerCase().matchAll(/[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*/gu)) {
    out.add(m[0]);
    if (out.size >= max) break;
  }
  return [...out];
}
