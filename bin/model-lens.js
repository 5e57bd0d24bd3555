#!/usr/bin/env node
// The engine CLI. Runs the built bundle when present, else the TypeScript sources through tsx.
const path = require('path');
const fs = require('fs');
const dist = path.join(__dirname, '..', 'dist', 'cli.js');
// the bundle starts itself only when it is the main module, so start it from here
if (fs.existsSync(dist)) require(dist).runCli(process.argv.slice(2)).then((c) => process.exit(c));
else {
  const { spawnSync } = require('child_process');
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'src', 'cli', 'main.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
