// The generic Hugging Face loader (Llama, Qwen2, SmolLM2, Gemma 3, BERT, DistilBERT): config.json through its
// dialect, model.safetensors or shards, F32/F16/BF16 read one tensor at a time, transposed into the engine's [in, out]
// layout, with progress and cancel. Refuses early, with the numbers, when the float32 model will not fit in memory.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { throwIfAborted, UserError } from '../errors';
import type { TransformerConfig } from '../lm/config';
import { Transformer } from '../lm/model';
import { countParams, type ParamMap } from '../lm/params';
import type { Tokenizer } from '../lm/tokenizers';
import { dialectFor, type HfDialect, type HfTensorMap } from './dialects';
import { transpose2d } from './gpt2Layout';
import { readHfTokenizerJson } from './hfTokenizerJson';
import type { LoadHfOptions } from './loadHfGpt2';
import { openWeightFiles } from './weightFiles';

export interface LoadedHfModel {
  model: Transformer;
  /** undefined when the folder has no tokenizer.json: the model still runs on ids (`--ids`). */
  tokenizer?: Tokenizer;
  config: TransformerConfig;
  dialect: string;
  /** 'mlm' for a masked-language encoder (BERT family). */
  objective?: 'mlm';
  hfConfig: Record<string, unknown>;
  info: { dir: string; files: string[]; tokenizerSource: string; dtypes: string[]; unusedTensors: string[]; parameters: number; bytes: number };
  warnings: string[];
}

export interface LoadHfModelOptions extends LoadHfOptions {
  /** Bytes the load may use (default: the memory the OS reports free; the wasm backend also caps at 4 GiB). */
  memoryLimitBytes?: number;
}

const MAX_CONFIG_BYTES = 1 << 20;

/** config.json parsed as an object (UserError when missing, too large or not JSON). */
export async function readConfigJson(dir: string): Promise<Record<string, unknown>> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(dir);
  } catch {
    throw new UserError(`${dir} does not exist`);
  }
  if (!stat.isDirectory()) throw new UserError(`${dir} is not a folder: choose the folder that holds config.json and the safetensors weights`);
  const file = path.join(dir, 'config.json');
  if (!fs.existsSync(file)) throw new UserError(`${dir} has no config.json: is this a Hugging Face model folder?`);
  const { size } = await fs.promises.stat(file);
  if (size > MAX_CONFIG_BYTES) throw new UserError(`config.json is ${size} bytes, too large for a model config`);
  let json: unknown;
  try {
    json = JSON.parse(await fs.promises.readFile(file, 'utf8'));
  } catch (e) {
    throw new UserError(`config.json is not valid JSON (${(e as Error).message.slice(0, 100)})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new UserError('config.json is not a JSON object');
  return json as Record<string, unknown>;
}

/** The dialect and engine config of a folder, from config.json alone (no weights read). */
export async function readHfModelConfig(dir: string): Promise<{ hf: Record<string, unknown>; dialect: HfDialect; config: TransformerConfig }> {
  const hf = await readConfigJson(dir);
  const dialect = dialectFor(hf);
  return { hf, dialect, config: dialect.toConfig(hf, 'config.json') };
}

const GiB = 1024 ** 3;
/** Bytes for people: GiB with two decimals from 1 GiB, else MiB or KiB with one. */
export function fmtBytes(b: number): string {
  if (b >= GiB) return `${(b / GiB).toFixed(2)} GiB`;
  if (b >= 1 << 20) return `${(b / (1 << 20)).toFixed(1)} MiB`;
  return `${(b / 1024).toFixed(1)} KiB`;
}

/**
 * Memory a load needs: every parameter as float32, plus the largest tensor twice more while it is converted
 * (its float32 copy and, when transposed, the transposed copy). Gemma 3 1B: 999,885,952 parameters → 3.72 GiB + 2 × 1.13 GiB (embedding) = 5.97 GiB.
 */
export function loadMemoryBytes(c: TransformerConfig): { weights: number; peak: number } {
  const counts = countParams(c);
  const weights = counts.total * 4;
  const largest = Math.max(...counts.tensors.map((t) => t.count)) * 4;
  return { weights, peak: weights + 2 * largest };
}

function checkMemory(c: TransformerConfig, opts: LoadHfModelOptions): void {
  const { weights, peak } = loadMemoryBytes(c);
  const wasmCap = tf.getBackend() === 'wasm' ? 4 * GiB : Infinity;
  const limit = Math.min(opts.memoryLimitBytes ?? os.freemem(), wasmCap);
  if (peak > limit) {
    const where = limit === wasmCap ? 'the wasm backend addresses at most 4 GiB (choose the cpu backend for larger models)' : `${fmtBytes(limit)} is free`;
    throw new UserError(
      `this model needs about ${fmtBytes(peak)} to load (${countParams(c).total.toLocaleString('en-US')} parameters = ${fmtBytes(weights)} as float32, plus room to convert its largest tensor), but ${where}. Close other programs or choose a smaller model.`,
    );
  }
}

/** Resolve every tensor's file name and check its shape and dtype before any data is read. */
function planTensors(dialect: HfDialect, c: TransformerConfig, files: Awaited<ReturnType<typeof openWeightFiles>>) {
  return dialect.layout(c).map((m: HfTensorMap) => {
    const prefixes = m.head ? dialect.headPrefixes : dialect.bodyPrefixes;
    const name = prefixes.map((p) => p + m.hfName).find((n) => files.readerOf(n));
    if (!name) {
      throw new UserError(`the weights have no tensor "${prefixes[0] + m.hfName}", which config.json (${c.nLayers} layers, ${dialect.name}) needs`);
    }
    const reader = files.readerOf(name)!;
    const info = reader.info(name)!;
    if (!['F32', 'F16', 'BF16'].includes(info.dtype)) throw new UserError(`tensor "${name}" has dtype ${info.dtype}, which Model Lens cannot read (supported: F32, F16, BF16)`);
    if (info.shape.join(',') !== m.shape.join(',')) {
      throw new UserError(
        `tensor "${name}" has shape [${info.shape.join(', ')}] but config.json needs [${m.shape.join(', ')}] ` +
          `(hidden_size ${c.dModel}, heads ${c.nHeads}, kv heads ${c.nKvHeads ?? c.nHeads}, head_dim ${c.dHead ?? c.dModel / c.nHeads}, intermediate_size ${c.dFF}, vocab_size ${c.vocabSize})`,
      );
    }
    return { ...m, name, reader, info };
  });
}

/** Loads a folder of any dialect onto the current backend. Cancels between tensors, disposing what was made. */
export async function loadHfModel(dir: string, opts: LoadHfModelOptions = {}): Promise<LoadedHfModel> {
  const { hf, dialect, config } = await readHfModelConfig(dir);
  checkMemory(config, opts);
  const files = await openWeightFiles(dir);
  const params: ParamMap = {};
  try {
    const plan = planTensors(dialect, config, files);
    const tok = dialect.tokenizer ? { ...dialect.tokenizer(dir, config.vocabSize), warnings: [] } : await readHfTokenizerJson(dir, config.vocabSize);
    const totalBytes = plan.reduce((a, p) => a + p.info.dataOffsets[1] - p.info.dataOffsets[0], 0);
    let loadedBytes = 0;
    for (let i = 0; i < plan.length; i++) {
      throwIfAborted(opts.signal);
      const p = plan[i];
      let { data } = await p.reader.readF32(p.name);
      if (p.transpose) data = transpose2d(data, p.shape[0], p.shape[1]); // [out, in] → [in, out]
      if (p.addOne) for (let j = 0; j < data.length; j++) data[j] = 1 + data[j];
      params[p.engine] = tf.tensor(data, p.transpose ? [p.shape[1], p.shape[0]] : p.shape, 'float32');
      loadedBytes += p.info.dataOffsets[1] - p.info.dataOffsets[0];
      opts.onProgress?.({ loadedBytes, totalBytes, tensor: p.name, index: i, count: plan.length });
      await new Promise((r) => setImmediate(r)); // let progress reach the host and a cancel arrive
    }
    const used = new Set(plan.map((p) => p.name));
    const model = new Transformer(config, params);
    return {
      model,
      tokenizer: tok.tokenizer,
      config: model.config,
      dialect: dialect.name,
      objective: dialect.objective,
      hfConfig: hf,
      info: {
        dir,
        files: files.files,
        tokenizerSource: tok.source,
        dtypes: [...new Set(plan.map((p) => p.info.dtype))],
        unusedTensors: files.names().filter((n) => !used.has(n)),
        parameters: Object.values(params).reduce((a, t) => a + t.size, 0),
        bytes: totalBytes,
      },
      warnings: tok.warnings,
    };
  } catch (e) {
    for (const t of Object.values(params)) t.dispose();
    throw e;
  } finally {
    await files.close();
  }
}
