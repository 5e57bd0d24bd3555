// A stand-in for dist/engine.js that speaks the same JSON-RPC over IPC in a few milliseconds and
// without TensorFlow.js, so the client's start / idle / restart logic is tested in plain Node.
// engine/info answers at once; engine/sleep waits `ms` (cancellable); fake/load reports progress
// the way a model loading from its folder does, then answers.
const { createMessageConnection, IPCMessageReader, IPCMessageWriter } = require('vscode-jsonrpc/node');

const conn = createMessageConnection(new IPCMessageReader(process), new IPCMessageWriter(process));
const info = () => ({
  version: 'fake', pid: process.pid, node: process.version, platform: process.platform,
  backend: { active: 'fake', attempts: [] }, memory: { rssMB: 0, heapMB: 0, numTensors: 0, numBytes: 0 },
  startMs: 1, blockedConnections: [],
});
conn.onRequest('engine/info', () => info());
conn.onRequest('engine/sleep', (p, token) => new Promise((resolve) => {
  const t = setTimeout(() => resolve({ slept: p.ms, cancelled: false }), p.ms);
  token.onCancellationRequested(() => { clearTimeout(t); resolve({ slept: 0, cancelled: true }); });
}));
conn.onRequest('fake/load', async (p) => {
  for (const fraction of [0.25, 0.5, 1]) {
    if (p.progressToken) void conn.sendNotification('modelLens/progress', { token: p.progressToken, message: `loading ${p.modelId}`, fraction });
    await new Promise((r) => setTimeout(r, 20));
  }
  return { loaded: p.modelId };
});
conn.listen();
void conn.sendNotification('modelLens/ready', info());
process.on('disconnect', () => process.exit(0));
