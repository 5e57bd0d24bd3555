// "Model Lens: Open Word Vectors…": a word2vec text/binary, GloVe text or TensorBoard projector TSV
// file (vectors.tsv + metadata.tsv) becomes an embedding model: asks for workspace trust, a vocabulary
// cap, imports through the engine (streaming, with progress) into the models folder, refreshes the
// Models view and opens the projector on it. Wrong formats get the engine's message with the line.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { importRequest, type EmbeddingModelDto, type VectorFormatName } from '../protocol/embeddings';
import { ensureTrusted } from '../features/trust';
import type { Services } from '../services';
import { modelsDir } from './embeddingModels';

/** The choices the prompts collect; pass them to skip the prompts. */
export interface ImportChoices {
  file: string;
  format?: VectorFormatName;
  /** Vocabulary cap: the first N words of the file (word-vector files are sorted by frequency). */
  maxWords?: number;
  name?: string;
  /** Open the projector on the imported model (default true). */
  open?: boolean;
}

export const DEFAULT_VOCAB_CAP = 50000;

const FORMAT_ITEMS: (vscode.QuickPickItem & { format?: VectorFormatName })[] = [
  { label: 'Detect from the file', description: '"count dim" header → word2vec, .bin → binary, .tsv → TensorBoard, else GloVe' },
  { label: 'word2vec text', description: 'first line "count dim", then "word x1 x2 …"', format: 'word2vec' },
  { label: 'GloVe text', description: '"word x1 x2 …" lines, no header', format: 'glove' },
  { label: 'word2vec binary', description: '.bin written by word2vec or gensim', format: 'word2vec-bin' },
  { label: 'TensorBoard projector TSV', description: 'vectors.tsv with metadata.tsv beside it', format: 'tsv' },
];

async function collect(): Promise<ImportChoices | undefined> {
  const uris = await vscode.window.showOpenDialog({
    title: 'Open Word Vectors (word2vec text/binary, GloVe text, TensorBoard vectors.tsv)',
    canSelectMany: false,
    filters: { 'Word vectors': ['txt', 'vec', 'bin', 'tsv'], 'All files': ['*'] },
  });
  const file = uris?.[0]?.fsPath;
  if (!file) return undefined;
  const fmt = await vscode.window.showQuickPick(FORMAT_ITEMS, { title: `Format of ${path.basename(file)}` });
  if (!fmt) return undefined;
  const cap = await vscode.window.showInputBox({
    title: 'Vocabulary cap',
    prompt: 'Keep the first N words of the file (files are usually sorted by frequency)',
    value: String(DEFAULT_VOCAB_CAP),
    validateInput: (x) => (/^\d+$/.test(x.trim()) && Number(x) > 0 ? undefined : 'a positive whole number'),
  });
  if (cap === undefined) return undefined;
  return { file, format: fmt.format, maxWords: Number(cap) };
}

/** A folder name under modelsDir that is not taken yet: <file name>[-2, -3, …]. */
async function freeName(s: Services, want: string): Promise<string> {
  const base = want.replace(/[^\w.-]+/g, '_').replace(/^\.+/, '') || 'vectors';
  for (let i = 1; ; i++) {
    const name = i === 1 ? base : `${base}-${i}`;
    try {
      await vscode.workspace.fs.stat(vscode.Uri.joinPath(modelsDir(s), name));
    } catch {
      return name;
    }
  }
}

function defaultName(file: string): string {
  const b = path.basename(file).replace(/\.(txt|vec|bin|tsv)$/i, '');
  // vectors.tsv says nothing: name it after its folder
  return b === 'vectors' ? path.basename(path.dirname(file)) || b : b;
}

/** Runs the whole command; resolves with the imported model (undefined when backed out or failed). */
export async function importVectors(s: Services, given?: ImportChoices, onImported?: () => void): Promise<EmbeddingModelDto | undefined> {
  if (!(await ensureTrusted('Opening word vectors'))) return undefined;
  const c = given ?? (await collect());
  if (!c) return undefined;
  const maxWords = c.maxWords ?? DEFAULT_VOCAB_CAP;
  const name = await freeName(s, c.name ?? defaultName(c.file));
  const out = vscode.Uri.joinPath(modelsDir(s), name);
  await vscode.workspace.fs.createDirectory(modelsDir(s));
  s.posted.delete('importVectors:error');
  try {
    const model = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Model Lens: opening ${path.basename(c.file)}`, cancellable: true },
      async (progress, token) => {
        let last = 0;
        return s.engine.request(
          importRequest,
          { file: c.file, format: c.format, maxWords, out: out.fsPath },
          {
            token,
            task: `importing ${name}`,
            onProgress: (p) => {
              const f = p.fraction ?? last;
              progress.report({ message: p.message, increment: Math.max(0, (f - last) * 100) });
              last = f;
            },
          },
        );
      },
    );
    s.log(`imported ${c.file} → ${out.fsPath}: ${model.words} words × ${model.dim}`);
    onImported?.();
    if (c.open ?? true) await vscode.commands.executeCommand('modelLens.openModel', model.id);
    if (!given) void vscode.window.showInformationMessage(`Model Lens: opened ${name} (${model.words.toLocaleString('en-US')} words × ${model.dim}).`);
    return model;
  } catch (e) {
    const msg = (e as Error).message;
    if (msg === 'Cancelled' || /cancel/i.test(msg)) return undefined;
    // nothing half-written stays behind: the engine writes the model atomically, but the folder may exist
    await vscode.workspace.fs.delete(out, { recursive: true, useTrash: false }).then(undefined, () => undefined);
    s.posted.set('importVectors:error', { message: msg });
    s.log(`import of ${c.file} failed: ${msg}`);
    void vscode.window.showErrorMessage(`Model Lens: could not open ${path.basename(c.file)}: ${msg}`);
    return undefined;
  }
}
