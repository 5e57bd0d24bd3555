// Property-based fuzzing (fast-check): mutated, truncated and invented safetensors files either open and read, or fail with
// a UserError; no other exception, no read outside the file, and no allocation beyond twice the file size (F16 → F32).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { UserError } from '../../../src/engine/errors';
import { SafetensorsReader, encodeSafetensors, memorySource, type ByteSource } from '../../../src/engine/io/safetensors';

/** Opens `bytes`, reads every tensor; returns 'ok' or the UserError message. Asserts the bounds on the way. */
async function openAndReadAll(bytes: Uint8Array): Promise<string> {
  const mem = memorySource(bytes);
  let requested = 0;
  const src: ByteSource = {
    size: mem.size,
    read: (p, into) => {
      requested += into.length;
      return mem.read(p, into); // throws a plain Error (failing the property) if asked past the end
    },
    close: () => mem.close(),
  };
  let allocated = 0;
  try {
    const r = await SafetensorsReader.open(src);
    for (const t of r.tensors) {
      try {
        const { data, shape } = await r.readF32(t.name);
        allocated += data.byteLength;
        assert.equal(data.length, shape.reduce((a, b) => a * b, 1));
      } catch (e) {
        if (!(e instanceof UserError) || !e.message.includes(JSON.stringify(t.name))) throw e;
      }
    }
    return 'ok';
  } catch (e) {
    if (e instanceof UserError) return e.message;
    throw e;
  } finally {
    assert.ok(requested <= bytes.length, `read ${requested} bytes of a ${bytes.length}-byte file`);
    assert.ok(allocated <= 2 * bytes.length, `allocated ${allocated} bytes for a ${bytes.length}-byte file`);
  }
}

const seedFile = encodeSafetensors(
  [
    { name: 'wte.weight', shape: [5, 4], data: Float32Array.from({ length: 20 }, (_, i) => i / 7) },
    { name: 'h.0.ln_1.bias', shape: [4], dtype: 'F16', data: new Float32Array([1, 2, 3, 4]) },
    { name: 'scalar', shape: [], data: new Float32Array([42]) },
  ],
  { format: 'pt' },
);

test('random byte mutations of a valid file: UserError or a correct read, never a crash', async () => {
  const base = await seedFile;
  assert.equal(await openAndReadAll(base), 'ok');
  const headerEnd = 8 + Number(new DataView(base.buffer).getBigUint64(0, true));
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.tuple(fc.nat({ max: headerEnd + 20 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
      fc.option(fc.nat({ max: base.length }), { nil: undefined }),
      async (edits, cut) => {
        const f = base.slice(0, cut ?? base.length);
        for (const [pos, byte] of edits) if (pos < f.length) f[pos] = byte;
        await openAndReadAll(f);
      },
    ),
    { numRuns: 1500, seed: 42 },
  );
});

test('random header lengths (u64, up to 2^64−1) never allocate more than the file', async () => {
  const base = await seedFile;
  await fc.assert(
    fc.asyncProperty(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), async (n) => {
      const f = base.slice();
      new DataView(f.buffer).setBigUint64(0, n, true);
      await openAndReadAll(f);
    }),
    { numRuns: 500, seed: 7 },
  );
});

const dims = fc.oneof(fc.nat({ max: 6 }), fc.constantFrom(-1, 1.5, 2 ** 53, 2 ** 31, 1e300, '3' as unknown as number, null as unknown as number));
const entry = fc.record({
  dtype: fc.oneof(fc.constantFrom('F32', 'F16', 'BF16', 'I64', 'U8', 'BOOL', 'F64', 'F8_E4M3'), fc.string()),
  shape: fc.oneof(fc.array(dims, { maxLength: 4 }), fc.constant('x' as unknown as number[])),
  data_offsets: fc.oneof(
    fc.tuple(fc.nat({ max: 200 }), fc.nat({ max: 200 })).map(([a, b]) => [a, b]),
    fc.array(fc.oneof(fc.integer({ min: -5, max: 2 ** 40 }), fc.double()), { maxLength: 3 }),
  ),
});

test('invented headers (random dtypes, shapes, offsets, names, metadata): UserError or a consistent read', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', '__metadata__')), fc.oneof(entry, fc.anything()), { maxKeys: 6 }),
      fc.nat({ max: 256 }),
      async (header, dataLen) => {
        const json = new TextEncoder().encode(JSON.stringify(header));
        const f = new Uint8Array(8 + json.length + dataLen);
        new DataView(f.buffer).setBigUint64(0, BigInt(json.length), true);
        f.set(json, 8);
        for (let i = 8 + json.length; i < f.length; i++) f[i] = (i * 31) & 255;
        await openAndReadAll(f);
      },
    ),
    { numRuns: 1500, seed: 3 },
  );
});

test('hostile-but-consistent header: huge shape with offsets in range is refused before any tensor allocation', async () => {
  const json = new TextEncoder().encode(JSON.stringify({ big: { dtype: 'F32', shape: [1e6, 1e6], data_offsets: [0, 16] } }));
  const f = new Uint8Array(8 + json.length + 16);
  new DataView(f.buffer).setBigUint64(0, BigInt(json.length), true);
  f.set(json, 8);
  assert.equal(await openAndReadAll(f), 'safetensors file: tensor "big": shape [1000000, 1000000] × F32 needs more than 16 bytes but data_offsets [0, 16] hold 16');
});

after(() => console.log('fuzz: 3500 safetensors property runs (1500 byte mutations, 500 header lengths, 1500 invented headers)'));
