// Predict Masked Word webview: the sentence with every [MASK] filled by its chosen candidate (click a chip to choose),
// and one bar chart of candidates per mask, in the style of Predict Next Token.
import type { FillMaskToHost, FillMaskToWebview } from '../../src/protocol/webview/fillMask';
import { connect } from '../common/vscodeApi';
import { onThemeChange, themeColors, themedLayout } from '../common/theme';
import { plotly, PLOT_CONFIG } from '../common/plotly';
import { filledSentence, maskBars } from './traces';

type Result = Extract<FillMaskToWebview, { type: 'fillMask' }>;

document.body.innerHTML = `
  <header><h1>Predict masked word</h1><span id="model" class="status"></span></header>
  <p id="note" class="note" hidden></p>
  <div id="context" class="context" aria-label="sentence"></div>
  <div id="masks"></div>
  <p id="status" class="status">Waiting for the model…</p>`;

const $ = (id: string) => document.getElementById(id) as HTMLElement;
const status = $('status');
let last: Result | undefined;
let choices: number[] = [];

function drawSentence(m: Result): void {
  const ctx = $('context');
  ctx.replaceChildren();
  for (const part of filledSentence(m.tokens, m.masks, choices)) {
    const span = document.createElement('span');
    span.textContent = part.text;
    span.className = part.mask !== undefined ? 'tok appended' : part.special ? 'tok special' : 'tok';
    if (part.mask !== undefined) span.title = `[MASK] ${part.mask + 1}: the model's choice ${choices[part.mask] + 1}`;
    ctx.append(span, ' ');
  }
}

function draw(): void {
  if (!last) return;
  const m = last;
  drawSentence(m);
  const t = themeColors();
  const host = $('masks');
  host.replaceChildren();
  m.masks.forEach((slot, i) => {
    const box = document.createElement('section');
    box.className = 'mask';
    const h = document.createElement('h2');
    h.textContent = `[MASK] ${i + 1} of ${m.masks.length} · token ${slot.position} · entropy ${slot.entropyBits.toFixed(2)} bits`;
    const chart = document.createElement('div');
    chart.className = 'chart';
    chart.setAttribute('aria-label', `candidates for mask ${i + 1}`);
    const chips = document.createElement('div');
    chips.className = 'tokens chips';
    slot.candidates.forEach((c, k) => {
      const b = document.createElement('button');
      b.className = k === choices[i] ? 'chip chosen' : 'chip';
      b.textContent = `${c.token} ${(c.prob * 100).toFixed(1)}%`;
      b.title = `Put “${c.token}” in the sentence`;
      b.addEventListener('click', () => {
        choices[i] = k;
        draw();
      });
      chips.append(b);
    });
    box.append(h, chart, chips);
    host.append(box);
    const { trace, tickLabels } = maskBars(slot, choices[i], { bar: t.accent, chosen: t.foreground });
    void plotly().react(
      chart,
      [trace],
      themedLayout(t, {
        margin: { l: 90, r: 56, t: 8, b: 40 },
        height: 26 * trace.y.length + 60,
        xaxis: { title: { text: 'probability' }, range: [0, Math.min(1, Math.max(...trace.x, 0.05) * 1.15)], color: t.foreground, gridcolor: t.grid },
        yaxis: { tickvals: trace.y, ticktext: tickLabels, autorange: 'reversed', color: t.foreground, automargin: true },
        showlegend: false,
      }),
      PLOT_CONFIG,
    );
  });
}

connect<FillMaskToWebview, FillMaskToHost, unknown>((m) => {
  switch (m.type) {
    case 'fillMask': {
      last = m;
      choices = m.masks.map(() => 0);
      $('model').textContent = `model ${m.model} · ${m.ms.toFixed(0)} ms`;
      const note = $('note');
      note.textContent = m.notes.join(' ');
      note.hidden = !note.textContent;
      status.classList.remove('error');
      status.textContent = `${m.masks.length} masked position${m.masks.length === 1 ? '' : 's'}. Click a candidate to put it in the sentence.`;
      draw();
      break;
    }
    case 'busy':
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
onThemeChange(draw);
