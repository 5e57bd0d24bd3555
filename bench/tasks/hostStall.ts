// Extension-host event-loop stall while a training run is in progress: this process plays the
// extension host (the same EngineClient, forked dist/engine.js, progress notifications handled)
// and measures its own event-loop delay with perf_hooks while the engine trains a pico GPT.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { EngineClient } from '../../src/engineClient';
import { lmTrainRequest } from '../../src/protocol/lm';
import type { BenchTask } from './types';

export const hostStall: BenchTask = {
  name: 'extension-host event-loop stall during training (max)',
  unit: 'ms',
  higherIsBetter: false,
  target: { op: '<=', value: 50 },
  backends: 'all',
  quick: true,
  async run(o) {
    const c = new EngineClient({ enginePath: path.resolve(__dirname, '../../dist/engine.js'), backend: o.backend, log: () => {} });
    await c.start();
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-stall-'));
    const h = monitorEventLoopDelay({ resolution: 5 });
    let progress = 0;
    h.enable();
    await c.request(
      lmTrainRequest,
      { corpus: 'moby-dick', tokenizer: 'char', preset: 'pico', outDir: out, options: { steps: o.quick ? 15 : 40, evalEvery: 10, sampleEvery: 10, checkpointEvery: 10 } },
      { onProgress: () => progress++ },
    );
    h.disable();
    await c.stop();
    fs.rmSync(out, { recursive: true, force: true });
    return {
      values: [h.max / 1e6],
      extra: { p99ms: h.percentile(99) / 1e6, meanMs: h.mean / 1e6, progressNotifications: progress },
    };
  },
};
