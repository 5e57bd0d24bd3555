// The attention heat map (queries are rows, keys columns) as SVG, sized to fit the panel. When the
// tokens do not fit at a readable size it scrolls, with the row and column labels kept in view
// (sticky); the cells, the row labels and the column labels are three SVGs in one CSS grid.
import type { ThemeColors } from '../common/theme';
import { showToken } from '../common/tokens';
import { heatCells, mixColor, type Matrix } from './geometry';

const SVG = 'http://www.w3.org/2000/svg';
/** Smallest cell (px) that still carries a readable label; below it the map scrolls. */
export const MIN_CELL = 10;
const MAX_CELL = 28;

function svgEl<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, parent?: Element): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  parent?.append(e);
  return e;
}

export interface HeatInput {
  /** Row/column labels as the model split the text (or words when grouped). */
  labels: string[];
  /** [query][key] */
  m: Matrix;
  /** Row to outline (the editor cursor or the clicked token), -1 for none. */
  cursor: number;
  /** Hatch keys after the query (a decoder's causal mask); an encoder sees every token. */
  causal: boolean;
  /** A sliding-window layer's band (keys this far back or more are hatched too); absent for a global layer. */
  window?: number | null;
  /** Space the map may take: the panel's width and the height left below the controls. */
  width: number;
  height: number;
  onClick(i: number): void;
  onHover(text: string): void;
}

/** Cells used when the map scrolls anyway (a short panel): readable, as wide as the panel allows. */
const SCROLL_CELL = 18;

/**
 * Cell size that fits `n` rows and columns into the space (at most MAX_CELL). When even MIN_CELL
 * does not fit the height, the map scrolls vertically anyway, so it takes the width: cells up to
 * SCROLL_CELL wide, never below MIN_CELL.
 */
export function fitCell(n: number, width: number, height: number, labelW: number, top: number): number {
  const byWidth = Math.floor((width - labelW - 12) / Math.max(n, 1));
  const byHeight = Math.floor((height - top - 12) / Math.max(n, 1));
  const fit = Math.min(byWidth, byHeight);
  if (fit >= MIN_CELL) return Math.min(MAX_CELL, fit);
  return Math.max(MIN_CELL, Math.min(SCROLL_CELL, byWidth));
}

export function drawHeat(box: HTMLElement, h: HeatInput, t: ThemeColors): void {
  const n = h.labels.length;
  const shown = h.labels.map(showToken);
  const longest = Math.max(1, ...shown.map((s) => [...s].length));
  const labelW = Math.max(36, Math.min(140, longest * 7 + 10));
  const top = Math.max(30, Math.min(110, Math.round(longest * 7 * 0.87) + 12));
  const size = fitCell(n, h.width, h.height, labelW, top);
  const fontSize = Math.min(12, Math.max(8, size - 3));
  const span = n * size;

  const scroll = document.createElement('div');
  scroll.className = 'heat-scroll';
  scroll.style.maxHeight = `${Math.max(120, Math.floor(h.height))}px`;
  const grid = document.createElement('div');
  grid.className = 'heat-grid';
  grid.style.gridTemplateColumns = `${labelW}px ${span + 2}px`;
  grid.style.gridTemplateRows = `${top}px ${span + 2}px`;
  const corner = document.createElement('div');
  corner.className = 'heat-corner';
  const cols = svgEl('svg', { width: span + 2, height: top, class: 'heat cols' });
  const rows = svgEl('svg', { width: labelW, height: span + 2, class: 'heat rows' });
  const cells = svgEl('svg', { width: span + 2, height: span + 2, class: 'heat cells', role: 'img' });
  grid.append(corner, cols, rows, cells);
  scroll.append(grid);

  const defs = svgEl('defs', {}, cells);
  const pat = svgEl('pattern', { id: 'mask-hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' }, defs);
  svgEl('rect', { width: 6, height: 6, fill: t.background }, pat);
  svgEl('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: t.grid, 'stroke-width': 2 }, pat);
  const max = Math.max(1e-9, ...h.m.flat());
  for (const c of heatCells(h.m, size, 0, 0, h.causal, h.window)) {
    const r = svgEl('rect', { x: c.x, y: c.y, width: c.size - 1, height: c.size - 1, class: c.masked ? 'cell masked' : 'cell', 'data-q': c.q, 'data-k': c.k, 'data-value': c.value }, cells);
    if (!c.masked) r.setAttribute('fill', mixColor(t.background, t.accent, c.value / max));
    const title = svgEl('title', {}, r);
    title.textContent = c.masked
      ? `“${shown[c.q]}” cannot see “${shown[c.k]}” (${c.mask === 'window' ? `outside the sliding window of ${h.window} keys` : 'causal mask'})`
      : `“${shown[c.q]}” → “${shown[c.k]}”: ${c.value.toFixed(3)}`;
    r.addEventListener('mouseenter', () => h.onHover(title.textContent ?? ''));
  }
  // the hover line describes the cell under the pointer only while it is there
  cells.addEventListener('mouseleave', () => h.onHover(''));

  const label = (parent: SVGElement, i: number, x: number, y: number, anchor: string, rotate: boolean) => {
    const e = svgEl('text', { x, y, 'text-anchor': anchor, 'dominant-baseline': 'middle', class: i === h.cursor ? 'tok on' : 'tok', 'data-index': i, 'font-size': fontSize, fill: t.foreground }, parent);
    if (rotate) e.setAttribute('transform', `rotate(-60 ${x} ${y})`);
    e.textContent = shown[i];
    e.addEventListener('click', () => h.onClick(i));
  };
  for (let i = 0; i < n; i++) {
    label(rows, i, labelW - 4, i * size + size / 2, 'end', false);
    label(cols, i, i * size + size / 2, top - 4, 'start', true);
  }
  if (h.cursor >= 0 && h.cursor < n) svgEl('rect', { x: 0, y: h.cursor * size, width: span, height: size, fill: 'none', stroke: t.palette[1], 'stroke-width': 1.5, class: 'cursor' }, cells);
  box.append(scroll);
}
