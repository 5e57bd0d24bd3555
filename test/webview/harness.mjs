// Loads a built webview bundle (dist/webview/<name>.js) in headless Debian chromium with a stubbed
// acquireVsCodeApi, served from a loopback HTTP server (module scripts do not load from file://).
// The stub records what the webview posts; tests send host messages and read the drawn DOM.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, launchChromium, runDir } from '../harness/codeServer.mjs';

const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html', '.map': 'application/json' };

export async function openWebviewHarness() {
  const run = runDir('ml-webview-');
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname.startsWith('/page/')) {
      const name = url.pathname.slice(6);
      const theme = url.searchParams.get('theme') ?? 'vscode-dark';
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="stylesheet" href="/media/panel.css">
<style>:root{--vscode-editor-foreground:${theme === 'vscode-dark' ? '#cccccc' : '#333333'};--vscode-editor-background:${theme === 'vscode-dark' ? '#1e1e1e' : '#ffffff'};--vscode-charts-blue:#3794ff}</style></head>
<body class="${theme}"><script>
window.__posted = [];
// state lives in sessionStorage so it survives page.reload(), as VS Code keeps a webview's state across reloads
window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => JSON.parse(sessionStorage.getItem('vscode-state') ?? 'null') ?? undefined, setState: (s) => sessionStorage.setItem('vscode-state', JSON.stringify(s)) });
</script>
<script src="/dist/webview/plotly.min.js"></script>
<script type="module" src="/dist/webview/elements.js"></script>
<script src="/dist/webview/${name}.js"></script></body></html>`);
      return;
    }
    const file = path.join(ROOT, path.normalize(url.pathname));
    if (!file.startsWith(ROOT) || !fs.existsSync(file)) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const port = server.address().port;
  const ctx = await launchChromium(run, { width: 1100, height: 760 });
  return {
    /** Open the panel bundle `name`; resolves once it has posted 'ready'. */
    async open(name, theme) {
      const page = await ctx.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`http://127.0.0.1:${port}/page/${name}${theme ? `?theme=${theme}` : ''}`);
      await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'), null, { timeout: 15000 });
      return {
        page,
        errors,
        // postMessage delivers on a later task: give the webview's handler time to run before the test reads the DOM
        // (reads right after a bare postMessage raced the handler on a busy machine)
        send: (msg) => page.evaluate((m) => new Promise((resolve) => {
          window.postMessage(m, '*');
          setTimeout(() => resolve(undefined), 50);
        }), msg),
        posted: () => page.evaluate(() => window.__posted),
        /** Reload the webview (its setState survives, as in VS Code); resolves once it has posted 'ready' again. */
        reload: async () => {
          await page.reload();
          await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'), null, { timeout: 15000 });
        },
      };
    },
    async close() {
      await ctx.close().catch(() => {});
      server.close();
    },
  };
}
