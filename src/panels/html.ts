// Builds a webview's HTML under a strict Content-Security-Policy: nonce'd scripts only, no
// unsafe-eval, no remote content. Plotly inserts <style> at run time, hence style-src 'unsafe-inline'.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';

export interface HtmlOptions {
  /** Bundle name: dist/webview/<script>.js */
  script: string;
  title: string;
  /** Load the local Plotly strict bundle. */
  plotly?: boolean;
  /** Load the @vscode-elements web components (default true); panels drawn with plain HTML skip them. */
  elements?: boolean;
  /** Static markup inside <body> before the script runs. */
  body?: string;
}

export function nonce(): string {
  return randomBytes(16).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

/** The CSP string; exported so tests can assert it. */
export function cspFor(cspSource: string, n: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${n}'`,
    `style-src ${cspSource} 'unsafe-inline'`,
    `img-src ${cspSource} data: blob:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

/** Resource roots a webview may load from: the extension's own dist/ and media/. */
export function localRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')];
}

export function buildHtml(webview: vscode.Webview, extensionUri: vscode.Uri, o: HtmlOptions): string {
  const n = nonce();
  const uri = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString();
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${cspFor(webview.cspSource, n)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${esc(o.title)}</title>
<link rel="stylesheet" href="${uri('media', 'panel.css')}">
</head>
<body>
${o.body ?? ''}
${o.plotly ? `<script nonce="${n}" src="${uri('dist', 'webview', 'plotly.min.js')}"></script>` : ''}
${o.elements === false ? '' : `<script nonce="${n}" type="module" src="${uri('dist', 'webview', 'elements.js')}"></script>`}
<script nonce="${n}" src="${uri('dist', 'webview', `${o.script}.js`)}"></script>
</body>
</html>`;
}
