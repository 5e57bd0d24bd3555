// Entry of the integration suite (bundled to dist/test/vscodeSuite.js). Each import registers tests.
// first: checks that nothing of Model Lens runs before it is used (the suites after it start the engine)
import './idle.test';
import './foundation.test';
import './embeddings.test';
import './embeddingsEval.test';
import './lm.test';
import './lmModels.test';
import './lmViews.test';
import './modernModels.test';
import './classify.test';
import './mlm.test';
import './faults.test';
import './walkthrough.test';
// last: checks every webview the suites above opened, and that nothing went to the network
import './security.test';
import './rnn.test';
import { runAll } from './runner';

export function run(): Promise<void> {
  return runAll();
}
