// A Hugging Face GPT-2 folder seen as a loaded language model, so every LM view (next token,
// attention, logit lens, model card) works on it exactly as on a model trained in Model Lens.
import type { LoadedLm, Manifest } from '../lm/checkpoint';
import { ENGINE_VERSION, CHECKPOINT_FORMAT } from '../version';
import { HF_WEIGHTS_FILE, loadHfGpt2, type LoadHfOptions } from './loadHfGpt2';
import { isBertFolder, loadHfBert } from './bert/loadHfBert';

export async function loadHfLm(dir: string, opts: LoadHfOptions = {}): Promise<LoadedLm> {
  // BERT-family encoders (bert, distilbert) have a loader of their own
  if (isBertFolder(dir)) return loadHfBert(dir, { signal: opts.signal, onProgress: (p) => opts.onProgress?.({ ...p, index: 0, count: 0 }) });
  const hf = await loadHfGpt2(dir, opts);
  const manifest: Manifest = {
    kind: 'model-lens-lm',
    format: CHECKPOINT_FORMAT,
    engineVersion: ENGINE_VERSION,
    step: 0,
    savedAt: new Date(0).toISOString(),
    files: {},
    weights: { file: HF_WEIGHTS_FILE, tensors: [] },
    state: '',
  };
  return {
    dir,
    model: hf.model,
    tokenizer: hf.tokenizer,
    meta: {
      name: `${hf.hfConfig.model_type ?? 'gpt2'} (${dir.split(/[\\/]/).filter(Boolean).pop()})`,
      corpus: 'pretrained (Hugging Face folder)',
      source: 'huggingface',
      tokenizerSource: hf.info.tokenizerSource,
      dtypes: hf.info.dtypes.join(', '),
      warnings: hf.warnings.join('; '),
    },
    manifest,
    step: 0,
    history: [],
    tokensSeen: 0,
    trainSeconds: 0,
  };
}
