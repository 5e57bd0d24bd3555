// The next-token bar chart drawn as plain SVG (one <g class="bar"> per candidate), so the panel
// opens without loading a charting library. Each bar carries data-id and data-p for clicks and tests.
import type { ThemeColors } from '../common/theme';
import { axisMax, type BarRow } from './traces';

const SVG = 'http://www.w3.org/2000/svg';

function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, parent?: Element): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  parent?.append(e);
  return e;
}

/** Replace `box`'s content with horizontal bars; `onPick` gets the clicked candidate's id. */
export function drawBars(box: HTMLElement, rows: BarRow[], t: ThemeColors, onPick: (id: number) => void): void {
  const rowH = 26;
  const labelW = 90;
  const valueW = 56;
  const top = 6;
  const axisH = 40;
  const width = Math.max(320, box.clientWidth || 600);
  const plotW = width - labelW - valueW;
  const max = axisMax(rows);
  const svg = el('svg', { width, height: top + rows.length * rowH + axisH, class: 'bars', role: 'img' });
  // grid lines and tick labels at 0, ¼, ½, ¾ of the axis
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  const yEnd = top + rows.length * rowH;
  for (const v of ticks) {
    const x = labelW + (v / max) * plotW;
    el('line', { x1: x, x2: x, y1: top, y2: yEnd, stroke: t.grid, 'stroke-width': 1 }, svg);
    const tx = el('text', { x, y: yEnd + 14, 'text-anchor': 'middle', fill: t.foreground, 'font-size': 11 }, svg);
    tx.textContent = v.toFixed(max < 0.2 ? 3 : 2);
  }
  const xt = el('text', { x: labelW + plotW / 2, y: yEnd + 32, 'text-anchor': 'middle', fill: t.foreground, 'font-size': 12 }, svg);
  xt.textContent = 'probability';
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    const g = el('g', { class: r.kept ? 'bar' : 'bar cut', 'data-id': r.id, 'data-p': r.p, tabindex: 0, role: 'button' }, svg);
    el('title', {}, g).textContent = `${r.title}\nClick to append it and predict again.`;
    // a transparent row-wide target so thin bars are still easy to click
    el('rect', { x: 0, y, width, height: rowH, fill: 'transparent' }, g);
    el('rect', { class: 'fill', x: labelW, y: y + 4, width: Math.max(0, (r.p / max) * plotW), height: rowH - 8, fill: r.kept ? t.accent : t.grid }, g);
    const lab = el('text', { x: labelW - 6, y: y + rowH / 2, 'text-anchor': 'end', 'dominant-baseline': 'middle', fill: t.foreground, class: 'label' }, g);
    lab.textContent = r.label;
    const val = el('text', { x: labelW + (r.p / max) * plotW + 4, y: y + rowH / 2, 'dominant-baseline': 'middle', fill: t.foreground, 'font-size': 12 }, g);
    val.textContent = r.text;
    g.addEventListener('click', () => onPick(r.id));
    g.addEventListener('keydown', (e) => (e.key === 'Enter' || e.key === ' ') && onPick(r.id));
  });
  box.replaceChildren(svg);
}
