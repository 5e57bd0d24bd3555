// The CLI's bad-input catalogue (a sibling of test/unit/catalogue/badInput.test.ts): each row runs one command line
// in-process, asserts the exit status and the exact message on stderr, that nothing reached stdout, and that no file in
// the row's temp folder changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';

process.env.MODEL_LENS_BACKEND ??= process.env.MODEL_LENS_TEST_BACKEND ?? 'cpu';

interface Case {
  name: string;
  /** Command line; `<dir>` is the row's temp folder, which holds corpus.txt. */
  argv: string[];
  code: number;
  /** The exact stderr, or a pattern for long ones; `<dir>` stands for the temp folder. */
  expect: string | RegExp;
}

const CASES: Case[] = [
  { name: 'misspelt command', argv: ['predcit', 'hello'], code: 2, expect: /^unknown command "predcit" \(did you mean "predict"\?\)\n\nModel Lens engine CLI/ },
  {
    name: 'unknown flag',
    argv: ['train-lm', '--corpus', '<dir>/corpus.txt', '--layers', '8', '--out', '<dir>/m'],
    code: 2,
    expect: /^error: unknown flag --layers for "train-lm"; valid flags: --arch, --corpus, .*--out; global: --backend, --json, --help\nusage: model-lens train-lm /,
  },
  { name: 'misspelt flag', argv: ['predict', '--temprature', '2', 'hi'], code: 2, expect: /^error: unknown flag --temprature for "predict" \(did you mean --temperature\?\);/ },
  { name: 'number flag given a word', argv: ['predict', '--model', 'default-lm', '--top-k', 'ten', 'hi'], code: 1, expect: 'error: --top-k must be a number, got "ten"\n' },
  { name: 'no text to predict', argv: ['predict', '--model', 'default-lm'], code: 1, expect: 'error: give TEXT or --ids 1,2,3\n' },
  { name: 'ids that are not integers', argv: ['attention', '--model', 'default-lm', '--ids', '1,x'], code: 1, expect: 'error: --ids must be comma-separated integers, got "1,x"\n' },
  { name: 'train-lm without --out', argv: ['train-lm', '--corpus', '<dir>/corpus.txt'], code: 1, expect: 'error: --out DIR is required\n' },
  { name: 'eval-lm on a missing file', argv: ['eval-lm', '<dir>/missing.txt'], code: 1, expect: 'error: text file not found: <dir>/missing.txt\n' },
  { name: 'a model folder that is not there', argv: ['predict', '--model', '<dir>/nothing', 'hi'], code: 1, expect: /^error: .*<dir>\/nothing/ },
];

async function capture(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = process.stdout.write.bind(process.stdout);
  const e = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((t: string | Uint8Array) => ((out += String(t)), true)) as typeof process.stdout.write;
  process.stderr.write = ((t: string | Uint8Array) => ((err += String(t)), true)) as typeof process.stderr.write;
  try {
    return { code: await runCli(argv), out, err };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
}

const snapshot = (dir: string) => fs.readdirSync(dir).map((f) => `${f}:${fs.statSync(path.join(dir, f)).mtimeMs}:${fs.readFileSync(path.join(dir, f)).length}`).sort();

for (const c of CASES) {
  test(`cli bad input: ${c.name}`, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-cli-bad-'));
    fs.writeFileSync(path.join(dir, 'corpus.txt'), 'hello world. '.repeat(50));
    const before = snapshot(dir);
    const r = await capture(c.argv.map((a) => a.replaceAll('<dir>', dir)));
    const err = r.err.replaceAll(dir, '<dir>');
    assert.equal(r.code, c.code, err);
    if (typeof c.expect === 'string') assert.equal(err, c.expect);
    else assert.match(err, c.expect);
    assert.equal(r.out, '');
    assert.deepEqual(snapshot(dir), before, 'no file changed');
    fs.rmSync(dir, { recursive: true, force: true });
  });
}
