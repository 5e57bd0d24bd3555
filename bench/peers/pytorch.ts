// PyTorch CPU training the same small GPT on the same corpus, with as many threads as our backend
// uses (wasm runs one thread), for the tiny-GPT training ratio.
import { GPT_TASK, mobyDickFile } from '../tasks/lm';
import { hasPythonModule, runPython, type Peer } from './index';

export const pytorchPeer: Peer = {
  name: 'PyTorch CPU, 1 thread',
  task: GPT_TASK,
  quick: true,
  async run(o) {
    const base = { name: this.name, task: this.task };
    if (!hasPythonModule('torch')) return { ...base, skipped: 'not installed: sudo apt-get install python3-torch' };
    const r = runPython('torch_gpt.py', [mobyDickFile(), '--threads', '1', '--steps', o.quick ? '8' : '20', '--batch', '12', '--context', '64',
      '--d-model', '128', '--layers', '4', '--heads', '4', '--d-ff', '512']);
    return { ...base, value: r.tokens_per_s as number, extra: { peer: r.peer, loss_first: r.loss_first, loss_last: r.loss_last, vocab: r.vocab } };
  },
};
