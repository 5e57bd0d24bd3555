// Starts TensorFlow.js's WebGPU backend on Dawn (the `webgpu` npm package: a native dawn.node per
// platform), which reaches Vulkan, Metal and D3D12, so every GPU vendor. It leaves out the ladder
// itself (backend.ts) and never installs navigator.gpu unless an adapter exists: tfjs registers
// 'webgpu' at import time when navigator.gpu is present, and would then fail on the next op.
import * as tf from '@tensorflow/tfjs-core';
import type { GpuAdapterReport } from '../../protocol/backend';

/** The subset of the WebGPU API this file touches (no DOM typings in the engine). */
interface GpuAdapterLike {
  info?: { vendor?: string; architecture?: string; device?: string; description?: string };
  isFallbackAdapter?: boolean;
}
interface GpuLike {
  requestAdapter(opts?: { powerPreference?: string }): Promise<GpuAdapterLike | null>;
}
interface GpuDeviceLike {
  lost: Promise<{ reason?: string; message?: string }>;
  destroy(): void;
}

/** Names of software rasterisers: correct results, no GPU. */
const SOFTWARE = /llvmpipe|lavapipe|swiftshader|software|microsoft basic render|\bwarp\b/i;

export function describeAdapter(a: GpuAdapterLike): GpuAdapterReport {
  const i = a.info ?? {};
  const r = {
    vendor: i.vendor ?? '',
    architecture: i.architecture ?? '',
    device: i.device ?? '',
    description: i.description ?? '',
  };
  const software = a.isFallbackAdapter === true || SOFTWARE.test(`${r.architecture} ${r.device} ${r.description}`);
  return { ...r, software };
}

/** One line for people: "mesa software llvmpipe (…), software adapter". */
export function adapterLabel(a: GpuAdapterReport): string {
  const name = [a.vendor, a.architecture, a.description || a.device].filter(Boolean).join(' ');
  return `${name || 'unnamed adapter'}${a.software ? ' (software adapter)' : ''}`;
}

let gpu: GpuLike | undefined;
let dawnError: string | undefined;

/** Loads dawn.node once. `webgpu` is an ES module; a dynamic import works from CommonJS too. */
async function loadDawn(): Promise<GpuLike> {
  if (gpu) return gpu;
  if (dawnError) throw new Error(dawnError);
  if (process.env.MODEL_LENS_WEBGPU_DISABLE) {
    dawnError = 'disabled by MODEL_LENS_WEBGPU_DISABLE';
    throw new Error(dawnError);
  }
  try {
    const mod = (await import('webgpu')) as unknown as { create(flags: string[]): GpuLike; globals: Record<string, unknown> };
    // GPUBufferUsage, GPUMapMode… are read as globals by tfjs-backend-webgpu
    Object.assign(globalThis, mod.globals);
    gpu = mod.create([]);
    return gpu;
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
    dawnError = /Cannot find (module|package)/.test(msg)
      ? `the webgpu package (Dawn) is not installed for ${process.platform}-${process.arch}`
      : `Dawn failed to load: ${msg}`;
    throw new Error(dawnError);
  }
}

/** Rejects after ms, so a driver that never answers cannot hang engine start. */
function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e) => (clearTimeout(t), reject(e)),
    );
  });
}

/** Asks Dawn for the adapter tfjs would get (high-performance); null when there is none. */
export async function findAdapter(): Promise<GpuAdapterReport | null> {
  const g = await loadDawn();
  const a = await withTimeout(g.requestAdapter({ powerPreference: 'high-performance' }), 10_000, 'requestAdapter');
  return a ? describeAdapter(a) : null;
}

/**
 * Makes 'webgpu' the active tfjs backend on the adapter found by findAdapter, then proves it with
 * a real upload → kernel → readback (Electron's V8 sandbox refuses the external ArrayBuffers Dawn
 * maps for readback; that shows here, not in the middle of a user's run). Throws with the reason.
 */
export async function startWebGpu(onLost: (why: string) => void): Promise<void> {
  if (!gpu) throw new Error('findAdapter must run first');
  (globalThis as { navigator?: unknown }).navigator ??= {};
  const nav = (globalThis as unknown as { navigator: { gpu?: GpuLike } }).navigator;
  nav.gpu = gpu;
  // required only now: tfjs-backend-webgpu registers itself at import when navigator.gpu exists
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('@tensorflow/tfjs-backend-webgpu');
  try {
    if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs-backend-webgpu failed to initialise');
    chunkAddN();
    await probeReadback();
  } catch (e) {
    stopWebGpu();
    throw e;
  }
  const device = webGpuDevice();
  void device?.lost.then((info) => {
    if (info.reason === 'destroyed' && stopping) return;
    onLost(`the GPU device was lost (${info.reason ?? 'unknown'}${info.message ? `: ${info.message}` : ''})`);
  });
}

let stopping = false;

/** Removes the webgpu backend (and navigator.gpu) so tfjs falls to the next one. */
export function stopWebGpu(): void {
  stopping = true;
  try {
    if (tf.findBackend('webgpu')) tf.removeBackend('webgpu');
  } catch {
    /* a backend that failed half-way may not dispose cleanly; it is unreachable either way */
  }
  const nav = (globalThis as { navigator?: { gpu?: unknown } }).navigator;
  if (nav) delete nav.gpu;
  stopping = false;
}

/** The GPUDevice tfjs-backend-webgpu runs on, when it is the active backend. */
export function webGpuDevice(): GpuDeviceLike | undefined {
  if (tf.getBackend() !== 'webgpu') return undefined;
  return (tf.backend() as unknown as { device?: GpuDeviceLike }).device;
}

/**
 * tfjs-backend-webgpu's AddN binds every input as a storage buffer, but a device gets the WebGPU default of 8 storage
 * buffers per shader stage (tfjs asks for no more), so AddN over more than 7 tensors makes an invalid pipeline and
 * returns garbage (training's gradient norm sums one term per parameter). Re-register AddN to sum in chunks that fit.
 */
function chunkAddN(): void {
  const orig = tf.getKernel('AddN', 'webgpu');
  const device = (tf.backend() as unknown as { device?: { limits?: { maxStorageBuffersPerShaderStage?: number } } }).device;
  const fit = Math.max(2, (device?.limits?.maxStorageBuffersPerShaderStage ?? 8) - 1); // one binding is the output
  if (!orig || (orig as { chunked?: boolean }).chunked) return;
  const kernelFunc: tf.KernelFunc = ({ inputs, backend, attrs }) => {
    let ts = inputs as unknown as tf.TensorInfo[];
    const made: tf.TensorInfo[] = [];
    while (ts.length > fit) {
      const next: tf.TensorInfo[] = [];
      for (let i = 0; i < ts.length; i += fit) {
        const part = ts.slice(i, i + fit);
        if (part.length === 1) next.push(part[0]);
        else {
          const sum = orig.kernelFunc({ inputs: part as unknown as tf.NamedTensorInfoMap, backend, attrs }) as tf.TensorInfo;
          made.push(sum);
          next.push(sum);
        }
      }
      ts = next;
    }
    const out = orig.kernelFunc({ inputs: ts as unknown as tf.NamedTensorInfoMap, backend, attrs }) as tf.TensorInfo;
    for (const t of made) (backend as unknown as { disposeData(id: tf.DataId): void }).disposeData(t.dataId);
    return out;
  };
  tf.unregisterKernel('AddN', 'webgpu');
  tf.registerKernel({ ...orig, kernelFunc, chunked: true } as tf.KernelConfig);
}

async function probeReadback(): Promise<void> {
  const x = tf.tensor1d([1, 2, 3]);
  const y = tf.mul(x, 2);
  try {
    // test hook: MODEL_LENS_FAULT=webgpu-readback fails the read the way Electron's V8 sandbox does
    if (process.env.MODEL_LENS_FAULT === 'webgpu-readback') throw new Error('External buffers are not allowed');
    const v = await y.data();
    if (v[0] !== 2 || v[1] !== 4 || v[2] !== 6) throw new Error(`readback returned ${Array.from(v).join(',')} for 2·[1,2,3]`);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new Error(`GPU readback failed (${msg.split('\n')[0]}); in VS Code's Electron the V8 sandbox can refuse Dawn's buffers: run the engine under a system Node (setting modelLens.engine.runtime, see README)`);
  } finally {
    x.dispose();
    y.dispose();
  }
}
