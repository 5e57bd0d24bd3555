// Raw backend throughput: 512×512 matmul GFLOP/s.
import { timeMatmuls } from '../../src/engine/diagnostics';
import type { BenchTask } from './types';

export const matmul: BenchTask = {
  name: 'matmul 512×512',
  unit: 'GFLOP/s',
  higherIsBetter: true,
  backends: 'all',
  quick: true,
  async run() {
    const values: number[] = [];
    for (let i = 0; i < 5; i++) values.push((await timeMatmuls([512], 3)).timings[0].gflops);
    return { values };
  },
};
