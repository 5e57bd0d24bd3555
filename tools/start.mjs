// `npm start` (after the build): opens a real VS Code with Model Lens loaded on samples/.
// Desktop `code --extensionDevelopmentPath` when `code` is on PATH; otherwise the bundled
// code-server on a free localhost port (installed into a cache folder on first use), URL printed.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, runDir, startCodeServer, workbenchUrl } from '../test/harness/codeServer.mjs';

const samples = path.join(ROOT, 'samples');
const hasCode = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' }).status === 0 && !process.env.MODEL_LENS_FORCE_CODE_SERVER;
if (hasCode) {
  console.log('Opening VS Code with Model Lens (extension development host) on samples/ …');
  const p = spawn('code', ['--new-window', `--extensionDevelopmentPath=${ROOT}`, samples], { stdio: 'inherit' });
  p.on('exit', (c) => process.exit(c ?? 0));
} else {
  const run = runDir('model-lens-start-');
  const server = await startCodeServer({ run });
  const url = workbenchUrl(server.origin, samples, ROOT);
  console.log('\nModel Lens is running in VS Code (code-server 4.100.3) — open this URL in your browser:\n');
  console.log(`  ${url}\n`);
  console.log('Press Ctrl+C to stop.');
  const stop = () => {
    server.kill();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.process.on('exit', () => process.exit(1));
}
