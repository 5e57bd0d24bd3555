// Compare Word in Contexts panel: a word's hidden state at every layer, one trajectory per context on a shared 2-D PCA,
// the mean cosine between contexts per layer, and a form (word, one context per line, presets) to compare again.
import type { ContextPreset, ContextualToHost, ContextualToWebview } from '../../src/protocol/webview/lmViews';
import { connect } from '../common/vscodeApi';
import { onThemeChange, themeColors, themedLayout } from '../common/theme';
import { plotly, PLOT_CONFIG } from '../common/plotly';
import { showToken } from '../common/tokens';
import { trajectoryTraces } from './traces';
import { setStatus } from '../common/status';

type Data = Extract<ContextualToWebview, { type: 'contextual' }>;

document.body.innerHTML = `
  <div class="row"><strong>Word in contexts</strong><span id="model" class="status"></span></div>
  <div id="presets" class="row"></div>
  <div class="contexts-form">
    <div class="row"><label>Word <input type="text" id="word" size="16"></label>
      <vscode-button id="compare">Compare</vscode-button></div>
    <textarea id="contexts" aria-label="contexts, one per line"></textarea>
  </div>
  <p id="notes" class="note"></p>
  <div id="chart" class="chart" aria-label="trajectories"></div>
  <p id="cosine" class="status"></p>
  <p id="status" class="status">Waiting for the model…</p>`;

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
let data: Data | undefined;

function compare(word: string, contexts: string[]): void {
  $<HTMLInputElement>('word').value = word;
  $<HTMLTextAreaElement>('contexts').value = contexts.join('\n');
  api.post({ type: 'compare', word, contexts });
}

function showPresets(presets: ContextPreset[]): void {
  $('presets').replaceChildren(
    'Presets:',
    ...presets.map((p) => {
      const b = document.createElement('button');
      b.className = 'chip preset';
      b.textContent = p.label;
      b.addEventListener('click', () => compare(p.word, p.contexts));
      return b;
    }),
  );
}

function draw(): void {
  if (!data) return;
  const d = data;
  const t = themeColors();
  const notes: string[] = [];
  if (d.tokenizer === 'char') notes.push(`This model reads characters: “${d.word}” is followed at its last character, “${showToken(d.contexts[0]?.tokens[d.contexts[0].position] ?? '')}”.`);
  notes.push(
    d.causal === false
      ? 'A bidirectional model reads the whole sentence: the words after the word move its state too.'
      : 'A causal model sees only what comes before the word, so words after it cannot pull it anywhere.',
  );
  for (const [a, b] of d.identical) {
    // an encoder's two contexts are the same only when every token is (e.g. the words that differ are both [UNK])
    notes.push(
      d.causal === false
        ? `Contexts ${a + 1} and ${b + 1} are the same tokens for this model (words outside its vocabulary all read as [UNK]): it gives them the same states (one line hides the other).`
        : `Contexts ${a + 1} and ${b + 1} are identical up to the word: the model gives them the same states (one line hides the other).`,
    );
  }
  if (d.contexts.some((c) => c.truncated)) notes.push('A context longer than the model’s window was cut to its last tokens.');
  $('notes').textContent = notes.join(' ');
  const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
  void plotly().react(
    $('chart'),
    trajectoryTraces(d, t.palette),
    themedLayout(t, {
      title: { text: `“${d.word}” layer by layer (${d.layers[0]} ■ → ${d.layers[d.layers.length - 1]} ★)`, font: { size: 13 } },
      xaxis: { title: { text: `PC 1 (${pct(d.explained[0])})` }, color: t.foreground, gridcolor: t.grid, zerolinecolor: t.grid },
      yaxis: { title: { text: `PC 2 (${pct(d.explained[1])})` }, color: t.foreground, gridcolor: t.grid, zerolinecolor: t.grid },
      legend: { orientation: 'h', y: -0.2 },
      height: 460,
    }),
    PLOT_CONFIG,
  );
  $('cosine').textContent =
    `Mean cosine similarity between the contexts' states: ` + d.layers.map((l, i) => `${l} ${d.meanCosine[i].toFixed(3)}`).join(' → ') +
    (d.normalized ? ' · vectors scaled to unit length before the PCA' : '');
}

const api = connect<ContextualToWebview, ContextualToHost>((m) => {
  switch (m.type) {
    case 'setup':
      showPresets(m.presets);
      $<HTMLInputElement>('word').value = m.word;
      $<HTMLTextAreaElement>('contexts').value = m.contexts.join('\n');
      return;
    case 'contextual':
      data = m;
      $<HTMLInputElement>('word').value = m.word;
      $<HTMLTextAreaElement>('contexts').value = m.contexts.map((c) => c.text).join('\n');
      $('model').textContent = ` · ${m.model} · ${m.contexts.length} contexts · ${m.layers.length} layers · ${m.ms} ms`;
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
$('compare').addEventListener('click', () =>
  compare(
    $<HTMLInputElement>('word').value.trim(),
    $<HTMLTextAreaElement>('contexts').value.split('\n').map((s) => s.trim()).filter(Boolean),
  ),
);
onThemeChange(draw);
