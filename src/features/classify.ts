// Text-classifier features in VS Code: Train Text Classifier… (quick picks, cancellable progress, the shared
// Training panel with loss and validation accuracy/macro-F1 curves),
// Classify Selection (probability bars + pooled attention) and the confusion matrix with click-through to source lines.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  CLASSIFY_SAMPLES, POOLINGS, classifyColumnsRequest, classifyTrainRequest,
  type ClassifyProgressData, type ClassifyTrainParams, type ClassifyTrainResult, type Pooling,
} from '../protocol/classify';
import { ClassifyConfusionPanel } from '../panels/classifyConfusionPanel';
import { ClassifyPanel } from '../panels/classifyPanel';
import { TrainingPanel } from '../panels/trainingPanel';
import type { Services } from '../services';
import type { Registrar } from './registrar';
import { ensureTrusted } from './trust';
import { withPanelProgress } from '../commands/panelProgress';
import { listLanguageModels } from '../commands/lm/lmModels';

const CURRENT = 'modelLens.classifier.current';

/** Arguments that skip the quick picks (tests, other commands). */
export interface TrainClassifierArgs extends Partial<Omit<ClassifyTrainParams, 'progressToken'>> {
  /** A bundled sample id instead of `data`. */
  sample?: string;
}

export function classifiersDir(s: Services): string {
  return path.join(s.context.globalStorageUri.fsPath, 'classifiers');
}

/** One saved classifier as the Models view lists it (read from its JSON files, no weights loaded). */
export interface ClassifierEntry {
  dir: string;
  label: string;
  labels: string[];
  pool?: string;
  valAccuracy?: number;
  baseline?: number;
  savedAt?: string;
  data?: string;
  /** The pretrained encoder it was fine-tuned from (its display name); absent when trained from scratch. */
  from?: string;
}

/** Saved classifiers, newest first; a folder whose files cannot be read is listed with what is known. */
export function listClassifiers(s: Services): ClassifierEntry[] {
  const root = classifiersDir(s);
  if (!fs.existsSync(root)) return [];
  const out: ClassifierEntry[] = [];
  for (const name of fs.readdirSync(root).sort().reverse()) {
    const dir = path.join(root, name);
    const manifestFile = path.join(dir, 'manifest.json');
    if (!fs.existsSync(manifestFile)) continue;
    const e: ClassifierEntry = { dir, label: name, labels: [] };
    try {
      const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { savedAt?: string; metrics?: string };
      const cfg = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as {
        config?: { pool?: string };
        labels?: string[];
        meta?: { data?: string; name?: string; from?: { name?: string } };
      };
      e.labels = cfg.labels ?? [];
      e.pool = cfg.config?.pool;
      e.data = cfg.meta?.data;
      e.from = cfg.meta?.from?.name;
      e.savedAt = manifest.savedAt;
      if (manifest.metrics) {
        const m = JSON.parse(fs.readFileSync(path.join(dir, manifest.metrics), 'utf8')) as {
          history?: { epoch: number; valAccuracy?: number; accuracy?: number }[];
          bestEpoch?: number;
          baseline?: { accuracy?: number };
        };
        const best = m.history?.find((h) => h.epoch === m.bestEpoch) ?? m.history?.at(-1);
        e.valAccuracy = best?.valAccuracy ?? best?.accuracy;
        e.baseline = m.baseline?.accuracy;
      }
    } catch {
      /* listed with its folder name only */
    }
    out.push(e);
  }
  return out;
}

/** The classifier commands act on: the last trained (or chosen) one that still exists. */
export function currentClassifier(s: Services): string | undefined {
  const d = s.context.globalState.get<string>(CURRENT);
  return d && fs.existsSync(path.join(d, 'manifest.json')) ? d : undefined;
}

async function pickData(s: Services): Promise<{ data: string; textColumn?: string; labelColumn?: string } | undefined> {
  type Item = vscode.QuickPickItem & { file?: string; sample?: (typeof CLASSIFY_SAMPLES)[number]; browse?: boolean };
  const items: Item[] = CLASSIFY_SAMPLES.map((x) => ({ label: `$(book) ${x.title}`, description: path.basename(x.file), detail: 'bundled sample', sample: x }));
  const files = await vscode.workspace.findFiles('**/*.{csv,tsv,jsonl,ndjson}', '**/node_modules/**', 200);
  if (files.length) items.push({ label: 'workspace', kind: vscode.QuickPickItemKind.Separator });
  for (const f of files) items.push({ label: `$(file) ${vscode.workspace.asRelativePath(f)}`, file: f.fsPath });
  items.push({ label: '$(folder-opened) Choose a file…', browse: true });
  const pick = await vscode.window.showQuickPick(items, { title: 'Train Text Classifier: labelled data (CSV, TSV or JSONL)', matchOnDescription: true });
  if (!pick) return undefined;
  if (pick.sample) return { data: path.join(s.context.extensionPath, pick.sample.file), textColumn: pick.sample.textColumn, labelColumn: pick.sample.labelColumn };
  let file = pick.file;
  if (pick.browse) {
    const uris = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Labelled text': ['csv', 'tsv', 'jsonl', 'ndjson'] } });
    file = uris?.[0]?.fsPath;
  }
  if (!file) return undefined;
  if (!(await ensureTrusted('Training a classifier on a workspace file'))) return undefined;
  return { data: file };
}

async function pickColumn(title: string, columns: string[], preferred: string | undefined, exclude?: string): Promise<string | undefined> {
  const cols = columns.filter((c) => c !== exclude);
  const items = cols.map((c) => ({ label: c, picked: c === preferred }));
  items.sort((a, b) => Number(b.picked) - Number(a.picked));
  return (await vscode.window.showQuickPick(items, { title }))?.label;
}

/**
 * Where the encoder starts: a fresh one trained from scratch, or a pretrained bidirectional model fine-tuned with a new
 * head (the embedded default encoder, masked LMs trained here, BERT-family folders opened in Model Lens, or a folder).
 * Returns null for "from scratch", undefined when dismissed.
 */
async function pickStart(s: Services): Promise<string | null | undefined> {
  type Item = vscode.QuickPickItem & { from?: string | null; browse?: boolean };
  const items: Item[] = [{ label: '$(circle-large-outline) A new encoder, trained from scratch', description: 'small, fast; learns only from this data', from: null }];
  const encoders = (await listLanguageModels(s)).filter((m) => !m.error && m.config?.causal === false);
  for (const m of encoders) {
    const params = m.params ? `${(m.params / 1e6).toFixed(m.params < 1e7 ? 1 : 0)} M parameters` : '';
    items.push({ label: `$(library) Fine-tune ${String(m.meta?.name ?? m.label)}`, description: [m.label, params].filter(Boolean).join(' · '), detail: 'pretrained bidirectional encoder + a new classification head', from: m.id });
  }
  items.push({ label: '$(folder-opened) Fine-tune a BERT / DistilBERT folder…', browse: true });
  const pick = await vscode.window.showQuickPick(items, { title: 'Train Text Classifier: start from' });
  if (!pick) return undefined;
  if (!pick.browse) return pick.from ?? null;
  const uris = await vscode.window.showOpenDialog({ canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel: 'Fine-tune this encoder' });
  const dir = uris?.[0]?.fsPath;
  if (!dir || !(await ensureTrusted('Fine-tuning a model folder'))) return undefined;
  return dir;
}

/** How long the Quick budget takes, for its description. */
function quickTime(from: string | undefined): string {
  if (!from) return 'about a minute';
  return from === 'default-encoder' ? 'a minute or two' : 'time grows with the model: BERT-base takes the better part of an hour on CPU';
}

async function trainClassifier(s: Services, args: TrainClassifierArgs = {}): Promise<ClassifyTrainResult | undefined> {
  let data = args.data;
  let textColumn = args.textColumn;
  let labelColumn = args.labelColumn;
  const sample = CLASSIFY_SAMPLES.find((x) => x.id === args.sample);
  if (sample) {
    data = path.join(s.context.extensionPath, sample.file);
    textColumn ??= sample.textColumn;
    labelColumn ??= sample.labelColumn;
  } else if (data) {
    if (!data.startsWith(s.context.extensionPath) && !(await ensureTrusted('Training a classifier on a workspace file'))) return undefined;
  } else {
    const picked = await pickData(s);
    if (!picked) return undefined;
    ({ data } = picked);
    textColumn = picked.textColumn;
    labelColumn = picked.labelColumn;
    const { columns } = await s.engine.request(classifyColumnsRequest, { file: data });
    textColumn = await pickColumn('Column holding the text', columns, textColumn ?? columns.find((c) => /text|review|sentence|body/i.test(c)));
    if (!textColumn) return undefined;
    labelColumn = await pickColumn('Column holding the label (class)', columns, labelColumn ?? columns.find((c) => /label|class|star|rating|genre|party/i.test(c)), textColumn);
    if (!labelColumn) return undefined;
  }
  if (!data || !textColumn || !labelColumn) return undefined;
  let from = args.from;
  if (from === undefined && args.pool === undefined) {
    const start = await pickStart(s);
    if (start === undefined) return undefined;
    from = start ?? undefined;
  }
  // a pretrained encoder was trained to read its [CLS] state: that is its pooling unless asked otherwise
  let pool = args.pool ?? (from ? 'cls' : undefined);
  if (!pool) {
    const p = await vscode.window.showQuickPick(
      [
        { label: 'mean' as Pooling, description: 'average of every token (usually trains fastest)' },
        { label: 'cls' as Pooling, description: 'a [CLS] token prepended; the class is read from its final state' },
      ],
      { title: 'Pooling: how the encoder turns tokens into one vector' },
    );
    if (!p) return undefined;
    pool = p.label;
  }
  if (!POOLINGS.includes(pool)) throw new Error(`pooling must be cls or mean, got ${pool}`);
  let budget: Partial<ClassifyTrainParams> = {};
  if (args.epochs === undefined && args.maxExamples === undefined) {
    const b = await vscode.window.showQuickPick(
      [
        // a pretrained encoder costs what its size costs (BERT-base is ~100× the embedded encoder per token), and keeps
        // its own smaller fine-tuning rate rather than the quick from-scratch one
        { label: 'Quick', description: `a stratified 1,000 examples, 4 epochs (${quickTime(from)})`, budget: { maxExamples: 1000, epochs: 4, ...(from ? {} : { learningRate: 4e-3 }) } },
        { label: 'Full', description: 'every example, 4 epochs; the best epoch is kept', budget: {} },
      ],
      { title: 'How long to train' },
    );
    if (!b) return undefined;
    budget = b.budget;
  }
  const base = `${path.basename(data).replace(/\.[^.]+$/, '').replace(/[^A-Za-z0-9_-]+/g, '-')}${from ? '-finetuned' : ''}`;
  const out = args.out ?? path.join(classifiersDir(s), `${base}-${labelColumn.replace(/[^A-Za-z0-9_-]+/g, '-')}-${pool}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  const params: ClassifyTrainParams = { ...budget, ...args, data, textColumn, labelColumn, pool, out, ...(from ? { from } : {}) };
  delete (params as { sample?: string }).sample;
  const panel = TrainingPanel.open(s, `Training classifier: ${path.basename(data)}`);
  panel.run({
    title: `Text classifier on ${path.basename(data)} (${labelColumn})`,
    rateUnit: 'steps/s',
    totalSteps: 0,
    stepUnit: 'step',
    config: {
      data: path.basename(data), text: textColumn, label: labelColumn, pool, epochs: params.epochs ?? 4,
      ...(params.maxExamples ? { maxExamples: params.maxExamples } : {}), start: from ? `fine-tune ${from === 'default-encoder' ? from : path.basename(from)}` : 'from scratch',
    },
  });
  panel.status('running', 'Reading the data and building the vocabulary…', 0);
  let result: ClassifyTrainResult;
  try {
    result = await withPanelProgress(panel, `Training a text classifier on ${path.basename(data)}`, (token, report) =>
      s.engine.request(classifyTrainRequest, params, {
        token,
        task: 'train classifier',
        onProgress: (p) => {
          const fraction = report(p.fraction ?? 0, p.message);
          const d = p.data as ClassifyProgressData | undefined;
          if (!d) return;
          s.posted.set('classifyTraining:progress', d);
          const metrics = d.valAccuracy === undefined ? undefined : { valAccuracy: d.valAccuracy, macroF1: d.macroF1 ?? 0 };
          panel.points([{ step: d.step, loss: d.loss, ...(metrics ? { metrics } : {}) }]);
          panel.status('running', p.message ?? `step ${d.step}/${d.totalSteps}`, fraction);
        },
      }),
    );
  } catch (e) {
    const msg = (e as Error).message;
    const cancelled = /cancel/i.test(msg);
    panel.status(cancelled ? 'cancelled' : 'failed', cancelled ? 'Training cancelled; the best completed epoch is kept.' : msg);
    throw cancelled ? new Error('Cancelled') : e;
  }
  await s.context.globalState.update(CURRENT, result.modelDir);
  const best = result.history[result.bestEpoch - 1];
  const msg = `Classifier ${result.from ? `fine-tuned from ${result.from.name}` : 'trained'}: validation accuracy ${(100 * best.accuracy).toFixed(1)}% vs majority baseline ${(100 * result.baseline.accuracy).toFixed(1)}% (macro-F1 ${best.macroF1.toFixed(3)}).`;
  s.log(`${msg} Saved in ${result.modelDir}. ${result.notes.join('; ')}`);
  panel.status('done', `${msg} Kept epoch ${result.bestEpoch}; ${result.seconds.toFixed(0)} s.`, 1);
  void vscode.commands.executeCommand('modelLens.refreshModels');
  void vscode.window.showInformationMessage(`Model Lens: ${msg}`, 'Show Confusion Matrix').then((pick) => {
    if (pick) void vscode.commands.executeCommand('modelLens.showConfusionMatrix', { modelId: result.modelDir });
  });
  return result;
}

/** A classifier to use: the argument, the current one, or one the person picks among the saved ones. */
async function chooseClassifier(s: Services, arg?: string): Promise<string | undefined> {
  if (arg) {
    if (!arg.startsWith(classifiersDir(s)) && !(await ensureTrusted('Opening a classifier folder'))) return undefined;
    return arg;
  }
  const cur = currentClassifier(s);
  if (cur) return cur;
  const dir = classifiersDir(s);
  const saved = fs.existsSync(dir) ? fs.readdirSync(dir).filter((d) => fs.existsSync(path.join(dir, d, 'manifest.json'))).sort().reverse() : [];
  const train = '$(add) Train Text Classifier…';
  const pick = await vscode.window.showQuickPick([...saved, train], { title: 'Which text classifier?' });
  if (!pick) return undefined;
  if (pick === train) return (await trainClassifier(s))?.modelDir;
  const chosen = path.join(dir, pick);
  await s.context.globalState.update(CURRENT, chosen);
  return chosen;
}

export function registerClassify(s: Services, reg: Registrar): void {
  reg('modelLens.trainClassifier', (args?: TrainClassifierArgs) => trainClassifier(s, args && typeof args === 'object' ? args : {}));
  reg('modelLens.classifySelection', async (arg?: { text?: string; modelId?: string }) => {
    const a = arg && typeof arg === 'object' && !(arg instanceof vscode.Uri) ? arg : {};
    const ed = vscode.window.activeTextEditor;
    const text = typeof a.text === 'string' ? a.text : ed && !ed.selection.isEmpty ? ed.document.getText(ed.selection) : undefined;
    if (!text?.trim()) {
      void vscode.window.showInformationMessage('Model Lens: select some text to classify first.');
      return undefined;
    }
    const modelId = await chooseClassifier(s, typeof a.modelId === 'string' ? a.modelId : undefined);
    if (!modelId) return undefined;
    await ClassifyPanel.show(s, modelId, text);
    return s.posted.get('classify:prediction');
  });
  reg('modelLens.showConfusionMatrix', async (arg?: { modelId?: string }) => {
    const modelId = await chooseClassifier(s, arg && typeof arg.modelId === 'string' ? arg.modelId : undefined);
    if (!modelId) return undefined;
    const p = await ClassifyConfusionPanel.show(s, modelId);
    void p;
    return s.posted.get('confusion:confusion');
  });
}
