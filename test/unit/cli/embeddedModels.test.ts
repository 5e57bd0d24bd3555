// The two language models shipped in assets/: the subword model is what a prediction uses when no model is named, and
// predicts words; the character model stays available by its id. Both are listed (as the Models view lists them) with
// their card fields, read without loading weights.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestBackend } from '../backendForTests';
import { describeLms } from '../../../src/engine/lm/describe';
import { EMBEDDED_LM_IDS, PREDICTION_LM_ID } from '../../../src/engine/lm/defaultModel';
import { predictNext } from '../../../src/engine/lm/inspect';
import { getLm } from '../../../src/engine/lm/registry';

test('both embedded models are listed with their config and card fields, the subword one first', async () => {
  const [sub, char] = await describeLms([...EMBEDDED_LM_IDS]);
  assert.deepEqual([sub.id, char.id], ['subword-lm', 'default-lm']);
  assert.equal(sub.error, undefined);
  assert.equal(sub.source, 'default');
  assert.equal(sub.config?.vocabSize, 2048);
  assert.equal(sub.meta?.tokenizer, 'bpe');
  assert.match(String(sub.meta?.description), /validation loss [\d.]+ nats\/token/);
  assert.ok((sub.step ?? 0) > 100, `trained ${sub.step} steps`);
  assert.equal(char.error, undefined);
  assert.equal(char.config?.vocabSize, 84);
});

test('no model named → the subword model, which predicts words; the char model predicts characters', async () => {
  await useTestBackend();
  assert.equal(PREDICTION_LM_ID, 'subword-lm');
  const lm = await getLm(undefined);
  assert.equal(lm.tokenizer.kind, 'bpe');
  const p = await predictNext(lm, { text: 'The acting in the movie was' }, { top: 10 });
  assert.equal(p.unknownCount, 0);
  assert.ok(p.candidates.filter((c) => /^␣[a-z]{2,}$/i.test(c.token)).length >= 3, `whole words among the top 10: ${p.candidates.map((c) => c.token).join(' ')}`);
  const char = await getLm('default-lm');
  assert.equal(char.tokenizer.kind, 'char');
  const q = await predictNext(char, { text: 'Call me Ishmael. Some years ag' }, { top: 5 });
  assert.ok(q.candidates.every((c) => [...c.token].length === 1));
});
