// Entry of the integration suite (bundled to dist/test/vscodeSuite.js). Each import registers tests.
import './foundation.test';
import './embeddings.test';
import './lm.test';
// last: checks every webview the suites above opened
import './security.test';
import { runAll } from './runner';

export function run(): Promise<void> {
  return runAll();
}
