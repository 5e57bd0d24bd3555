// The README's recurrent and seq2seq terminal commands, run as a person runs them (the CLI in its own process, JSON piped
// back): train-lm --arch lstm --preset hello, predict on it, train-seq2seq, translate --json, and a bad --arch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, MODEL_LENS_BACKEND: 'wasm' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'ml-rnn-cli-'));

test('train-lm --arch lstm --preset hello, then predict: "l" follows "hel"', () => {
  const dir = path.join(tmp(), 'hello-lstm');
  const t = cli('train-lm', '--arch', 'lstm', '--preset', 'hello', '--out', dir, '--json');
  assert.equal(t.code, 0, t.err);
  const s = JSON.parse(t.out);
  assert.equal(s.arch, 'lstm');
  assert.equal(s.steps, 300);
  assert.ok(s.finalLoss < 0.05, `loss ${s.finalLoss}`);
  assert.equal(s.gradThroughTime.length, 4);
  const p = cli('predict', '--model', dir, 'hel', '--json');
  assert.equal(p.code, 0, p.err);
  assert.equal(JSON.parse(p.out).candidates[0].token, 'l');
  const bad = cli('train-lm', '--arch', 'cnn', '--out', dir);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /--arch must be one of transformer, rnn, lstm, gru, got "cnn"/);
});

test('train-seq2seq prints accuracy per length; translate --json gives output and an alignment whose rows sum to 1', () => {
  const dir = path.join(tmp(), 's2s');
  const t = cli('train-seq2seq', '--task', 'reverse', '--arch', 'rnn-attention', '--out', dir, '--steps', '120', '--max-length', '3', '--hidden', '16', '--json');
  assert.equal(t.code, 0, t.err);
  const s = JSON.parse(t.out);
  assert.deepEqual(s.accuracy.map((r: { length: number }) => r.length), [1, 2, 3]);
  assert.ok(s.accuracy.every((r: { accuracy: number }) => r.accuracy >= 0 && r.accuracy <= 1));
  const tr = cli('translate', '--model', dir, 'a b c', '--json');
  assert.equal(tr.code, 0, tr.err);
  const j = JSON.parse(tr.out);
  // a short run: the first output (the last input letter) is learnt first
  assert.equal(j.tokens[0], 'c');
  assert.equal(j.output, j.tokens.join(' '));
  assert.equal(j.alignment.length, j.tokens.length);
  for (const row of j.alignment) {
    assert.equal(row.length, 3);
    assert.ok(Math.abs(row.reduce((a: number, b: number) => a + b, 0) - 1) < 1e-4);
  }
});
