// A small tdd-style runner for tests inside the VS Code extension host. It keeps the
// @vscode/test-electron contract (the module exports run(): Promise) without Mocha's file loading,
// so the suite can be bundled into one file and launched by code-server or test-electron alike.
type Fn = () => unknown | Promise<unknown>;
interface Case {
  name: string;
  fn: Fn;
  timeoutMs: number;
}
const cases: Case[] = [];
let prefix = '';

export function suite(name: string, body: () => void): void {
  const prev = prefix;
  prefix = prev ? `${prev} › ${name}` : name;
  body();
  prefix = prev;
}

export function test(name: string, fn: Fn, timeoutMs = 60000): void {
  cases.push({ name: prefix ? `${prefix} › ${name}` : name, fn, timeoutMs });
}

export async function runAll(): Promise<void> {
  const filter = process.env.MODEL_LENS_TEST_FILTER ?? '';
  const rss0 = process.memoryUsage().rss;
  const heap0 = process.memoryUsage().heapUsed;
  let passed = 0;
  let failed = 0;
  for (const c of cases) {
    if (filter && !c.name.includes(filter)) continue;
    const t0 = Date.now();
    try {
      await Promise.race([
        Promise.resolve().then(c.fn),
        new Promise((_, rej) => setTimeout(() => rej(new Error(`timed out after ${c.timeoutMs} ms`)), c.timeoutMs)),
      ]);
      passed++;
      console.log(`TEST ok - ${c.name} (${Date.now() - t0} ms)`);
    } catch (e) {
      failed++;
      console.log(`TEST FAIL - ${c.name}: ${e instanceof Error ? e.stack : String(e)}`);
    }
  }
  recordHostMemory(rss0, heap0);
  console.log(`TESTS: ${passed} passed, ${failed} failed`);
  if (failed) throw new Error(`${failed} test(s) failed`);
}

/** Extension-host memory before and after the suite (which opens every panel): `npm run bench` reports it. */
function recordHostMemory(rss0: number, heap0: number): void {
  const dir = process.env.MODEL_LENS_TEST_RESULTS;
  if (!dir || process.env.MODEL_LENS_TEST_FILTER) return;
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  const out = { rssBeforeMB: rss0 / 2 ** 20, rssAfterMB: m.rss / 2 ** 20, heapBeforeMB: heap0 / 2 ** 20, heapAfterMB: m.heapUsed / 2 ** 20, at: new Date().toISOString() };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('node:fs').writeFileSync(require('node:path').join(dir, 'ext-host-memory.json'), JSON.stringify(out, null, 2));
}
