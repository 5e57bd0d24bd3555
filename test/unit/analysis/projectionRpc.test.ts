import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CancellationToken, MessageConnection } from 'vscode-jsonrpc';
import { ResponseError } from 'vscode-jsonrpc';
import type { ProjectParams, ProjectResult } from '../../../src/protocol/projection';
import { registerProjection } from '../../../src/engine/rpc/projection';
import type { WordVectors } from '../../../src/engine/embeddings/wordVectors';
import { gaussianClusters } from './helpers';

/** A connection stub that keeps the one registered handler and the progress notifications sent. */
function fakeConnection() {
  let handler: ((p: unknown, t: CancellationToken) => Promise<unknown>) | undefined;
  const notes: unknown[] = [];
  const conn = {
    onRequest: (_type: unknown, fn: typeof handler) => (handler = fn),
    sendNotification: (_type: unknown, params: unknown) => notes.push(params),
  } as unknown as MessageConnection;
  const token: CancellationToken = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };
  return { conn, notes, call: (p: ProjectParams) => handler!(p, token) as Promise<ProjectResult> };
}

const { x } = gaussianClusters(60, 8, 3, 4);
const model: WordVectors = { words: Array.from({ length: 60 }, (_, i) => `w${i}`), dim: 8, vectors: x };

test('projection/project resolves the model, projects its top N words and reports progress', async () => {
  const asked: [string, number][] = [];
  const { conn, notes, call } = fakeConnection();
  registerProjection(conn, async (id, topN) => {
    asked.push([id, topN]);
    return model;
  });
  const r = await call({ modelId: 'sg-100d', topN: 40, method: 'tsne', dims: 2, seed: 1, perplexity: 5, progressToken: 'p1' });
  assert.deepEqual(asked, [['sg-100d', 40]]);
  assert.deepEqual(r.words, model.words.slice(0, 40));
  assert.equal(r.coords.length, 80);
  assert.ok(r.coords.every(Number.isFinite));
  assert.equal(r.method, 'tsne');
  assert.ok(notes.length > 0 && notes.every((n) => (n as { token: string }).token === 'p1'));
  const pcaR = await call({ modelId: 'sg-100d', topN: 100, method: 'pca', dims: 3 });
  assert.equal(pcaR.words.length, 60, 'topN beyond the vocabulary projects what there is');
  assert.equal(pcaR.explainedVariance!.length, 3);
});

test('projection/project answers bad parameters with a readable user error', async () => {
  const { conn, call } = fakeConnection();
  registerProjection(conn, async () => model);
  const bad: [Partial<ProjectParams>, RegExp][] = [
    [{ method: 'mds' as never }, /Unknown projection method "mds"/],
    [{ dims: 4 as never }, /2-D or 3-D/],
    [{ topN: 0 }, /from 1 to 100000/],
    [{ perplexity: 500 }, /Perplexity/],
  ];
  for (const [patch, msg] of bad) {
    const p = { modelId: 'm', topN: 10, method: 'pca', dims: 2, ...patch } as ProjectParams;
    await assert.rejects(call(p), (e: unknown) => e instanceof ResponseError && msg.test(e.message));
  }
});
