// The import graph is the architecture: the engine never imports vscode (or the extension's glue),
// and webviews import only src/protocol from src/. Fails with the offending file and line.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const problems = [];
function walk(dir, fn) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, fn);
    else if (/\.(ts|mts|js|mjs)$/.test(e.name)) fn(p);
  }
}
const importRe = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g;
function check(file, rule) {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    for (const m of line.matchAll(importRe)) {
      const spec = m[1] ?? m[2] ?? m[3];
      const why = rule(spec, file);
      if (why) problems.push(`${path.relative(root, file)}:${i + 1}: ${why} (${spec})`);
    }
  });
}
walk(path.join(root, 'src/engine'), (f) =>
  check(f, (spec, file) => {
    if (spec === 'vscode') return 'the engine must not import vscode';
    const abs = spec.startsWith('.') ? path.resolve(path.dirname(file), spec) : '';
    if (abs && !abs.startsWith(path.join(root, 'src/engine')) && !abs.startsWith(path.join(root, 'src/protocol')))
      return 'the engine imports only engine/ and protocol/';
    return '';
  }),
);
walk(path.join(root, 'src/protocol'), (f) => check(f, (spec) => (spec === 'vscode' ? 'protocol must not import vscode' : '')));
walk(path.join(root, 'webview'), (f) =>
  check(f, (spec, file) => {
    if (spec === 'vscode') return 'webviews cannot import vscode';
    const abs = spec.startsWith('.') ? path.resolve(path.dirname(file), spec) : '';
    if (abs && abs.startsWith(path.join(root, 'src')) && !abs.startsWith(path.join(root, 'src/protocol')))
      return 'webviews import only src/protocol from src/';
    return '';
  }),
);
if (problems.length) {
  console.log(problems.join('\n'));
  console.log(`0 passed, ${problems.length} failed`);
  process.exit(1);
}
console.log('import rules hold: engine has no vscode import; webviews use only src/protocol');
console.log('1 passed, 0 failed');
