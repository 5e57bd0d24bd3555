// The model's positional encodings as plain matrices: learned `wpe` rows, the sinusoidal table or the RoPE rotation
// angles, and the cosine similarity between positions. Leaves out how the encodings are added (model.ts does that).
import { UserError } from '../errors';
import type { Lm } from './inspect';
import { ropeAngles, sinusoidalTable } from './model';
import { headDim, layerAttention, type LayerAttention, type TransformerConfig } from './config';
import { ropeInverseFrequencies } from './rope';

export interface PositionsResult {
  kind: 'learned' | 'sinusoidal' | 'rope';
  /** Positions shown (≤ the context length). */
  positions: number;
  contextLength: number;
  /** [position][column]: the vector added at each position (learned, sinusoidal), or the angle θ[p, i] in radians (rope). */
  matrix: number[][];
  /** What a column is: 'dimension' or 'rotation pair'. */
  columns: string;
  /** [position][position] cosine similarity (rope: mean over pairs of cos(θ[p, i] − θ[p', i])). */
  similarity: number[][];
  /** One line on what is shown and the formula. */
  formula: string;
  /**
   * RoPE only: the rotation frequencies of each layer kind (Gemma 3: global layers θ = 10⁶, sliding layers θ = 10⁴;
   * llama3 scaling slows the long wavelengths). `matrix` above shows the global layers' angles.
   */
  ropeByLayerType?: RopeLayerType[];
}

export interface RopeLayerType {
  kind: LayerAttention;
  /** Layers of this kind. */
  layers: number[];
  theta: number;
  /** e.g. "llama3 ×8" or "linear ×8"; null when unscaled. */
  scaling: string | null;
  /** ω_i per rotation pair, radians per position. */
  inverseFrequencies: number[];
  /** 2π / ω_i: positions per full turn of each pair. */
  wavelengths: number[];
  /** Keys a sliding layer sees; null for global layers. */
  window: number | null;
}

/** Frequencies per layer kind present in the model (global first). */
export function ropeLayerTypes(c: TransformerConfig): RopeLayerType[] {
  const out: RopeLayerType[] = [];
  for (const kind of ['global', 'sliding'] as const) {
    const layers = Array.from({ length: c.nLayers }, (_, i) => i).filter((i) => layerAttention(c, i) === kind);
    if (!layers.length) continue;
    const local = kind === 'sliding' && c.ropeLocalTheta !== null;
    const theta = local ? (c.ropeLocalTheta as number) : c.ropeTheta;
    const scaling = local ? null : c.ropeScaling;
    const w = Array.from(ropeInverseFrequencies(headDim(c), theta, scaling));
    out.push({ kind, layers, theta, scaling: scaling ? `${scaling.type} ×${scaling.factor}` : null, inverseFrequencies: w, wavelengths: w.map((x) => (2 * Math.PI) / x), window: kind === 'sliding' ? c.slidingWindow : null });
  }
  return out;
}

function cosineMatrix(rows: Float64Array[]): number[][] {
  const norms = rows.map((r) => Math.sqrt(r.reduce((a, b) => a + b * b, 0)));
  return rows.map((a, i) =>
    rows.map((b, j) => {
      let s = 0;
      for (let k = 0; k < a.length; k++) s += a[k] * b[k];
      return norms[i] > 0 && norms[j] > 0 ? s / (norms[i] * norms[j]) : 0;
    }),
  );
}

/** Position vectors of the model and their similarity, for the first `maxPositions` positions (default 128). */
export async function positionalEncodings(lm: Lm, maxPositions = 128): Promise<PositionsResult> {
  const c = lm.model.config;
  const T = Math.max(1, Math.min(c.contextLength, Math.floor(maxPositions)));
  const d = c.dModel;
  const rows = (flat: Float32Array, width: number) => Array.from({ length: T }, (_, p) => Float64Array.from(flat.subarray(p * width, (p + 1) * width)));
  switch (c.positional) {
    case 'learned': {
      const r = rows((await lm.model.params.wpe.data()) as Float32Array, d);
      return { kind: 'learned', positions: T, contextLength: c.contextLength, matrix: r.map((x) => Array.from(x)), columns: 'dimension', similarity: cosineMatrix(r), formula: 'x = wte[token] + wpe[position]; wpe is learned with the rest of the model' };
    }
    case 'sinusoidal': {
      const r = rows(sinusoidalTable(T, d), d);
      return { kind: 'sinusoidal', positions: T, contextLength: c.contextLength, matrix: r.map((x) => Array.from(x)), columns: 'dimension', similarity: cosineMatrix(r), formula: 'PE[p, 2i] = sin(p / 10000^(2i/d)), PE[p, 2i+1] = cos(p / 10000^(2i/d))' };
    }
    case 'rope': {
      const half = headDim(c) / 2;
      const ang = rows(ropeAngles(T, half * 2, c.ropeTheta, c.ropeScaling), half);
      // [cos θ, sin θ] per pair: the dot product of two such unit rotations is Σ cos(θ_p − θ_p'), so it depends on p − p' only
      const unit = ang.map((a) => Float64Array.from([...a].flatMap((t) => [Math.cos(t), Math.sin(t)])));
      const base = c.ropeTheta === 10000 ? '10000' : String(c.ropeTheta);
      return { kind: 'rope', positions: T, contextLength: c.contextLength, matrix: ang.map((x) => Array.from(x)), columns: 'rotation pair', similarity: cosineMatrix(unit), formula: `θ[p, i] = p · ${base}^(−2i/d_head)${c.ropeScaling ? ` (${c.ropeScaling.type} scaling ×${c.ropeScaling.factor})` : ''}; q and k pairs are rotated by θ, so q_p·k_p' depends on p − p'`, ropeByLayerType: ropeLayerTypes(c) };
    }
    default:
      throw new UserError('this model has no positional encoding (positional: none): word order reaches it only through the causal mask');
  }
}
