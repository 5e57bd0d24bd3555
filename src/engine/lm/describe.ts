// A cheap look at language-model folders for lists (the Model Lens tree): config, parameter count, step and
// where the model came from, read from the small JSON files only — no weights are loaded.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hasCheckpoint, readManifest, type ModelMeta } from './checkpoint';
import type { TransformerConfig } from './config';
import { embeddedLmDir, isEmbeddedLmId, rebuildCommand } from './defaultModel';
import { countParams } from './params';
import { readHfGpt2Config } from '../pretrained/loadHfGpt2';
import { isGpt2Config } from '../pretrained/hfConfig';
import { isHfFolder } from '../pretrained/hfLm';
import { readConfigJson, readHfModelConfig } from '../pretrained/loadHf';
import { describeRnnFolder, isRnnCheckpoint } from '../rnn/describe';
import type { RnnConfig } from '../rnn/config';

export interface LmSummary {
  /** The id to pass back (an embedded model's id, 'subword-lm' or 'default-lm', or the absolute folder). */
  id: string;
  source: 'checkpoint' | 'huggingface' | 'default';
  config?: TransformerConfig;
  /** Total parameters (tied unembedding counted once). */
  params?: number;
  step?: number;
  meta?: ModelMeta;
  /** A recurrent model's config (then `config` is absent). */
  recurrent?: RnnConfig;
  /** Why the folder cannot be opened (it is still listed, so the person can remove it). */
  error?: string;
}

/** Summaries of embedded models and model folders, in the order given; never throws. */
export async function describeLms(ids: string[]): Promise<LmSummary[]> {
  const out: LmSummary[] = [];
  for (const raw of ids) {
    const isDefault = isEmbeddedLmId(raw);
    const dir = isDefault ? embeddedLmDir(raw) : path.resolve(raw);
    const id = isDefault ? raw : (dir as string);
    try {
      if (!dir) throw new Error(`the embedded model is not built (${rebuildCommand(raw)})`);
      if (!isDefault && isHfFolder(dir)) {
        const gpt2 = isGpt2Config(await readConfigJson(dir));
        const { hf, config, dialect } = gpt2 ? { ...(await readHfGpt2Config(dir)), dialect: undefined } : await readHfModelConfig(dir);
        const mlm = dialect?.objective === 'mlm' ? { objective: 'mlm', tokenizer: 'wordpiece' } : {};
        out.push({ id, source: 'huggingface', config, params: countParams(config).total, step: 0, meta: { name: `${hf.model_type ?? dialect?.name ?? 'gpt2'}`, corpus: 'pretrained (Hugging Face folder)', ...mlm } });
      } else if (!isDefault && isRnnCheckpoint(dir)) {
        out.push({ id, source: 'checkpoint', ...describeRnnFolder(dir) });
      } else if (hasCheckpoint(dir)) {
        const m = readManifest(dir);
        const cj = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as { config: TransformerConfig; meta?: ModelMeta };
        out.push({ id, source: isDefault ? 'default' : 'checkpoint', config: cj.config, params: countParams(cj.config).total, step: m.step, meta: cj.meta ?? {} });
      } else {
        throw new Error(`${dir} holds neither a Model Lens checkpoint (manifest.json) nor a Hugging Face model (config.json + model.safetensors or model.safetensors.index.json)`);
      }
    } catch (e) {
      out.push({ id, source: isDefault ? 'default' : 'checkpoint', error: (e as Error).message });
    }
  }
  return out;
}
