// The "Models" tree in the Model Lens activity-bar view: the embedded GloVe vectors, the embedded
// language models, and every model trained or imported into the storage folder (word vectors, language models,
// classifiers, sequence-to-sequence models), with actions.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { listClassifiers, type ClassifierEntry } from './classify';
import { exportRequest, type EmbeddingModelDto, type VectorFormatName } from '../protocol/embeddings';
import { DEFAULT_EMBEDDING_MODEL, listModels, modelsDir, setCurrentModel } from '../commands/embeddingModels';
import { ProjectorPanel } from '../panels/projectorPanel';
import type { Services } from '../services';
import type { Registrar } from './registrar';
import { describeLm, listLanguageModels, type LmEntry } from '../commands/lm/lmModels';
import { chosenModel } from '../commands/lm/selection';
import { ARCH_LABELS, trainedModels } from '../commands/rnn/seq2seq';
import { seq2seqDescribeRequest, type Seq2SeqSummary } from '../protocol/rnn';

export type ModelNode =
  | { kind: 'embedding'; model: EmbeddingModelDto; trained: boolean }
  | { kind: 'lm'; id: string; label: string; description: string; entry?: LmEntry }
  | { kind: 'classifier'; entry: ClassifierEntry }
  | { kind: 'seq2seq'; dir: string; label: string; summary?: Seq2SeqSummary }
  | { kind: 'message'; label: string };

export class ModelTreeProvider implements vscode.TreeDataProvider<ModelNode> {
  static current: ModelTreeProvider | undefined;
  private readonly changed = new vscode.EventEmitter<ModelNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** The last list shown (tests read it). */
  nodes: ModelNode[] = [];

  constructor(private s: Services) {
    ModelTreeProvider.current = this;
  }

  /** Re-read the storage folder (call after training, importing or deleting a model). */
  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(parent?: ModelNode): Promise<ModelNode[]> {
    if (parent) return [];
    try {
      const models = await listModels(this.s);
      this.nodes = [
        ...models.map((m): ModelNode => ({ kind: 'embedding', model: m, trained: m.id !== DEFAULT_EMBEDDING_MODEL })),
        ...(await this.languageModels()),
        ...listClassifiers(this.s).map((entry): ModelNode => ({ kind: 'classifier', entry })),
        ...(await this.seq2seqModels()),
      ];
    } catch (e) {
      this.nodes = [{ kind: 'message', label: `Could not list models: ${(e as Error).message}` }];
    }
    this.s.posted.set('models:tree', this.nodes);
    return this.nodes;
  }

  /** The embedded LM, trained checkpoints and the setting's folders; a listing error becomes one row. */
  private async languageModels(): Promise<ModelNode[]> {
    try {
      return (await listLanguageModels(this.s)).map((e): ModelNode => ({ kind: 'lm', id: e.id, label: e.label, description: describeLm(e), entry: e }));
    } catch (e) {
      return [{ kind: 'message', label: `Could not list language models: ${(e as Error).message}` }];
    }
  }

  /** Trained encoder–decoders with their saved accuracy by length (read from JSON; no engine call when there are none). */
  private async seq2seqModels(): Promise<ModelNode[]> {
    const trained = trainedModels(this.s);
    if (!trained.length) return [];
    try {
      const { models } = await this.s.engine.request(seq2seqDescribeRequest, { dirs: trained.map((m) => m.dir) });
      return trained.map((m, i): ModelNode => ({ kind: 'seq2seq', dir: m.dir, label: m.label, summary: models[i] }));
    } catch (e) {
      return [{ kind: 'message', label: `Could not list sequence-to-sequence models: ${(e as Error).message}` }];
    }
  }

  getTreeItem(n: ModelNode): vscode.TreeItem {
    switch (n.kind) {
      case 'embedding': {
        const m = n.model;
        const item = new vscode.TreeItem(m.label, vscode.TreeItemCollapsibleState.None);
        const date = m.createdAt ? new Date(m.createdAt).toLocaleString() : 'embedded';
        item.id = m.id;
        item.description = `${m.method} · ${m.corpus}${n.trained ? ` · ${date}` : ''}`;
        const config = m.config ? Object.entries(m.config).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ') : '';
        item.tooltip = new vscode.MarkdownString(
          [`**${m.label}** — ${m.method} word vectors`, item.description, `corpus: ${m.corpus}`, `${m.words.toLocaleString('en-US')} words × ${m.dim}`, `created: ${date}`, config && `config: ${config}`]
            .filter(Boolean)
            .join('\n\n'),
        );
        item.iconPath = new vscode.ThemeIcon(n.trained ? 'symbol-array' : 'package');
        item.contextValue = n.trained ? 'embedding.trained' : 'embedding.default';
        item.command = { command: 'modelLens.openModel', title: 'Open in Projector', arguments: [n] };
        return item;
      }
      case 'lm': {
        const item = new vscode.TreeItem(n.label, vscode.TreeItemCollapsibleState.None);
        const origin = n.entry?.origin ?? 'default';
        const inUse = path.resolve(chosenModel()) === path.resolve(n.id) || chosenModel() === n.id;
        item.id = `lm:${n.id}`;
        item.description = `${inUse ? '● ' : ''}${n.description}`;
        const encoder = n.entry?.config?.causal === false;
        const where = { default: encoder ? 'The small bidirectional (masked-language) encoder shipped with Model Lens' : 'A small transformer language model shipped with Model Lens', trained: 'Trained in Model Lens', folder: 'From the setting modelLens.modelFolders' }[origin];
        const m = n.entry?.meta;
        item.tooltip = new vscode.MarkdownString(
          [`**${n.label}** — ${where}`, origin !== 'default' && `folder: \`${n.id}\``, n.description, typeof m?.description === 'string' && m.description, typeof m?.corpus === 'string' && `corpus: ${m.corpus}`, inUse && 'used for predictions', encoder && 'bidirectional: Predict Masked Word, Show Attention and Compare Word in Contexts (Bidirectional Model)']
            .filter(Boolean)
            .join('\n\n'),
        );
        item.iconPath = new vscode.ThemeIcon(n.entry?.error ? 'warning' : origin === 'folder' ? 'library' : 'hubot');
        item.contextValue = `lm.${origin}`;
        item.command = { command: 'modelLens.showModelCard', title: 'Show Model Card', arguments: [n] };
        return item;
      }
      case 'seq2seq': {
        const sm = n.summary;
        const item = new vscode.TreeItem(n.label, vscode.TreeItemCollapsibleState.None);
        // exact-match accuracy at the longest test length: where the fixed-context bottleneck shows
        const longest = sm?.accuracy?.at(-1);
        const arch = sm?.arch ? ARCH_LABELS[sm.arch] : 'seq2seq';
        item.id = `seq2seq:${n.dir}`;
        item.description = sm?.error ?? `seq2seq · ${arch}${longest ? ` · exact ${(100 * longest.accuracy).toFixed(0)}% at length ${longest.length}` : ''}`;
        item.tooltip = new vscode.MarkdownString(
          [`**${n.label}** — encoder–decoder trained in Model Lens on the *${sm?.task ?? '?'}* task`, item.description, `folder: \`${n.dir}\``, 'click: Show Seq2Seq Alignment']
            .join('\n\n'),
        );
        item.iconPath = new vscode.ThemeIcon(sm?.error ? 'warning' : 'arrow-swap');
        item.contextValue = 'seq2seq';
        item.command = { command: 'modelLens.showSeq2Seq', title: 'Show Seq2Seq Alignment', arguments: [{ task: sm?.task, dir: n.dir }] };
        return item;
      }
      case 'classifier': {
        const e = n.entry;
        const item = new vscode.TreeItem(e.label, vscode.TreeItemCollapsibleState.None);
        const pct = (x?: number) => (x === undefined ? '?' : `${(100 * x).toFixed(1)}%`);
        item.id = `classifier:${e.dir}`;
        item.description = `classifier · ${e.labels.length} classes · val ${pct(e.valAccuracy)} (majority ${pct(e.baseline)})`;
        item.tooltip = new vscode.MarkdownString(
          // the whole description too: the tree cuts it off in a narrow side bar
          [`**${e.label}** — text classifier ${e.from ? `fine-tuned from ${e.from}` : 'trained from scratch'} in Model Lens`, item.description, `classes: ${e.labels.join(', ')}`, e.pool && `pooling: ${e.pool}`, e.data && `data: \`${e.data}\``, e.savedAt && `saved: ${new Date(e.savedAt).toLocaleString()}`]
            .filter(Boolean)
            .join('\n\n'),
        );
        item.iconPath = new vscode.ThemeIcon('tag');
        item.contextValue = 'classifier';
        item.command = { command: 'modelLens.showConfusionMatrix', title: 'Show Confusion Matrix', arguments: [{ modelId: e.dir }] };
        return item;
      }
      case 'message':
        return new vscode.TreeItem(n.label);
    }
  }
}

/** A model id from a tree node, an id string (tests) or undefined (ask). */
function idOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && (arg as ModelNode).kind === 'embedding') return (arg as { model: EmbeddingModelDto }).model.id;
  if (arg && typeof arg === 'object' && (arg as ModelNode).kind === 'lm') return (arg as { id: string }).id;
  return undefined;
}

function checkInStorage(s: Services, id: string): void {
  const dir = modelsDir(s).fsPath;
  if (path.dirname(path.resolve(id)) !== path.resolve(dir)) throw new Error(`${id} is not a model saved by Model Lens`);
}

export function registerModelTree(s: Services, reg: Registrar): ModelTreeProvider {
  const tree = new ModelTreeProvider(s);
  s.context.subscriptions.push(vscode.window.createTreeView('modelLens.models', { treeDataProvider: tree, showCollapseAll: false }));
  reg('modelLens.refreshModels', () => tree.refresh());
  reg('modelLens.openModel', (arg?: unknown) => {
    const id = idOf(arg) ?? DEFAULT_EMBEDDING_MODEL;
    setCurrentModel(id);
    return ProjectorPanel.show(s, { model: id });
  });
  reg('modelLens.renameModel', async (arg?: unknown, newName?: unknown) => {
    const id = idOf(arg);
    if (!id) return undefined;
    checkInStorage(s, id);
    const name =
      typeof newName === 'string'
        ? newName
        : await vscode.window.showInputBox({
            title: 'Rename model',
            value: path.basename(id),
            validateInput: (v) => (/^[\w.-]+$/.test(v) ? undefined : 'letters, digits, ".", "_" and "-" only'),
          });
    if (!name || name === path.basename(id)) return undefined;
    const to = vscode.Uri.file(path.join(path.dirname(id), name));
    await vscode.workspace.fs.rename(vscode.Uri.file(id), to, { overwrite: false });
    tree.refresh();
    return to.fsPath;
  });
  reg('modelLens.deleteModel', async (arg?: unknown, confirmed?: unknown) => {
    const id = idOf(arg);
    if (!id) return undefined;
    checkInStorage(s, id);
    if (confirmed !== true) {
      const ok = await vscode.window.showWarningMessage(`Delete the model "${path.basename(id)}"? This cannot be undone.`, { modal: true }, 'Delete');
      if (ok !== 'Delete') return false;
    }
    await vscode.workspace.fs.delete(vscode.Uri.file(id), { recursive: true, useTrash: false });
    tree.refresh();
    return true;
  });
  reg('modelLens.exportModel', async (arg?: unknown, target?: { format: VectorFormatName; file: string }) => {
    const id = idOf(arg) ?? DEFAULT_EMBEDDING_MODEL;
    let format = target?.format;
    let file = target?.file;
    if (!format || !file) {
      const pick = await vscode.window.showQuickPick(
        [
          { label: 'word2vec text', description: '.txt with a "words dim" header', format: 'word2vec' as const, ext: 'txt' },
          { label: 'GloVe text', description: '.txt without header', format: 'glove' as const, ext: 'txt' },
          { label: 'word2vec binary', description: '.bin', format: 'word2vec-bin' as const, ext: 'bin' },
          { label: 'TensorBoard projector TSV', description: 'vectors.tsv + metadata.tsv', format: 'tsv' as const, ext: 'tsv' },
        ],
        { title: 'Export word vectors as' },
      );
      if (!pick) return undefined;
      const uri = await vscode.window.showSaveDialog({
        defaultUri: vscode.Uri.joinPath(vscode.workspace.workspaceFolders?.[0]?.uri ?? modelsDir(s), `${path.basename(id)}.${pick.ext}`),
      });
      if (!uri) return undefined;
      format = pick.format;
      file = uri.fsPath;
    }
    const r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Exporting ${path.basename(id)}…` }, () =>
      s.engine.request(exportRequest, { model: id, format: format!, file: file! }, { task: 'export' }),
    );
    if (!target) void vscode.window.showInformationMessage(`Model Lens: exported ${r.files.join(', ')}`);
    return r.files;
  });
  return tree;
}
