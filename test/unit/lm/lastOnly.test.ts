// Next-token prediction unembeds only the last position: same numbers as the full forward's last row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useTestBackend } from '../backendForTests';
import { Transformer } from '../../../src/engine/lm/model';

test('forward({ lastOnly }) equals the last row of the full logits, for tied and untied models', async () => {
  await useTestBackend();
  for (const tiedEmbeddings of [true, false]) {
    const m = Transformer.create({ vocabSize: 37, contextLength: 16, dModel: 16, nLayers: 2, nHeads: 2, dFF: 32, tiedEmbeddings }, 3);
    const before = tf.memory().numTensors;
    const ids = [[1, 5, 9, 2, 7, 30], [4, 4, 4, 8, 8, 36]];
    const full = m.forward(ids).logits; // [2, 6, 37]
    const last = m.forward(ids, { lastOnly: true }).logits; // [2, 1, 37]
    assert.deepEqual(last.shape, [2, 1, 37]);
    const a = full.arraySync() as number[][][];
    const b = last.arraySync() as number[][][];
    for (let i = 0; i < 2; i++) for (let v = 0; v < 37; v++) assert.ok(Math.abs(a[i][5][v] - b[i][0][v]) < 1e-5);
    full.dispose();
    last.dispose();
    assert.equal(tf.memory().numTensors, before);
    m.dispose();
  }
});
