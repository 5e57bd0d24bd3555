// PyTorch CPU training the same small GPT on the same corpus, at the same thread counts as our rows: 1 thread
// (ratio for "wasm 1 thread") and every core (ratio for "wasm N threads"), for the tiny-GPT training ratio.
import * as os from 'node:os';
import { GPT_TASK, mobyDickFile } from '../tasks/lm';
import { hasPythonModule, runPython, type Peer } from './index';

function pytorchPeer(threads: number): Peer {
  return {
    name: `PyTorch CPU, ${threads} thread${threads > 1 ? 's' : ''}`,
    task: GPT_TASK,
    quick: true,
    // our rows say "wasm 1 thread" / "wasm 2 threads"; cpu and webgpu rows get no PyTorch ratio
    matches: (label) => label === `wasm ${threads} thread${threads > 1 ? 's' : ''}`,
    async run(o) {
      const base = { name: this.name, task: this.task };
      if (!hasPythonModule('torch')) return { ...base, skipped: 'not installed: sudo apt-get install python3-torch' };
      const r = runPython('torch_gpt.py', [mobyDickFile(), '--threads', String(threads), '--steps', o.quick ? '8' : '20', '--batch', '12', '--context', '64',
        '--d-model', '128', '--layers', '4', '--heads', '4', '--d-ff', '512']);
      return { ...base, value: r.tokens_per_s as number, extra: { peer: r.peer, loss_first: r.loss_first, loss_last: r.loss_last, vocab: r.vocab } };
    },
  };
}

const cores = Math.min(8, os.availableParallelism());
export const pytorchPeers: Peer[] = cores > 1 ? [pytorchPeer(1), pytorchPeer(cores)] : [pytorchPeer(1)];
