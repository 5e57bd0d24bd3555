// Saves an engine Transformer in the Hugging Face GPT-2 layout (config.json, model.safetensors, tokenizer files),
// when its architecture fits GPT-2: learned positions, pre-norm, GELU (or ReLU), standard causal attention.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { throwIfAborted } from '../errors';
import { writeSafetensors, type TensorToWrite, type WritableDtype } from '../io/safetensors';
import type { Transformer } from '../lm/model';
import type { Tokenizer } from '../lm/tokenizers';
import { ENGINE_VERSION } from '../version';
import { toHfConfig } from './hfConfig';
import { concatLastAxis, gpt2Layout, transpose2d } from './gpt2Layout';
import { writeHfTokenizer } from './hfTokenizer';
import { HF_WEIGHTS_FILE } from './loadHfGpt2';

export interface ExportHfOptions {
  /** F32 (default, exact round trip) or F16 (half the size). */
  dtype?: WritableDtype;
  onProgress?: (p: { index: number; count: number; tensor: string }) => void;
  signal?: AbortSignal;
}

export interface ExportHfResult {
  dir: string;
  files: string[];
  bytes: number;
}

/**
 * Writes `dir` (created if needed). Tensor names have no `transformer.` prefix, like the Hub's gpt2 checkpoint;
 * `__metadata__.format = "pt"` so transformers' from_pretrained accepts the file.
 */
export async function exportHfGpt2(model: Transformer, tokenizer: Tokenizer | undefined, dir: string, opts: ExportHfOptions = {}): Promise<ExportHfResult> {
  const c = model.config;
  const extra: Record<string, unknown> = {};
  if (tokenizer?.kind === 'gpt2') Object.assign(extra, { bos_token_id: 50256, eos_token_id: 50256 });
  const hf = toHfConfig(c, { ...extra, torch_dtype: opts.dtype === 'F16' ? 'float16' : 'float32', model_lens_version: ENGINE_VERSION });
  throwIfAborted(opts.signal);
  await fs.promises.mkdir(dir, { recursive: true });
  const read = (name: string) => async (): Promise<Float32Array> => {
    const t = model.params[name];
    if (!t) throw new Error(`model has no parameter ${name}`);
    return (await t.data()) as Float32Array;
  };
  const tensors: TensorToWrite[] = gpt2Layout(c).map((m) => {
    let data: () => Promise<Float32Array>;
    if (m.transpose) data = async () => transpose2d(await read(m.engine[0])(), m.shape[1], m.shape[0]);
    else if (m.engine.length > 1) {
      const n = m.shape[m.shape.length - 1] / m.engine.length;
      data = async () => concatLastAxis(await Promise.all(m.engine.map((e) => read(e)())), n);
    } else data = read(m.engine[0]);
    return { name: m.hfName, shape: m.shape, dtype: opts.dtype ?? 'F32', data };
  });
  const files = ['config.json'];
  await fs.promises.writeFile(path.join(dir, 'config.json'), JSON.stringify(hf, null, 2) + '\n');
  const bytes = await writeSafetensors(path.join(dir, HF_WEIGHTS_FILE), tensors, { format: 'pt' }, {
    signal: opts.signal,
    onTensor: (index, tensor) => opts.onProgress?.({ index, count: tensors.length, tensor }),
  });
  files.push(HF_WEIGHTS_FILE);
  if (tokenizer) files.push(...(await writeHfTokenizer(dir, tokenizer)));
  return { dir, files, bytes };
}
