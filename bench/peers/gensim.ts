// gensim's skip-gram on the very tokens our SGNS bench trained on (same hyper-parameters, 1 worker).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BENCH_TMP, SGNS_TASK } from '../tasks/embeddings';
import { assetPath } from '../../src/engine/embeddings/assets';
import { hasPythonModule, runPython, type Peer } from './index';

export const gensimPeer: Peer = {
  name: 'gensim word2vec (sg=1)',
  task: SGNS_TASK,
  quick: true,
  async run(o) {
    const base = { name: this.name, task: this.task };
    if (!hasPythonModule('gensim')) return { ...base, skipped: 'not installed: sudo apt-get install python3-gensim' };
    const file = path.join(BENCH_TMP, `${o.quick ? 'moby-dick' : 'sotu'}-tokens.txt`);
    if (!fs.existsSync(file)) return { ...base, skipped: `run the ${SGNS_TASK} task first (${file} missing)` };
    const r = runPython('gensim_sgns.py', [file, '--dim', '100', '--window', '5', '--negative', '5', '--epochs', o.quick ? '1' : '5',
      '--min-count', '5', '--sample', '1e-3', '--workers', '1', '--sg', '1', '--analogies', assetPath('eval/questions-words.txt')]);
    return { ...base, value: r.words_per_s as number, extra: r };
  },
};
