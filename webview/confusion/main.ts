// Confusion-matrix webview: true classes down, predicted across, cells shaded by row share; clicking a cell lists its
// misclassified examples, clicking one asks the host to open its source line.
import type { ClassifyEvaluateResult } from '../../src/protocol/classify';
import type { ConfusionToHost, ConfusionToWebview } from '../../src/protocol/webview/classify';
import { connect } from '../common/vscodeApi';
import { onThemeChange, themeColors } from '../common/theme';
import { rgba } from '../classify/view';
import { cellShare, examplesInCell } from './view';

const style = document.createElement('style');
style.textContent = `
table.cm { border-collapse: collapse; margin: 10px 0; }
table.cm th, table.cm td { padding: 6px 10px; text-align: center; border: 1px solid var(--vscode-editorWidget-border, #8884); }
table.cm td.cell { cursor: pointer; font-variant-numeric: tabular-nums; min-width: 3.5em; }
table.cm td.cell.selected { outline: 2px solid var(--vscode-focusBorder, #3794ff); }
table.cm td.diag { font-weight: 600; }
.axis { color: var(--vscode-descriptionForeground); font-weight: normal; }
ul.examples { padding-left: 1.2em; max-width: 960px; }
ul.examples li { margin: 4px 0; cursor: pointer; }
ul.examples li:hover { text-decoration: underline; }
.where { color: var(--vscode-textLink-foreground); margin-right: 6px; }
table.pc td, table.pc th { padding: 2px 10px; text-align: right; }
`;
document.head.appendChild(style);
document.body.innerHTML = `
  <header><h1>Confusion matrix</h1></header>
  <p id="status" class="status">Evaluating…</p>
  <table id="cm" class="cm" aria-label="confusion matrix"></table>
  <h2 id="cellTitle"></h2>
  <ul id="examples" class="examples"></ul>
  <table id="perClass" class="pc"></table>`;
const status = document.getElementById('status')!;
const table = document.getElementById('cm') as HTMLTableElement;
const list = document.getElementById('examples')!;
const cellTitle = document.getElementById('cellTitle')!;
const perClass = document.getElementById('perClass') as HTMLTableElement;
let last: ClassifyEvaluateResult | undefined;
let selected: [number, number] | undefined;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function draw(): void {
  const r = last;
  if (!r) return;
  const accent = themeColors().accent;
  status.textContent = `${r.examples} examples from ${r.source.split(/[\\/]/).pop()}: accuracy ${pct(r.accuracy)} (majority baseline ${pct(r.baseline.accuracy)}, always "${r.baseline.label}"), macro-F1 ${r.macroF1.toFixed(3)}`;
  status.classList.remove('error');
  table.replaceChildren();
  const head = table.createTHead().insertRow();
  head.appendChild(Object.assign(document.createElement('th'), { className: 'axis', textContent: 'true ↓ / predicted →' }));
  for (const l of r.labels) head.appendChild(Object.assign(document.createElement('th'), { textContent: l }));
  const body = table.createTBody();
  r.confusion.forEach((row, t) => {
    const tr = body.insertRow();
    tr.appendChild(Object.assign(document.createElement('th'), { textContent: r.labels[t] }));
    row.forEach((v, p) => {
      const td = tr.insertCell();
      td.className = `cell${t === p ? ' diag' : ''}${selected && selected[0] === t && selected[1] === p ? ' selected' : ''}`;
      td.textContent = String(v);
      td.dataset.t = String(t);
      td.dataset.p = String(p);
      td.style.background = rgba(accent, 0.8 * cellShare(r.confusion, t, p));
      td.title = `true ${r.labels[t]}, predicted ${r.labels[p]}: ${v}`;
      td.addEventListener('click', () => select(t, p));
    });
  });
  perClass.replaceChildren();
  const ph = perClass.createTHead().insertRow();
  for (const h of ['class', 'precision', 'recall', 'F1', 'support']) ph.appendChild(Object.assign(document.createElement('th'), { textContent: h }));
  const pb = perClass.createTBody();
  for (const c of r.perClass) {
    const tr = pb.insertRow();
    for (const v of [c.label, c.precision.toFixed(3), c.recall.toFixed(3), c.f1.toFixed(3), String(c.support)]) tr.insertCell().textContent = v;
  }
  drawList();
}

function select(t: number, p: number): void {
  selected = [t, p];
  draw();
}

function drawList(): void {
  list.replaceChildren();
  cellTitle.textContent = '';
  const r = last;
  if (!r || !selected) return;
  const [t, p] = selected;
  if (t === p) {
    cellTitle.textContent = `${r.confusion[t][p]} "${r.labels[t]}" examples classified correctly`;
    return;
  }
  const idx = examplesInCell(r, t, p);
  cellTitle.textContent = `${idx.length} "${r.labels[t]}" examples predicted as "${r.labels[p]}" (click one to open its line)`;
  for (const i of idx) {
    const m = r.misclassified[i];
    const li = document.createElement('li');
    li.dataset.index = String(i);
    li.append(Object.assign(document.createElement('span'), { className: 'where', textContent: `${m.file.split(/[\\/]/).pop()}:${m.line}` }));
    li.append(document.createTextNode(`${m.text.length > 200 ? m.text.slice(0, 200) + '…' : m.text} (${pct(m.confidence)})`));
    li.addEventListener('click', () => api.post({ type: 'openExample', index: i }));
    list.appendChild(li);
  }
}

const api = connect<ConfusionToWebview, ConfusionToHost>((m) => {
  switch (m.type) {
    case 'confusion':
      last = m.result;
      selected = undefined;
      draw();
      break;
    case 'busy':
      status.textContent = m.message;
      status.classList.remove('error');
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
onThemeChange(draw);
