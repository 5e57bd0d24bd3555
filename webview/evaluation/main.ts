// Evaluate Embeddings webview: progress while the engine runs, then overall accuracy, coverage and
// Spearman ρ as big numbers, accuracy per analogy section as horizontal bars, tables of the sections,
// the similarity files and a few wrong answers; Copy JSON / Save JSON go through the host.
import type { EvaluationReport, EvaluationToHost, EvaluationToWebview } from '../../src/protocol/webview/evaluation';
import { connect } from '../common/vscodeApi';
import { onThemeChange, themeColors, themedLayout } from '../common/theme';
import { plotly, PLOT_CONFIG } from '../common/plotly';
import { pct, rho, sectionBars } from './figure';

document.body.innerHTML = `
  <header><h1>Embedding evaluation</h1><span id="model" class="status"></span></header>
  <p id="title" class="status"></p>
  <div class="progressbar" id="progress"><div id="bar"></div></div>
  <div class="row"><span id="status" class="status">Waiting for the engine…</span><button id="cancel" class="secondary">Cancel</button></div>
  <div id="results" hidden>
    <div class="row cards">
      <div class="card"><div class="big" id="accuracy"></div><div class="status">accuracy <span id="correct"></span></div></div>
      <div class="card"><div class="big" id="coverage"></div><div class="status">coverage <span id="answered"></span></div></div>
      <div class="card" id="rhoCard"><div class="big" id="spearman"></div><div class="status">Spearman ρ <span id="rhoNote"></span></div></div>
      <div class="row" style="margin-left:auto"><button id="copy">Copy JSON</button><button id="save" class="secondary">Save JSON</button></div>
    </div>
    <div id="chart" class="chart" aria-label="accuracy per section"></div>
    <h2>Sections</h2>
    <table id="sections" class="table"></table>
    <div id="simBlock"><h2>Word-pair similarity</h2><table id="similarity" class="table"></table></div>
    <div id="exBlock"><h2>Some wrong answers</h2><table id="examples" class="table"></table></div>
  </div>`;
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const status = $('status');
const chart = $('chart');
const cancel = $<HTMLButtonElement>('cancel');
let report: EvaluationReport | undefined;

function setProgress(fraction: number | undefined): void {
  $('progress').hidden = fraction === undefined;
  $('bar').style.width = `${Math.round(Math.max(0, Math.min(1, fraction ?? 0)) * 100)}%`;
}

function fillTable(t: HTMLTableElement, head: string[], rows: (string | number)[][]): void {
  t.replaceChildren();
  const hr = t.createTHead().insertRow();
  for (const h of head) {
    const th = document.createElement('th');
    th.textContent = h;
    hr.append(th);
  }
  const body = t.createTBody();
  for (const r of rows) {
    const tr = body.insertRow();
    r.forEach((v, i) => {
      const td = tr.insertCell();
      td.textContent = String(v);
      if (i > 0) td.className = 'score';
    });
  }
}

function draw(): void {
  const a = report?.analogy;
  if (!a) {
    chart.hidden = true;
    return;
  }
  chart.hidden = false;
  const t = themeColors();
  const b = sectionBars(a.sections);
  chart.style.height = `${Math.max(260, b.y.length * 28 + 90)}px`;
  void plotly().react(
    chart,
    [
      {
        type: 'bar',
        orientation: 'h',
        name: 'accuracy',
        y: b.y,
        x: b.x,
        text: b.text,
        textposition: 'outside',
        cliponaxis: false,
        hovertext: b.hover,
        hoverinfo: 'text',
        marker: { color: a.sections.map(() => t.accent).reverse() },
      },
    ],
    themedLayout(t, {
      title: { text: `Accuracy per section · overall ${pct(a.accuracy)}` },
      margin: { l: 200, r: 120, t: 40, b: 40 },
      xaxis: { range: [0, 100], ticksuffix: '%', color: t.foreground, gridcolor: t.grid, zerolinecolor: t.grid },
      yaxis: { automargin: true, color: t.foreground },
      shapes: [{ type: 'line', x0: a.accuracy * 100, x1: a.accuracy * 100, y0: 0, y1: 1, yref: 'paper', line: { color: t.palette[1], dash: 'dash', width: 2 } }],
      showlegend: false,
    }),
    PLOT_CONFIG,
  );
}

function show(r: EvaluationReport): void {
  report = r;
  setProgress(undefined);
  cancel.hidden = true;
  status.classList.remove('error');
  $('results').hidden = false;
  $('model').textContent = r.modelLabel;
  $('title').textContent = `${r.analogyFile} · candidates: top ${r.topN.toLocaleString('en-US')} words · ${r.seconds.toFixed(1)} s`;
  const a = r.analogy;
  $('accuracy').textContent = a ? pct(a.accuracy) : '–';
  $('correct').textContent = a ? `(${a.correct.toLocaleString('en-US')} / ${a.answered.toLocaleString('en-US')} answered)` : '';
  $('coverage').textContent = a ? pct(a.coverage) : '–';
  $('answered').textContent = a ? `(${a.answered.toLocaleString('en-US')} / ${a.total.toLocaleString('en-US')} questions in vocabulary)` : '';
  const sims = r.similarity;
  $('rhoCard').hidden = sims.length === 0;
  $('spearman').textContent = sims.length ? rho(sims[0].spearman) : '–';
  $('rhoNote').textContent = sims.length ? `(${sims.length > 1 ? `${sims.length} files; first: ` : ''}${sims[0].found}/${sims[0].pairs} pairs)` : '';
  status.textContent = a
    ? `${a.correct.toLocaleString('en-US')} of ${a.answered.toLocaleString('en-US')} answered questions correct (${a.method === '3cosmul' ? '3CosMul' : '3CosAdd'}, input words excluded).`
    : 'Done.';
  fillTable(
    $<HTMLTableElement>('sections'),
    ['section', 'accuracy', 'correct', 'answered', 'questions', 'coverage'],
    (a?.sections ?? []).map((s) => [s.section, s.answered ? pct(s.accuracy) : '–', s.correct, s.answered, s.total, pct(s.total ? s.answered / s.total : 0)]),
  );
  $('simBlock').hidden = sims.length === 0;
  fillTable(
    $<HTMLTableElement>('similarity'),
    ['file', 'Spearman ρ', 'Pearson r', 'pairs found', 'coverage'],
    sims.map((x) => [x.file.split(/[\\/]/).pop() ?? x.file, rho(x.spearman), rho(x.pearson), `${x.found}/${x.pairs}`, pct(x.coverage)]),
  );
  const ex = a?.examples ?? [];
  $('exBlock').hidden = ex.length === 0;
  fillTable(
    $<HTMLTableElement>('examples'),
    ['question (a b c)', 'expected', 'got'],
    ex.slice(0, 10).map((e) => [e.question, e.expected, e.got]),
  );
  draw();
}

const api = connect<EvaluationToWebview, EvaluationToHost>((m) => {
  switch (m.type) {
    case 'progress':
      $('title').textContent = m.title;
      status.classList.remove('error');
      status.textContent = m.message;
      cancel.hidden = false;
      cancel.disabled = false;
      $('results').hidden = true;
      setProgress(m.fraction ?? 0);
      break;
    case 'result':
      show(m.report);
      break;
    case 'error':
      setProgress(undefined);
      cancel.hidden = true;
      status.classList.add('error');
      status.textContent = `Error: ${m.message}`;
      break;
    case 'notice':
      status.classList.remove('error');
      status.textContent = m.message;
      break;
    default: {
      const never: never = m;
      void never;
    }
  }
});

$('copy').addEventListener('click', () => api.post({ type: 'copyJson' }));
$('save').addEventListener('click', () => api.post({ type: 'saveJson' }));
cancel.addEventListener('click', () => {
  cancel.disabled = true;
  api.post({ type: 'cancel' });
});
cancel.hidden = true;
setProgress(undefined);
onThemeChange(draw);
