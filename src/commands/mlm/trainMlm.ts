// "Model Lens: Train Bidirectional Model (Masked LM)…": corpus, size and steps; the engine trains an encoder by masked-
// language modelling (BERT masking) with the shared Training panel showing loss, validation loss and masked-token
// accuracy. Saved under storage/models/<name>; an existing model of that name resumes.
import * as vscode from 'vscode';
import { lmDescribeRequest, type PresetName } from '../../protocol/lm';
import { mlmTrainRequest, type MlmStepInfo, type MlmTrainOptions, type MlmTrainResponse } from '../../protocol/mlm';
import { withPanelProgress } from '../panelProgress';
import { TrainingPanel } from '../../panels/trainingPanel';
import type { Services } from '../../services';
import { defaultModelName } from '../trainEmbeddings';
import { modelsDir } from '../embeddingModels';
import { pickCorpus } from '../pickCorpus';

/** What the prompts collect; pass it as the command's argument to skip them. */
export interface MlmTrainChoices {
  corpus: string;
  text?: string;
  preset: PresetName;
  steps: number;
  name?: string;
  /** Words in the vocabulary (specials included). */
  vocabSize?: number;
  contextLength?: number;
  options?: Partial<MlmTrainOptions>;
}

const PRESETS: (vscode.QuickPickItem & { preset: PresetName })[] = [
  { label: 'pico', description: '48-d, 3 layers, 3 heads, context 64', preset: 'pico' },
  { label: 'small', description: '128-d, 4 layers, 4 heads, context 64', preset: 'small' },
];

async function collect(s: Services): Promise<MlmTrainChoices | undefined> {
  const title = (n: number, what: string) => `Train Bidirectional Model (${n}/4): ${what}`;
  const corpus = await pickCorpus(s, title(1, 'corpus'));
  if (!corpus) return undefined;
  const pre = await vscode.window.showQuickPick(PRESETS, { title: title(2, 'model size') });
  if (!pre) return undefined;
  const steps = await vscode.window.showInputBox({
    title: title(3, 'training steps'),
    value: '300',
    prompt: 'Optimizer steps of 32 sentences each, 15 % of their words masked (a resumed model gets this many more)',
    validateInput: (x) => (/^\d+$/.test(x.trim()) && Number(x) > 0 && Number(x) <= 1e6 ? undefined : 'a whole number from 1 to 1000000'),
  });
  if (!steps) return undefined;
  const name = await vscode.window.showInputBox({
    title: title(4, 'model name'),
    value: defaultModelName(`mlm-${pre.preset}`, corpus.corpus),
    prompt: 'Folder name under Model Lens storage; an existing model of this name continues training',
    validateInput: (v) => (/^[\w.-]+$/.test(v) ? undefined : 'letters, digits, ".", "_" and "-" only'),
  });
  if (!name) return undefined;
  return { ...corpus, preset: pre.preset, steps: Number(steps), name };
}

export async function trainBidirectionalModel(s: Services, given?: MlmTrainChoices, onTrained?: () => void): Promise<(MlmTrainResponse & { name: string }) | undefined> {
  const c = given ?? (await collect(s));
  if (!c) return undefined;
  const name = (c.name ?? defaultModelName(`mlm-${c.preset}`, c.corpus)).replace(/[^\w.-]+/g, '_');
  const out = vscode.Uri.joinPath(modelsDir(s), name);
  await vscode.workspace.fs.createDirectory(modelsDir(s));
  const [existing] = (await s.engine.request(lmDescribeRequest, { ids: [out.fsPath] })).models;
  const startStep = existing && !existing.error ? (existing.step ?? 0) : 0;
  const total = startStep + Math.max(1, Math.floor(c.steps));
  const options: Partial<MlmTrainOptions> = {
    evalEvery: Math.max(1, Math.round(c.steps / 10)),
    checkpointEvery: Math.max(10, Math.min(200, Math.round(c.steps / 4))),
    warmupSteps: Math.min(50, Math.max(1, Math.round(c.steps / 10))),
    ...c.options,
    steps: total,
  };
  const panel = TrainingPanel.open(s, `Training ${name}`);
  panel.run({
    title: `${startStep ? 'Resuming' : 'Training'} ${name} (masked LM) on ${c.corpus}`,
    rateUnit: 'tokens/s',
    totalSteps: total,
    stepUnit: 'step',
    config: startStep ? { resumedFrom: startStep, steps: total } : { objective: 'masked LM (15 %: 80 % [MASK], 10 % random, 10 % kept)', corpus: c.corpus, preset: c.preset, steps: total },
  });
  panel.status('running', startStep ? `Resuming from step ${startStep}…` : 'Reading the corpus and building the vocabulary…', 0);
  try {
    const r = await withPanelProgress(
      panel,
      `Model Lens: training ${name}`,
      (token, report) =>
        s.engine.request(
          mlmTrainRequest,
          { corpus: c.text === undefined ? c.corpus : undefined, text: c.text, preset: c.preset, vocabSize: c.vocabSize, config: c.contextLength ? { contextLength: c.contextLength } : undefined, options, outDir: out.fsPath },
          {
            token,
            task: `training ${name}`,
            onProgress: (p) => {
              const fraction = report(p.fraction, p.message);
              const d = p.data as MlmStepInfo | undefined;
              if (!d) return;
              const metrics: Record<string, number> = { 'masked-token accuracy': d.acc };
              if (d.valAcc !== undefined) metrics['validation masked-token accuracy'] = d.valAcc;
              panel.points([{ step: d.step, loss: d.loss, valLoss: d.valLoss, rate: d.tokensPerSec, lr: d.lr, metrics }]);
              const val = d.valLoss !== undefined ? ` · val ${d.valLoss.toFixed(3)}` : '';
              panel.status('running', `step ${d.step}/${d.totalSteps} · loss ${d.loss.toFixed(3)} · masked acc ${(d.acc * 100).toFixed(1)} %${val}`, fraction);
            },
          },
        ),
      startStep / total,
    );
    const acc = r.valAcc ?? r.finalAcc;
    panel.status('done', `Saved ${name} at step ${r.steps}, loss ${r.finalLoss?.toFixed(3)}${acc !== undefined ? `, masked-token accuracy ${(acc * 100).toFixed(1)} %` : ''}`, 1);
    s.log(`trained bidirectional model ${name} to step ${r.steps}${r.resumed ? ' (resumed)' : ''} → ${out.fsPath}`);
    onTrained?.();
    return { ...r, name };
  } catch (e) {
    const msg = (e as Error).message;
    const cancelled = msg === 'Cancelled' || /cancel/i.test(msg);
    panel.status(cancelled ? 'cancelled' : 'failed', cancelled ? 'Training cancelled; the last checkpoint is kept and training resumes from it.' : msg);
    onTrained?.();
    throw cancelled ? new Error('Cancelled') : e;
  }
}
