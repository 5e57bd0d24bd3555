// Sequence to Sequence webview: accuracy against input length for the trained variants, and the alignment matrix of
// a translation typed here (or selected in the editor), for the chosen variant.
import type { Seq2SeqToHost, Seq2SeqToWebview } from '../../src/protocol/webview/rnnViews';
import { connect } from '../common/vscodeApi';
import { onThemeChange, themeColors, themedLayout } from '../common/theme';
import { plotly, PLOT_CONFIG } from '../common/plotly';
import { setStatus } from '../common/status';
import { accuracyTraces, alignmentHeatmap, chosenMatrix, matrixChoices } from './traces';

document.body.innerHTML = `
  <div class="row"><strong>Sequence to sequence</strong><span id="task" class="status"></span></div>
  <div id="accuracy" class="chart" aria-label="accuracy against input length"></div>
  <div class="row">
    <select id="model" aria-label="model"></select>
    <input id="text" type="text" size="40" aria-label="input">
    <button id="go">Translate</button>
  </div>
  <p id="output" class="status"></p>
  <div class="row"><label>matrix <select id="matrix" aria-label="which attention matrix"></select></label></div>
  <div id="alignment" class="chart" aria-label="alignment matrix"></div>
  <p id="status" class="status">Waiting for the models…</p>`;

const $ = (id: string) => document.getElementById(id) as HTMLElement;
type Setup = Extract<Seq2SeqToWebview, { type: 'seq2seq' }>;
type Tr = Extract<Seq2SeqToWebview, { type: 'translation' }>;
let setup: Setup | undefined;
let tr: Tr | undefined;

function draw(): void {
  const t = themeColors();
  if (setup) {
    void plotly().react(
      $('accuracy'),
      accuracyTraces(setup.variants),
      themedLayout(t, {
        title: { text: `Exact-match accuracy against input length (${setup.task}, seeded test set)`, font: { size: 13 } },
        xaxis: { title: { text: 'input length (tokens)' }, dtick: 1, color: t.foreground, gridcolor: t.grid },
        yaxis: { title: { text: 'accuracy (%)' }, range: [0, 105], color: t.foreground, gridcolor: t.grid },
        height: 320,
      }),
      PLOT_CONFIG,
    );
  }
  if (tr) {
    const choice = ($('matrix') as HTMLSelectElement).value || 'alignment';
    const m = chosenMatrix(tr, choice);
    $('alignment').hidden = !m;
    if (m) {
      const label = ($('matrix') as HTMLSelectElement).selectedOptions[0]?.text ?? 'alignment';
      void plotly().react(
        $('alignment'),
        [alignmentHeatmap(m.z)],
        themedLayout(t, {
          title: { text: `${tr.label}: ${label}`, font: { size: 13 } },
          xaxis: { title: { text: 'key (attended to)' }, tickmode: 'array', tickvals: m.cols.map((_, j) => j), ticktext: m.cols, color: t.foreground },
          yaxis: { title: { text: 'query' }, tickmode: 'array', tickvals: m.rows.map((_, i) => i), ticktext: m.rows, autorange: 'reversed', color: t.foreground },
          height: 380,
        }),
        PLOT_CONFIG,
      );
    }
  }
}

const api = connect<Seq2SeqToWebview, Seq2SeqToHost>((m) => {
  switch (m.type) {
    case 'seq2seq': {
      setup = m;
      $('task').textContent = ` · task ${m.task} · ${m.variants.length} trained variant${m.variants.length === 1 ? '' : 's'}`;
      const sel = $('model') as HTMLSelectElement;
      sel.innerHTML = '';
      for (const v of m.models) sel.add(new Option(v.label, v.dir));
      draw();
      return;
    }
    case 'translation':
      tr = m;
      ($('model') as HTMLSelectElement).value = m.dir;
      ($('text') as HTMLInputElement).value = m.input.join(' ');
      {
        const sel = $('matrix') as HTMLSelectElement;
        const keep = sel.value;
        sel.innerHTML = '';
        for (const c of matrixChoices(m.patterns)) sel.add(new Option(c.label, c.value));
        sel.value = [...sel.options].some((o) => o.value === keep) ? keep : 'alignment';
      }
      $('output').textContent = `${m.input.join(' ')} → ${m.output || '(nothing)'}${m.alignment ? '' : ' · a fixed-context RNN has no alignment: the decoder sees one vector for the whole input'} · ${m.ms} ms`;
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

$('matrix').addEventListener('change', draw);
$('go').addEventListener('click', () => api.post({ type: 'translate', dir: ($('model') as HTMLSelectElement).value, text: ($('text') as HTMLInputElement).value }));
onThemeChange(draw);
