// The bad-input catalogue's one runner: each case writes its input into a fresh folder, runs one entry point on it,
// and asserts the exact message a person sees (paths written as <dir>), then that none of the files it wrote changed.
// The catalogue files (badInput*.test.ts) hold only their tables of cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../../../src/engine/errors';

export interface Case {
  /** The entry point (function or CLI command) the case exercises. */
  entry: string;
  name: string;
  /** Files to write (relative path → content), or a function that builds the input in the folder. */
  input: Record<string, string | Uint8Array> | ((dir: string) => void | Promise<void>);
  /** Runs the entry point; returns what it printed when it did not throw. */
  run: (dir: string) => Promise<string>;
  expect: string | RegExp;
}

/** Every file below `dir` with its modification time and bytes. */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  (function walk(d: string) {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), `${fs.statSync(p).mtimeMs} ${fs.readFileSync(p).toString('base64')}`);
    }
  })(dir);
  return out;
}

/** One node:test test per case, each in its own folder under `root`; `setup` runs first in every test. */
export function runCatalogue(cases: Case[], root: string, opts: { setup?: () => Promise<unknown>; onRun?: () => void } = {}): void {
  cases.forEach((c, i) => {
    test(`catalogue ${c.entry}: ${c.name}`, async () => {
      await opts.setup?.();
      opts.onRun?.();
      const dir = fs.mkdtempSync(path.join(root, `case${i}-`));
      if (typeof c.input === 'function') await c.input(dir);
      else {
        for (const [name, data] of Object.entries(c.input)) {
          fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
          fs.writeFileSync(path.join(dir, name), data);
        }
      }
      const before = snapshot(dir);
      let message: string;
      try {
        message = await c.run(dir);
      } catch (e) {
        if (!(e instanceof UserError)) throw new Error(`expected a UserError, got ${(e as Error)?.name}: ${(e as Error)?.message}`, { cause: e });
        message = e.message;
      }
      message = message.split(dir).join('<dir>');
      if (typeof c.expect === 'string') assert.equal(message, c.expect);
      else assert.match(message, c.expect);
      // Nothing the person had was changed (new files, e.g. an output folder that was never written, are not checked).
      const now = snapshot(dir);
      for (const [f, v] of before) assert.ok(now.get(f) === v, `${f} was modified or removed`);
    });
  });
}
