// Foundation inside a real VS Code: activation, every contributed command, engine round trips,
// crash → restart, and the diagnostics panel receiving real data.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { infoRequest, sleepRequest } from '../../src/protocol/engine';
import { suite, test } from './runner';
import { api, tabLabels, waitFor } from './util';

suite('foundation', () => {
  test('activates and registers every contributed command', async () => {
    const a = await api();
    assert.ok(a.services.engine);
    const ext = vscode.extensions.getExtension('model-lens.model-lens')!;
    const contributed = (ext.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    const all = await vscode.commands.getCommands(true);
    for (const c of contributed) assert.ok(all.includes(c), `${c} is not registered`);
  });

  test('the engine answers with its backend (wasm here: the native packages are not installed)', async () => {
    const a = await api();
    const info = await a.services.engine.request(infoRequest, {});
    assert.equal(info.backend.active, 'wasm');
    assert.notEqual(info.pid, process.pid, 'engine must run in its own process');
    assert.equal(info.backend.attempts.find((x) => x.choice === 'gpu')?.loaded, false);
  });

  test('Show Compute Backend returns the report', async () => {
    const r = (await vscode.commands.executeCommand('modelLens.showBackend')) as { active: string } | undefined;
    assert.equal(r?.active, 'wasm');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  });

  test('a cancelled request is cancelled in the engine', async () => {
    const a = await api();
    const cts = new vscode.CancellationTokenSource();
    const p = a.services.engine.request(sleepRequest, { ms: 20000 }, { token: cts.token, onProgress: () => {} });
    setTimeout(() => cts.cancel(), 200);
    const t0 = Date.now();
    await assert.rejects(p, /Cancel/);
    assert.ok(Date.now() - t0 < 5000);
  });

  test('engine killed mid-request: the request fails clearly and the next one restarts it', async () => {
    const a = await api();
    await a.services.engine.request(infoRequest, {});
    const pid = a.services.engine.pid!;
    const p = a.services.engine.request(sleepRequest, { ms: 20000 });
    setTimeout(() => process.kill(pid, 'SIGKILL'), 200);
    await assert.rejects(p, /engine stopped \(killed by SIGKILL\)/);
    assert.equal(a.services.engine.state.kind, 'crashed');
    const info = await a.services.engine.request(infoRequest, {});
    assert.notEqual(info.pid, pid);
    assert.equal(a.services.engine.state.kind, 'ready');
  });

  test('Show Engine Info opens the diagnostics panel with a real matmul timing', async () => {
    const a = await api();
    await vscode.commands.executeCommand('modelLens.showEngineInfo');
    await waitFor('diagnostics tab', () => tabLabels().includes('Model Lens: Engine Info'));
    const posted = await waitFor('engine info posted', () => {
      const m = a.lastPosted('diagnostics', 'engineInfo') as { result: { backend: string; timings: { gflops: number }[] } } | undefined;
      return m;
    });
    assert.equal(posted.result.backend, 'wasm');
    assert.equal(posted.result.timings.length, 5);
    assert.ok(posted.result.timings.every((t) => t.gflops > 0));
  });

  test('Restart Engine gives a new engine process', async () => {
    const a = await api();
    const before = (await a.services.engine.request(infoRequest, {})).pid;
    const info = (await vscode.commands.executeCommand('modelLens.restartEngine')) as { pid: number };
    assert.notEqual(info.pid, before);
  });
});
