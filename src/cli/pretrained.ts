// CLI commands for pretrained models: export-hf (a model folder → the Hugging Face GPT-2 layout) and inspect-safetensors.
import * as path from 'node:path';
import { UserError } from '../engine/errors';
import { SafetensorsReader } from '../engine/io/safetensors';
import { exportHfGpt2 } from '../engine/pretrained/exportHfGpt2';
import { isHfModelDir, loadHfGpt2 } from '../engine/pretrained/loadHfGpt2';
import type { Transformer } from '../engine/lm/model';
import { hasCheckpoint, loadCheckpoint } from '../engine/lm/checkpoint';
import type { Tokenizer } from '../engine/lm/tokenizers';
import { flagString } from './args';
import type { CliCommand, CliIO } from './types';

/** The model behind --model: a Model Lens checkpoint, or a Hugging Face GPT-2 folder (re-export, e.g. BF16 → F32). */
async function loadModelForExport(dir: string, io: CliIO): Promise<{ model: Transformer; tokenizer?: Tokenizer }> {
  if (isHfModelDir(dir)) {
    const r = await loadHfGpt2(dir, { signal: io.signal, onProgress: (p) => io.progress(`loading ${p.index + 1}/${p.count} ${p.tensor}`, (p.index + 1) / p.count) });
    for (const w of r.warnings) io.err(`warning: ${w}`);
    return { model: r.model, tokenizer: r.tokenizer };
  }
  if (hasCheckpoint(dir)) {
    const lm = loadCheckpoint(dir);
    return { model: lm.model, tokenizer: lm.tokenizer };
  }
  throw new UserError(`${dir} is not a model folder Model Lens can export (expected a Model Lens checkpoint, or config.json + model.safetensors)`);
}

const fmtShape = (s: number[]) => `[${s.join(', ')}]`;

export const pretrainedCommands: Record<string, CliCommand> = {
  'export-hf': {
    usage: 'export-hf --model DIR --out DIR [--dtype F32|F16] [--json]',
    summary: 'save a model in the Hugging Face GPT-2 layout (config.json, model.safetensors, vocab.json, merges.txt)',
    flags: ['model', 'out', 'dtype'],
    async run(args, io) {
      const from = flagString(args, 'model');
      const out = flagString(args, 'out');
      if (!from || !out) throw new UserError('usage: export-hf --model DIR --out DIR [--dtype F32|F16]');
      const dtype = flagString(args, 'dtype') ?? 'F32';
      if (dtype !== 'F32' && dtype !== 'F16') throw new UserError(`--dtype must be F32 or F16, got ${dtype}`);
      const { model, tokenizer } = await loadModelForExport(path.resolve(from), io);
      try {
        const r = await exportHfGpt2(model, tokenizer, path.resolve(out), {
          dtype,
          signal: io.signal,
          onProgress: (p) => io.progress(`writing ${p.index + 1}/${p.count} ${p.tensor}`, (p.index + 1) / p.count),
        });
        if (args.flags.json) return io.out(JSON.stringify(r));
        io.out(`wrote ${r.files.join(', ')} to ${r.dir} (${(r.bytes / 1e6).toFixed(1)} MB of weights)`);
      } finally {
        model.dispose();
      }
    },
  },
  'inspect-safetensors': {
    usage: 'inspect-safetensors FILE [--json]',
    summary: 'list the tensors (dtype, shape, bytes) and metadata of a safetensors file, validating every offset',
    flags: [],
    async run(args, io) {
      const file = args._[0];
      if (!file) throw new UserError('usage: inspect-safetensors FILE [--json]');
      const r = await SafetensorsReader.open(path.resolve(file));
      try {
        const tensors = r.tensors.map((t) => ({ name: t.name, dtype: t.dtype, shape: t.shape, bytes: t.dataOffsets[1] - t.dataOffsets[0] }));
        const params = r.tensors.reduce((a, t) => a + t.shape.reduce((x, y) => x * y, 1), 0);
        if (args.flags.json) return io.out(JSON.stringify({ file, metadata: r.metadata, parameters: params, dataBytes: r.header.dataSize, tensors }));
        io.out(`${file}: ${tensors.length} tensors, ${params.toLocaleString('en-US')} values, ${(r.header.dataSize / 1e6).toFixed(1)} MB`);
        if (Object.keys(r.metadata).length) io.out(`metadata: ${JSON.stringify(r.metadata)}`);
        const w = Math.max(4, ...tensors.map((t) => t.name.length));
        for (const t of tensors) io.out(`  ${t.name.padEnd(w)}  ${t.dtype.padEnd(5)} ${fmtShape(t.shape)}`);
      } finally {
        await r.close();
      }
    },
  },
};
