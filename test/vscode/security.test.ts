// Security checks over everything the other suites opened: every webview's HTML has a strict CSP,
// webview messages of the wrong shape are ignored, and the engine made no network connection.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { infoRequest } from '../../src/protocol/engine';
import { suite, test } from './runner';
import { api } from './util';

/** Parses the CSP meta and every <script> tag of a webview's HTML. */
export function checkWebviewHtml(html: string): string[] {
  const problems: string[] = [];
  const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/);
  if (!meta) return ['no CSP meta tag'];
  const csp = meta[1];
  const directives = Object.fromEntries(
    csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map((d) => [d[0], d.slice(1)]),
  );
  if (directives['default-src']?.join(' ') !== "'none'") problems.push(`default-src is not 'none': ${csp}`);
  if (/unsafe-eval/.test(csp)) problems.push('unsafe-eval allowed');
  if (/https?:\/\/(?!.*vscode-cdn|.*vscode-resource)/.test(csp)) problems.push(`remote source in CSP: ${csp}`);
  const scriptSrc = directives['script-src'] ?? [];
  if (scriptSrc.length !== 1 || !/^'nonce-[A-Za-z0-9]+'$/.test(scriptSrc[0])) problems.push(`script-src is not a single nonce: ${scriptSrc}`);
  const nonce = scriptSrc[0]?.slice(7, -1);
  for (const tag of html.match(/<script\b[^>]*>/g) ?? []) {
    if (!tag.includes(`nonce="${nonce}"`)) problems.push(`script without the nonce: ${tag}`);
    const src = tag.match(/src="([^"]+)"/)?.[1];
    if (src && /^https?:\/\/(?!.*\.vscode-cdn\.net|127\.0\.0\.1|localhost)/.test(src) && !src.includes('vscode-resource'))
      problems.push(`remote script ${src}`);
  }
  return problems;
}

suite('security', () => {
  test('every opened webview has a strict CSP (nonce scripts, no unsafe-eval, no remote content)', async () => {
    const a = await api();
    await vscode.commands.executeCommand('modelLens.showEngineInfo');
    const start = Date.now();
    while (!a.lastPosted('diagnostics', 'html') && Date.now() - start < 20000) await new Promise((r) => setTimeout(r, 100));
    const htmls = [...a.services.posted.entries()].filter(([k]) => k.endsWith(':html'));
    assert.ok(htmls.length >= 1, 'no webview html recorded');
    for (const [k, html] of htmls) assert.deepEqual(checkWebviewHtml(String(html)), [], k);
    console.log(`TEST info - CSP checked on ${htmls.length} webview(s): ${htmls.map(([k]) => k.replace(':html', '')).join(', ')}`);
  });

  test('the engine made no network connection during the whole run', async () => {
    const a = await api();
    const info = await a.services.engine.request(infoRequest, {});
    assert.deepEqual(info.blockedConnections, []);
  });
});
