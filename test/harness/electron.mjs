// `npm run test:electron`: the same integration suite (dist/test/vscodeSuite.js) launched by
// @vscode/test-electron on a desktop that can download VS Code. Not usable offline (it fetches
// VS Code from update.code.visualstudio.com); install it first: npm install --no-save @vscode/test-electron
import path from 'node:path';
import { ROOT } from './codeServer.mjs';

let runTests;
try {
  ({ runTests } = await import('@vscode/test-electron'));
} catch {
  console.error('@vscode/test-electron is not installed: npm install --no-save @vscode/test-electron');
  process.exit(2);
}
const code = await runTests({
  extensionDevelopmentPath: ROOT,
  extensionTestsPath: path.join(ROOT, 'dist', 'test', 'vscodeSuite.js'),
  launchArgs: [path.join(ROOT, 'samples'), '--disable-extensions'],
});
process.exit(code);
