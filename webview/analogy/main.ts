// Analogy webview: a − b + c inputs, the lecture's examples, 3CosAdd and 3CosMul top-10 side by side,
// and the 2-D drawing of the four points with the offset vectors. Engine errors (unknown words) shown.
import type { AnalogyToHost, AnalogyToWebview } from '../../src/protocol/webview/analogy';
import { connect } from '../common/vscodeApi';
import { onThemeChange, themeColors, themedLayout } from '../common/theme';
import { plotly, PLOT_CONFIG } from '../common/plotly';
import { analogyFigure } from './figure';
import { analogyVerdict } from './verdict';

document.body.innerHTML = `
  <header><h1>Analogy</h1><span id="model" class="status"></span></header>
  <div class="row">
    <input id="a" type="text" size="12" aria-label="a" placeholder="king"> −
    <input id="b" type="text" size="12" aria-label="b" placeholder="man"> +
    <input id="c" type="text" size="12" aria-label="c" placeholder="woman"> ≈ ?
    <button id="solve">Solve</button>
  </div>
  <div class="row" id="examples"><span class="status">Examples:</span></div>
  <p id="status" class="status">Type three words, or pick an example.</p>
  <p id="expected" class="status" hidden></p>
  <div class="row" style="align-items:flex-start">
    <div id="results" class="row" style="align-items:flex-start;gap:32px;flex:none"></div>
    <div id="chart" class="chart" style="flex:1;min-width:420px;min-height:440px" aria-label="analogy drawing"></div>
  </div>`;
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const [ia, ib, ic] = (['a', 'b', 'c'] as const).map((k) => $<HTMLInputElement>(k));
const status = $('status');
const chart = $('chart');
let last: Extract<AnalogyToWebview, { type: 'analogy' }> | undefined;
let examples: Extract<AnalogyToWebview, { type: 'examples' }>['examples'] = [];

/** The lecture's answer when the query is one of its examples. */
function lectureAnswer(a: string, b: string, c: string): string | undefined {
  return examples.find((e) => e.a === a && e.b === b && e.c === c)?.expected;
}

function table(title: string, id: string, rows: { word: string; score: number }[], expected?: string): HTMLElement {
  const div = document.createElement('div');
  div.id = id;
  const h = document.createElement('h2');
  h.textContent = title;
  const t = document.createElement('table');
  t.className = 'table';
  rows.forEach((r, i) => {
    const tr = t.insertRow();
    tr.insertCell().textContent = String(i + 1);
    const w = tr.insertCell();
    w.textContent = r.word;
    if (i === 0) w.style.fontWeight = '600';
    if (r.word === expected) {
      w.classList.add('differs');
      w.title = "the lecture's answer";
    }
    const s = tr.insertCell();
    s.className = 'score';
    s.textContent = r.score.toFixed(3);
  });
  div.append(h, t);
  return div;
}

function draw(): void {
  if (!last) return;
  const t = themeColors();
  const fig = analogyFigure(last, { input: t.accent, answer: t.palette[1], other: t.muted, target: t.palette[2], text: t.foreground });
  const axis = { color: t.foreground, gridcolor: t.grid, zerolinecolor: t.grid, showticklabels: false };
  void plotly().react(
    chart,
    fig.traces,
    themedLayout(t, {
      title: { text: `${last.a} − ${last.b} + ${last.c} ≈ ${analogyVerdict(last).answer}<br><sub>PCA of these vectors</sub>` },
      showlegend: true,
      legend: { orientation: 'h', y: -0.05 },
      margin: { l: 16, r: 16, t: 72, b: 24 },
      annotations: fig.annotations,
      xaxis: axis,
      yaxis: { ...axis, scaleanchor: 'x' },
    }),
    PLOT_CONFIG,
  );
}

function solve(a: string, b: string, c: string): void {
  ia.value = a;
  ib.value = b;
  ic.value = c;
  if (!a.trim() || !b.trim() || !c.trim()) {
    status.textContent = 'Three words are needed.';
    return;
  }
  api.post({ type: 'solve', a: a.trim().toLowerCase(), b: b.trim().toLowerCase(), c: c.trim().toLowerCase() });
}

const api = connect<AnalogyToWebview, AnalogyToHost>((m) => {
  switch (m.type) {
    case 'examples':
      examples = m.examples;
      $('model').textContent = m.modelLabel;
      $('examples').replaceChildren(
        Object.assign(document.createElement('span'), { className: 'status', textContent: 'Examples:' }),
        ...m.examples.map((e) => {
          const btn = document.createElement('button');
          btn.className = 'secondary example';
          btn.textContent = `${e.a} − ${e.b} + ${e.c}`;
          btn.title = `The lecture's answer: ${e.expected} (solve to see where 3CosAdd and 3CosMul rank it)`;
          btn.addEventListener('click', () => solve(e.a, e.b, e.c));
          return btn;
        }),
      );
      break;
    case 'analogy':
      last = m;
      $('model').textContent = m.modelLabel;
      status.classList.remove('error');
      {
        const expected = lectureAnswer(m.a, m.b, m.c);
        const v = analogyVerdict(m, expected);
        status.textContent = v.status;
        $('expected').textContent = v.expected ?? '';
        $('expected').hidden = !v.expected;
        $('results').replaceChildren(table('3CosAdd', 'cosadd', m.cosadd, expected), table('3CosMul', 'cosmul', m.cosmul, expected));
      }
      draw();
      break;
    case 'busy':
      status.classList.remove('error');
      status.textContent = m.message;
      break;
    case 'error':
      status.classList.add('error');
      status.textContent = `Error: ${m.message}`;
      break;
    default: {
      const never: never = m;
      void never;
    }
  }
});
$('solve').addEventListener('click', () => solve(ia.value, ib.value, ic.value));
for (const i of [ia, ib, ic]) i.addEventListener('keydown', (e) => e.key === 'Enter' && solve(ia.value, ib.value, ic.value));
onThemeChange(draw);
