// "Inside an RNN" webview: hidden-state heat map (units × time), gate heat maps (LSTM input/forget/output, GRU
// reset/update) and ‖∂L/∂h_t‖ through time with a gradient-clipping toggle.
import type { InsideRnnToHost, InsideRnnToWebview } from '../../src/protocol/webview/rnnViews';
import { connect } from '../common/vscodeApi';
import { onThemeChange, themeColors, themedLayout } from '../common/theme';
import { plotly, PLOT_CONFIG } from '../common/plotly';
import { setStatus } from '../common/status';
import { gateHeatmap, gradientTraces, hiddenHeatmap, reachRatio, type States } from './traces';

document.body.innerHTML = `
  <div class="row"><strong>Inside an RNN</strong><span id="model" class="status"></span></div>
  <p id="note" class="status"></p>
  <div class="row">
    <label><input type="checkbox" id="clip"> gradient clipping at global norm</label>
    <input id="clipValue" type="number" value="1" min="0.001" step="0.1" style="width:5em">
    <span id="reach" class="status"></span>
  </div>
  <div class="split">
    <div id="hidden" class="chart" aria-label="hidden state heat map"></div>
    <div id="grad" class="chart" aria-label="gradient norm through time"></div>
  </div>
  <div id="gates" class="split"></div>
  <p id="status" class="status">Waiting for the model…</p>`;

const $ = (id: string) => document.getElementById(id) as HTMLElement;
let data: States | undefined;

function tickAxis(tokens: string[], title: string, color: string) {
  return { title: { text: title }, tickmode: 'array', tickvals: tokens.map((_, i) => i), ticktext: tokens, color };
}

function draw(): void {
  if (!data) return;
  const d = data;
  const t = themeColors();
  const top = d.layers.length - 1;
  void plotly().react(
    $('hidden'),
    [hiddenHeatmap(d, top)],
    themedLayout(t, { title: { text: `hidden state h_t (layer ${top})`, font: { size: 13 } }, xaxis: tickAxis(d.tokens, 'token (time →)', t.foreground), yaxis: { title: { text: 'unit' }, autorange: 'reversed', dtick: 1, color: t.foreground }, height: 320 }),
    PLOT_CONFIG,
  );
  const gates = Object.entries(d.layers[top].gates);
  const box = $('gates');
  box.innerHTML = gates.map(([g]) => `<div id="gate-${g}" class="chart" aria-label="${g} gate"></div>`).join('');
  for (const [g, rows] of gates) {
    void plotly().react(
      $(`gate-${g}`),
      [gateHeatmap(rows!, g)],
      themedLayout(t, { title: { text: `${g} gate`, font: { size: 13 } }, xaxis: tickAxis(d.tokens, 'token', t.foreground), yaxis: { title: { text: 'unit' }, autorange: 'reversed', dtick: 1, color: t.foreground }, height: 260 }),
      PLOT_CONFIG,
    );
  }
  const clipOn = ($('clip') as HTMLInputElement).checked;
  const clip = clipOn ? Math.max(1e-3, Number(($('clipValue') as HTMLInputElement).value) || 1) : undefined;
  const r = reachRatio(d.gradThroughTime);
  $('reach').textContent = r === undefined ? '' : `‖∂L/∂h_first‖ / ‖∂L/∂h_last‖ = ${r.toExponential(2)} (${r < 0.1 ? 'vanishing' : r > 10 ? 'exploding' : 'kept'})${d.trainedClip !== undefined ? ` · trained with clipping ${d.trainedClip || 'off'}` : ''}`;
  void plotly().react(
    $('grad'),
    gradientTraces(d, clip),
    themedLayout(t, {
      title: { text: '‖∂L/∂h_t‖ back through time', font: { size: 13 } },
      legend: { orientation: 'h', y: -0.3 },
      xaxis: tickAxis(d.tokens.slice(0, d.gradThroughTime.length), 'step t (input token)', t.foreground),
      yaxis: { title: { text: 'gradient norm (log)' }, type: 'log', color: t.foreground, gridcolor: t.grid },
      height: 320,
    }),
    PLOT_CONFIG,
  );
}

$('clip').addEventListener('change', draw);
$('clipValue').addEventListener('input', draw);

connect<InsideRnnToWebview, InsideRnnToHost>((m) => {
  switch (m.type) {
    case 'states':
      data = m;
      $('model').textContent = ` · ${m.model} · ${m.arch.toUpperCase()} · ${m.tokens.length} tokens · ${m.layers[0]?.hidden[0]?.length ?? 0} units · ${m.ms} ms`;
      $('note').textContent = m.note ?? '';
      setStatus($('status'), '');
      draw();
      return;
    case 'busy':
      setStatus($('status'), m.message);
      return;
    case 'error':
      setStatus($('status'), m.message, true);
      return;
    default: {
      const never: never = m;
      void never;
    }
  }
});
onThemeChange(draw);
