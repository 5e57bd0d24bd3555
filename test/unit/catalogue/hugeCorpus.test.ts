// A 1 GB corpus is refused by size before it is read (a sparse file, so the test itself stays cheap),
// with a message that says how to raise the cap; under the cap it is read as usual.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadCorpus, readCorpusFile } from '../../../src/engine/embeddings/corpora';

test('a 1 GB corpus file is refused before any byte is read; the cap can be raised', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-huge-'));
  try {
    const big = path.join(dir, 'huge.txt');
    fs.writeFileSync(big, 'call me ishmael ');
    fs.truncateSync(big, 2 ** 30); // sparse: 1 GB long, almost nothing on disk
    const before = process.memoryUsage().rss;
    const msg = `${big} is 1024 MB, over the corpus size cap of 256 MB: raise the setting "modelLens.maxCorpusMB" (MODEL_LENS_MAX_CORPUS_MB from a terminal) to train on it, or use a smaller sample`;
    assert.throws(() => loadCorpus(big), { message: msg });
    assert.throws(() => readCorpusFile(big), { message: msg });
    assert.throws(() => loadCorpus(dir), { message: msg.replace(big, dir) });
    assert.ok(process.memoryUsage().rss - before < 64 * 2 ** 20, 'nothing close to the file size was allocated');
    assert.equal(fs.statSync(big).size, 2 ** 30, 'the file is untouched');

    const small = path.join(dir, 'small.txt');
    fs.writeFileSync(small, 'the whale is the largest creature of the sea and the captain said so\n'.repeat(20));
    process.env.MODEL_LENS_MAX_CORPUS_MB = '0.001';
    assert.throws(() => loadCorpus(small), /over the corpus size cap of 0 MB/);
    process.env.MODEL_LENS_MAX_CORPUS_MB = '1';
    assert.match(loadCorpus(small).text, /largest creature/);
  } finally {
    delete process.env.MODEL_LENS_MAX_CORPUS_MB;
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
