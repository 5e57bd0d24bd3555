// The `model-lens` bin as a person runs it: from the built bundle and from the sources, its JSON piped into another
// process whatever the size, a reader that stops early, an unknown flag, and progress that stays a few lines in a pipe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'bin', 'model-lens.js');

/** Runs a shell line in the repository root with pipefail, so the exit status is model-lens's even when piped. */
function sh(line: string, env: Record<string, string> = {}) {
  const r = spawnSync('bash', ['-c', `set -o pipefail; ${line}`], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 2 ** 20 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('the bin prints help from the sources and from the built bundle', () => {
  const fromSources = sh(`node ${BIN} help | cat`, { MODEL_LENS_CLI_SOURCES: '1' });
  assert.equal(fromSources.code, 0, fromSources.err);
  assert.match(fromSources.out, /^Model Lens engine CLI\n\nusage:\n {2}model-lens info/);
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli.js'))) {
    const b = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(b.status, 0, b.stderr);
  }
  const fromBundle = sh(`node ${BIN} help | cat`);
  assert.equal(fromBundle.code, 0, fromBundle.err);
  assert.equal(fromBundle.out, fromSources.out);
});

test('piped --json output of 700 KB arrives whole and parses (the OS pipe holds 64 KiB)', () => {
  const text = 'The acting in the movie was good, and the square root of 4 is two. Call me Ish';
  assert.equal(text.length, 78);
  const reader = `node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const a=JSON.parse(s);console.log(s.length, a.tokens.length, a.attention.length, a.attention[0][0].length, a.truncated)})"`;
  const r = sh(`npx model-lens attention --model default-lm "${text}" --json | ${reader}`);
  assert.equal(r.code, 0, r.err);
  const [bytes, tokens, layers, rows, truncated] = r.out.trim().split(' ');
  assert.ok(Number(bytes) > 256 * 1024, `${bytes} bytes`);
  // the char model's context is 64 characters: the last 64 of the 78 are shown, and the output says it was cut
  assert.deepEqual([tokens, layers, rows, truncated], ['64', '4', '64', 'true']);
});

test('a reader that closes early ends the run quietly with status 0', () => {
  const r = sh(`npx model-lens attention --model default-lm "Call me Ishmael. Some years ago" --json | head -c 20`);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, '{"tokens":["C","a","');
  assert.doesNotMatch(r.err, /EPIPE|Error/);
});

test('an unknown flag fails with status 2, naming it, the closest flag and the usage; nothing runs', () => {
  const r = sh(`npx model-lens train-lm --layers 8 --out /nonexistent/never-made`);
  assert.equal(r.code, 2);
  assert.equal(r.out, '');
  assert.match(r.err, /^error: unknown flag --layers for "train-lm"; valid flags: --arch, --corpus, --tokenizer, --preset, --steps, --batch, --lr, --clip, --seed, --eval-every, --sample-every, --checkpoint-every, --out; global: --backend, --json, --help\nusage: model-lens train-lm /);
  const typo = sh(`npx model-lens predict --topk 3 "Call me"`);
  assert.equal(typo.code, 2);
  assert.match(typo.err, /did you mean --top-k\?/);
});

test('training in a pipe with --json: one JSON line on stdout, a handful of progress lines on stderr', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-bin-'));
  const corpus = path.join(dir, 'corpus.txt');
  fs.writeFileSync(corpus, 'hello world. hello there. '.repeat(40));
  const r = sh(`npx model-lens train-lm --corpus ${corpus} --preset femto --steps 60 --out ${dir}/m --json | cat`);
  assert.equal(r.code, 0, r.err);
  const lines = r.out.trim().split('\n');
  assert.equal(lines.length, 1);
  assert.equal(JSON.parse(lines[0]).steps, 60);
  const progress = r.err.split('\n').filter((l) => l.startsWith('step '));
  assert.ok(progress.length >= 2 && progress.length <= 11, `${progress.length} progress lines:\n${r.err}`);
  assert.match(progress.at(-1)!, /^step 60\/60 /);
  assert.ok(!r.err.includes('\r'), 'no carriage returns in a pipe');
  fs.rmSync(dir, { recursive: true, force: true });
});
