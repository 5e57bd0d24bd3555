// safetensors (huggingface/safetensors): u64 LE header length N, N bytes of JSON header, then raw little-endian tensors.
// Validating reader (header checked against the file size before anything is allocated; tensors read one at a time by
// positioned reads, F32/F16/BF16 → Float32Array) and a streaming writer (F32, F16). Other dtypes are described, not read.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CancelledError, UserError } from '../errors';

/** Every dtype the format defines, with its size in bytes (sub-byte F4 and F6 types are rejected as unknown). */
const DTYPE_BYTES: Record<string, number> = {
  BOOL: 1, U8: 1, I8: 1, F8_E5M2: 1, F8_E4M3: 1, F8_E8M0: 1,
  I16: 2, U16: 2, F16: 2, BF16: 2,
  I32: 4, U32: 4, F32: 4,
  I64: 8, U64: 8, F64: 8,
};
/** The dtypes Model Lens converts to float32. */
export const READABLE_DTYPES = ['F32', 'F16', 'BF16'] as const;
export type ReadableDtype = (typeof READABLE_DTYPES)[number];
export type WritableDtype = 'F32' | 'F16';

/** Largest JSON header accepted (the reference implementation's limit). */
export const MAX_HEADER_BYTES = 100_000_000;

export interface TensorInfo {
  name: string;
  dtype: string;
  shape: number[];
  /** Byte offsets relative to the first byte after the header: [begin, end). */
  dataOffsets: [number, number];
}

export interface SafetensorsHeader {
  /** Tensors in file order (by begin offset). */
  tensors: TensorInfo[];
  /** `__metadata__` string entries (non-string values are dropped). */
  metadata: Record<string, string>;
  /** Byte offset of the data section in the file: 8 + N. */
  dataStart: number;
  /** Bytes after the header. */
  dataSize: number;
}

/** Random access to bytes: a file (positioned reads) or memory (tests). The reader never asks beyond `size`. */
export interface ByteSource {
  readonly size: number;
  /** Fill `into` with the bytes at [position, position + into.length). */
  read(position: number, into: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

export function memorySource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    async read(position, into) {
      if (position < 0 || position + into.length > bytes.length) throw new Error('read past the end of the buffer');
      into.set(bytes.subarray(position, position + into.length));
    },
    async close() {},
  };
}

/** A file opened for positioned reads. Reads in ≤ 64 MiB chunks (one read call may return fewer bytes than asked). */
export async function fileSource(file: string): Promise<ByteSource> {
  let fh: fs.promises.FileHandle;
  try {
    fh = await fs.promises.open(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `${file} does not exist` : `cannot open ${file}: ${(e as Error).message}`);
  }
  const { size } = await fh.stat();
  return {
    size,
    async read(position, into) {
      let done = 0;
      while (done < into.length) {
        const len = Math.min(into.length - done, 64 << 20);
        const { bytesRead } = await fh.read(into, done, len, position + done);
        if (bytesRead === 0) throw new UserError(`${path.basename(file)} ended early (it changed while being read?)`);
        done += bytesRead;
      }
    },
    close: () => fh.close(),
  };
}

const isNonNegInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * Checks a parsed header against the data size and returns the tensor table. Every message names the tensor.
 * Checks: known dtype, shape of non-negative integers, end − begin = ∏shape × bytes, 0 ≤ begin ≤ end ≤ dataSize, no overlap.
 */
export function validateHeader(json: unknown, dataSize: number, label = 'safetensors file'): Omit<SafetensorsHeader, 'dataStart'> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new UserError(`${label}: the header is not a JSON object`);
  }
  const tensors: TensorInfo[] = [];
  let metadata: Record<string, string> = {};
  for (const [name, raw] of Object.entries(json as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new UserError(`${label}: __metadata__ is not an object`);
      metadata = Object.fromEntries(Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === 'string'));
      continue;
    }
    const where = `${label}: tensor ${JSON.stringify(name)}`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new UserError(`${where}: entry is not an object`);
    const { dtype, shape, data_offsets: offs } = raw as Record<string, unknown>;
    if (typeof dtype !== 'string' || !Object.hasOwn(DTYPE_BYTES, dtype)) {
      throw new UserError(`${where}: unknown dtype ${JSON.stringify(dtype)}`);
    }
    if (!Array.isArray(shape) || !shape.every(isNonNegInt)) {
      throw new UserError(`${where}: shape must be a list of non-negative integers, got ${JSON.stringify(shape)?.slice(0, 80)}`);
    }
    if (!Array.isArray(offs) || offs.length !== 2 || !offs.every(isNonNegInt)) {
      throw new UserError(`${where}: data_offsets must be two non-negative integers, got ${JSON.stringify(offs)?.slice(0, 80)}`);
    }
    const [begin, end] = offs as [number, number];
    if (begin > end) throw new UserError(`${where}: data_offsets [${begin}, ${end}] end before they begin`);
    if (end > dataSize) {
      throw new UserError(`${where}: data_offsets [${begin}, ${end}] reach past the end of the data (${dataSize} bytes): the file is truncated or corrupt`);
    }
    // Multiply step by step against dataSize so a hostile shape cannot overflow into a plausible number.
    let bytes = DTYPE_BYTES[dtype];
    for (const n of shape as number[]) {
      bytes *= n;
      if (bytes > dataSize) break;
    }
    if (bytes !== end - begin) {
      throw new UserError(
        `${where}: shape [${(shape as number[]).join(', ')}] × ${dtype} needs ${bytes > dataSize ? 'more than ' + dataSize : bytes} bytes but data_offsets [${begin}, ${end}] hold ${end - begin}`,
      );
    }
    tensors.push({ name, dtype, shape: shape as number[], dataOffsets: [begin, end] });
  }
  tensors.sort((a, b) => a.dataOffsets[0] - b.dataOffsets[0] || a.dataOffsets[1] - b.dataOffsets[1]);
  let prev: TensorInfo | undefined;
  for (const t of tensors) {
    if (t.dataOffsets[0] === t.dataOffsets[1]) continue;
    if (prev && t.dataOffsets[0] < prev.dataOffsets[1]) {
      throw new UserError(
        `${label}: tensor ${JSON.stringify(t.name)} (bytes ${t.dataOffsets[0]}–${t.dataOffsets[1]}) overlaps tensor ${JSON.stringify(prev.name)} (bytes ${prev.dataOffsets[0]}–${prev.dataOffsets[1]})`,
      );
    }
    prev = t;
  }
  return { tensors, metadata, dataSize };
}

/** Reads and validates the 8-byte length and the JSON header. Allocates at most min(N, 100 MB, file size) bytes. */
export async function readHeader(src: ByteSource, label = 'safetensors file'): Promise<SafetensorsHeader> {
  if (src.size < 8) throw new UserError(`${label} is ${src.size} bytes: too short to be safetensors (needs an 8-byte header length)`);
  const lenBytes = new Uint8Array(8);
  await src.read(0, lenBytes);
  const n = new DataView(lenBytes.buffer).getBigUint64(0, true);
  if (n > BigInt(src.size - 8)) {
    throw new UserError(`${label}: header length ${n} is larger than the rest of the file (${src.size - 8} bytes): truncated or not safetensors`);
  }
  if (n > BigInt(MAX_HEADER_BYTES)) throw new UserError(`${label}: header length ${n} exceeds the ${MAX_HEADER_BYTES}-byte limit`);
  const headerLen = Number(n);
  if (headerLen < 2) throw new UserError(`${label}: header of ${headerLen} bytes cannot hold a JSON object`);
  const headerBytes = new Uint8Array(headerLen);
  await src.read(8, headerBytes);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(headerBytes));
  } catch (e) {
    throw new UserError(`${label}: the header is not valid JSON (${(e as Error).message.slice(0, 120)})`);
  }
  const dataStart = 8 + headerLen;
  return { ...validateHeader(json, src.size - dataStart, label), dataStart };
}

const F16_TABLE = (() => {
  // IEEE 754 binary16 → float32 for all 65,536 bit patterns (subnormals, ±Inf, NaN included).
  const t = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const s = h & 0x8000 ? -1 : 1;
    const e = (h >> 10) & 0x1f;
    const m = h & 0x3ff;
    t[h] = e === 0 ? s * m * 2 ** -24 : e === 31 ? (m ? NaN : s * Infinity) : s * (1 + m / 1024) * 2 ** (e - 15);
  }
  return t;
})();

/** float16 little-endian bytes → float32. */
export function f16ToF32(bytes: Uint8Array): Float32Array {
  const n = bytes.length >> 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = F16_TABLE[bytes[2 * i] | (bytes[2 * i + 1] << 8)];
  return out;
}

/** bfloat16 little-endian bytes → float32 (bf16 is the top half of a float32). */
export function bf16ToF32(bytes: Uint8Array): Float32Array {
  const n = bytes.length >> 1;
  const u = new Uint32Array(n);
  for (let i = 0; i < n; i++) u[i] = ((bytes[2 * i] | (bytes[2 * i + 1] << 8)) << 16) >>> 0;
  return new Float32Array(u.buffer);
}

const f32Scratch = new Float32Array(1);
const u32Scratch = new Uint32Array(f32Scratch.buffer);
/** float32 → float16 bits, round to nearest even; overflow → ±Inf. */
export function f32ToF16Bits(x: number): number {
  f32Scratch[0] = x;
  const b = u32Scratch[0];
  const sign = (b >>> 16) & 0x8000;
  const exp = (b >>> 23) & 0xff;
  let mant = b & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  let e = exp - 127 + 15;
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let h = mant >> shift;
    const rem = mant & ((1 << shift) - 1);
    const half = 1 << (shift - 1);
    if (rem > half || (rem === half && h & 1)) h++;
    return sign | h;
  }
  let h = mant >> 13;
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && h & 1)) {
    h++;
    if (h === 0x400) {
      h = 0;
      e++;
      if (e >= 31) return sign | 0x7c00;
    }
  }
  return sign | (e << 10) | h;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Raw little-endian bytes of a tensor → float32 values. F32 on a little-endian host is a view, not a copy. */
export function bytesToF32(dtype: string, bytes: Uint8Array, name: string, label = 'safetensors file'): Float32Array {
  switch (dtype) {
    case 'F32':
      if (LITTLE_ENDIAN && bytes.byteOffset % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2);
      return Float32Array.from({ length: bytes.length >> 2 }, (_, i) => new DataView(bytes.buffer, bytes.byteOffset).getFloat32(4 * i, true));
    case 'F16':
      return f16ToF32(bytes);
    case 'BF16':
      return bf16ToF32(bytes);
    default:
      throw new UserError(
        `${label}: tensor ${JSON.stringify(name)} has dtype ${dtype}, which Model Lens cannot read (supported: ${READABLE_DTYPES.join(', ')})`,
      );
  }
}

/** An open safetensors file: the validated header, and tensors read on demand. Close it when done. */
export class SafetensorsReader {
  private readonly byName: Map<string, TensorInfo>;
  private constructor(
    private readonly src: ByteSource,
    readonly header: SafetensorsHeader,
    readonly label: string,
  ) {
    this.byName = new Map(header.tensors.map((t) => [t.name, t]));
  }

  /** Opens and validates a file (or any ByteSource). Only the 8-byte length and the header are read. */
  static async open(file: string | ByteSource, label?: string): Promise<SafetensorsReader> {
    const src = typeof file === 'string' ? await fileSource(file) : file;
    const name = label ?? (typeof file === 'string' ? path.basename(file) : 'safetensors file');
    try {
      return new SafetensorsReader(src, await readHeader(src, name), name);
    } catch (e) {
      await src.close();
      throw e;
    }
  }

  get tensors(): readonly TensorInfo[] {
    return this.header.tensors;
  }

  get metadata(): Record<string, string> {
    return this.header.metadata;
  }

  info(name: string): TensorInfo | undefined {
    return this.byName.get(name);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** The raw bytes of one tensor (exactly its data_offsets range). */
  async readBytes(name: string): Promise<Uint8Array> {
    const t = this.byName.get(name);
    if (!t) throw new UserError(`${this.label} has no tensor ${JSON.stringify(name)}`);
    const buf = new Uint8Array(t.dataOffsets[1] - t.dataOffsets[0]);
    await this.src.read(this.header.dataStart + t.dataOffsets[0], buf);
    return buf;
  }

  /** One tensor as float32 (F32, F16, BF16); other dtypes → UserError naming the tensor and dtype, before reading. */
  async readF32(name: string): Promise<{ data: Float32Array; shape: number[]; dtype: string }> {
    const t = this.byName.get(name);
    if (!t) throw new UserError(`${this.label} has no tensor ${JSON.stringify(name)}`);
    if (!(READABLE_DTYPES as readonly string[]).includes(t.dtype)) bytesToF32(t.dtype, new Uint8Array(0), name, this.label);
    const bytes = await this.readBytes(name);
    return { data: bytesToF32(t.dtype, bytes, name, this.label), shape: [...t.shape], dtype: t.dtype };
  }

  close(): Promise<void> {
    return this.src.close();
  }
}

/** A tensor to write. `data` may be a function so a writer of 500 MB never holds more than one tensor's copy. */
export interface TensorToWrite {
  name: string;
  shape: number[];
  dtype?: WritableDtype;
  data: Float32Array | (() => Float32Array | Promise<Float32Array>);
}

/** Header bytes (padded with spaces to a multiple of 8, as the reference writer does) and the data layout. */
function buildHeader(tensors: TensorToWrite[], metadata?: Record<string, string>): { header: Uint8Array; total: number } {
  const obj: Record<string, unknown> = {};
  if (metadata && Object.keys(metadata).length) obj.__metadata__ = metadata;
  let offset = 0;
  const seen = new Set<string>();
  for (const t of tensors) {
    if (seen.has(t.name) || t.name === '__metadata__') throw new Error(`duplicate or reserved tensor name ${JSON.stringify(t.name)}`);
    seen.add(t.name);
    const bytes = t.shape.reduce((a, b) => a * b, 1) * (t.dtype === 'F16' ? 2 : 4);
    obj[t.name] = { dtype: t.dtype ?? 'F32', shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  const json = new TextEncoder().encode(JSON.stringify(obj));
  const padded = Math.ceil(json.length / 8) * 8;
  const header = new Uint8Array(8 + padded).fill(0x20, 8);
  new DataView(header.buffer).setBigUint64(0, BigInt(padded), true);
  header.set(json, 8);
  return { header, total: offset };
}

function encodeTensor(t: TensorToWrite, data: Float32Array): Uint8Array {
  const n = t.shape.reduce((a, b) => a * b, 1);
  if (data.length !== n) throw new Error(`tensor ${t.name}: ${data.length} values for shape [${t.shape.join(', ')}]`);
  if (t.dtype === 'F16') {
    const out = new Uint8Array(2 * n);
    for (let i = 0; i < n; i++) {
      const h = f32ToF16Bits(data[i]);
      out[2 * i] = h & 0xff;
      out[2 * i + 1] = h >> 8;
    }
    return out;
  }
  if (LITTLE_ENDIAN) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(4 * n);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < n; i++) dv.setFloat32(4 * i, data[i], true);
  return out;
}

/** The whole file in memory (tests, small models). */
export async function encodeSafetensors(tensors: TensorToWrite[], metadata?: Record<string, string>): Promise<Uint8Array> {
  const { header, total } = buildHeader(tensors, metadata);
  const out = new Uint8Array(header.length + total);
  out.set(header);
  let pos = header.length;
  for (const t of tensors) {
    const bytes = encodeTensor(t, typeof t.data === 'function' ? await t.data() : t.data);
    out.set(bytes, pos);
    pos += bytes.length;
  }
  return out;
}

/** Writes a safetensors file tensor by tensor (to `file`.partial, renamed at the end so a crash leaves no half file). */
export async function writeSafetensors(
  file: string,
  tensors: TensorToWrite[],
  metadata?: Record<string, string>,
  opts: { onTensor?: (index: number, name: string) => void; signal?: AbortSignal } = {},
): Promise<number> {
  const { header, total } = buildHeader(tensors, metadata);
  const tmp = `${file}.partial`;
  const fh = await fs.promises.open(tmp, 'w');
  try {
    await fh.write(header, 0, header.length, 0);
    let pos = header.length;
    for (let i = 0; i < tensors.length; i++) {
      if (opts.signal?.aborted) throw new CancelledError();
      const t = tensors[i];
      const bytes = encodeTensor(t, typeof t.data === 'function' ? await t.data() : t.data);
      let done = 0;
      while (done < bytes.length) {
        const { bytesWritten } = await fh.write(bytes, done, bytes.length - done, pos + done);
        done += bytesWritten;
      }
      pos += bytes.length;
      opts.onTensor?.(i, t.name);
    }
    await fh.close();
  } catch (e) {
    await fh.close().catch(() => undefined);
    await fs.promises.rm(tmp, { force: true });
    throw e;
  }
  await fs.promises.rename(tmp, file);
  return header.length + total;
}
