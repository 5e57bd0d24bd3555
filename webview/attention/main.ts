// Attention side panel: heat map of one layer/head (or the mean/max over heads), BertViz-style
// head view, model view of every layer × head, per-head entropy, by token or grouped into words.
// Tokens are clickable (select in editor; the view keeps showing the whole selection).
import type { AttentionToHost, AttentionToWebview } from '../../src/protocol/webview/attention';
import { connect } from '../common/vscodeApi';
import { onThemeChange, themeColors, type ThemeColors } from '../common/theme';
import { showToken } from '../common/tokens';
import { unknownNote } from '../common/unknown';
import { aggregateHeads, headColor, headEntropies, headLines, kvSharing, layerSpan, maskOf, mixColor, type Matrix } from './geometry';
import { drawHeat } from './heat';
import { groupAttention, groupOf, tokenGroups, wordGroups, type Groups } from './words';

type Data = Extract<AttentionToWebview, { type: 'attention' }>;
type View = 'heat' | 'heads' | 'model';
type Grouping = 'tokens' | 'words';
interface State {
  layer: number;
  head: string;
  view: View;
  group?: Grouping;
}
/** What the views draw: the data's tokens, or words with their grouped attention [layer][head][q][k]. */
interface Shown {
  labels: string[];
  attention: Matrix[][];
  groups: Groups;
  /** Keys after the query are masked (a decoder); false for an encoder, which sees every token. */
  causal: boolean;
  /** [layer] a sliding-window layer's band in tokens (absent when grouped into words: the band is per token). */
  windows?: (number | null)[];
  /** [head] the kv head each query head reads (grouped-query attention). */
  kvHeadOf?: number[];
}
const SVG = 'http://www.w3.org/2000/svg';

document.body.innerHTML = `
  <div class="row"><strong>Attention</strong><span id="model" class="status"></span></div>
  <p id="note" class="note" hidden></p>
  <div class="row">
    <label>Layer <select id="layer"></select></label>
    <label>Head <select id="head"></select></label>
    <label title="Words: rows average the attention of a word's tokens (queries); columns sum the attention paid to a word's tokens (keys), so each row still sums to 1.">Show <select id="group"><option value="tokens">tokens</option><option value="words">words</option></select></label>
    <span class="viewtabs" role="tablist">
      <button data-view="heat" class="active">Heat map</button><button data-view="heads">Head view</button><button data-view="model">Model view</button>
    </span>
  </div>
  <p id="groupNote" class="status" hidden>Words: a row is the mean over the word's tokens (as queries) of the attention summed over each word's tokens (as keys), so every row still sums to 1.</p>
  <div id="toggles" class="row toggles" hidden></div>
  <p id="gqa" class="status gqa" hidden></p>
  <div id="canvas" aria-label="attention"></div>
  <p id="hover" class="status">&nbsp;</p>
  <p id="status" class="status">Select text in an editor to see its attention.</p>`;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const layerSel = $<HTMLSelectElement>('layer');
const headSel = $<HTMLSelectElement>('head');
const groupSel = $<HTMLSelectElement>('group');
const canvas = $('canvas');
const hover = $('hover');
const status = $('status');
let data: Data | undefined;
let shownCache: { data: Data; group: Grouping; shown: Shown } | undefined;
let st: State = { layer: 0, head: '0', view: 'heat', group: 'tokens' };
let enabled: boolean[] = [];
let cursor = -1;
let focusToken: number | undefined;

function svgEl<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, parent?: Element): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  parent?.append(e);
  return e;
}

/** The data as the views draw it: per token, or grouped into words (cached until either changes). */
function shownFor(d: Data): Shown {
  const group = st.group ?? 'tokens';
  if (shownCache?.data === d && shownCache.group === group) return shownCache.shown;
  const groups = group === 'words' ? wordGroups(d.tokens) : tokenGroups(d.tokens);
  const attention = group === 'words' ? d.attention.map((layer) => layer.map((m) => groupAttention(m, groups))) : d.attention;
  const shown = { labels: groups.labels, attention, groups, causal: d.causal !== false, windows: group === 'words' ? undefined : d.windows, kvHeadOf: d.kvHeadOf };
  shownCache = { data: d, group, shown };
  return shown;
}

function matrixFor(d: Shown): Matrix {
  const layer = d.attention[st.layer] ?? d.attention[0];
  if (st.head === 'mean' || st.head === 'max') return aggregateHeads(layer, st.head);
  return layer[Number(st.head)] ?? layer[0];
}

/** Row `g` of what is shown was clicked: select its tokens in the editor, keep the view as it is. */
function selectToken(g: number): void {
  if (!data) return;
  const members = shownFor(data).groups.members[g];
  if (!members?.length) return;
  cursor = members[0];
  const last = members[members.length - 1];
  api.post(last === members[0] ? { type: 'selectToken', index: members[0] } : { type: 'selectToken', index: members[0], last });
  draw();
}

/** The shown row holding the cursor token, or -1. */
function cursorRow(d: Shown): number {
  return cursor < 0 ? -1 : groupOf(d.groups, cursor);
}

function label(parent: SVGElement, text: string, x: number, y: number, i: number, anchor: string, on: number): SVGTextElement {
  const t = svgEl('text', { x, y, 'text-anchor': anchor, 'dominant-baseline': 'middle', class: i === on ? 'tok on' : 'tok', 'data-index': i }, parent);
  t.textContent = text;
  t.addEventListener('click', () => selectToken(i));
  return t;
}

function drawHeatMap(d: Shown, t: ThemeColors): void {
  // the space below the controls, minus the hover and status lines
  const height = window.innerHeight - canvas.getBoundingClientRect().top - 50;
  drawHeat(
    canvas,
    {
      labels: d.labels,
      m: matrixFor(d),
      cursor: cursorRow(d),
      causal: d.causal,
      window: d.windows?.[st.layer],
      width: Math.max(canvas.clientWidth, 300),
      height,
      onClick: selectToken,
      onHover: (text) => (hover.textContent = text || '\u00a0'),
    },
    t,
  );
  // when the first heat map appeared, in ms since this webview's document started (the UI tests read it)
  document.body.dataset.firstDrawMs ??= String(Math.round(performance.now()));
}

function drawHeadView(d: Shown, t: ThemeColors): void {
  const layer = d.attention[st.layer] ?? d.attention[0];
  const n = d.labels.length;
  const rowH = 18;
  const colW = 110;
  const gap = 140;
  const svg = svgEl('svg', { width: colW * 2 + gap, height: n * rowH + 20, class: 'headview' }, canvas);
  const lines = headLines(layer, enabled, { xLeft: colW, xRight: colW + gap, rowH, y0: 10 + rowH / 2, onlyQuery: focusToken });
  for (const l of lines) {
    const e = svgEl('line', { x1: l.x1, y1: l.y1, x2: l.x2, y2: l.y2, stroke: headColor(t.palette, l.head, layer.length), 'stroke-width': 0.5 + 4 * l.weight, 'stroke-opacity': Math.min(1, 0.15 + l.weight), class: 'attn-line', 'data-head': l.head }, svg);
    svgEl('title', {}, e).textContent = `head ${l.head}: “${showToken(d.labels[l.q])}” → “${showToken(d.labels[l.k])}” ${l.weight.toFixed(3)}`;
  }
  const on = cursorRow(d);
  d.labels.forEach((tok, i) => {
    const y = 10 + i * rowH + rowH / 2;
    const q = label(svg, showToken(tok), colW - 6, y, i, 'end', on);
    q.setAttribute('fill', t.foreground);
    q.classList.add('query');
    q.addEventListener('mouseenter', () => {
      if (focusToken === i) return;
      focusToken = i;
      draw();
    });
    const k = label(svg, showToken(tok), colW + gap + 6, y, i, 'start', on);
    k.setAttribute('fill', t.muted);
  });
  svg.addEventListener('mouseleave', () => {
    if (focusToken === undefined) return;
    focusToken = undefined;
    draw();
  });
}

function drawModelView(d: Shown, t: ThemeColors): void {
  const ent = headEntropies(d.attention);
  const nHeads = d.attention[0]?.length ?? 0;
  const grid = document.createElement('div');
  grid.className = 'thumbs';
  grid.style.gridTemplateColumns = `repeat(${nHeads}, 104px)`;
  const n = d.labels.length;
  d.attention.forEach((layer, li) =>
    layer.forEach((m, hi) => {
      const fig = document.createElement('figure');
      fig.dataset.layer = String(li);
      fig.dataset.head = String(hi);
      const c = document.createElement('canvas');
      c.width = c.height = 80;
      const ctx = c.getContext('2d')!;
      const s = 80 / Math.max(n, 1);
      const max = Math.max(1e-9, ...m.flat());
      for (let q = 0; q < n; q++)
        for (let k = 0; k < n; k++) {
          ctx.fillStyle = maskOf(q, k, d.windows?.[li], d.causal) ? t.grid : mixColor(t.background, t.accent, m[q][k] / max);
          ctx.fillRect(k * s, q * s, Math.ceil(s), Math.ceil(s));
        }
      const cap = document.createElement('figcaption');
      cap.textContent = `L${li} H${hi}${d.kvHeadOf ? ` kv${d.kvHeadOf[hi]}` : ''}${d.windows?.[li] ? ' ◫' : ''} · ${ent[li][hi].toFixed(2)} b`;
      fig.title = `layer ${li}, head ${hi}: mean row entropy ${ent[li][hi].toFixed(3)} bits. Click to open large.`;
      fig.append(c, cap);
      fig.addEventListener('click', () => {
        st = { layer: li, head: String(hi), view: 'heat' };
        syncControls();
        draw();
      });
      grid.append(fig);
    }),
  );
  canvas.append(grid);
  const table = document.createElement('table');
  table.className = 'table entropy';
  const head = table.insertRow();
  for (const h of ['layer', 'mean entropy (bits)', 'sharpest head', 'flattest head']) head.insertCell().textContent = h;
  ent.forEach((row, li) => {
    const tr = table.insertRow();
    const mean = row.reduce((a, b) => a + b, 0) / row.length;
    const lo = row.indexOf(Math.min(...row));
    const hi = row.indexOf(Math.max(...row));
    tr.insertCell().textContent = String(li);
    tr.insertCell().textContent = mean.toFixed(3);
    tr.insertCell().textContent = `H${lo} (${row[lo].toFixed(2)})`;
    tr.insertCell().textContent = `H${hi} (${row[hi].toFixed(2)})`;
  });
  const h2 = document.createElement('h2');
  h2.textContent = 'Entropy per layer (low = sharp heads)';
  canvas.append(h2, table);
}

function drawToggles(d: Data, t: ThemeColors): void {
  const box = $('toggles');
  box.hidden = st.view !== 'heads';
  box.replaceChildren();
  const nHeads = d.attention[0]?.length ?? 0;
  for (let h = 0; h < nHeads; h++) {
    const l = document.createElement('label');
    const cb = document.createElement('input');
    cb.type = 'checkbox';
    cb.checked = enabled[h];
    cb.dataset.head = String(h);
    cb.addEventListener('change', () => {
      enabled[h] = cb.checked;
      draw();
    });
    const sw = document.createElement('span');
    sw.className = 'swatch';
    sw.style.background = headColor(t.palette, h, nHeads);
    l.append(cb, sw, d.kvHeadOf && kvSharing(d.kvHeadOf) ? `head ${h} (kv ${d.kvHeadOf[h]})` : `head ${h}`);
    box.append(l);
  }
}

/** Which kv head each query head shares (grouped-query attention) and the layer's sliding-window band, in words. */
function drawSharing(d: Data): void {
  const box = $('gqa');
  // a model without sliding-window layers (GPT-2, Llama) needs no per-layer span line
  const sliding = !!d.windows?.some((w) => w);
  const lines = [kvSharing(d.kvHeadOf), st.view === 'model' || !sliding ? undefined : layerSpan(d.windows, st.layer)].filter((x): x is string => !!x);
  if (st.view === 'model' && sliding && d.windows) lines.push(`◫ sliding-window layers: ${d.windows.flatMap((w, i) => (w ? [i] : [])).join(', ')} (window ${d.windows.find((w) => w)} keys)`);
  box.textContent = lines.join(' · ');
  box.hidden = !lines.length;
}

function draw(): void {
  canvas.replaceChildren();
  document.querySelectorAll<HTMLButtonElement>('.viewtabs button').forEach((b) => b.classList.toggle('active', b.dataset.view === st.view));
  api.setState(st);
  if (!data) return;
  const t = themeColors();
  $('groupNote').hidden = st.group !== 'words';
  drawToggles(data, t);
  const shown = shownFor(data);
  drawSharing(data);
  if (st.view === 'heat') drawHeatMap(shown, t);
  else if (st.view === 'heads') drawHeadView(shown, t);
  else drawModelView(shown, t);
}

function syncControls(): void {
  if (!data) return;
  const nLayers = data.attention.length;
  const nHeads = data.attention[0]?.length ?? 0;
  st.layer = Math.min(st.layer, nLayers - 1);
  if (!['mean', 'max'].includes(st.head) && Number(st.head) >= nHeads) st.head = '0';
  layerSel.replaceChildren(...Array.from({ length: nLayers }, (_, i) => new Option(String(i), String(i))));
  headSel.replaceChildren(
    ...Array.from({ length: nHeads }, (_, i) => new Option(String(i), String(i))),
    new Option('mean of heads', 'mean'),
    new Option('max of heads', 'max'),
  );
  layerSel.value = String(st.layer);
  headSel.value = st.head;
  groupSel.value = st.group ?? 'tokens';
  if (enabled.length !== nHeads) enabled = new Array(nHeads).fill(true);
}

const api = connect<AttentionToWebview, AttentionToHost, State>((m) => {
  switch (m.type) {
    case 'attention': {
      const first = !data;
      data = m;
      if (first && !api.getState()) st = { ...st, layer: m.layer, head: String(m.head) };
      $('model').textContent = `${m.model} · ${m.tokens.length} tokens · ${m.attention.length} layers × ${m.attention[0]?.length ?? 0} heads${kvSharing(m.kvHeadOf) ? ` (${new Set(m.kvHeadOf).size} kv)` : ''} · ${m.ms.toFixed(0)} ms`;
      const note = $('note');
      note.textContent = [
        m.truncated ? `The selection is longer than the model's context: showing the last ${m.truncated.keptTokens} tokens (context ${m.truncated.contextLength}).` : '',
        unknownNote(m.tokens, m.text) ?? '',
      ]
        .filter(Boolean)
        .join(' ');
      note.hidden = !note.textContent;
      status.classList.remove('error');
      status.textContent = 'Hover a cell for its value; click a token to select it in the editor.';
      hover.textContent = '\u00a0';
      cursor = -1;
      syncControls();
      draw();
      // when this attention was on screen (epoch ms): the UI tests measure latency against it
      document.body.dataset.drawnAt = String(performance.timeOrigin + performance.now());
      break;
    }
    case 'cursorToken':
      cursor = m.index;
      draw();
      break;
    case 'busy':
      status.classList.remove('error');
      status.textContent = m.message;
      break;
    case 'empty':
      status.classList.remove('error');
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

st = api.getState() ?? st;
layerSel.addEventListener('change', () => {
  st.layer = Number(layerSel.value);
  draw();
});
headSel.addEventListener('change', () => {
  st.head = headSel.value;
  draw();
});
groupSel.addEventListener('change', () => {
  st.group = groupSel.value === 'words' ? 'words' : 'tokens';
  draw();
});
document.querySelectorAll<HTMLButtonElement>('.viewtabs button').forEach((b) =>
  b.addEventListener('click', () => {
    st.view = b.dataset.view as View;
    draw();
  }),
);
onThemeChange(draw);
let lastWidth = 0;
let lastHeight = window.innerHeight;
new ResizeObserver(() => {
  if (canvas.clientWidth === lastWidth) return;
  lastWidth = canvas.clientWidth;
  if (st.view === 'heat' && data) draw();
}).observe(canvas);
// the heat map fits the panel's height too: redraw when the panel is resized or maximized
window.addEventListener('resize', () => {
  if (window.innerHeight === lastHeight) return;
  lastHeight = window.innerHeight;
  if (st.view === 'heat' && data) draw();
});
