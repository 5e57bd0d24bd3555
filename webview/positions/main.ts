// Positional Encodings panel: heat map of the model's position vectors (learned wpe, the sinusoidal table, or RoPE
// rotation angles per pair) and the position × position cosine similarity, both as Plotly heat maps.
import type { PlainToHost, PositionsToWebview } from '../../src/protocol/webview/lmViews';
import { connect } from '../common/vscodeApi';
import { onThemeChange, themeColors, themedLayout } from '../common/theme';
import { plotly, PLOT_CONFIG } from '../common/plotly';
import { setStatus } from '../common/status';

type Data = Extract<PositionsToWebview, { type: 'positions' }>;

document.body.innerHTML = `
  <div class="row"><strong>Positional encodings</strong><span id="model" class="status"></span></div>
  <p id="formula" class="formula status"></p>
  <div class="split">
    <div id="vectors" class="chart" aria-label="position vectors"></div>
    <div id="similarity" class="chart" aria-label="position similarity"></div>
  </div>
  <p id="status" class="status">Waiting for the model…</p>`;

const $ = (id: string) => document.getElementById(id) as HTMLElement;
let data: Data | undefined;
const DIVERGING = [[0, '#3b4cc0'], [0.5, '#dddddd'], [1, '#b40426']];

function draw(): void {
  if (!data) return;
  const d = data;
  const t = themeColors();
  const rope = d.kind === 'rope';
  const title = d.kind === 'learned' ? 'Learned position vectors (wpe)' : d.kind === 'sinusoidal' ? 'Sinusoidal position vectors' : 'RoPE rotation angles θ (radians, mod 2π)';
  const z = rope ? d.matrix.map((r) => r.map((a) => ((a % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI))) : d.matrix;
  const max = rope ? 2 * Math.PI : Math.max(1e-9, ...d.matrix.flat().map(Math.abs));
  void plotly().react(
    $('vectors'),
    [{ type: 'heatmap', z, colorscale: rope ? 'Viridis' : DIVERGING, zmin: rope ? 0 : -max, zmax: max, hovertemplate: `position %{y}, ${d.columns} %{x}: %{z:.3f}<extra></extra>` }],
    themedLayout(t, { title: { text: title, font: { size: 13 } }, xaxis: { title: { text: d.columns }, color: t.foreground }, yaxis: { title: { text: 'position' }, autorange: 'reversed', color: t.foreground }, height: 420 }),
    PLOT_CONFIG,
  );
  void plotly().react(
    $('similarity'),
    [{ type: 'heatmap', z: d.similarity, colorscale: DIVERGING, zmin: -1, zmax: 1, hovertemplate: 'positions %{y} and %{x}: cosine %{z:.3f}<extra></extra>' }],
    themedLayout(t, {
      title: { text: rope ? 'Similarity of the rotations (mean cos(θ_p − θ_p′))' : 'Cosine similarity between positions', font: { size: 13 } },
      xaxis: { title: { text: 'position' }, color: t.foreground },
      yaxis: { title: { text: 'position' }, autorange: 'reversed', color: t.foreground },
      height: 420,
    }),
    PLOT_CONFIG,
  );
}

connect<PositionsToWebview, PlainToHost>((m) => {
  switch (m.type) {
    case 'positions':
      data = m;
      $('model').textContent = ` · ${m.model} · ${m.kind} · ${m.positions} of ${m.contextLength} positions × ${m.matrix[0]?.length ?? 0} ${m.columns}s · ${m.ms} ms`;
      $('formula').textContent = m.formula;
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
