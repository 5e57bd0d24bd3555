// "Model Lens: Train Sequence to Sequence…" (a generated task, one or all three encoder–decoders, saved under
// storage/seq2seq/<task>-<arch>) and "Model Lens: Show Seq2Seq Alignment" (the decoder's alignment for a typed or
// selected input, and accuracy against input length of every trained variant of the task: the bottleneck figure).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { seq2seqDescribeRequest, seq2seqTrainRequest, seq2seqTranslateRequest, type Seq2SeqArch, type Seq2SeqTrainResponse } from '../../protocol/rnn';
import { isSeq2SeqToHost, type Seq2SeqToHost, type Seq2SeqToWebview } from '../../protocol/webview/rnnViews';
import { LmViewPanel } from '../../panels/lmViewPanel';
import type { Services } from '../../services';

export const SEQ2SEQ_TASK_ITEMS = [
  { label: 'reverse', description: 'reverse a sequence of letters: "c a j b" → "b j a c"', example: 'a b c d e f' },
  { label: 'digits', description: 'number words to digits: "four two seven" → 427', example: 'four two seven one' },
];
export const ARCH_LABELS: Record<Seq2SeqArch, string> = { rnn: 'RNN, fixed context vector', 'rnn-attention': 'RNN + additive attention', transformer: 'Transformer (cross-attention)' };
const ARCHS: Seq2SeqArch[] = ['rnn', 'rnn-attention', 'transformer'];

export function seq2seqDir(s: Services): string {
  return path.join(s.context.globalStorageUri.fsPath, 'seq2seq');
}

/** Arguments that skip the quick picks. */
export interface Seq2SeqTrainArgs {
  task?: string;
  archs?: Seq2SeqArch[];
  steps?: number;
  maxLength?: number;
  dHidden?: number;
}

export async function trainSeq2SeqCommand(s: Services, given?: Seq2SeqTrainArgs): Promise<Seq2SeqTrainResponse[] | undefined> {
  const task = given?.task ?? (await vscode.window.showQuickPick(SEQ2SEQ_TASK_ITEMS, { title: 'Train Sequence to Sequence (1/3): task' }))?.label;
  if (!task) return undefined;
  let archs = given?.archs;
  if (!archs) {
    const items = [{ label: 'All three', description: 'RNN, RNN + attention, transformer: the accuracy-vs-length figure', archs: ARCHS }, ...ARCHS.map((a) => ({ label: ARCH_LABELS[a], description: a, archs: [a] }))];
    archs = (await vscode.window.showQuickPick(items, { title: 'Train Sequence to Sequence (2/3): model' }))?.archs;
  }
  if (!archs) return undefined;
  let steps = given?.steps;
  if (steps === undefined) {
    const v = await vscode.window.showInputBox({ title: 'Train Sequence to Sequence (3/3): steps per model', value: '600', validateInput: (x) => (/^\d+$/.test(x) && +x > 0 && +x <= 100000 ? undefined : 'a whole number from 1 to 100000') });
    if (!v) return undefined;
    steps = Number(v);
  }
  fs.mkdirSync(seq2seqDir(s), { recursive: true });
  const results: Seq2SeqTrainResponse[] = [];
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Model Lens: training seq2seq on ${task}`, cancellable: true }, async (progress, token) => {
    for (const arch of archs!) {
      const outDir = path.join(seq2seqDir(s), `${task}-${arch}`);
      // a retrain replaces the folder's model (training is fast; there is no resume for these)
      fs.rmSync(outDir, { recursive: true, force: true });
      let last = 0;
      const r = await s.engine.request(seq2seqTrainRequest, { task, arch, outDir, steps, maxLength: given?.maxLength, dHidden: given?.dHidden }, {
        token,
        task: `seq2seq ${arch}`,
        onProgress: (p) => {
          const f = p.fraction ?? last;
          progress.report({ message: p.message, increment: ((f - last) * 100) / archs!.length });
          last = f;
        },
      });
      results.push(r);
    }
  });
  // the task's own example: a selection in the editor is probably not in the task's words
  await showSeq2Seq(s, { task, dir: results.at(-1)?.outDir, text: SEQ2SEQ_TASK_ITEMS.find((t) => t.label === task)?.example });
  return results;
}

/** Trained seq2seq folders of a task (or of all tasks), as { dir, label }. */
export function trainedModels(s: Services, task?: string): { dir: string; label: string }[] {
  const root = seq2seqDir(s);
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root)
    .filter((n) => (!task || n.startsWith(`${task}-`)) && fs.existsSync(path.join(root, n, 'manifest.json')))
    .sort()
    .map((n) => ({ dir: path.join(root, n), label: n }));
}

export interface ShowSeq2SeqArgs {
  task?: string;
  /** The model to translate with (default: the attention RNN of the task when trained). */
  dir?: string;
  text?: string;
}

export async function showSeq2Seq(s: Services, given?: ShowSeq2SeqArgs): Promise<Seq2SeqToWebview | undefined> {
  let task = given?.task;
  if (!task) {
    const tasks = [...new Set(trainedModels(s).map((m) => m.label.split('-')[0]))];
    if (tasks.length === 0) throw new Error('No sequence-to-sequence model is trained yet: run "Model Lens: Train Sequence to Sequence…" first.');
    task = tasks.length === 1 ? tasks[0] : (await vscode.window.showQuickPick(tasks, { title: 'Show Seq2Seq Alignment: task' }));
  }
  if (!task) return undefined;
  const models = trainedModels(s, task);
  if (models.length === 0) throw new Error(`No model is trained on the ${task} task yet: run "Model Lens: Train Sequence to Sequence…" first.`);
  const dir = given?.dir ?? models.find((m) => m.label.endsWith('-rnn-attention'))?.dir ?? models[0].dir;
  const ed = vscode.window.activeTextEditor;
  const selected = ed && !ed.selection.isEmpty ? ed.document.getText(ed.selection).trim() : '';
  const text = given?.text ?? (selected || SEQ2SEQ_TASK_ITEMS.find((t) => t.label === task)?.example || '');
  const view = LmViewPanel.show<Seq2SeqToWebview, Seq2SeqToHost>(s, { id: 'modelLens.seq2seq', title: 'Sequence to Sequence', script: 'seq2seq', plotly: true, isToHost: isSeq2SeqToHost });
  const translateWith = (d: string, t: string) =>
    view.run('Translating…', async (token) => {
      const t0 = Date.now();
      const r = await s.engine.request(seq2seqTranslateRequest, { modelDir: d, text: t }, { token, task: 'translate' });
      return { type: 'translation', dir: d, label: path.basename(d), ms: Date.now() - t0, ...r };
    });
  view.onMessage = (m) => {
    if (m.type === 'translate' && models.some((x) => x.dir === m.dir)) void translateWith(m.dir, m.text);
  };
  const { models: variants } = await s.engine.request(seq2seqDescribeRequest, { dirs: models.map((m) => m.dir) });
  view.post({ type: 'seq2seq', task, variants, models });
  return translateWith(dir, text);
}
