// The engine requests the extension sends for recurrent and seq2seq models, through the real handlers on a stub
// connection: lm/train with arch 'gru' (hello preset), then predict, model card, describe, rnn/states on the result,
// the transformer-only views refusing it, and seq2seq/train → translate → describe.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CancellationToken, MessageConnection } from 'vscode-jsonrpc';
import { initBackend } from '../../../src/engine/backend';
import { registerLm } from '../../../src/engine/rpc/lm';
import { registerRnn } from '../../../src/engine/rpc/rnn';

type Handler = (p: unknown, t: CancellationToken) => Promise<unknown>;
const handlers = new Map<string, Handler>();
const notes: unknown[] = [];
const conn = {
  onRequest: (type: { method: string }, fn: Handler) => handlers.set(type.method, fn),
  sendNotification: (_type: unknown, params: unknown) => notes.push(params),
} as unknown as MessageConnection;
const token: CancellationToken = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };
const call = (method: string, p: unknown) => handlers.get(method)!(p, token) as Promise<any>;

before(async () => {
  await initBackend('wasm');
  registerLm(conn);
  registerRnn(conn);
});

test('lm/train with arch gru and the hello preset, then every next-token request and the recurrent views', async () => {
  const outDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ml-rnn-rpc-')), 'gru-hello');
  const r = await call('lm/train', { arch: 'gru', rnnPreset: 'hello', tokenizer: 'char', outDir, options: { steps: 300 }, progressToken: 't1' });
  assert.equal(r.steps, 300);
  assert.ok(r.finalLoss < 0.05, `loss ${r.finalLoss}`);
  assert.ok(r.gradThroughTime.length === 4);
  assert.ok(notes.length >= 300, 'a progress notification per step');
  const p = await call('lm/predict', { modelId: outDir, text: 'he', top: 3 });
  assert.equal(p.candidates[0].token, 'l');
  const g = await call('lm/generate', { modelId: outDir, text: 'h', maxTokens: 4, greedy: true });
  assert.equal(g.text, 'ello');
  const tp = await call('lm/tokenProbabilities', { modelId: outDir, text: 'hello' });
  assert.equal(tp.tokens.length, 5);
  assert.ok(tp.tokens.slice(1).every((t: { prob: number }) => t.prob > 0.9), 'each later letter of hello is predicted');
  const card = await call('lm/modelCard', { modelId: outDir });
  assert.equal(card.family, 'recurrent');
  assert.equal(card.config.dHidden, 3);
  assert.equal(card.params.total, 5 * 9 + 3 * 9 + 9 + 3 * 5 + 5); // wx [V=5, 3H], wh [H, 3H], b, head.w, head.b
  assert.equal(card.history.length, 300);
  const d = await call('lm/describe', { ids: [outDir] });
  assert.equal(d.models[0].recurrent.arch, 'gru');
  assert.equal(d.models[0].step, 300);
  const s = await call('rnn/states', { modelId: outDir, text: 'hello' });
  assert.deepEqual(Object.keys(s.layers[0].gates).sort(), ['reset', 'update']);
  assert.ok(s.trainingTraces.length > 0);
  assert.equal(s.trainedClip, 5);
  await assert.rejects(call('lm/attention', { modelId: outDir, text: 'hello' }), /Attention needs a transformer; .* is a recurrent model \(GRU\)/);
  await assert.rejects(call('rnn/states', { modelId: 'default-lm', text: 'hi' }), /"Inside an RNN" needs a recurrent model/);
});

test('seq2seq/train → seq2seq/translate → seq2seq/describe', async () => {
  const outDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ml-s2s-rpc-')), 'digits-rnn-attention');
  const r = await call('seq2seq/train', { task: 'digits', arch: 'rnn-attention', outDir, steps: 30, maxLength: 3, dHidden: 12 });
  assert.deepEqual(r.accuracy.map((a: { length: number }) => a.length), [1, 2, 3]);
  const t = await call('seq2seq/translate', { modelDir: outDir, text: 'four two' });
  assert.equal(t.arch, 'rnn-attention');
  assert.deepEqual(t.input, ['four', 'two']);
  const d = await call('seq2seq/describe', { dirs: [outDir, '/nonexistent'] });
  assert.deepEqual(d.models[0].accuracy, r.accuracy);
  assert.match(d.models[1].error, /is not a Model Lens checkpoint/);
  await assert.rejects(call('seq2seq/train', { task: 'digits', arch: 'lstm', outDir: outDir + '-x' }), /seq2seq arch must be one of rnn, rnn-attention, transformer/);
});
