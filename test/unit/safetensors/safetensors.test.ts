// safetensors reader and writer: round trips, F16/BF16 conversion on hand-made bit patterns, lazy positioned reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  SafetensorsReader,
  bf16ToF32,
  encodeSafetensors,
  f16ToF32,
  f32ToF16Bits,
  memorySource,
  writeSafetensors,
  type ByteSource,
} from '../../../src/engine/io/safetensors';

const le16 = (...bits: number[]) => new Uint8Array(new Uint16Array(bits).buffer);

test('F16 bit patterns: 1, -2, 65504 (max), smallest subnormal, Inf, NaN, -0', () => {
  const v = f16ToF32(le16(0x3c00, 0xc000, 0x7bff, 0x0001, 0x7c00, 0x7e00, 0x8000));
  assert.deepEqual(Array.from(v.subarray(0, 4)), [1, -2, 65504, 2 ** -24]);
  assert.equal(v[4], Infinity);
  assert.ok(Number.isNaN(v[5]));
  assert.ok(Object.is(v[6], -0));
});

test('BF16 bit patterns: 1, -2, 3.140625, Inf', () => {
  assert.deepEqual(Array.from(bf16ToF32(le16(0x3f80, 0xc000, 0x4049, 0x7f80))), [1, -2, 3.140625, Infinity]);
});

test('float32 → F16 rounds to nearest even and saturates to Inf', () => {
  assert.equal(f32ToF16Bits(1), 0x3c00);
  assert.equal(f32ToF16Bits(65504), 0x7bff);
  assert.equal(f32ToF16Bits(70000), 0x7c00);
  assert.equal(f32ToF16Bits(2 ** -24), 0x0001);
  assert.equal(f32ToF16Bits(1 + 2 ** -11), 0x3c00, 'halfway rounds to even');
  assert.equal(f32ToF16Bits(1 + 3 * 2 ** -11), 0x3c02);
  for (let h = 0; h < 0x7c00; h += 7) assert.equal(f32ToF16Bits(f16ToF32(le16(h))[0]), h, `bits ${h.toString(16)}`);
});

test('write → read round trip in memory: F32 exact, F16 within half precision, metadata kept, 8-byte aligned header', async () => {
  const a = Float32Array.from({ length: 12 }, (_, i) => Math.sin(i) * 100);
  const b = Float32Array.from({ length: 6 }, (_, i) => i / 3);
  const bytes = await encodeSafetensors(
    [
      { name: 'a', shape: [3, 4], data: a },
      { name: 'b.half', shape: [2, 3], dtype: 'F16', data: () => b },
      { name: 'empty', shape: [0, 5], data: new Float32Array(0) },
    ],
    { format: 'pt', note: 'hello' },
  );
  assert.equal(Number(new DataView(bytes.buffer).getBigUint64(0, true)) % 8, 0);
  const r = await SafetensorsReader.open(memorySource(bytes));
  assert.deepEqual(r.metadata, { format: 'pt', note: 'hello' });
  assert.deepEqual(r.tensors.map((t) => [t.name, t.dtype, t.shape, t.dataOffsets]), [
    ['a', 'F32', [3, 4], [0, 48]],
    ['b.half', 'F16', [2, 3], [48, 60]],
    ['empty', 'F32', [0, 5], [60, 60]],
  ]);
  assert.deepEqual(Array.from((await r.readF32('a')).data), Array.from(a));
  const half = (await r.readF32('b.half')).data;
  for (let i = 0; i < b.length; i++) assert.ok(Math.abs(half[i] - b[i]) <= Math.abs(b[i]) * 2 ** -11 + 1e-7);
  assert.equal((await r.readF32('empty')).data.length, 0);
  await assert.rejects(r.readF32('nope'), { name: 'UserError', message: 'safetensors file has no tensor "nope"' });
});

test('file reader reads only the header and the tensors asked for', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'model-lens-st-'));
  const file = path.join(dir, 'x.safetensors');
  const big = new Float32Array(1 << 18).map((_, i) => i);
  const total = await writeSafetensors(file, [
    { name: 'big', shape: [512, 512], data: big },
    { name: 'small', shape: [3], data: new Float32Array([1, 2, 3]) },
  ]);
  assert.equal(fs.statSync(file).size, total);
  assert.ok(!fs.existsSync(file + '.partial'));
  // count bytes through a wrapping source
  const inner = await import('../../../src/engine/io/safetensors').then((m) => m.fileSource(file));
  let read = 0;
  const counting: ByteSource = { size: inner.size, read: (p, into) => ((read += into.length), inner.read(p, into)), close: () => inner.close() };
  const r = await SafetensorsReader.open(counting);
  const afterHeader = read;
  assert.ok(afterHeader < 200, `header read ${afterHeader} bytes`);
  assert.deepEqual(Array.from((await r.readF32('small')).data), [1, 2, 3]);
  assert.equal(read, afterHeader + 12);
  const got = (await r.readF32('big')).data;
  assert.equal(got[262143], 262143);
  await r.close();
  fs.rmSync(dir, { recursive: true });
});

test('a missing file is a UserError naming it', async () => {
  await assert.rejects(SafetensorsReader.open('/nonexistent/model.safetensors'), { name: 'UserError', message: '/nonexistent/model.safetensors does not exist' });
});

test('BF16 tensors in a file read as float32', async () => {
  const json = new TextEncoder().encode(JSON.stringify({ w: { dtype: 'BF16', shape: [2], data_offsets: [0, 4] } }));
  const f = new Uint8Array(8 + json.length + 4);
  new DataView(f.buffer).setBigUint64(0, BigInt(json.length), true);
  f.set(json, 8);
  f.set(le16(0x3f80, 0xbf00), 8 + json.length);
  const r = await SafetensorsReader.open(memorySource(f));
  assert.deepEqual(Array.from((await r.readF32('w')).data), [1, -0.5]);
});
