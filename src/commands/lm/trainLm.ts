// "Model Lens: Train Language Model…": quick picks for corpus, tokenizer, preset (or a custom config) and
// steps; the engine trains with a cancellable progress notification and the shared Training panel (loss,
// validation loss, tokens/s, learning rate, samples). Saved under storage/models/<name>; resumes when it exists.
import * as vscode from 'vscode';
import {
  lmDescribeRequest,
  lmTrainRequest,
  type PresetName,
  type StepInfo,
  type TrainOptions,
  type TrainResponse,
  type TransformerConfig,
} from '../../protocol/lm';
import { withPanelProgress } from '../panelProgress';
import { TrainingPanel } from '../../panels/trainingPanel';
import type { Services } from '../../services';
import { defaultModelName } from '../trainEmbeddings';
import { modelsDir } from '../embeddingModels';
import { pickCorpus } from '../pickCorpus';

export type LmTokenizer = 'char' | 'word' | 'bpe';
export type LmArch = 'transformer' | 'rnn' | 'lstm' | 'gru';
type RnnPreset = 'hello' | 'femto' | 'pico' | 'small';

const ARCH_ITEMS: (vscode.QuickPickItem & { arch: LmArch })[] = [
  { label: 'Transformer', description: 'GPT-style decoder (attention)', arch: 'transformer' },
  { label: 'LSTM', description: 'long short-term memory: input, forget and output gates', arch: 'lstm' },
  { label: 'GRU', description: 'gated recurrent unit: reset and update gates', arch: 'gru' },
  { label: 'RNN', description: 'vanilla (Elman) RNN: h_t = tanh(W_hh h_{t−1} + W_xh x_t + b)', arch: 'rnn' },
];

const RNN_PRESET_ITEMS: (vscode.QuickPickItem & { preset: RnnPreset })[] = [
  { label: 'hello', description: 'the lecture toy: learns to spell "hello" (ignores the corpus; seconds)', preset: 'hello' },
  { label: 'femto', description: '16 hidden units, 1 layer, window 32', preset: 'femto' },
  { label: 'pico', description: '64 hidden units, 1 layer, window 64', preset: 'pico' },
  { label: 'small', description: '128 hidden units, 2 layers, window 64', preset: 'small' },
];

/** What the quick picks collect; pass them as the command's argument to skip the prompts. */
export interface LmTrainChoices {
  /** A bundled corpus id (moby-dick, sotu, brown) or a file path; with `text`, just its name. */
  corpus: string;
  text?: string;
  tokenizer: LmTokenizer;
  preset: PresetName;
  /** Overrides on top of the preset (the "custom" choice). */
  config?: Partial<TransformerConfig>;
  /** Steps to train in this run (added to the checkpoint's steps when resuming). */
  steps: number;
  /** Folder name under models/; an existing checkpoint of that name is resumed. */
  name?: string;
  /** 'transformer' (default) or a recurrent cell. */
  arch?: LmArch;
  /** Recurrent size preset (then `preset` only names the folder); 'hello' trains on the lecture's toy word. */
  rnnPreset?: RnnPreset;
  options?: Partial<TrainOptions>;
}

/** Steps offered per preset: a first run that finishes in about a minute on a laptop CPU. */
const DEFAULT_STEPS: Record<PresetName, number> = { femto: 300, pico: 300, small: 200 };

const PRESET_ITEMS: (vscode.QuickPickItem & { preset: PresetName | 'custom' })[] = [
  { label: 'femto', description: '2-d embeddings, 1 layer, 1 head, context 32 (the lecture\'s MinGPT Femto)', preset: 'femto' },
  { label: 'pico', description: '48-d, 3 layers, 3 heads, context 64', preset: 'pico' },
  { label: 'small', description: '128-d, 4 layers, 4 heads, context 64', preset: 'small' },
  { label: 'Custom…', description: 'choose width, layers, heads and context', preset: 'custom' },
];

const TOKENIZER_ITEMS: (vscode.QuickPickItem & { tokenizer: LmTokenizer })[] = [
  { label: 'char', description: 'one token per character (small vocabulary, fast to learn)', tokenizer: 'char' },
  { label: 'word', description: 'one token per word and punctuation mark', tokenizer: 'word' },
  { label: 'bpe', description: 'byte-level BPE trained on the corpus', tokenizer: 'bpe' },
];

const title = (n: number, what: string) => `Train Language Model (${n}/5): ${what}`;


async function askInt(prompt: string, value: number, check?: (n: number) => string | undefined): Promise<number | undefined> {
  const v = await vscode.window.showInputBox({
    title: `Custom model: ${prompt}`,
    value: String(value),
    validateInput: (x) => (/^\d+$/.test(x.trim()) && Number(x) > 0 ? check?.(Number(x)) : 'a positive whole number'),
  });
  return v === undefined ? undefined : Number(v);
}

/** The custom config's few fields; the rest follows the 'small' preset. */
async function pickCustom(): Promise<Partial<TransformerConfig> | undefined> {
  const dModel = await askInt('embedding width (dModel)', 64);
  if (dModel === undefined) return undefined;
  const nHeads = await askInt('attention heads per layer', 4, (n) => (dModel % n === 0 ? undefined : `must divide dModel (${dModel})`));
  if (nHeads === undefined) return undefined;
  const nLayers = await askInt('layers', 2, (n) => (n <= 48 ? undefined : 'at most 48'));
  if (nLayers === undefined) return undefined;
  const contextLength = await askInt('context length (tokens)', 64, (n) => (n <= 2048 ? undefined : 'at most 2048'));
  if (contextLength === undefined) return undefined;
  return { dModel, nHeads, nLayers, contextLength, dFF: 4 * dModel };
}

async function collect(s: Services): Promise<LmTrainChoices | undefined> {
  const corpus = await pickCorpus(s, title(1, 'corpus'));
  if (!corpus) return undefined;
  const tok = await vscode.window.showQuickPick(TOKENIZER_ITEMS, { title: title(2, 'tokenizer') });
  if (!tok) return undefined;
  const arch = (await vscode.window.showQuickPick(ARCH_ITEMS, { title: title(3, 'architecture') }))?.arch;
  if (!arch) return undefined;
  if (arch !== 'transformer') return collectRecurrent(corpus, tok.tokenizer, arch);
  const pre = await vscode.window.showQuickPick(PRESET_ITEMS, { title: title(3, 'model size') });
  if (!pre) return undefined;
  const preset: PresetName = pre.preset === 'custom' ? 'small' : pre.preset;
  const config = pre.preset === 'custom' ? await pickCustom() : undefined;
  if (pre.preset === 'custom' && !config) return undefined;
  const stepsText = await vscode.window.showInputBox({
    title: title(4, 'training steps'),
    value: String(DEFAULT_STEPS[preset]),
    prompt: 'Optimizer steps of 12 windows each (a checkpoint that is resumed gets this many more)',
    validateInput: (x) => (/^\d+$/.test(x.trim()) && Number(x) > 0 && Number(x) <= 1e6 ? undefined : 'a whole number from 1 to 1000000'),
  });
  if (!stepsText) return undefined;
  const name = await vscode.window.showInputBox({
    title: title(5, 'model name'),
    value: defaultModelName(`lm-${pre.preset}-${tok.tokenizer}`, corpus.corpus),
    prompt: 'Folder name under Model Lens storage; an existing model of this name continues training',
    validateInput: (v) => (/^[\w.-]+$/.test(v) ? undefined : 'letters, digits, ".", "_" and "-" only'),
  });
  if (!name) return undefined;
  return { ...corpus, tokenizer: tok.tokenizer, preset, config, steps: Number(stepsText), name };
}

/** The recurrent branch of the picks: size preset, steps, name. */
async function collectRecurrent(corpus: { corpus: string; text?: string }, tokenizer: LmTokenizer, arch: LmArch): Promise<LmTrainChoices | undefined> {
  const pre = await vscode.window.showQuickPick(RNN_PRESET_ITEMS, { title: title(4, `${arch.toUpperCase()} size`) });
  if (!pre) return undefined;
  const stepsText = await vscode.window.showInputBox({
    title: title(4, 'training steps'),
    value: '300',
    validateInput: (x) => (/^\d+$/.test(x.trim()) && Number(x) > 0 && Number(x) <= 1e6 ? undefined : 'a whole number from 1 to 1000000'),
  });
  if (!stepsText) return undefined;
  const name = await vscode.window.showInputBox({
    title: title(5, 'model name'),
    value: defaultModelName(`${arch}-${pre.preset}-${tokenizer}`, pre.preset === 'hello' ? 'hello' : corpus.corpus),
    validateInput: (v) => (/^[\w.-]+$/.test(v) ? undefined : 'letters, digits, ".", "_" and "-" only'),
  });
  if (!name) return undefined;
  return { ...corpus, tokenizer, preset: 'femto', arch, rnnPreset: pre.preset, steps: Number(stepsText), name };
}

/** Validation and samples about ten and five times a run; warm-up at most a tenth of it, so short runs reach the peak rate. */
function cadence(steps: number): Partial<TrainOptions> {
  return {
    evalEvery: Math.max(1, Math.round(steps / 10)),
    sampleEvery: Math.max(1, Math.round(steps / 5)),
    checkpointEvery: Math.max(10, Math.min(200, Math.round(steps / 4))),
    warmupSteps: Math.min(50, Math.max(1, Math.round(steps / 10))),
  };
}

export type LmTrainResult = TrainResponse & { name: string };

/** Runs the whole command; resolves with the engine's result (undefined when the person backed out). */
export async function trainLanguageModel(s: Services, given?: LmTrainChoices, onTrained?: () => void): Promise<LmTrainResult | undefined> {
  const c = given ?? (await collect(s));
  if (!c) return undefined;
  const name = (c.name ?? defaultModelName(c.arch && c.arch !== 'transformer' ? `${c.arch}-${c.rnnPreset ?? 'pico'}-${c.tokenizer}` : `lm-${c.preset}-${c.tokenizer}`, c.corpus)).replace(/[^\w.-]+/g, '_');
  const out = vscode.Uri.joinPath(modelsDir(s), name);
  await vscode.workspace.fs.createDirectory(modelsDir(s));
  // resuming: this run's steps come on top of the checkpoint's
  const [existing] = (await s.engine.request(lmDescribeRequest, { ids: [out.fsPath] })).models;
  const startStep = existing && !existing.error ? (existing.step ?? 0) : 0;
  const total = startStep + Math.max(1, Math.floor(c.steps));
  const options: Partial<TrainOptions> = { ...cadence(c.steps), ...c.options, steps: total };
  const panel = TrainingPanel.open(s, `Training ${name}`);
  panel.run({
    title: `${startStep ? 'Resuming' : 'Training'} ${name} on ${c.corpus}`,
    rateUnit: 'tokens/s',
    totalSteps: total,
    stepUnit: 'step',
    config: startStep ? { resumedFrom: startStep, steps: total } : { corpus: c.corpus, tokenizer: c.tokenizer, preset: c.preset, ...flat(c.config), steps: total },
  });
  panel.status('running', startStep ? `Resuming from step ${startStep}…` : 'Reading the corpus and training the tokenizer…', 0);
  try {
    const r = await withPanelProgress(
      panel,
      `Model Lens: training ${name}`,
      (token, report) =>
        s.engine.request(
          lmTrainRequest,
          {
            // the "hello" toy trains on its own word, not the picked corpus
            corpus: c.text === undefined && c.rnnPreset !== 'hello' ? c.corpus : undefined,
            text: c.rnnPreset === 'hello' ? undefined : c.text,
            tokenizer: c.tokenizer,
            preset: c.preset,
            config: c.config,
            options,
            outDir: out.fsPath,
            arch: c.arch,
            rnnPreset: c.rnnPreset,
          },
          {
            token,
            task: `training ${name}`,
            onProgress: (p) => {
              const fraction = report(p.fraction, p.message);
              const d = p.data as StepInfo | undefined;
              if (!d) return;
              panel.points([{ step: d.step, loss: d.loss, valLoss: d.valLoss, rate: d.tokensPerSec, lr: d.lr }]);
              if (d.sample) panel.sample(d.step, d.sample);
              const val = d.valLoss !== undefined ? ` · val ${d.valLoss.toFixed(3)}` : '';
              panel.status('running', `step ${d.step}/${d.totalSteps} · loss ${d.loss.toFixed(3)}${val}`, fraction);
            },
          },
        ),
      startStep / total,
    );
    const loss = r.finalLoss !== undefined ? `, loss ${r.finalLoss.toFixed(3)}` : '';
    const val = r.valLoss !== undefined ? `, validation ${r.valLoss.toFixed(3)}` : '';
    panel.status('done', `Saved ${name} at step ${r.steps}${loss}${val} (${Math.round(r.tokensSeen / Math.max(1e-9, r.trainSeconds)).toLocaleString('en-US')} tokens/s)`, 1);
    s.log(`trained language model ${name} to step ${r.steps}${r.resumed ? ' (resumed)' : ''} → ${out.fsPath}`);
    onTrained?.();
    if (!given) {
      void vscode.window
        .showInformationMessage(`Model Lens: trained ${name} (step ${r.steps}${loss}).`, 'Use for Predictions', 'Show Model Card')
        .then((pick) => {
          if (pick === 'Use for Predictions') return vscode.commands.executeCommand('modelLens.useLanguageModel', out.fsPath);
          if (pick === 'Show Model Card') return vscode.commands.executeCommand('modelLens.showModelCard', out.fsPath);
          return undefined;
        });
    }
    return { ...r, name };
  } catch (e) {
    const msg = (e as Error).message;
    const cancelled = msg === 'Cancelled' || /cancel/i.test(msg);
    panel.status(cancelled ? 'cancelled' : 'failed', cancelled ? 'Training cancelled; the last checkpoint is kept and training resumes from it.' : msg);
    onTrained?.();
    throw cancelled ? new Error('Cancelled') : e;
  }
}

function flat(c: Partial<TransformerConfig> | undefined): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(c ?? {})) if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  return out;
}
