// A Hugging Face folder (GPT-2, Llama, Qwen2, SmolLM2, Gemma 3, BERT, DistilBERT) seen as a loaded language model, so every LM view (next
// token, attention, logit lens, model card) works on it exactly as on a model trained in Model Lens.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LoadedLm, Manifest } from '../lm/checkpoint';
import { ENGINE_VERSION, CHECKPOINT_FORMAT } from '../version';
import { isGpt2Config } from './hfConfig';
import { IdsOnlyTokenizer } from './idsOnlyTokenizer';
import { loadHfModel, readConfigJson, type LoadHfModelOptions } from './loadHf';
import { HF_WEIGHTS_FILE, loadHfGpt2 } from './loadHfGpt2';
import { hasHfWeights, SHARD_INDEX, SINGLE_WEIGHTS } from './weightFiles';

/** True when `dir` looks like a Hugging Face model folder: config.json plus model.safetensors or a shard index. */
export function isHfFolder(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'config.json')) && hasHfWeights(dir);
}

/** The file whose change means the weights changed (for the registry's reload check). */
export function hfWeightsStamp(dir: string): string {
  return fs.existsSync(path.join(dir, SHARD_INDEX)) ? path.join(dir, SHARD_INDEX) : path.join(dir, SINGLE_WEIGHTS);
}

function manifestFor(file: string): Manifest {
  return {
    kind: 'model-lens-lm',
    format: CHECKPOINT_FORMAT,
    engineVersion: ENGINE_VERSION,
    step: 0,
    savedAt: new Date(0).toISOString(),
    files: {},
    weights: { file, tensors: [] },
    state: '',
  };
}

const folderName = (dir: string) => dir.split(/[\\/]/).filter(Boolean).pop();

export async function loadHfLm(dir: string, opts: LoadHfModelOptions = {}): Promise<LoadedLm> {
  const cfg = await readConfigJson(dir);
  const base = { dir, manifest: manifestFor(HF_WEIGHTS_FILE), step: 0, history: [], tokensSeen: 0, trainSeconds: 0 };
  if (isGpt2Config(cfg)) {
    const hf = await loadHfGpt2(dir, opts);
    return {
      ...base,
      model: hf.model,
      tokenizer: hf.tokenizer,
      meta: {
        name: `${hf.hfConfig.model_type ?? 'gpt2'} (${folderName(dir)})`,
        corpus: 'pretrained (Hugging Face folder)',
        source: 'huggingface',
        tokenizerSource: hf.info.tokenizerSource,
        dtypes: hf.info.dtypes.join(', '),
        warnings: hf.warnings.join('; '),
      },
    };
  }
  const hf = await loadHfModel(dir, opts);
  return {
    ...base,
    manifest: manifestFor(hf.info.files.join(', ')),
    model: hf.model,
    tokenizer: hf.tokenizer ?? new IdsOnlyTokenizer(hf.config.vocabSize, dir),
    meta: {
      name: `${String(hf.hfConfig.model_type ?? hf.dialect)} (${folderName(dir)})`,
      corpus: 'pretrained (Hugging Face folder)',
      source: 'huggingface',
      family: hf.dialect,
      ...(hf.objective ? { objective: hf.objective, tokenizer: 'wordpiece' } : {}),
      tokenizerSource: hf.info.tokenizerSource,
      dtypes: hf.info.dtypes.join(', '),
      weightFiles: hf.info.files.join(', '),
      warnings: hf.warnings.join('; '),
    },
  };
}
