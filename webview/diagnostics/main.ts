// Diagnostics webview: backend table + matmul GFLOP/s chart. Draws only what the host sends.
import type { DiagnosticsToHost, DiagnosticsToWebview } from '../../src/protocol/webview/diagnostics';
import { connect } from '../common/vscodeApi';
import { onThemeChange, themeColors, themedLayout } from '../common/theme';
import { plotly, PLOT_CONFIG } from '../common/plotly';
import { timingTraces } from './traces';

const root = document.body;
root.innerHTML = `
  <header><h1>Model Lens engine</h1><vscode-button id="rerun">Run again</vscode-button></header>
  <p id="status" class="status">Waiting for the engine…</p>
  <table id="backends" class="table"></table>
  <div id="chart" class="chart" aria-label="matmul throughput chart"></div>`;
const status = document.getElementById('status')!;
const table = document.getElementById('backends') as HTMLTableElement;
const chart = document.getElementById('chart')!;
let last: Extract<DiagnosticsToWebview, { type: 'engineInfo' }> | undefined;

function draw(): void {
  if (!last) return;
  const { info, result } = last;
  status.textContent = `Engine ${info.version} · pid ${info.pid} · Node ${info.node} · backend ${info.backend.active} · started in ${info.startMs.toFixed(0)} ms · RSS ${info.memory.rssMB.toFixed(0)} MB`;
  table.replaceChildren();
  for (const a of info.backend.attempts) {
    const tr = table.insertRow();
    tr.className = a.loaded ? 'ok' : 'no';
    tr.insertCell().textContent = a.loaded ? '✓' : '✗';
    tr.insertCell().textContent = a.choice;
    tr.insertCell().textContent = a.label;
    tr.insertCell().textContent = a.reason;
  }
  const t = themeColors();
  void plotly().react(
    chart,
    timingTraces(result),
    themedLayout(t, {
      title: { text: `matmul throughput on ${result.backend}` },
      yaxis: { title: { text: 'GFLOP/s' }, color: t.foreground, gridcolor: t.grid },
      xaxis: { title: { text: 'matrix size' }, color: t.foreground },
    }),
    PLOT_CONFIG,
  );
}

const api = connect<DiagnosticsToWebview, DiagnosticsToHost>((m) => {
  switch (m.type) {
    case 'engineInfo':
      last = m;
      draw();
      break;
    case 'busy':
      status.textContent = m.message;
      break;
    case 'error':
      status.textContent = `Error: ${m.message}`;
      status.classList.add('error');
      break;
    default: {
      const never: never = m;
      void never;
    }
  }
});
document.getElementById('rerun')!.addEventListener('click', () => api.post({ type: 'rerun', maxSize: 512 }));
onThemeChange(draw);
