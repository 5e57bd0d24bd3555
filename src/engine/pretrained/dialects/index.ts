// The config dialects the generic Hugging Face loader opens, and the lookup that names them all when none matches.
// GPT-2 keeps its own loader (loadHfGpt2.ts, with its fused c_attn table); it is listed here so messages name it.
import { UserError } from '../../errors';
import { bertDialect, distilbertDialect } from './bert';
import { gemma3Dialect } from './gemma3';
import { llamaDialect } from './llama';
import type { HfDialect } from './types';

export const HF_DIALECTS: readonly HfDialect[] = [llamaDialect, gemma3Dialect, bertDialect, distilbertDialect];

/** Every model_type Model Lens opens, for messages. */
export const SUPPORTED_MODEL_TYPES = ['gpt2', ...HF_DIALECTS.flatMap((d) => d.modelTypes)];

/** The dialect of a parsed config.json, or a UserError listing the supported model types. */
export function dialectFor(j: Record<string, unknown>, label = 'config.json'): HfDialect {
  const d = HF_DIALECTS.find((x) => x.matches(j));
  if (d) return d;
  const archs = Array.isArray(j.architectures) ? ` (${j.architectures.join(', ')})` : '';
  const what = j.model_type !== undefined ? `model_type ${JSON.stringify(j.model_type)}${archs}` : `no model_type${archs}`;
  throw new UserError(`${label} has ${what}, which Model Lens cannot open. Supported model types: ${SUPPORTED_MODEL_TYPES.join(', ')}`);
}

export type { HfDialect, HfTensorMap } from './types';
