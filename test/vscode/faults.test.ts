// Engine faults while VS Code is busy: kill the engine mid-training (one clear message, VS Code stays responsive, the
// next request restarts it, training resumes from the last complete checkpoint); two trainings into one folder (the
// second is refused, never interleaved); a prediction while training runs (served).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { infoRequest } from '../../src/protocol/engine';
import { lmPredictRequest, lmTrainRequest } from '../../src/protocol/lm';
import { suite, test } from './runner';
import { api, sampleUri, waitFor } from './util';

type TrainResult = { outDir: string; resumed: boolean; steps: number; name: string };
const name = `faults-femto-${process.pid}`;

function manifestStep(dir: string): number {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')).step as number;
  } catch {
    return -1;
  }
}

suite('faults', () => {
  test('engine killed mid-training → told once, VS Code responsive, next request works, training resumes', async () => {
    const a = await api();
    const text = fs.readFileSync(sampleUri('moby-dick.txt').fsPath, 'utf8').slice(0, 20000);
    const choices = { corpus: 'moby-dick.txt', text, tokenizer: 'char', preset: 'femto', steps: 100000, name, options: { checkpointEvery: 5, evalEvery: 0, sampleEvery: 0 } };
    const errors: string[] = [];
    const win = vscode.window as unknown as { showErrorMessage: (...a: unknown[]) => Thenable<unknown> };
    const orig = win.showErrorMessage;
    win.showErrorMessage = (...args: unknown[]) => {
      errors.push(String(args[0]));
      return Promise.resolve(undefined);
    };
    try {
      const running = vscode.commands.executeCommand('modelLens.trainLanguageModel', choices) as Thenable<TrainResult | undefined>;
      const outDir = path.join((a.services.context.storageUri ?? a.services.context.globalStorageUri).fsPath, 'models', name);
      await waitFor('two checkpoints (step ≥ 10)', () => manifestStep(outDir) >= 10, 90000);
      // VS Code answers a trivial command within 1 s while the engine trains.
      let t0 = Date.now();
      await vscode.commands.executeCommand('modelLens.showLog');
      assert.ok(Date.now() - t0 < 1000, `showLog took ${Date.now() - t0} ms during training`);
      const pid = a.services.engine.pid;
      assert.ok(pid, 'engine running');
      process.kill(pid, 'SIGKILL');
      t0 = Date.now();
      await vscode.commands.executeCommand('modelLens.showLog');
      assert.ok(Date.now() - t0 < 1000, `showLog took ${Date.now() - t0} ms after the kill`);
      const r = await running;
      assert.equal(r, undefined, 'the command ended without a result');
      await new Promise((res) => setTimeout(res, 300));
      const stopped = errors.filter((e) => /engine stopped .*restart on the next request/i.test(e));
      assert.equal(stopped.length, 1, `told once: ${JSON.stringify(errors)}`);
      assert.equal(errors.length, 1, `no other error shown: ${JSON.stringify(errors)}`);
      // The next request restarts the engine.
      const info = await a.services.engine.request(infoRequest, {});
      assert.notEqual(info.pid, pid);
      // The last complete checkpoint loads and training resumes from it.
      const step = manifestStep(outDir);
      assert.ok(step >= 10 && step % 5 === 0, `last complete checkpoint at step ${step}`);
      const again = (await vscode.commands.executeCommand('modelLens.trainLanguageModel', { ...choices, steps: 3 })) as TrainResult | undefined;
      assert.ok(again, 'resumed training returned a result');
      assert.equal(again.resumed, true);
      assert.equal(again.steps, step + 3);
    } finally {
      win.showErrorMessage = orig;
    }
  }, 180000);

  test('two trainings into one folder: the second is refused with a clear message; predict is served meanwhile', async () => {
    const a = await api();
    const outDir = path.join(path.dirname(sampleUri('moby-dick.txt').fsPath), '..', `.faults-concurrent-${process.pid}`);
    fs.rmSync(outDir, { recursive: true, force: true });
    const text = 'the cat sat on the mat. a dog ran in the fog. '.repeat(50);
    const params = { text, tokenizer: 'char' as const, preset: 'femto' as const, outDir, options: { steps: 1_000_000, checkpointEvery: 50, evalEvery: 0 } };
    const cts = new vscode.CancellationTokenSource();
    let steps = 0;
    const first = a.services.engine.request(lmTrainRequest, params, { token: cts.token, onProgress: () => void steps++ });
    try {
      await waitFor('first run training', () => steps >= 3, 60000);
      await assert.rejects(a.services.engine.request(lmTrainRequest, params), (e: Error) => /^a training run is already writing to .+; wait for it to finish or cancel it$/.test(e.message));
      const t0 = Date.now();
      const p = await a.services.engine.request(lmPredictRequest, { text: 'The whale' });
      assert.ok(p.candidates.length > 0, 'prediction served during training');
      assert.ok(Date.now() - t0 < 10000, `predict took ${Date.now() - t0} ms`);
    } finally {
      cts.cancel(); // never leave the engine training a million steps
      await first.catch(() => undefined);
    }
    fs.rmSync(outDir, { recursive: true, force: true });
  }, 120000);
});
