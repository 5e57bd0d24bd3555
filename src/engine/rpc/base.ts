// Base engine requests: info (backend, memory), the diagnostics matmul benchmark, a cancellable sleep.
import * as tf from '@tensorflow/tfjs-core';
import type { MessageConnection } from 'vscode-jsonrpc';
import { diagnosticsRequest, infoRequest, sleepRequest, type EngineInfo } from '../../protocol/engine';
import { backendReport } from '../backend';
import { throwIfAborted } from '../errors';
import { handle } from './handle';
import { timeMatmuls } from '../diagnostics';
import { ENGINE_VERSION } from '../version';
import { blockedConnections } from '../netGuard';

export function engineInfo(startMs: number): EngineInfo {
  const mem = process.memoryUsage();
  const tm = tf.memory();
  const backend = backendReport();
  if (!backend) throw new Error('backend not initialised');
  return {
    version: ENGINE_VERSION,
    pid: process.pid,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    backend,
    memory: { rssMB: mem.rss / 2 ** 20, heapMB: mem.heapUsed / 2 ** 20, numTensors: tm.numTensors, numBytes: tm.numBytes },
    startMs,
    blockedConnections: [...blockedConnections()],
  };
}

export function registerBase(conn: MessageConnection, startMs: number): void {
  handle(conn, infoRequest, () => engineInfo(startMs));
  handle(conn, diagnosticsRequest, (p, ctx) => timeMatmuls(p.sizes ?? [64, 128, 256, 512], p.repeats ?? 5, ctx));
  handle(conn, sleepRequest, async (p, ctx) => {
    const t0 = Date.now();
    while (Date.now() - t0 < p.ms) {
      throwIfAborted(ctx.signal);
      ctx.progress({ fraction: (Date.now() - t0) / p.ms });
      await new Promise((r) => setTimeout(r, 20));
    }
    return { slept: Date.now() - t0, cancelled: false };
  });
}
