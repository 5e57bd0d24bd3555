// CLI commands of the engine itself: info (backends) and bench-matmul.
import * as tf from '@tensorflow/tfjs-core';
import { backendReport } from '../engine/backend';
import { adapterLabel } from '../engine/backends/webgpu';
import { timeMatmuls } from '../engine/diagnostics';
import { ENGINE_VERSION } from '../engine/version';
import type { CliCommand } from './types';

export const baseCommands: Record<string, CliCommand> = {
  info: {
    usage: 'info [--json]',
    summary: 'engine version, active backend and why the others did not load',
    flags: [],
    async run(args, io) {
      const r = backendReport()!;
      // wasmThreads at the top level too: what a script checks to see every core is used (1 = one thread)
      const wasmThreads = r.active === 'wasm' ? (r.wasmThreads ?? 1) : undefined;
      if (args.flags.json) return io.out(JSON.stringify({ version: ENGINE_VERSION, node: process.version, wasmThreads, adapter: r.adapter, backend: r }, null, 2));
      io.out(`Model Lens engine ${ENGINE_VERSION} on Node ${process.version}`);
      io.out(`active backend: ${r.active} (tf: ${tf.getBackend()})${wasmThreads ? `, ${wasmThreads} thread${wasmThreads > 1 ? 's' : ''}` : ''}`);
      if (r.adapter) io.out(`WebGPU adapter: ${adapterLabel(r.adapter)}`);
      for (const a of r.attempts) io.out(`  ${a.loaded ? '✓' : '✗'} ${a.choice.padEnd(6)} ${a.label}: ${a.reason}`);
      for (const w of r.warnings) io.err(`warning: ${w}`);
    },
  },
  'bench-matmul': {
    usage: 'bench-matmul [--json]',
    summary: 'matmul GFLOP/s on the active backend',
    flags: [],
    async run(args, io) {
      const d = await timeMatmuls([64, 128, 256, 512], 5, { signal: io.signal });
      if (args.flags.json) return io.out(JSON.stringify(d));
      for (const t of d.timings) io.out(`${d.backend} ${t.size}×${t.size}: ${t.ms.toFixed(2)} ms, ${t.gflops.toFixed(2)} GFLOP/s`);
    },
  },
};
