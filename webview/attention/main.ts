// Attention side panel: heat map of one layer/head (or the mean/max over heads), BertViz-style
// head view, model view of every layer × head, per-head entropy. Tokens are clickable (select in editor).
import type { AttentionToHost, AttentionToWebview } from '../../src/protocol/webview/attention';
import { connect } from '../common/vscodeApi';
import { onThemeChange, themeColors, type ThemeColors } from '../common/theme';
import { showToken } from '../common/tokens';
import { aggregateHeads, headColor, headEntropies, headLines, heatCells, kvSharing, layerSpan, maskOf, mixColor, type Matrix } from './geometry';

type Data = Extract<AttentionToWebview, { type: 'attention' }>;
type View = 'heat' | 'heads' | 'model';
interface State {
  layer: number;
  head: string;
  view: View;
}
const SVG = 'http://www.w3.org/2000/svg';

document.body.innerHTML = `
  <div class="row"><strong>Attention</strong><span id="model" class="status"></span></div>
  <p id="note" class="note" hidden></p>
  <div class="row">
    <label>Layer <select id="layer"></select></label>
    <label>Head <select id="head"></select></label>
    <span class="viewtabs" role="tablist">
      <button data-view="heat" class="active">Heat map</button><button data-view="heads">Head view</button><button data-view="model">Model view</button>
    </span>
  </div>
  <div id="toggles" class="row toggles" hidden></div>
  <p id="gqa" class="status gqa" hidden></p>
  <div id="canvas" aria-label="attention"></div>
  <p id="hover" class="status">&nbsp;</p>
  <p id="status" class="status">Select text in an editor to see its attention.</p>`;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const layerSel = $<HTMLSelectElement>('layer');
const headSel = $<HTMLSelectElement>('head');
const canvas = $('canvas');
const hover = $('hover');
const status = $('status');
let data: Data | undefined;
let st: State = { layer: 0, head: '0', view: 'heat' };
let enabled: boolean[] = [];
let cursor = -1;
let focusToken: number | undefined;

function svgEl<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, parent?: Element): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  parent?.append(e);
  return e;
}

function matrixFor(d: Data): Matrix {
  const layer = d.attention[st.layer] ?? d.attention[0];
  if (st.head === 'mean' || st.head === 'max') return aggregateHeads(layer, st.head);
  return layer[Number(st.head)] ?? layer[0];
}

function selectToken(i: number): void {
  cursor = i;
  api.post({ type: 'selectToken', index: i });
  draw();
}

function label(parent: SVGElement, text: string, x: number, y: number, i: number, anchor: string, rotate = false): SVGTextElement {
  const t = svgEl('text', { x, y, 'text-anchor': anchor, 'dominant-baseline': 'middle', class: i === cursor ? 'tok on' : 'tok', 'data-index': i }, parent);
  if (rotate) t.setAttribute('transform', `rotate(-60 ${x} ${y})`);
  t.textContent = text;
  t.addEventListener('click', () => selectToken(i));
  return t;
}

function drawHeat(d: Data, t: ThemeColors): void {
  const m = matrixFor(d);
  const n = d.tokens.length;
  const labelW = 80;
  const top = 70;
  const size = Math.max(6, Math.min(28, Math.floor((Math.max(canvas.clientWidth, 300) - labelW - 10) / Math.max(n, 1))));
  const svg = svgEl('svg', { width: labelW + n * size + 10, height: top + n * size + 10, class: 'heat', role: 'img' }, canvas);
  const defs = svgEl('defs', {}, svg);
  const pat = svgEl('pattern', { id: 'mask-hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' }, defs);
  svgEl('rect', { width: 6, height: 6, fill: t.background }, pat);
  svgEl('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: t.grid, 'stroke-width': 2 }, pat);
  const max = Math.max(1e-9, ...m.flat());
  const fontSize = Math.min(12, Math.max(7, size - 2));
  const window = d.windows?.[st.layer];
  for (const c of heatCells(m, size, labelW, top, window)) {
    const r = svgEl('rect', { x: c.x, y: c.y, width: c.size - 1, height: c.size - 1, class: c.masked ? 'cell masked' : 'cell', 'data-q': c.q, 'data-k': c.k, 'data-value': c.value }, svg);
    if (!c.masked) r.setAttribute('fill', mixColor(t.background, t.accent, c.value / max));
    const title = svgEl('title', {}, r);
    title.textContent = c.masked
      ? `“${showToken(d.tokens[c.q])}” cannot see “${showToken(d.tokens[c.k])}” (${c.mask === 'window' ? `outside the sliding window of ${window} keys` : 'causal mask'})`
      : `“${showToken(d.tokens[c.q])}” → “${showToken(d.tokens[c.k])}”: ${c.value.toFixed(3)}`;
    r.addEventListener('mouseenter', () => (hover.textContent = title.textContent));
  }
  if (size >= 7) {
    d.tokens.forEach((tok, i) => {
      const q = label(svg, showToken(tok), labelW - 4, top + i * size + size / 2, i, 'end');
      q.setAttribute('font-size', String(fontSize));
      q.setAttribute('fill', t.foreground);
      const k = label(svg, showToken(tok), labelW + i * size + size / 2, top - 4, i, 'start', true);
      k.setAttribute('font-size', String(fontSize));
      k.setAttribute('fill', t.foreground);
    });
  }
  if (cursor >= 0 && cursor < n) {
    svgEl('rect', { x: labelW, y: top + cursor * size, width: n * size, height: size, fill: 'none', stroke: t.palette[1], 'stroke-width': 1.5, class: 'cursor' }, svg);
  }
}

function drawHeadView(d: Data, t: ThemeColors): void {
  const layer = d.attention[st.layer] ?? d.attention[0];
  const n = d.tokens.length;
  const rowH = 18;
  const colW = 110;
  const gap = 140;
  const svg = svgEl('svg', { width: colW * 2 + gap, height: n * rowH + 20, class: 'headview' }, canvas);
  const lines = headLines(layer, enabled, { xLeft: colW, xRight: colW + gap, rowH, y0: 10 + rowH / 2, onlyQuery: focusToken });
  for (const l of lines) {
    const e = svgEl('line', { x1: l.x1, y1: l.y1, x2: l.x2, y2: l.y2, stroke: headColor(t.palette, l.head, layer.length), 'stroke-width': 0.5 + 4 * l.weight, 'stroke-opacity': Math.min(1, 0.15 + l.weight), class: 'attn-line', 'data-head': l.head }, svg);
    svgEl('title', {}, e).textContent = `head ${l.head}: “${showToken(d.tokens[l.q])}” → “${showToken(d.tokens[l.k])}” ${l.weight.toFixed(3)}`;
  }
  d.tokens.forEach((tok, i) => {
    const y = 10 + i * rowH + rowH / 2;
    const q = label(svg, showToken(tok), colW - 6, y, i, 'end');
    q.setAttribute('fill', t.foreground);
    q.classList.add('query');
    q.addEventListener('mouseenter', () => {
      if (focusToken === i) return;
      focusToken = i;
      draw();
    });
    const k = label(svg, showToken(tok), colW + gap + 6, y, i, 'start');
    k.setAttribute('fill', t.muted);
  });
  svg.addEventListener('mouseleave', () => {
    if (focusToken === undefined) return;
    focusToken = undefined;
    draw();
  });
}

function drawModelView(d: Data, t: ThemeColors): void {
  const ent = headEntropies(d.attention);
  const nHeads = d.attention[0]?.length ?? 0;
  const grid = document.createElement('div');
  grid.className = 'thumbs';
  grid.style.gridTemplateColumns = `repeat(${nHeads}, 104px)`;
  const n = d.tokens.length;
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
          ctx.fillStyle = maskOf(q, k, d.windows?.[li]) ? t.grid : mixColor(t.background, t.accent, m[q][k] / max);
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
  drawToggles(data, t);
  drawSharing(data);
  if (st.view === 'heat') drawHeat(data, t);
  else if (st.view === 'heads') drawHeadView(data, t);
  else drawModelView(data, t);
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
      note.textContent = m.truncated
        ? `The selection is longer than the model's context: showing the last ${m.truncated.keptTokens} tokens (context ${m.truncated.contextLength}).`
        : '';
      note.hidden = !m.truncated;
      status.classList.remove('error');
      status.textContent = 'Hover a cell for its value; click a token to select it in the editor.';
      cursor = -1;
      syncControls();
      draw();
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
document.querySelectorAll<HTMLButtonElement>('.viewtabs button').forEach((b) =>
  b.addEventListener('click', () => {
    st.view = b.dataset.view as View;
    draw();
  }),
);
onThemeChange(draw);
let lastWidth = 0;
new ResizeObserver(() => {
  if (canvas.clientWidth === lastWidth) return;
  lastWidth = canvas.clientWidth;
  if (st.view === 'heat' && data) draw();
}).observe(canvas);
