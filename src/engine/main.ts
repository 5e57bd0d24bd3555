// Entry of the engine process (dist/engine.js), forked by the extension with an IPC channel.
// Initialises the backend named by MODEL_LENS_BACKEND, then serves JSON-RPC over IPC.
import { createMessageConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-jsonrpc/node';
import { initBackend } from './backend';
import { registerAll } from './rpc/index';
import { engineInfo } from './rpc/base';
import { readyNotification } from '../protocol/engine';
import { installNetGuard } from './netGuard';

async function main(): Promise<void> {
  installNetGuard((l) => process.stderr.write(l + '\n'));
  const conn = createMessageConnection(new IPCMessageReader(process), new IPCMessageWriter(process));
  // Requests that arrive before the backend is ready wait on this promise inside their handler.
  await initBackend(process.env.MODEL_LENS_BACKEND ?? 'auto');
  // From the moment the extension forked us (or process start when run by hand) to backend ready.
  const spawnedAt = Number(process.env.MODEL_LENS_SPAWN_T) || performance.timeOrigin;
  const startMs = Date.now() - spawnedAt;
  registerAll(conn, startMs);
  conn.listen();
  void conn.sendNotification(readyNotification, engineInfo(startMs));
  // The extension owns us: when the IPC channel closes, exit instead of lingering.
  process.on('disconnect', () => process.exit(0));
}

main().catch((e) => {
  process.stderr.write(`engine failed to start: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
