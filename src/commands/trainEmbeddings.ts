// "Model Lens: Train Word Embeddings…": quick picks for corpus, method and hyper-parameters, then the
// engine trains with a cancellable progress notification and the Training panel; the model is saved
// under the workspace's storage (models/<name>). Tests pass the choices as an argument instead.
import * as vscode from 'vscode';
import { withPanelProgress } from './panelProgress';
import { trainRequest, type EmbeddingMethodName, type TrainResultDto } from '../protocol/embeddings';
import { TrainingPanel } from '../panels/trainingPanel';
import type { Services } from '../services';
import { modelsDir } from './embeddingModels';
import { pickCorpus } from './pickCorpus';

/** The choices the quick picks collect; pass them to skip the prompts. */
export interface TrainChoices {
  /** A bundled corpus id or a file/folder path; with `text`, just its name. */
  corpus: string;
  text?: string;
  method: EmbeddingMethodName;
  config?: Record<string, number>;
  name?: string;
}

/** The hyper-parameters asked for, with each method's defaults (the engine's own defaults). */
export const MAIN_PARAMS: Record<EmbeddingMethodName, Record<string, number>> = {
  sgns: { dim: 100, window: 5, epochs: 5, minCount: 5 },
  cbow: { dim: 100, window: 5, epochs: 5, minCount: 5 },
  glove: { dim: 100, window: 10, epochs: 15, minCount: 5 },
  prevnext: { dim: 2, epochs: 50, minCount: 1 },
};

const METHOD_ITEMS: (vscode.QuickPickItem & { method: EmbeddingMethodName })[] = [
  { label: 'Skip-gram (SGNS)', description: 'word2vec skip-gram with negative sampling', method: 'sgns' },
  { label: 'CBOW', description: 'word2vec continuous bag of words', method: 'cbow' },
  { label: 'GloVe', description: 'weighted least squares on log co-occurrence counts', method: 'glove' },
  { label: 'Previous/next token (2-D)', description: 'the lecture\'s 2-D embedding language model', method: 'prevnext' },
];


async function pickParams(method: EmbeddingMethodName): Promise<Record<string, number> | undefined> {
  const defaults = MAIN_PARAMS[method];
  const summary = Object.entries(defaults).map(([k, v]) => `${k} ${v}`).join(', ');
  const how = await vscode.window.showQuickPick(
    [{ label: 'Train with the defaults', description: summary, edit: false }, { label: 'Change hyper-parameters…', edit: true }],
    { title: 'Train Word Embeddings (3/3): hyper-parameters' },
  );
  if (!how) return undefined;
  if (!how.edit) return { ...defaults };
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(defaults)) {
    const s = await vscode.window.showInputBox({
      title: `Hyper-parameter: ${k}`,
      value: String(v),
      validateInput: (x) => (/^\d+$/.test(x.trim()) && Number(x) > 0 ? undefined : 'a positive whole number'),
    });
    if (s === undefined) return undefined;
    out[k] = Number(s);
  }
  return out;
}

async function collect(s: Services): Promise<TrainChoices | undefined> {
  const corpus = await pickCorpus(s, 'Train Word Embeddings (1/3): corpus');
  if (!corpus) return undefined;
  const m = await vscode.window.showQuickPick(METHOD_ITEMS, { title: 'Train Word Embeddings (2/3): method' });
  if (!m) return undefined;
  const config = await pickParams(m.method);
  if (!config) return undefined;
  return { ...corpus, method: m.method, config };
}

/** A folder-safe default name: method-corpus-YYYYMMDD-HHMMSS. */
export function defaultModelName(method: string, corpus: string, d = new Date()): string {
  const base = corpus.split(/[\\/]/).filter(Boolean).pop() ?? 'corpus';
  const stamp = d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${method}-${base}-${stamp}`.replace(/[^\w.-]+/g, '_');
}

interface TrainProgressData {
  epoch: number;
  epochs: number;
  wordsDone: number;
  totalWords: number;
  loss: number;
  wordsPerSec: number;
  lr: number;
}

/** Runs the whole command; resolves with the engine's result (undefined when the person backed out). */
export async function trainEmbeddings(s: Services, given?: TrainChoices, onTrained?: () => void): Promise<(TrainResultDto & { out: string }) | undefined> {
  const c = given ?? (await collect(s));
  if (!c) return undefined;
  const config = { ...MAIN_PARAMS[c.method], ...c.config };
  const name = (c.name ?? defaultModelName(c.method, c.corpus)).replace(/[^\w.-]+/g, '_');
  const out = vscode.Uri.joinPath(modelsDir(s), name);
  await vscode.workspace.fs.createDirectory(modelsDir(s));
  const panel = TrainingPanel.open(s, `Training ${name}`);
  const unit = c.method === 'glove' ? 'pairs' : 'words';
  panel.run({ title: `${METHOD_ITEMS.find((x) => x.method === c.method)?.label ?? c.method} on ${c.corpus}`, rateUnit: `${unit}/s`, totalSteps: 0, stepUnit: unit, config: { corpus: c.corpus, ...config } });
  panel.status('running', 'Reading the corpus…', 0);
  const t0 = Date.now();
  try {
    const r = await withPanelProgress(panel, `Model Lens: training ${name}`, (token, report) =>
      s.engine.request(
        trainRequest,
        { corpus: c.corpus, text: c.text, method: c.method, config, out: out.fsPath },
        {
          token,
          task: `training ${name}`,
          onProgress: (p) => {
            const fraction = report(p.fraction, p.message);
            const d = p.data as TrainProgressData | undefined;
            if (!d) return;
            panel.points([{ step: d.wordsDone, loss: d.loss, rate: d.wordsPerSec, lr: d.lr }]);
            panel.status('running', `epoch ${d.epoch}/${d.epochs} · ${Math.round(fraction * 100)}%`, fraction);
          },
        },
      ),
    );
    // a run shorter than one progress report still gets its per-epoch losses drawn
    if (!panel.drawn.length) panel.points(r.lossHistory.map((h) => ({ step: h.wordsDone, loss: h.loss })));
    if (r.samples) {
      panel.sample(0, r.samples.before, 'before training');
      panel.sample(1, r.samples.after, 'after training');
    }
    panel.status('done', `Saved ${name}: ${r.model.words.toLocaleString('en-US')} words × ${r.model.dim} in ${r.seconds.toFixed(1)} s (${Math.round(r.wordsPerSec).toLocaleString('en-US')} ${unit}/s)`, 1);
    s.log(`trained ${name} in ${((Date.now() - t0) / 1000).toFixed(1)} s → ${out.fsPath}`);
    onTrained?.();
    if (!given) {
      void vscode.window
        .showInformationMessage(`Model Lens: trained ${name} (${r.model.words.toLocaleString('en-US')} words).`, 'Open in Projector')
        .then((pick) => pick && vscode.commands.executeCommand('modelLens.openModel', r.model.id));
    }
    return { ...r, out: out.fsPath };
  } catch (e) {
    const msg = (e as Error).message;
    const cancelled = msg === 'Cancelled' || /cancel/i.test(msg);
    panel.status(cancelled ? 'cancelled' : 'failed', cancelled ? 'Training cancelled; the last completed epoch is kept.' : msg);
    onTrained?.();
    throw cancelled ? new Error('Cancelled') : e;
  }
}
