// The CLI's argument checks: switches keep the next word positional, every command declares each flag its usage names,
// and an unknown flag is an error that names it, lists the valid ones and suggests the closest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFlags, closest, editDistance, GLOBAL_FLAGS, parseArgs } from '../../../src/cli/args';
import { commands } from '../../../src/cli/main';

test('parseArgs: a declared switch takes no value, so the word after it stays positional', () => {
  assert.deepEqual(parseArgs(['--greedy', 'Call', 'me'], ['greedy']), { _: ['Call', 'me'], flags: { greedy: true } });
  assert.deepEqual(parseArgs(['--top-k', '5', 'Call'], []), { _: ['Call'], flags: { 'top-k': '5' } });
  assert.deepEqual(parseArgs(['--json', 'hi', '--k=3', '--no-resume']), { _: ['hi'], flags: { json: true, k: '3', resume: false } });
});

test('editDistance and closest: a likely typo gets a suggestion, an unrelated word none', () => {
  assert.equal(editDistance('topk', 'top-k'), 1);
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(closest('topk', ['model', 'top-k', 'top-p']), 'top-k');
  assert.equal(closest('tok', ['tokenizer', 'steps']), 'tokenizer');
  assert.equal(closest('arch', ['corpus', 'batch', 'preset']), undefined);
});

test('checkFlags: the message names the flag, the closest valid one and every valid flag', () => {
  const args = parseArgs(['--topk', '3', 'hello']);
  assert.throws(() => checkFlags(args, 'predict', commands.predict.flags), (e: Error) => {
    assert.match(e.message, /unknown flag --topk for "predict" \(did you mean --top-k\?\)/);
    for (const f of commands.predict.flags) assert.ok(e.message.includes(`--${f}`), `lists --${f}`);
    for (const f of GLOBAL_FLAGS) assert.ok(e.message.includes(`--${f}`), `lists global --${f}`);
    return true;
  });
  assert.throws(() => checkFlags(parseArgs(['--layers', '8']), 'train-lm', commands['train-lm'].flags), /unknown flag --layers for "train-lm"; valid flags: --arch, --corpus/);
  checkFlags(parseArgs(['--backend', 'cpu', '--json', '--help', 'x']), 'analogy', commands.analogy.flags);
});

test('every flag a usage line shows is declared by its command, and every switch is a declared flag', () => {
  for (const [name, c] of Object.entries(commands)) {
    for (const m of c.usage.matchAll(/--([a-z][a-z0-9-]*)/g)) {
      // the parser reads --no-x as x = false
      const flag = m[1].replace(/^no-/, '');
      assert.ok(c.flags.includes(flag) || GLOBAL_FLAGS.includes(flag), `${name}: usage shows --${m[1]} but the command does not declare it`);
    }
    for (const s of c.switches ?? []) assert.ok(c.flags.includes(s), `${name}: switch --${s} is not declared`);
  }
});
