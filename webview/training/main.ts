// Training webview (every trainer): run config, live loss curve, rate and learning rate, text samples,
// a progress bar and a Cancel button. Points accumulate here; redraws are batched per animation frame.
import type { TrainingPoint, TrainingToHost, TrainingToWebview } from '../../src/protocol/webview/training';
import { connect } from '../common/vscodeApi';
import { onThemeChange, themeColors, themedLayout } from '../common/theme';
import { plotly, PLOT_CONFIG } from '../common/plotly';
import { lossTraces, rateTraces, summary } from './traces';

document.body.innerHTML = `
  <header><h1 id="title">Training</h1><button id="cancel" disabled>Cancel</button></header>
  <p id="config" class="status"></p>
  <div class="progressbar"><div id="bar"></div></div>
  <p id="status" class="status">Waiting for the trainer…</p>
  <p id="latest"></p>
  <div id="loss" class="chart" aria-label="loss curve"></div>
  <div id="rate" class="chart" style="min-height:220px" aria-label="rate and learning rate"></div>
  <h2 id="samplesTitle" hidden>Samples</h2>
  <div id="samples" class="samples"></div>`;
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
let run: Extract<TrainingToWebview, { type: 'run' }> = { type: 'run', title: 'Training', rateUnit: 'items/s', totalSteps: 0, stepUnit: 'step', config: {} };
let points: TrainingPoint[] = [];
let pending = false;

function draw(): void {
  pending = false;
  const t = themeColors();
  $('latest').textContent = summary(points, run.rateUnit, run.stepUnit);
  const x = { title: { text: run.stepUnit }, color: t.foreground, gridcolor: t.grid, ...(run.totalSteps ? { range: [0, run.totalSteps] } : {}) };
  // legends sit at the bottom of the figure, below the x-axis title (in the margin kept for them),
  // so they never cover an axis title or the right-hand axis
  const legend = { orientation: 'h', yref: 'container', y: 0, yanchor: 'bottom', x: 0, xanchor: 'left' };
  const margin = { l: 56, r: 64, t: 36, b: 84 };
  void plotly().react(
    $('loss'),
    lossTraces(points, run.stepUnit),
    themedLayout(t, { title: { text: 'loss' }, xaxis: x, yaxis: { title: { text: 'loss' }, color: t.foreground, gridcolor: t.grid }, legend, margin, showlegend: true }),
    PLOT_CONFIG,
  );
  const rt = rateTraces(points, run.rateUnit);
  if (rt.length) {
    void plotly().react(
      $('rate'),
      rt,
      themedLayout(t, {
        // name what is drawn: a classifier shows validation metrics here, a language model its learning rate
        title: { text: rt.map((tr) => tr.name).join(' · ') },
        xaxis: x,
        yaxis: { title: { text: run.rateUnit }, color: t.foreground, gridcolor: t.grid, rangemode: 'tozero' },
        yaxis2: { overlaying: 'y', side: 'right', color: t.foreground, showgrid: false, rangemode: 'tozero' },
        legend,
        margin,
        showlegend: true,
      }),
      PLOT_CONFIG,
    );
  }
}
function schedule(): void {
  if (pending) return;
  pending = true;
  requestAnimationFrame(draw);
}

const api = connect<TrainingToWebview, TrainingToHost>((m) => {
  switch (m.type) {
    case 'run':
      run = m;
      points = [];
      $('title').textContent = m.title;
      $('config').textContent = Object.entries(m.config).map(([k, v]) => `${k} ${v}`).join(' · ');
      $<HTMLButtonElement>('cancel').disabled = false;
      $('cancel').hidden = false;
      $('samples').replaceChildren();
      schedule();
      break;
    case 'points':
      points.push(...m.points);
      schedule();
      break;
    case 'sample': {
      $('samplesTitle').hidden = false;
      const p = document.createElement('p');
      p.className = 'sample';
      p.textContent = `${m.label ?? `${run.stepUnit} ${m.step}`}: ${m.text}`;
      $('samples').append(p);
      break;
    }
    case 'status': {
      const st = $('status');
      st.textContent = m.message;
      st.classList.toggle('error', m.state === 'failed');
      if (m.fraction !== undefined) $('bar').style.width = `${Math.round(Math.min(1, Math.max(0, m.fraction)) * 100)}%`;
      if (m.state === 'done') $('bar').style.width = '100%';
      $<HTMLButtonElement>('cancel').disabled = m.state !== 'running';
      $('cancel').hidden = m.state !== 'running';
      break;
    }
    default: {
      const never: never = m;
      void never;
    }
  }
});
$('cancel').addEventListener('click', () => {
  $<HTMLButtonElement>('cancel').disabled = true;
  api.post({ type: 'cancel' });
});
onThemeChange(draw);
