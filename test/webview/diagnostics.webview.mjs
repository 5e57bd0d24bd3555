// The diagnostics webview draws one bar per timing, in theme colours, and asks the host to rerun.
import assert from 'node:assert/strict';

export default async function ({ harness, test }) {
  const info = {
    version: '0.1.0', pid: 42, node: 'v20', platform: 'linux-x64', startMs: 120, blockedConnections: [],
    memory: { rssMB: 80, heapMB: 20, numTensors: 0, numBytes: 0 },
    backend: {
      requested: 'auto', active: 'wasm', tfName: 'wasm', warnings: [],
      attempts: [
        { choice: 'gpu', label: 'tfjs-node-gpu', loaded: false, reason: 'not installed' },
        { choice: 'wasm', label: 'wasm', loaded: true, reason: 'loaded' },
      ],
    },
  };
  const result = { backend: 'wasm', timings: [16, 32, 64].map((n, i) => ({ size: n, ms: 1 + i, gflops: 2 + i })) };

  await test('diagnostics: one bar per matrix size, backend rows, theme colours', async () => {
    const w = await harness.open('diagnostics', 'vscode-dark');
    await w.send({ type: 'engineInfo', info, result });
    await w.page.waitForSelector('.main-svg .bars .point path');
    assert.equal(await w.page.locator('.main-svg .bars .point path').count(), 3);
    const text = await w.page.evaluate(() => document.body.innerText);
    assert.match(text, /backend wasm/);
    assert.match(text, /not installed/);
    // axis labels take the theme's foreground colour
    const fill = await w.page.evaluate(() => getComputedStyle(document.querySelector('.xtick text')).fill);
    assert.equal(fill, 'rgb(204, 204, 204)');
    await w.page.click('#rerun');
    assert.deepEqual((await w.posted()).at(-1), { type: 'rerun', maxSize: 512 });
    assert.deepEqual(w.errors, []);
    await w.page.screenshot({ path: 'test-results/webview-diagnostics.png' });
  });

  await test('diagnostics: errors from the host are shown', async () => {
    const w = await harness.open('diagnostics', 'vscode-light');
    await w.send({ type: 'error', message: 'engine stopped' });
    assert.match(await w.page.locator('#status').innerText(), /Error: engine stopped/);
  });
}
