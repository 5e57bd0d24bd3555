// The README's "From a terminal" commands, read from the README itself and run verbatim (`npx model-lens …`, the package's
// bin) in a shell, each piped into another process, in a scratch folder that looks like a fresh clone (the repository's
// top-level entries linked, no models/ yet). Asserts what each prints. Runs the commands in README order, since later
// ones use the models earlier ones train. About a minute in all: the README keeps its training commands small.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** The `npx model-lens` lines of the first bash block under "## From a terminal". */
export function readmeCommands(readme: string): string[] {
  const section = readme.slice(readme.indexOf('## From a terminal'));
  const block = /```bash\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block.split('\n').filter((l) => l.startsWith('npx model-lens '));
}

/** A folder whose entries link to the repository's, minus anything a run writes (models/, test-results/). */
function scratchClone(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-readme-'));
  for (const e of fs.readdirSync(ROOT)) {
    if (['models', 'test-results', '.git'].includes(e)) continue;
    fs.symlinkSync(path.join(ROOT, e), path.join(dir, e));
  }
  return dir;
}

interface Check {
  /** The command's words after `npx model-lens ` up to the first quote or flag value that differs. */
  starts: string;
  check(out: string, err: string): void;
}

const pct = (line: string) => Number(/^\s*([\d.]+)%/.exec(line)?.[1]);
const candidateLines = (out: string) => out.split('\n').filter((l) => /^\s*[\d.]+%/.test(l));

const CHECKS: Check[] = [
  { starts: 'analogy king man woman', check: (out) => assert.match(out, /^\s*1\s+queen\s/m) },
  { starts: 'neighbors whale --k 10', check: (out) => assert.equal(out.trim().split('\n').filter((l) => /^\s*\d+\s+\S+\s+-?[\d.]+$/.test(l)).length, 10) },
  {
    starts: 'train-embeddings --corpus moby-dick',
    check: (out, err) => {
      assert.match(out, /^saved sgns model to models\/w2v: \d+ words × 100$/m);
      assert.ok(err.split('\n').filter((l) => l.startsWith('epoch ')).length <= 12, `progress stays a few lines in a pipe:\n${err}`);
    },
  },
  {
    starts: 'neighbors whale --model models/w2v --k 5',
    check: (out) => assert.equal(out.trim().split('\n').filter((l) => /^\s*\d+\s+\S+\s+-?[\d.]+$/.test(l)).length, 5),
  },
  { starts: 'eval-embeddings', check: (out) => assert.match(out, /^overall \d+\.\d% \(\d+\/\d+\), coverage [\d.]+% of 19544, top 30000, 3cosadd$/m) },
  {
    starts: 'predict "The acting in the movie was"',
    check: (out) => {
      assert.match(out, /^entropy [\d.]+ nats \(the model's own probabilities, nothing filtered\)$/m);
      const rows = candidateLines(out);
      assert.equal(rows.length, 10);
      const tokens = rows.map((r) => JSON.parse(/ (".*")  \(id/.exec(r)![1]) as string);
      assert.ok(tokens.some((t) => /^␣?[a-z]{2,}$/i.test(t)), `the subword model offers whole words: ${tokens.join(' ')}`);
      const total = rows.reduce((s, r) => s + pct(r), 0);
      assert.ok(total < 100, 'the model\'s own probabilities: the top 10 do not sum to 100 %');
    },
  },
  {
    starts: 'predict --model default-lm "Call me Ishmael. Some years ag"',
    check: (out) => {
      const rows = candidateLines(out);
      assert.equal(rows.length, 10);
      for (const r of rows) assert.match(r, /  "\S"  \(id \d+\)$/, 'the character model predicts one character');
      assert.ok(rows.some((r) => r.includes('"o"')), 'after "Some years ag" the character model offers "o" (ago)');
    },
  },
  { starts: 'train-lm --corpus moby-dick --tokenizer char --preset pico --steps 200', check: (out) => assert.match(out, /^trained to step 200: loss [\d.]+, val [\d.]+; \d+ tok\/s; saved in models\/gpt$/m) },
  {
    starts: 'predict --model models/gpt --top-k 5',
    check: (out) => {
      assert.match(out, /^distribution reshaped \(top-k 5\) and renormalised; the model's own probability is in brackets$/m);
      const rows = candidateLines(out);
      assert.equal(rows.length, 5);
      const total = rows.reduce((s, r) => s + pct(r), 0);
      assert.ok(Math.abs(total - 100) < 0.1, `renormalised top 5 sum to 100 %, got ${total}`);
      for (const r of rows) assert.match(r, /%  \[[\d.]+%\]  "/, 'each row shows the model\'s own probability too');
    },
  },
  {
    starts: 'attention "The acting in the movie was"',
    check: (out) => {
      assert.match(out, /^tokens: The ␣\S+/m, 'subword tokens, spaces shown as ␣');
      assert.equal(out.split('\n').filter((l) => /^layer \d head \d: last token attends most to #\d+ /.test(l)).length, 16);
    },
  },
  {
    starts: 'fill-mask --top-k 5 "The acting in the [MASK] was superb."',
    check: (out) => {
      assert.match(out, /^\[CLS\] the acting in the \[MASK\] was superb \. \[SEP\]$/m, 'the encoder reads [CLS] text [SEP], lower-cased');
      assert.match(out, /^\[MASK\] at position 5:$/m);
      const rows = out.split('\n').filter((l) => /^\s+[\d.]+%\s+\S+\s+\(id \d+\)$/.test(l));
      assert.equal(rows.length, 5);
      const p = rows.map(pct);
      assert.deepEqual([...p].sort((a, b) => b - a), p, 'ranked by probability');
    },
  },
  {
    starts: 'train-mlm --corpus moby-dick --preset pico --steps 30',
    check: (out) => assert.match(out, /^trained to step 30: loss [\d.]+, masked accuracy [\d.]+, val [\d.]+ \(acc [\d.]+\); saved in models\/mlm$/m),
  },
  { starts: 'train-classifier --data samples/classify/brown-genres.csv', check: (out) => assert.match(out, /validation accuracy [\d.]+% .*baseline/i) },
  {
    starts: 'train-classifier --data brown-genres --from default-encoder',
    check: (out) => {
      assert.match(out, /^fine-tuned from Bidirectional word encoder \(default\) \([\d,]+ parameters with the new head\)$/m);
      assert.match(out, /^saved classifier to models\/cls-tuned: 5 classes/m);
      assert.match(out, /validation accuracy [\d.]+% vs majority baseline 20\.0%/);
    },
  },
  { starts: 'info', check: (out) => assert.match(out, /^active backend: \w+/m) },
  {
    starts: 'train-lm --arch lstm --preset hello',
    check: (out) => {
      const m = /^trained LSTM to step 300: loss ([\d.]+);.* saved in models\/hello$/m.exec(out);
      assert.ok(m, out);
      assert.ok(Number(m[1]) < 0.05, `the lecture's "hello" toy is learned: loss ${m[1]}`);
    },
  },
  { starts: 'generate --model models/hello --max-tokens 4 --greedy h', check: (out) => assert.equal(out.trim(), 'hello') },
  {
    starts: 'rnn-states --model models/hello hello --json',
    check: (out) => {
      const j = JSON.parse(out);
      assert.equal(j.arch, 'lstm');
      assert.deepEqual(Object.keys(j.layers[0].gates).sort(), ['forget', 'input', 'output']);
      assert.equal(j.layers[0].hidden.length, j.tokens.length, 'one hidden state per time step');
      // ‖∂L/∂h_t‖ for every step that predicts a next token (the last token has no target)
      assert.equal(j.gradThroughTime.length, j.tokens.length - 1, 'one gradient norm per predicting step');
      assert.ok(j.gradThroughTime.every((g: number) => Number.isFinite(g) && g >= 0));
    },
  },
  {
    starts: 'train-seq2seq --task reverse --arch rnn-attention',
    check: (out) => {
      assert.match(out, /^rnn-attention on reverse: loss [\d.]+ after 200 steps/m);
      const rows = out.split('\n').filter((l) => /^\s+\d+\s+[\d.]+%\s+[\d.]+%$/.test(l));
      assert.deepEqual(rows.map((r) => Number(r.trim().split(/\s+/)[0])), [1, 2, 3, 4, 5, 6], 'accuracy per input length 1–6');
    },
  },
  {
    starts: 'translate --model models/rev "a b c d" --json',
    check: (out) => {
      const j = JSON.parse(out) as { output: string; alignment: number[][] };
      assert.equal(j.output, 'd c b a');
      assert.equal(j.alignment.length, 4, 'one row per output token');
      for (const row of j.alignment) {
        assert.equal(row.length, 4, 'one column per input token');
        assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-4, 'attention rows sum to 1');
      }
    },
  },
];

test('README "From a terminal": every command runs verbatim through the bin and prints what the README promises', () => {
  const lines = readmeCommands(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
  assert.equal(lines.length, CHECKS.length, `README commands:\n${lines.join('\n')}`);
  const cwd = scratchClone();
  try {
    lines.forEach((line, i) => {
      const c = CHECKS[i];
      assert.ok(line.startsWith(`npx model-lens ${c.starts}`), `README line ${i + 1} is "${line}", the test expects "npx model-lens ${c.starts}…"`);
      const t0 = Date.now();
      // piped through cat, as a script would read it (the line on its own, so its trailing # comment stays a comment);
      // pipefail keeps model-lens's exit status
      const r = spawnSync('bash', ['-c', `set -o pipefail\n{\n${line}\n} | cat`], { cwd, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
      assert.equal(r.status, 0, `${line}\nexited ${r.status}\n${r.stderr}`);
      try {
        c.check(r.stdout, r.stderr);
      } catch (e) {
        (e as Error).message = `${line}\n${(e as Error).message}\nstdout:\n${r.stdout}`;
        throw e;
      }
      process.stderr.write(`# ${((Date.now() - t0) / 1000).toFixed(1)} s  ${line}\n`);
    });
  } finally {
    // unlink the links first, so removing the scratch folder can never reach into the repository
    for (const e of fs.readdirSync(cwd)) if (fs.lstatSync(path.join(cwd, e)).isSymbolicLink()) fs.unlinkSync(path.join(cwd, e));
    fs.rmSync(cwd, { recursive: true, force: true });
  }
});
