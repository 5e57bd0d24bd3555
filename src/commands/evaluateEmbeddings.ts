// "Model Lens: Evaluate Embeddings…": pick a model (or get it from the Models view), an analogy file in
// the questions-words format (the bundled Google set or a file) and optional word-pair similarity files,
// and the top-N candidate cut; the engine runs it with a cancellable progress notification and the
// Evaluation panel shows accuracy per section, overall, coverage and Spearman ρ. Tests pass the choices.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { withPanelProgress } from './panelProgress';
import { evaluateRequest, type EmbeddingModelDto } from '../protocol/embeddings';
import type { EvaluationReport } from '../protocol/webview/evaluation';
import { EvaluationPanel } from '../panels/evaluationPanel';
import type { Services } from '../services';
import { DEFAULT_EMBEDDING_MODEL, listModels } from './embeddingModels';

export const BUNDLED_ANALOGIES = 'questions-words.txt (bundled)';

/** The choices the prompts collect; pass them to skip the prompts. */
export interface EvaluateChoices {
  model: string;
  /** Path of a questions-words file; undefined: the bundled Google analogy set. */
  analogies?: string;
  similarity?: string[];
  topN?: number;
}

/** A model id from a Models-view node ({kind: 'embedding', model}) or a plain id string. */
function modelFromArg(arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg) return arg;
  if (arg && typeof arg === 'object') {
    const n = arg as { kind?: unknown; model?: unknown };
    if (n.kind === 'embedding' && n.model && typeof (n.model as EmbeddingModelDto).id === 'string') return (n.model as EmbeddingModelDto).id;
  }
  return undefined;
}

function isChoices(arg: unknown): arg is EvaluateChoices {
  return !!arg && typeof arg === 'object' && typeof (arg as EvaluateChoices).model === 'string';
}

async function pickModel(s: Services): Promise<{ id: string; label: string } | undefined> {
  const models = await listModels(s);
  const pick = await vscode.window.showQuickPick(
    models.map((m) => ({
      label: m.label,
      description: `${m.method} · ${m.words.toLocaleString('en-US')} words × ${m.dim}`,
      detail: m.id === DEFAULT_EMBEDDING_MODEL ? 'embedded' : m.corpus,
      id: m.id,
    })),
    { title: 'Evaluate Embeddings (1/4): model', placeHolder: 'Word vectors to evaluate' },
  );
  return pick && { id: pick.id, label: pick.label };
}

async function pickAnalogies(): Promise<{ file?: string } | undefined> {
  const pick = await vscode.window.showQuickPick(
    [
      { label: '$(book) questions-words.txt', description: 'Google analogy set, 19,544 questions in 14 sections (bundled)', file: false },
      { label: '$(file) Choose a file…', description: '": section" lines and "a b c d" questions (b − a + c ≈ d)', file: true },
    ],
    { title: 'Evaluate Embeddings (2/4): analogy questions' },
  );
  if (!pick) return undefined;
  if (!pick.file) return {};
  const uris = await vscode.window.showOpenDialog({ title: 'Analogy file (questions-words format)', canSelectMany: false, filters: { Text: ['txt'], 'All files': ['*'] } });
  return uris?.[0] ? { file: uris[0].fsPath } : undefined;
}

async function pickSimilarity(): Promise<string[] | undefined> {
  const pick = await vscode.window.showQuickPick(
    [
      { label: 'No similarity file', description: 'analogies only', choose: false },
      { label: '$(file) Choose word-pair files…', description: '"word1 word2 score" lines (WordSim-353, SimLex-999, MEN…) → Spearman ρ', choose: true },
    ],
    { title: 'Evaluate Embeddings (3/4): word-pair similarity (optional)' },
  );
  if (!pick) return undefined;
  if (!pick.choose) return [];
  const uris = await vscode.window.showOpenDialog({ title: 'Word-pair similarity files', canSelectMany: true, filters: { Text: ['txt', 'tsv', 'csv'], 'All files': ['*'] } });
  return uris ? uris.map((u) => u.fsPath) : undefined;
}

async function pickTopN(): Promise<number | undefined> {
  const v = await vscode.window.showInputBox({
    title: 'Evaluate Embeddings (4/4): candidates',
    prompt: 'Restrict questions and answers to the most frequent N words',
    value: '30000',
    validateInput: (x) => (/^\d+$/.test(x.trim()) && Number(x) > 0 ? undefined : 'a positive whole number'),
  });
  return v === undefined ? undefined : Number(v);
}

async function collect(s: Services, arg: unknown): Promise<(EvaluateChoices & { label?: string }) | undefined> {
  const given = modelFromArg(arg);
  const model = given ? { id: given, label: undefined } : await pickModel(s);
  if (!model) return undefined;
  const analogies = await pickAnalogies();
  if (!analogies) return undefined;
  const similarity = await pickSimilarity();
  if (!similarity) return undefined;
  const topN = await pickTopN();
  if (!topN) return undefined;
  return { model: model.id, label: model.label, analogies: analogies.file, similarity, topN };
}

/** Runs the whole command; resolves with the report shown (undefined when the person backed out). */
export async function evaluateEmbeddings(s: Services, arg?: unknown): Promise<EvaluationReport | undefined> {
  const c = isChoices(arg) ? arg : await collect(s, arg);
  if (!c) return undefined;
  const topN = c.topN ?? 30000;
  const label = (c as { label?: string }).label ?? (await listModels(s).catch(() => [])).find((m) => m.id === c.model)?.label ?? path.basename(c.model);
  const what = c.analogies ? path.basename(c.analogies) : 'questions-words.txt';
  const title = `${label} on ${what} (top ${topN.toLocaleString('en-US')})`;
  const panel = EvaluationPanel.open(s);
  panel.progress(title, 'Loading the model…', 0);
  const t0 = Date.now();
  try {
    const r = await withPanelProgress(panel, `Model Lens: evaluating ${label}`, (token, report) =>
      s.engine.request(
        evaluateRequest,
        { model: c.model, analogies: c.analogies, similarity: c.similarity, topN },
        {
          token,
          task: 'evaluation',
          onProgress: (p) => panel.progress(title, p.message ?? 'Evaluating…', report(p.fraction, p.message)),
        },
      ),
    );
    const report: EvaluationReport = {
      model: c.model,
      modelLabel: label,
      analogyFile: c.analogies ?? BUNDLED_ANALOGIES,
      similarityFiles: c.similarity ?? [],
      topN,
      seconds: (Date.now() - t0) / 1000,
      analogy: r.analogy,
      similarity: r.similarity,
    };
    panel.result(report);
    s.log(`evaluated ${c.model} on ${report.analogyFile}: accuracy ${((r.analogy?.accuracy ?? 0) * 100).toFixed(1)}% in ${report.seconds.toFixed(1)} s`);
    return report;
  } catch (e) {
    const msg = (e as Error).message;
    const cancelled = msg === 'Cancelled' || /cancel/i.test(msg);
    panel.error(cancelled ? 'Evaluation cancelled.' : msg);
    throw cancelled ? new Error('Cancelled') : e;
  }
}
