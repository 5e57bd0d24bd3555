// Model Card webview: config and provenance tables, the parameter breakdown by matrix type and the loss curve.
import type { ModelCardToHost, ModelCardToWebview } from '../../src/protocol/webview/modelCard';
import { connect } from '../common/vscodeApi';
import { onThemeChange, themeColors, themedLayout } from '../common/theme';
import { plotly, PLOT_CONFIG } from '../common/plotly';
import { configRows, historyTraces, paramBars, summaryLine, trainingRows } from './card';

document.body.innerHTML = `
  <header><h1 id="title">Model card</h1><button id="use" hidden>Use for Predictions</button><span id="inUse" class="status" hidden>used for predictions</span></header>
  <p id="status" class="status">Loading the model…</p>
  <div id="body" hidden>
    <div class="split">
      <section><h2>Configuration</h2><table id="config" class="table"></table></section>
      <section><h2>Training</h2><table id="training" class="table"></table></section>
    </div>
    <div id="params" class="chart" aria-label="parameters by matrix type"></div>
    <div id="loss" class="chart" aria-label="loss curve"></div>
    <p id="noLoss" class="status" hidden>No training history: this model was not trained in Model Lens.</p>
  </div>`;
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
let last: Extract<ModelCardToWebview, { type: 'card' }> | undefined;

function fill(table: HTMLTableElement, rows: [string, string][]): void {
  table.replaceChildren();
  for (const [k, v] of rows) {
    const tr = table.insertRow();
    const th = document.createElement('th');
    th.textContent = k;
    tr.append(th);
    tr.insertCell().textContent = v;
  }
}

function draw(): void {
  if (!last) return;
  const { card, label } = last;
  $('title').textContent = `Model card: ${label}`;
  $('status').textContent = summaryLine(card);
  $('status').classList.remove('error');
  $('body').hidden = false;
  $('use').hidden = last.inUse;
  $('inUse').hidden = !last.inUse;
  fill($<HTMLTableElement>('config'), configRows(card));
  fill($<HTMLTableElement>('training'), trainingRows(card));
  const t = themeColors();
  const bars = paramBars(card);
  void plotly().react(
    $('params'),
    [{ ...bars, marker: { color: t.accent } }],
    themedLayout(t, {
      title: { text: `parameters by matrix type (total ${card.params.total.toLocaleString('en-US')})` },
      xaxis: { title: { text: 'parameters' }, color: t.foreground, gridcolor: t.grid },
      yaxis: { automargin: true, color: t.foreground },
      margin: { l: 150, r: 24, t: 40, b: 48 },
    }),
    PLOT_CONFIG,
  );
  const lt = historyTraces(card);
  $('loss').hidden = lt.length === 0;
  $('noLoss').hidden = lt.length > 0;
  if (lt.length) {
    void plotly().react(
      $('loss'),
      lt,
      themedLayout(t, {
        title: { text: 'training loss (nats per token)' },
        xaxis: { title: { text: 'step' }, color: t.foreground, gridcolor: t.grid },
        yaxis: { title: { text: 'loss' }, color: t.foreground, gridcolor: t.grid },
      }),
      PLOT_CONFIG,
    );
  }
}

const api = connect<ModelCardToWebview, ModelCardToHost>((m) => {
  switch (m.type) {
    case 'card':
      last = m;
      draw();
      break;
    case 'busy':
      $('status').textContent = m.message;
      $('status').classList.remove('error');
      break;
    case 'error':
      $('status').textContent = `Error: ${m.message}`;
      $('status').classList.add('error');
      $('body').hidden = true;
      break;
    default: {
      const never: never = m;
      void never;
    }
  }
});
$('use').addEventListener('click', () => {
  api.post({ type: 'useForPredictions' });
  $('use').hidden = true;
  $('inUse').hidden = false;
});
onThemeChange(draw);
