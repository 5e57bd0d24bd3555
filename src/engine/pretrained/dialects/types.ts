// What a Hugging Face config dialect provides to the generic loader (loadHf.ts): whether a config.json is its family,
// the engine config it means, and the table of tensors (HF name, HF shape, engine name, how to convert).
import type { TransformerConfig } from '../../lm/config';
import type { Tokenizer } from '../../lm/tokenizers/types';

/** One tensor of the checkpoint and the engine parameter it becomes. */
export interface HfTensorMap {
  /** Name relative to the body prefix (`layers.0.self_attn.q_proj.weight`), or absolute when `head` is set. */
  hfName: string;
  /** The shape config.json implies, as stored in the file. */
  shape: number[];
  /** Engine parameter name (lm/params.ts). */
  engine: string;
  /** HF Linear weights are [out, in]; the engine's matrices are [in, out]. */
  transpose?: boolean;
  /** Gemma's RMSNorm computes x̂·(1 + w): the loader stores 1 + w, so the engine's one RMSNorm (x̂·g) gives the same numbers. */
  addOne?: boolean;
  /** The output head: looked up under the dialect's head prefixes instead of the body's. */
  head?: boolean;
}

export interface HfDialect {
  /** Shown in messages and the model card ("llama", "gemma3_text"). */
  name: string;
  /** The model_type values this dialect opens. */
  modelTypes: string[];
  matches(json: Record<string, unknown>): boolean;
  /** Validated engine config; UserError naming the field for anything unsupported. */
  toConfig(json: Record<string, unknown>, label: string): TransformerConfig;
  /** Every tensor the checkpoint must hold for this config. */
  layout(c: TransformerConfig): HfTensorMap[];
  /** Prefixes tried, in order, for body tensors (`model.` for Llama; Gemma 3 multimodal files nest the text model). */
  bodyPrefixes: string[];
  /** Prefixes tried for head tensors (`lm_head.weight`). */
  headPrefixes: string[];
  /** What the model was trained to do: absent = next-token prediction; 'mlm' = a masked-language encoder (BERT). */
  objective?: 'mlm';
  /** The family's own vocabulary reader (BERT's vocab.txt / WordPiece); absent = tokenizer.json through the library. */
  tokenizer?: (dir: string, vocabSize: number) => { tokenizer: Tokenizer; source: string };
}
