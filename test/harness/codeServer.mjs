// Starts a private code-server (VS Code 1.100.3 in the browser) and a headless Debian chromium
// driven by playwright-core. Shared by the integration tests, the UI end-to-end tests and `npm start`.
// The tools live outside the repo (tools/setup-code-server.sh installs them into $TOOLS).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
export const TOOLS = process.env.TOOLS || path.join(os.homedir(), '.cache', 'model-lens-e2e-cs4.100.3');
export const CODE_SERVER = path.join(TOOLS, 'node_modules', '.bin', 'code-server');
export const CHROME = process.env.CHROME || '/usr/bin/chromium';

/** Installs code-server into $TOOLS if it is not there yet (idempotent, ~1 min the first time). */
export function ensureTools() {
  if (fs.existsSync(CODE_SERVER)) return;
  const r = spawnSync('bash', [path.join(ROOT, 'tools', 'setup-code-server.sh')], {
    stdio: 'inherit',
    env: { ...process.env, CS_PREFIX: TOOLS },
  });
  if (r.status !== 0) throw new Error('could not install code-server (tools/setup-code-server.sh failed)');
}

export async function freePort() {
  return new Promise((res) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => res(p));
    });
  });
}

/** A fresh copy of samples/ so tests never modify the repository's files. */
export function workspaceCopy(run) {
  const ws = path.join(run, 'workspace');
  fs.cpSync(path.join(ROOT, 'samples'), ws, { recursive: true });
  return ws;
}

/**
 * Start code-server on a free port with quiet settings; resolves once OUR process logs that it listens.
 * `env` is inherited by the extension host (tests pass their output paths through it).
 */
export async function startCodeServer({ run, env = {}, settings = {} }) {
  ensureTools();
  const port = await freePort();
  const ud = path.join(run, 'user-data');
  fs.mkdirSync(path.join(ud, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(ud, 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'security.workspace.trust.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'extensions.autoUpdate': false,
      'extensions.autoCheckUpdates': false,
      'extensions.ignoreRecommendations': true,
      'update.mode': 'none',
      'workbench.enableExperiments': false,
      'workbench.tips.enabled': false,
      'window.commandCenter': false,
      ...settings,
    }),
  );
  const cfg = path.join(run, 'config.yaml');
  fs.writeFileSync(cfg, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const cs = spawn(
    CODE_SERVER,
    ['--config', cfg, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
      '--disable-workspace-trust', '--disable-getting-started-override', '--user-data-dir', ud,
      '--extensions-dir', path.join(run, 'extensions')],
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, ...env } },
  );
  let out = '';
  let exited = null;
  cs.stdout.on('data', (d) => (out += d));
  cs.stderr.on('data', (d) => (out += d));
  cs.on('exit', (c, s) => (exited = `code=${c} signal=${s}`));
  const kill = () => {
    try {
      process.kill(-cs.pid, 'SIGTERM');
    } catch {}
  };
  process.on('exit', kill);
  const t0 = Date.now();
  while (!out.includes('HTTP server listening')) {
    if (exited || Date.now() - t0 > 60000) throw new Error(`code-server failed to start (${exited}):\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { port, origin: `127.0.0.1:${port}`, kill, log: () => out, process: cs };
}

/** URL that opens `folder` with the extension at `devPath` loaded in development mode (+ optional tests). */
export function workbenchUrl(origin, folder, devPath, testsPath) {
  const payload = [['extensionDevelopmentPath', `vscode-remote://${origin}${devPath}`]];
  if (testsPath) payload.push(['extensionTestsPath', `vscode-remote://${origin}${testsPath}`]);
  return `http://${origin}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

export async function launchChromium(run, viewport = { width: 1400, height: 880 }) {
  const { chromium } = await import('playwright-core');
  return chromium.launchPersistentContext(fs.mkdtempSync(path.join(run, 'chromium-')), {
    executablePath: CHROME,
    headless: true,
    viewport,
    args: ['--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export function runDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
