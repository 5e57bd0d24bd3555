// Opens a Hugging Face BERT or DistilBERT folder (config.json + model.safetensors, F32/F16/BF16, + vocab.txt or
// tokenizer.json) as a loaded model of the one engine transformer, so Fill Mask, the Attention view and the other views
// run on it. Every tensor name and shape is checked before any data is read; cancels between tensors.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { throwIfAborted, UserError } from '../../errors';
import { SafetensorsReader } from '../../io/safetensors';
import type { LoadedLm, Manifest } from '../../lm/checkpoint';
import { Transformer } from '../../lm/model';
import type { ParamMap } from '../../lm/params';
import { CHECKPOINT_FORMAT, ENGINE_VERSION } from '../../version';
import { transpose2d } from '../gpt2Layout';
import { bertDialectOf, type BertDialect } from './dialects';
import { readWordPiece } from './wordpieceFiles';

const WEIGHTS = 'model.safetensors';

function readConfig(dir: string): Record<string, unknown> | undefined {
  const file = path.join(dir, 'config.json');
  if (!fs.existsSync(file) || fs.statSync(file).size > 1 << 20) return undefined;
  try {
    const j = JSON.parse(fs.readFileSync(file, 'utf8'));
    return j && typeof j === 'object' && !Array.isArray(j) ? j : undefined;
  } catch {
    return undefined;
  }
}

/** True when `dir` holds a BERT-family config.json (the GPT-2 loader handles the rest). */
export function isBertFolder(dir: string): boolean {
  const j = readConfig(dir);
  return !!j && !!bertDialectOf(j);
}

/** Config and family name of a BERT-family folder from config.json alone (the Models view), or undefined. */
export function describeBertFolder(dir: string): { name: string; config: ReturnType<BertDialect['toConfig']> } | undefined {
  const j = readConfig(dir);
  const dialect = j && bertDialectOf(j);
  return dialect ? { name: dialect.name, config: dialect.toConfig(j) } : undefined;
}

export interface LoadBertOptions {
  onProgress?: (p: { loadedBytes: number; totalBytes: number; tensor: string }) => void;
  signal?: AbortSignal;
}

export async function loadHfBert(dir: string, opts: LoadBertOptions = {}): Promise<LoadedLm> {
  const json = readConfig(dir);
  if (!json) throw new UserError(`${dir} has no readable config.json`);
  const dialect = bertDialectOf(json);
  if (!dialect) throw new UserError(`${dir}/config.json is not a BERT-family config (model_type ${JSON.stringify(json.model_type)})`);
  const config = dialect.toConfig(json);
  const weights = path.join(dir, WEIGHTS);
  if (!fs.existsSync(weights)) throw new UserError(`${dir} has config.json but no ${WEIGHTS} (only safetensors weights are read, not pytorch_model.bin)`);
  const tok = readWordPiece(dir, config.vocabSize);
  const reader = await SafetensorsReader.open(weights);
  const params: ParamMap = {};
  try {
    const plan = dialect.layout(config).map((m) => {
      const candidates = m.hfName.startsWith('/') ? [m.hfName.slice(1)] : dialect.bodyPrefixes.map((p) => p + m.hfName);
      const name = candidates.find((n) => reader.has(n));
      if (!name) throw new UserError(`${WEIGHTS} has no tensor "${candidates[0]}", which config.json (${dialect.name}, ${config.nLayers} layers) needs`);
      const info = reader.info(name)!;
      if (!['F32', 'F16', 'BF16'].includes(info.dtype)) throw new UserError(`${WEIGHTS}: tensor "${name}" has dtype ${info.dtype} (supported: F32, F16, BF16)`);
      if (info.shape.join(',') !== m.shape.join(',')) {
        throw new UserError(`${WEIGHTS}: tensor "${name}" has shape [${info.shape.join(', ')}] but config.json needs [${m.shape.join(', ')}]`);
      }
      return { ...m, name, info };
    });
    const totalBytes = plan.reduce((a, p) => a + p.info.dataOffsets[1] - p.info.dataOffsets[0], 0);
    let loadedBytes = 0;
    for (const p of plan) {
      throwIfAborted(opts.signal);
      let { data } = await reader.readF32(p.name);
      if (p.transpose) data = transpose2d(data, p.shape[0], p.shape[1]);
      params[p.engine] = tf.tensor(data, p.transpose ? [p.shape[1], p.shape[0]] : p.shape, 'float32');
      loadedBytes += p.info.dataOffsets[1] - p.info.dataOffsets[0];
      opts.onProgress?.({ loadedBytes, totalBytes, tensor: p.name });
      await new Promise((r) => setImmediate(r));
    }
    const model = new Transformer(config, params);
    const manifest: Manifest = {
      kind: 'model-lens-lm',
      format: CHECKPOINT_FORMAT,
      engineVersion: ENGINE_VERSION,
      step: 0,
      savedAt: new Date(0).toISOString(),
      files: {},
      weights: { file: WEIGHTS, tensors: [] },
      state: '',
    };
    return {
      dir,
      model,
      tokenizer: tok.tokenizer,
      meta: {
        name: `${dialect.name} (${path.basename(dir)})`,
        corpus: 'pretrained (Hugging Face folder)',
        source: 'huggingface',
        objective: 'mlm',
        tokenizer: 'wordpiece',
        tokenizerSource: tok.source,
        dtypes: [...new Set(plan.map((p) => p.info.dtype))].join(', '),
      },
      manifest,
      step: 0,
      history: [],
      tokensSeen: 0,
      trainSeconds: 0,
    };
  } catch (e) {
    for (const t of Object.values(params)) t.dispose();
    throw e;
  } finally {
    await reader.close();
  }
}
