// Embedding Projector webview: method/dims/top-N controls, search, label toggle, PNG/SVG export,
// the scatter (2-D scattergl or 3-D scatter3d) and the neighbour list of the clicked word.
import { methodLabel, type ProjectorToHost, type ProjectorToWebview, type NeighborMetric } from '../../src/protocol/webview/projector';
import { connect } from '../common/vscodeApi';
import { onThemeChange, themeColors, themedLayout } from '../common/theme';
import { plotly, PLOT_CONFIG } from '../common/plotly';
import { projectorTraces, searchWords, type Highlights, type ProjectedPoints } from './traces';

document.body.innerHTML = `
  <header><h1>Embedding Projector</h1><span id="model" class="status"></span></header>
  <div class="row controls">
    <label>Method <select id="method"><option value="pca">PCA</option><option value="umap">UMAP</option><option value="tsne">t-SNE</option></select></label>
    <label>Dimensions <select id="dims"><option value="2">2-D</option><option value="3">3-D</option></select></label>
    <label>Top words <select id="top"><option>500</option><option>1000</option><option>2000</option><option>5000</option><option>10000</option><option>20000</option><option>50000</option></select></label>
    <button id="project">Project</button>
    <button id="cancel" disabled>Cancel</button>
    <input id="search" type="search" placeholder="Search a word…" size="18" aria-label="search">
    <label><input id="labels" type="checkbox"> Labels</label>
    <button id="png" title="Save the chart as PNG">PNG</button>
    <button id="svg" title="Save the chart as SVG">SVG</button>
  </div>
  <p id="status" class="status">Waiting for the engine…</p>
  <div class="split">
    <div id="chart" class="chart projector-chart" aria-label="projection"></div>
    <aside id="side"><h2 id="nbTitle">Nearest neighbours</h2><p class="status" id="nbHint">Click a point or search for a word.</p><ol id="neighbors" class="neighbors"></ol></aside>
  </div>`;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const chart = $('chart');
const status = $('status');
const methodSel = $<HTMLSelectElement>('method');
const dimsSel = $<HTMLSelectElement>('dims');
const topSel = $<HTMLSelectElement>('top');
const search = $<HTMLInputElement>('search');
const labels = $<HTMLInputElement>('labels');
const list = $<HTMLOListElement>('neighbors');

let points: (ProjectedPoints & { note?: string; method: string }) | undefined;
const hl: Highlights = { neighbors: [], marked: [] };
let editorMarks: string[] = [];
let searchMarks: string[] = [];
let bound = false;

function setStatus(text: string, error = false): void {
  status.textContent = text;
  status.classList.toggle('error', error);
}

function draw(): void {
  if (!points) return;
  const t = themeColors();
  hl.marked = [...editorMarks, ...searchMarks];
  const traces = projectorTraces(points, hl, { base: t.accent, neighbor: t.palette[1], selected: t.palette[3], marked: t.palette[2], text: t.foreground }, labels.checked);
  const axis = { color: t.foreground, gridcolor: t.grid, zerolinecolor: t.grid, showticklabels: false, title: { text: '' } };
  const layout = themedLayout(t, {
    showlegend: false,
    hovermode: 'closest',
    uirevision: `${points.method}-${points.dims}-${points.words.length}`,
    margin: { l: 8, r: 8, t: 8, b: 8 },
    xaxis: axis,
    yaxis: axis,
    ...(points.dims === 3 ? { scene: { xaxis: axis, yaxis: axis, zaxis: axis, bgcolor: 'rgba(0,0,0,0)' } } : {}),
  });
  void plotly()
    .react(chart, traces, layout, PLOT_CONFIG)
    .then(() => {
      if (bound) return;
      bound = true;
      (chart as unknown as { on(ev: string, f: (e: { points: { customdata?: number }[] }) => void): void }).on('plotly_click', (e) => {
        const i = e.points[0]?.customdata;
        if (points && typeof i === 'number' && points.words[i] !== undefined) selectWord(points.words[i]);
      });
    });
}

function selectWord(word: string): void {
  hl.selected = word;
  hl.neighbors = [];
  $('nbTitle').textContent = `Nearest neighbours of “${word}”`;
  $('nbHint').textContent = 'Asking the engine…';
  list.replaceChildren();
  draw();
  api.post({ type: 'selectWord', word });
}

function showNeighbors(word: string, results: Partial<Record<NeighborMetric, { word: string; score: number }[]>>): void {
  const cos = results.cosine ?? Object.values(results)[0] ?? [];
  hl.selected = word;
  hl.neighbors = cos.map((r) => r.word);
  $('nbTitle').textContent = `Nearest neighbours of “${word}”`;
  const shown = points ? new Set(points.words) : new Set<string>();
  const off = cos.filter((r) => !shown.has(r.word)).length;
  $('nbHint').textContent = `cosine similarity${off ? ` · ${off} not among the projected words` : ''}`;
  list.replaceChildren(
    ...cos.map((r) => {
      const li = document.createElement('li');
      li.textContent = `${r.word} `;
      const score = document.createElement('span');
      score.className = 'score';
      score.textContent = r.score.toFixed(3);
      li.append(score);
      li.title = `Show the neighbours of ${r.word}`;
      li.addEventListener('click', () => selectWord(r.word));
      if (!shown.has(r.word)) li.classList.add('off');
      return li;
    }),
  );
  draw();
}

function requestProjection(): void {
  const method = methodSel.value as 'pca' | 'umap' | 'tsne';
  api.post({ type: 'project', method, dims: dimsSel.value === '3' ? 3 : 2, top: Number(topSel.value) });
}

const api = connect<ProjectorToWebview, ProjectorToHost>((m) => {
  switch (m.type) {
    case 'settings':
      methodSel.value = m.settings.method;
      dimsSel.value = String(m.settings.dims);
      if (![...topSel.options].some((o) => o.value === String(m.settings.top))) topSel.add(new Option(String(m.settings.top)));
      topSel.value = String(m.settings.top);
      $('model').textContent = m.modelLabel;
      break;
    case 'points':
      points = { words: m.words, dims: m.dims, coords: m.coords, note: m.note, method: m.method };
      methodSel.value = m.method;
      dimsSel.value = String(m.dims);
      $('model').textContent = m.modelLabel;
      $<HTMLButtonElement>('cancel').disabled = true;
      setStatus(`${m.words.length.toLocaleString()} words · ${methodLabel(m.method)} ${m.dims}-D${m.note ? ` · ${m.note}` : ''}`);
      if (search.value) searchMarks = searchWords(m.words, search.value);
      draw();
      break;
    case 'progress':
      $<HTMLButtonElement>('cancel').disabled = false;
      setStatus(`${m.message}${m.fraction !== undefined ? ` (${Math.round(m.fraction * 100)}%)` : ''}`);
      break;
    case 'neighbors':
      showNeighbors(m.word, m.results);
      break;
    case 'highlight':
      editorMarks = m.words;
      if (m.focus) selectWord(m.focus);
      else draw();
      break;
    case 'error':
      $<HTMLButtonElement>('cancel').disabled = true;
      setStatus(`Error: ${m.message}`, true);
      if (hl.selected && !hl.neighbors.length) $('nbHint').textContent = m.message;
      break;
    default: {
      const never: never = m;
      void never;
    }
  }
});

$('project').addEventListener('click', requestProjection);
for (const sel of [methodSel, dimsSel, topSel]) sel.addEventListener('change', requestProjection);
$('cancel').addEventListener('click', () => api.post({ type: 'cancel' }));
labels.addEventListener('change', draw);
search.addEventListener('input', () => {
  searchMarks = points ? searchWords(points.words, search.value) : [];
  draw();
});
search.addEventListener('keydown', (e) => {
  if (e.key !== 'Enter' || !search.value.trim()) return;
  selectWord(searchMarks[0] ?? search.value.trim().toLowerCase());
});
for (const format of ['png', 'svg'] as const) {
  $(format).addEventListener('click', async () => {
    const p = plotly() as unknown as { toImage(el: HTMLElement, o: Record<string, unknown>): Promise<string> };
    const dataUrl = await p.toImage(chart, { format, width: chart.clientWidth || 1000, height: chart.clientHeight || 700 });
    api.post({ type: 'saveImage', format, dataUrl });
  });
}
onThemeChange(draw);
