// The GPT-2 parameter layout (transformers GPT2LMHeadModel) ⇄ the engine's parameter names (lm/params.ts).
// GPT-2's Conv1D stores weights [in, out] like the engine; c_attn fuses q, k, v along the output axis.
import type { TransformerConfig } from '../lm/config';
import { blockPrefix } from '../lm/params';

/** One tensor of the GPT-2 file and the engine parameters it becomes. */
export interface Gpt2TensorMap {
  /** Name without the optional `transformer.` prefix, e.g. `h.0.attn.c_attn.weight`. */
  hfName: string;
  /** Shape the config implies. */
  shape: number[];
  /** Engine parameter names; several when the tensor is split along its last axis into equal parts (c_attn → q, k, v). */
  engine: string[];
  /** `lm_head.weight` is stored [vocab, n_embd]; the engine's unembed is [dModel, vocab]. */
  transpose?: boolean;
}

/** Every tensor a GPT-2 file must hold for this config, in file order. */
export function gpt2Layout(c: TransformerConfig): Gpt2TensorMap[] {
  const d = c.dModel;
  const out: Gpt2TensorMap[] = [
    { hfName: 'wte.weight', shape: [c.vocabSize, d], engine: ['wte'] },
    { hfName: 'wpe.weight', shape: [c.contextLength, d], engine: ['wpe'] },
  ];
  const norm = (hf: string, ours: string) =>
    out.push({ hfName: `${hf}.weight`, shape: [d], engine: [`${ours}.g`] }, { hfName: `${hf}.bias`, shape: [d], engine: [`${ours}.b`] });
  for (let i = 0; i < c.nLayers; i++) {
    const h = `h.${i}`;
    const p = blockPrefix(i);
    norm(`${h}.ln_1`, `${p}.ln1`);
    out.push(
      { hfName: `${h}.attn.c_attn.weight`, shape: [d, 3 * d], engine: [`${p}.attn.wq`, `${p}.attn.wk`, `${p}.attn.wv`] },
      { hfName: `${h}.attn.c_attn.bias`, shape: [3 * d], engine: [`${p}.attn.bq`, `${p}.attn.bk`, `${p}.attn.bv`] },
      { hfName: `${h}.attn.c_proj.weight`, shape: [d, d], engine: [`${p}.attn.wo`] },
      { hfName: `${h}.attn.c_proj.bias`, shape: [d], engine: [`${p}.attn.bo`] },
    );
    norm(`${h}.ln_2`, `${p}.ln2`);
    out.push(
      { hfName: `${h}.mlp.c_fc.weight`, shape: [d, c.dFF], engine: [`${p}.mlp.wUp`] },
      { hfName: `${h}.mlp.c_fc.bias`, shape: [c.dFF], engine: [`${p}.mlp.bUp`] },
      { hfName: `${h}.mlp.c_proj.weight`, shape: [c.dFF, d], engine: [`${p}.mlp.wDown`] },
      { hfName: `${h}.mlp.c_proj.bias`, shape: [d], engine: [`${p}.mlp.bDown`] },
    );
  }
  norm('ln_f', 'lnF');
  if (!c.tiedEmbeddings) out.push({ hfName: 'lm_head.weight', shape: [c.vocabSize, d], engine: ['unembed'], transpose: true });
  return out;
}

/** Split [..., k·n] row-major data into k arrays [..., n] (columns k·n … (k+1)·n − 1 go to part k). */
export function splitLastAxis(data: Float32Array, shape: number[], parts: number): Float32Array[] {
  const cols = shape[shape.length - 1];
  const rows = data.length / cols;
  const n = cols / parts;
  const out = Array.from({ length: parts }, () => new Float32Array(rows * n));
  for (let r = 0; r < rows; r++) for (let k = 0; k < parts; k++) out[k].set(data.subarray(r * cols + k * n, r * cols + (k + 1) * n), r * n);
  return out;
}

/** The inverse of splitLastAxis: k arrays [..., n] → [..., k·n]. */
export function concatLastAxis(parts: Float32Array[], n: number): Float32Array {
  const rows = parts[0].length / n;
  const k = parts.length;
  const out = new Float32Array(rows * n * k);
  for (let r = 0; r < rows; r++) for (let j = 0; j < k; j++) out.set(parts[j].subarray(r * n, (r + 1) * n), (r * k + j) * n);
  return out;
}

/** Transpose a row-major [rows, cols] matrix. */
export function transpose2d(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c];
  return out;
}
