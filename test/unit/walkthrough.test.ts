// The Get Started walkthrough as package.json contributes it: five steps, each with an image that
// exists and a button whose command is contributed and opens a sample text that really holds the
// selection it makes. (That each command opens its panel is checked in test/vscode/walkthrough.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TINY_MODEL, TRY_STEPS, WALKTHROUGH_ID } from '../../src/features/walkthroughSteps';

const ROOT = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

test('the walkthrough is contributed with five steps, each with an existing image and a working button', () => {
  const w = pkg.contributes.walkthroughs.find((x: { id: string }) => x.id === WALKTHROUGH_ID);
  assert.ok(w, 'walkthrough contributed');
  assert.equal(w.steps.length, 5);
  const contributed = new Set(pkg.contributes.commands.map((c: { command: string }) => c.command));
  const buttons = w.steps.map((s: { description: string; media: { image: string; altText: string } }) => {
    assert.ok(fs.existsSync(path.join(ROOT, s.media.image)), `${s.media.image} exists`);
    assert.ok(s.media.altText.length > 10);
    const m = /\(command:([\w.]+)\)/.exec(s.description);
    assert.ok(m, `a command link in “${s.description}”`);
    assert.ok(contributed.has(m[1]), `${m[1]} contributed`);
    return m[1];
  });
  assert.deepEqual(buttons, TRY_STEPS.map((s) => s.command));
  // each step's "done" event is the panel's own command
  w.steps.forEach((s: { completionEvents: string[] }, i: number) => assert.deepEqual(s.completionEvents, [`onCommand:${TRY_STEPS[i].then}`]));
  assert.ok(contributed.has('modelLens.openWalkthrough'));
});

test('each step opens a sample that holds the text it selects, and runs a contributed command', () => {
  const contributed = new Set(pkg.contributes.commands.map((c: { command: string }) => c.command));
  for (const s of TRY_STEPS) {
    assert.ok(contributed.has(s.then), `${s.then} contributed`);
    if (!s.sample) continue;
    const text = fs.readFileSync(path.join(ROOT, 'samples', s.sample.file), 'utf8');
    assert.ok(text.includes(s.sample.select), `samples/${s.sample.file} holds “${s.sample.select}”`);
  }
  assert.equal(TINY_MODEL.preset, 'femto');
  assert.equal(pkg.contributes.configuration.properties['modelLens.openWalkthroughOnFirstStart'].default, true);
});
