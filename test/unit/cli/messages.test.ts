// Every command or README section a message (or comment) in the code names must exist: `npm run X` is a package.json
// script, `README "Section"` is a README heading, `node scripts/…` is a file, `npx model-lens CMD` is a CLI command.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { commands } from '../../../src/cli/main';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const DIRS = ['src', 'webview', 'bin', 'scripts', 'tools', 'test', 'bench'];

function sourceFiles(): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|mjs|js)$/.test(e.name)) out.push({ file: path.relative(ROOT, p), text: fs.readFileSync(p, 'utf8') });
    }
  };
  for (const d of DIRS) if (fs.existsSync(path.join(ROOT, d))) walk(path.join(ROOT, d));
  return out.filter((f) => !f.file.endsWith(path.join('cli', 'messages.test.ts'))); // this file's own examples
}

const files = sourceFiles();
const hits = (re: RegExp) => files.flatMap(({ file, text }) => [...text.matchAll(re)].map((m) => ({ file, name: m[1] })));

test('every `npm run X` named in the code is a script in package.json', () => {
  const scripts = Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts);
  const named = hits(/npm run ([a-z][\w:-]*)/g);
  assert.ok(named.some((n) => n.name === 'train:subword-lm'), 'the scan sees the embedded-model message');
  for (const n of named) assert.ok(scripts.includes(n.name), `${n.file} names "npm run ${n.name}", which package.json does not define`);
});

test('every README section named in the code is a heading of README.md', () => {
  const headings = [...fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').matchAll(/^#+ (.+)$/gm)].map((m) => m[1].trim());
  const named = hits(/README ["“']([^"”']+)["”']/g);
  assert.ok(named.length > 0, 'the scan sees the backend message');
  for (const n of named) assert.ok(headings.includes(n.name), `${n.file} points to README "${n.name}"; the sections are: ${headings.join(' | ')}`);
});

test('every script file named in the code exists', () => {
  for (const n of hits(/node (?:--import tsx )?(scripts\/[\w./-]+\.(?:ts|mjs|js))/g)) {
    assert.ok(fs.existsSync(path.join(ROOT, n.name)), `${n.file} names ${n.name}, which does not exist`);
  }
});

test('every `npx model-lens CMD` named in the code is a CLI command', () => {
  for (const n of hits(/npx model-lens ([a-z][a-z-]+)/g)) {
    assert.ok(n.name in commands || n.name === 'help', `${n.file} names "model-lens ${n.name}", which is not a command`);
  }
});
