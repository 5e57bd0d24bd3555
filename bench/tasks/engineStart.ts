// Engine start to ready: fork dist/engine.js the way the extension does and wait for 'ready'.
import * as path from 'node:path';
import { EngineClient } from '../../src/engineClient';
import type { BenchTask } from './types';

export const engineStart: BenchTask = {
  name: 'engine start → ready',
  unit: 'ms',
  higherIsBetter: false,
  target: { op: '<=', value: 1000 },
  backends: 'all',
  quick: true,
  async run(o) {
    const values: number[] = [];
    for (let i = 0; i < 4; i++) {
      const c = new EngineClient({ enginePath: path.resolve(__dirname, '../../dist/engine.js'), backend: o.backend, log: () => {} });
      const t0 = performance.now();
      await c.start();
      values.push(performance.now() - t0);
      await c.stop();
    }
    return { values: values.slice(1) };
  },
};
