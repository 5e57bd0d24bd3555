// Opens a Hugging Face GPT-2 folder (config.json + model.safetensors [+ vocab.json, merges.txt]) as an engine Transformer.
// Every shape is checked against config.json before a tensor is read; tensors are converted one at a time.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { throwIfAborted, UserError } from '../errors';
import { SafetensorsReader } from '../io/safetensors';
import type { TransformerConfig } from '../lm/config';
import { Transformer } from '../lm/model';
import type { ParamMap } from '../lm/params';
import type { Tokenizer } from '../lm/tokenizers';
import { fromHfConfig, type HfGpt2Config } from './hfConfig';
import { gpt2Layout, splitLastAxis, transpose2d } from './gpt2Layout';
import { readHfTokenizer } from './hfTokenizer';

export const HF_WEIGHTS_FILE = 'model.safetensors';

export interface LoadProgress {
  /** Bytes of tensor data read so far / in total. */
  loadedBytes: number;
  totalBytes: number;
  /** The tensor just read (file name, e.g. `h.3.mlp.c_fc.weight`). */
  tensor: string;
  index: number;
  count: number;
}

export interface LoadHfOptions {
  onProgress?: (p: LoadProgress) => void;
  signal?: AbortSignal;
}

export interface LoadedHfGpt2 {
  model: Transformer;
  tokenizer: Tokenizer;
  /** Engine config (learned positions, pre-norm, standard attention, biases). */
  config: TransformerConfig;
  hfConfig: HfGpt2Config;
  /** Where the tokenizer came from, the dtypes found, tensors present but not used (e.g. attn.bias masks). */
  info: { dir: string; tokenizerSource: string; dtypes: string[]; prefix: string; unusedTensors: string[]; parameters: number; bytes: number };
  warnings: string[];
}

/** True when `dir` looks like a Hugging Face GPT-2 folder (has config.json and model.safetensors). */
export function isHfModelDir(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'config.json')) && fs.existsSync(path.join(dir, HF_WEIGHTS_FILE));
}

/** Reads and maps config.json; UserError when it is missing, not JSON or not GPT-2. */
export async function readHfGpt2Config(dir: string): Promise<{ hf: HfGpt2Config; config: TransformerConfig }> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(dir);
  } catch {
    throw new UserError(`${dir} does not exist`);
  }
  if (!stat.isDirectory()) throw new UserError(`${dir} is not a folder: choose the folder that holds config.json and model.safetensors`);
  const file = path.join(dir, 'config.json');
  if (!fs.existsSync(file)) throw new UserError(`${dir} has no config.json: is this a Hugging Face GPT-2 folder?`);
  const { size } = await fs.promises.stat(file);
  if (size > 1 << 20) throw new UserError(`config.json is ${size} bytes, too large for a model config`);
  let json: unknown;
  try {
    json = JSON.parse(await fs.promises.readFile(file, 'utf8'));
  } catch (e) {
    throw new UserError(`config.json is not valid JSON (${(e as Error).message.slice(0, 100)})`);
  }
  return fromHfConfig(json);
}

/**
 * Loads a GPT-2 folder onto the current tfjs backend. Tensor names may carry the `transformer.` prefix or not.
 * Peak memory ≈ the model in float32 plus one tensor. Cancels between tensors (CancelledError), disposing what was made.
 */
export async function loadHfGpt2(dir: string, opts: LoadHfOptions = {}): Promise<LoadedHfGpt2> {
  const { hf, config } = await readHfGpt2Config(dir);
  const weights = path.join(dir, HF_WEIGHTS_FILE);
  if (!fs.existsSync(weights)) throw new UserError(`${dir} has config.json but no ${HF_WEIGHTS_FILE} (only safetensors weights are read, not pytorch_model.bin)`);
  const reader = await SafetensorsReader.open(weights);
  const params: ParamMap = {};
  try {
    const layout = gpt2Layout(config);
    const prefix = reader.has('transformer.wte.weight') ? 'transformer.' : '';
    // Resolve every name and check every shape before reading any data.
    const plan = layout.map((m) => {
      const candidates = m.hfName === 'lm_head.weight' ? [m.hfName] : [prefix + m.hfName, m.hfName, 'transformer.' + m.hfName];
      const name = candidates.find((n) => reader.has(n));
      if (!name) throw new UserError(`${HF_WEIGHTS_FILE} has no tensor "${prefix + m.hfName}", which config.json (${hf.n_layer} layers) needs`);
      const info = reader.info(name)!;
      if (!['F32', 'F16', 'BF16'].includes(info.dtype)) {
        throw new UserError(`${HF_WEIGHTS_FILE}: tensor "${name}" has dtype ${info.dtype}, which Model Lens cannot read (supported: F32, F16, BF16)`);
      }
      if (info.shape.join(',') !== m.shape.join(',')) {
        throw new UserError(
          `${HF_WEIGHTS_FILE}: tensor "${name}" has shape [${info.shape.join(', ')}] but config.json ` +
            `(vocab_size ${hf.vocab_size}, n_positions ${hf.n_positions}, n_embd ${hf.n_embd}, n_inner ${hf.n_inner}) needs [${m.shape.join(', ')}]`,
        );
      }
      return { ...m, name, info };
    });
    const tok = await readHfTokenizer(dir, config.vocabSize);
    const totalBytes = plan.reduce((a, p) => a + p.info.dataOffsets[1] - p.info.dataOffsets[0], 0);
    let loadedBytes = 0;
    for (let i = 0; i < plan.length; i++) {
      throwIfAborted(opts.signal);
      const p = plan[i];
      let { data } = await reader.readF32(p.name);
      if (p.transpose) data = transpose2d(data, p.shape[0], p.shape[1]);
      const shape = p.transpose ? [p.shape[1], p.shape[0]] : p.shape;
      if (p.engine.length === 1) params[p.engine[0]] = tf.tensor(data, shape, 'float32');
      else {
        const parts = splitLastAxis(data, shape, p.engine.length);
        const partShape = [...shape.slice(0, -1), shape[shape.length - 1] / p.engine.length];
        p.engine.forEach((n, k) => (params[n] = tf.tensor(parts[k], partShape, 'float32')));
      }
      loadedBytes += p.info.dataOffsets[1] - p.info.dataOffsets[0];
      opts.onProgress?.({ loadedBytes, totalBytes, tensor: p.name, index: i, count: plan.length });
      // Yield so progress reaches the host and a cancel can arrive.
      await new Promise((r) => setImmediate(r));
    }
    const used = new Set(plan.map((p) => p.name));
    // lm_head.weight in a tied model is a copy of wte (or the same storage); the attn.bias buffers are causal masks.
    const unusedTensors = reader.tensors.map((t) => t.name).filter((n) => !used.has(n));
    const model = new Transformer(config, params);
    const parameters = Object.values(params).reduce((a, t) => a + t.size, 0);
    return {
      model,
      tokenizer: tok.tokenizer,
      config: model.config,
      hfConfig: hf,
      info: {
        dir,
        tokenizerSource: tok.source,
        dtypes: [...new Set(plan.map((p) => p.info.dtype))],
        prefix,
        unusedTensors,
        parameters,
        bytes: totalBytes,
      },
      warnings: tok.warnings,
    };
  } catch (e) {
    for (const t of Object.values(params)) t.dispose();
    throw e;
  } finally {
    await reader.close();
  }
}
