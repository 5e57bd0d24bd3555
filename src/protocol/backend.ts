// Backend names and the report of which loaded, shared by engine, extension and CLI (no tfjs here).

export type BackendChoice = 'auto' | 'gpu' | 'webgpu' | 'node' | 'wasm' | 'cpu';
export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'gpu', 'webgpu', 'node', 'wasm', 'cpu'];

export function isBackendChoice(v: unknown): v is BackendChoice {
  return typeof v === 'string' && (BACKEND_CHOICES as readonly string[]).includes(v);
}

/** What was tried for one backend and why it did or did not load. */
export interface BackendAttempt {
  choice: Exclude<BackendChoice, 'auto'>;
  label: string;
  loaded: boolean;
  reason: string;
}

/** The WebGPU adapter Dawn offered (GPUAdapterInfo), and whether it is a software rasteriser. */
export interface GpuAdapterReport {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** llvmpipe/lavapipe, SwiftShader, WARP…: correct but slower than wasm; used only when asked for by name. */
  software: boolean;
}

export interface BackendReport {
  requested: BackendChoice;
  active: Exclude<BackendChoice, 'auto'>;
  /** tf.getBackend() name: 'tensorflow' | 'webgpu' | 'wasm' | 'cpu'. */
  tfName: string;
  /** The WebGPU adapter found at start, whether or not WebGPU became the active backend. */
  adapter?: GpuAdapterReport;
  /** XNNPACK threads of the wasm backend when it is active (1 = single-threaded SIMD build). */
  wasmThreads?: number;
  attempts: BackendAttempt[];
  warnings: string[];
}
