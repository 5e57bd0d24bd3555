// The engine client's life cycle against a fake engine process: no process until the first request,
// one process for concurrent requests, let go after the idle time but never under a request or a hold,
// restarted transparently by the next request, and progress the caller did not ask for still surfaced.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { RequestType } from 'vscode-jsonrpc';
import { EngineClient, type EngineState, type UnrequestedProgress } from '../../../src/engineClient';
import { infoRequest, sleepRequest } from '../../../src/protocol/engine';

const enginePath = path.join(__dirname, 'fakeEngine.cjs');
const loadRequest = new RequestType<{ modelId: string }, { loaded: string }, void>('fake/load');

function client(idleTimeoutMs = 0): EngineClient {
  return new EngineClient({ enginePath, backend: 'auto', log: () => {}, idleTimeoutMs });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(what: string, f: () => boolean, ms = 5000): Promise<void> {
  const t0 = Date.now();
  while (!f()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('no process until the first request; concurrent first requests share one process', async () => {
  const c = client();
  assert.equal(c.pid, undefined);
  assert.equal(c.state.kind, 'stopped');
  const states: string[] = [];
  c.on('state', (s: EngineState) => states.push(s.kind));
  const [a, b] = await Promise.all([c.request(infoRequest, {}), c.request(infoRequest, {})]);
  assert.equal(a.pid, b.pid);
  assert.equal(c.pid, a.pid);
  assert.deepEqual(states.slice(0, 2), ['starting', 'ready']);
  await c.stop();
  assert.equal(alive(a.pid), false);
});

test('after the idle time the process exits, the state says idle with the backend, and the next request restarts it', async () => {
  const c = client(150);
  const first = await c.request(infoRequest, {});
  await until('idle stop', () => c.state.kind === 'stopped');
  assert.deepEqual(c.state, { kind: 'stopped', backend: 'fake', idle: true });
  assert.equal(c.pid, undefined);
  assert.equal(alive(first.pid), false);
  assert.equal(c.idleStops, 1);
  const second = await c.request(infoRequest, {});
  assert.notEqual(second.pid, first.pid);
  assert.equal(c.state.kind, 'ready');
  await c.stop();
});

test('a request longer than the idle time is never cut, and the countdown starts when it ends', async () => {
  const c = client(100);
  const { pid } = await c.request(infoRequest, {});
  const r = await c.request(sleepRequest, { ms: 600 });
  assert.deepEqual(r, { slept: 600, cancelled: false });
  assert.equal(c.pid, pid, 'same process throughout');
  assert.equal(c.idleStops, 0);
  await until('idle stop after the request', () => c.pid === undefined);
  assert.equal(c.idleStops, 1);
});

test('a hold keeps the engine past the idle time; releasing it lets the engine go', async () => {
  const c = client(100);
  const { pid } = await c.request(infoRequest, {});
  const hold = c.keepAlive('a panel whose state lives in the engine');
  await new Promise((r) => setTimeout(r, 400));
  assert.equal(c.pid, pid);
  hold.dispose();
  hold.dispose(); // twice is harmless
  await until('idle stop after release', () => c.pid === undefined);
  assert.equal(alive(pid), false);
});

test('a request made while the engine is stopping waits for the exit and gets a fresh engine', async () => {
  const c = client();
  const { pid } = await c.request(infoRequest, {});
  const stopping = c.stop();
  const next = await c.request(infoRequest, {});
  await stopping;
  assert.notEqual(next.pid, pid);
  assert.equal(alive(pid), false);
  assert.equal(c.state.kind, 'ready');
  await c.stop();
});

test('progress the caller did not ask for shows as busy and as an event naming the request', async () => {
  const c = client();
  const seen: UnrequestedProgress[] = [];
  const busy: string[] = [];
  c.on('unrequestedProgress', (p: UnrequestedProgress) => seen.push(p));
  c.on('state', (s: EngineState) => s.kind === 'busy' && busy.push(`${s.task} ${s.fraction}`));
  const ends: string[] = [];
  c.on('requestEnd', (id: string) => ends.push(id));
  const r = await c.request(loadRequest, { modelId: '/models/gpt2' });
  assert.deepEqual(r, { loaded: '/models/gpt2' });
  assert.deepEqual(seen.map((p) => [p.method, (p.params as { modelId: string }).modelId, p.fraction]), [
    ['fake/load', '/models/gpt2', 0.25],
    ['fake/load', '/models/gpt2', 0.5],
    ['fake/load', '/models/gpt2', 1],
  ]);
  assert.deepEqual(busy, ['opening gpt2 0.25', 'opening gpt2 0.5', 'opening gpt2 1']);
  assert.equal(c.state.kind, 'ready');
  assert.ok(ends.includes(seen[0].id));
  // A caller with its own progress handler gets the notifications, and no event is raised.
  const mine: number[] = [];
  await c.request(loadRequest, { modelId: 'gpt2' }, { onProgress: (p) => mine.push(p.fraction ?? -1) });
  assert.deepEqual(mine, [0.25, 0.5, 1]);
  assert.equal(seen.length, 3);
  await c.stop();
});

test('idle timeout 0 never stops the engine; changing it arms the countdown', async () => {
  const c = client(0);
  const { pid } = await c.request(infoRequest, {});
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(c.pid, pid);
  c.setIdleTimeout(100);
  await until('idle stop after the setting changed', () => c.pid === undefined);
});
