// Latencies measured in a real VS Code by the test harness (npm run test:e2e / test:vscode write them
// into test-results/): command-to-drawn-chart times and the extension host's memory growth over a
// suite that opens every panel. The bench reports the last run's figures; it does not start VS Code.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BenchTask } from './types';

const RESULTS = path.resolve(__dirname, '../../test-results');

function read(file: string, hint: string): Record<string, unknown> {
  const p = path.join(RESULTS, file);
  if (!fs.existsSync(p)) throw new Error(`no ${file}: run ${hint} first`);
  return JSON.parse(fs.readFileSync(p, 'utf8'));
}

function uiTiming(key: string, name: string, target?: number): BenchTask {
  return {
    name,
    unit: 'ms',
    higherIsBetter: false,
    target: target ? { op: '<=', value: target } : undefined,
    backends: 'none',
    backendLabel: 'VS Code (code-server) + wasm',
    quick: true,
    async run() {
      const t = read('ui-timings.json', 'npm run test:e2e')[key] as { ms: number; at: string } | undefined;
      if (!t) throw new Error(`"${key}" missing from test-results/ui-timings.json`);
      return {
        values: [t.ms],
        extra: {
          measuredAt: t.at,
          source: 'test/e2e/steps/02-lm.mjs in code-server + headless chromium: from the menu item chosen to the webview\'s own "drawn" stamp (no frame polling)',
        },
      };
    },
  };
}

export const uiNextTokenWarm = uiTiming('next-token: click a candidate → next distribution drawn', 'UI: next token, click → chart drawn (real VS Code)', 150);
export const uiNextTokenCold = uiTiming('next-token: right-click → bars drawn (new panel)', 'UI: Predict Next Token, menu click → new panel drawn (real VS Code)', 1500);
/** The webview's share of the first open: its document started → bars drawn (scripts loaded, data received). */
export const uiNextTokenWebview = uiTiming('next-token: webview document start → bars drawn', 'UI: Next Token webview, document start → bars drawn (real VS Code)');
/** The Attention webview's share: its document started → heat map drawn. */
export const uiAttentionWebview = uiTiming('attention: webview document start → heat map drawn', 'UI: Attention webview, document start → heat map drawn (real VS Code)');
export const uiAttention = uiTiming('attention: right-click → heat map drawn', 'UI: Show Attention, menu click → heat map drawn (real VS Code)', 300);

export const hostMemory: BenchTask = {
  name: 'extension-host memory growth after opening every panel',
  unit: 'MB',
  higherIsBetter: false,
  backends: 'none',
  backendLabel: 'VS Code (code-server)',
  quick: true,
  async run() {
    const m = read('ext-host-memory.json', 'npm run test:vscode') as Record<string, number | string>;
    return { values: [Number(m.rssAfterMB) - Number(m.rssBeforeMB)], extra: m };
  },
};
