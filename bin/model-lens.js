#!/usr/bin/env node
// The `model-lens` command (package.json "bin"). Runs the built bundle (dist/cli.js, from `npm run build`) when it is
// there, else the TypeScript sources through tsx's require hook; either way it calls the CLI's exported `main`, since a
// bundle `require`d from here is not `require.main` and would otherwise do nothing. MODEL_LENS_CLI_SOURCES=1 forces the
// sources (a stale dist/ would hide a change).
const path = require('path');
const fs = require('fs');
const dist = path.join(__dirname, '..', 'dist', 'cli.js');
let cli;
if (fs.existsSync(dist) && process.env.MODEL_LENS_CLI_SOURCES !== '1') cli = require(dist);
else {
  require('tsx/cjs/api').register();
  cli = require(path.join(__dirname, '..', 'src', 'cli', 'main.ts'));
}
cli.main(process.argv.slice(2));
