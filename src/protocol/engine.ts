// Engine RPC shared by the extension host (client) and the engine process (server):
// the base requests (info, diagnostics) and the progress notification every long request uses.
// Feature areas declare their own request types in protocol/<area>.ts on the same pattern.
import { NotificationType, RequestType } from 'vscode-jsonrpc';
import type { BackendReport } from './backend';

/** Params of any long request: the client picks a token and receives progress under it. */
export interface WithProgress {
  progressToken?: string;
}

/** Progress of a long request. `fraction` in [0, 1]; `data` is area-specific (e.g. a loss point). */
export interface ProgressParams {
  token: string;
  message?: string;
  fraction?: number;
  data?: unknown;
}
export const progressNotification = new NotificationType<ProgressParams>('modelLens/progress');

/** Sent by the engine once its backend is initialised. */
export const readyNotification = new NotificationType<EngineInfo>('modelLens/ready');

export interface EngineInfo {
  version: string;
  pid: number;
  node: string;
  platform: string;
  backend: BackendReport;
  memory: { rssMB: number; heapMB: number; numTensors: number; numBytes: number };
  /** Milliseconds from process start to backend ready. */
  startMs: number;
  /** Non-loopback connections the engine refused (should always be empty). */
  blockedConnections: string[];
}
export const infoRequest = new RequestType<Record<string, never>, EngineInfo, void>('engine/info');

/** One matmul timing: the diagnostics panel's chart. */
export interface MatmulTiming {
  size: number;
  ms: number;
  gflops: number;
}
export interface DiagnosticsParams extends WithProgress {
  sizes?: number[];
  repeats?: number;
}
export interface DiagnosticsResult {
  backend: string;
  timings: MatmulTiming[];
}
export const diagnosticsRequest = new RequestType<DiagnosticsParams, DiagnosticsResult, void>('engine/diagnostics');

/** Test hook: a request that never finishes until cancelled, to prove cancellation works. */
export const sleepRequest = new RequestType<{ ms: number } & WithProgress, { slept: number; cancelled: boolean }, void>(
  'engine/sleep',
);
