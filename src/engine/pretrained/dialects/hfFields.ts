// Small readers for config.json fields shared by the dialects: typed, range-checked, each message naming the field.
import { UserError } from '../../errors';
import type { Activation, RopeScaling } from '../../lm/config';

export class HfFields {
  constructor(
    readonly j: Record<string, unknown>,
    readonly label: string,
  ) {}

  int(key: string, fallback?: number): number {
    const v = this.j[key] ?? fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 1e8) throw new UserError(`${this.label}: ${key} must be a positive integer, got ${JSON.stringify(v)}`);
    return v;
  }

  num(key: string, fallback?: number): number {
    const v = this.j[key] ?? fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new UserError(`${this.label}: ${key} must be a positive number, got ${JSON.stringify(v)}`);
    return v;
  }

  /** A positive number, or null when absent or null. */
  optNum(key: string): number | null {
    const v = this.j[key];
    return v === undefined || v === null ? null : this.num(key);
  }

  bool(key: string, fallback: boolean): boolean {
    const v = this.j[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'boolean') throw new UserError(`${this.label}: ${key} must be true or false, got ${JSON.stringify(v)}`);
    return v;
  }

  activation(key: string, fallback: string): Activation {
    const v = this.j[key] ?? fallback;
    const a = typeof v === 'string' ? HF_ACTIVATIONS[v] : undefined;
    if (!a) throw new UserError(`${this.label}: ${key} ${JSON.stringify(v)} is not supported (supported: ${Object.keys(HF_ACTIVATIONS).join(', ')})`);
    return a;
  }
}

/** transformers ACT2FN names the engine computes exactly. gelu_pytorch_tanh is gelu_new by another name; swish is silu. */
export const HF_ACTIVATIONS: Record<string, Activation> = {
  silu: 'silu',
  swish: 'silu',
  gelu_pytorch_tanh: 'gelu_new',
  gelu_new: 'gelu_new',
  gelu_fast: 'gelu_new',
  gelu: 'gelu',
  relu: 'relu',
};

/**
 * HF rope_scaling (or a rope_parameters entry) → the engine's. null / "default" → none; linear and llama3 supported;
 * others (dynamic, yarn, longrope) refused by name.
 */
export function ropeScalingOf(raw: unknown, label: string): RopeScaling | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new UserError(`${label}: rope_scaling must be an object or null`);
  const r = raw as Record<string, unknown>;
  const type = r.rope_type ?? r.type ?? 'default';
  const f = new HfFields(r, `${label} rope_scaling`);
  switch (type) {
    case 'default':
      return null;
    case 'linear':
      return { type: 'linear', factor: f.num('factor') };
    case 'llama3':
      return {
        type: 'llama3',
        factor: f.num('factor'),
        lowFreqFactor: f.num('low_freq_factor'),
        highFreqFactor: f.num('high_freq_factor'),
        originalContextLength: f.int('original_max_position_embeddings'),
      };
    default:
      throw new UserError(`${label}: rope_scaling type ${JSON.stringify(type)} is not supported (supported: default, linear, llama3)`);
  }
}
