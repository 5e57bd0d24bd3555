// Classify Selection webview: class probability bars, and the selected text's words shaded by the pooled token's
// attention for the chosen layer and head. Draws only what the host sends.
import type { ClassifyPredictResult } from '../../src/protocol/classify';
import type { ClassifyToHost, ClassifyToWebview } from '../../src/protocol/webview/classify';
import { connect } from '../common/vscodeApi';
import { onThemeChange, themeColors } from '../common/theme';
import { showToken } from '../common/tokens';
import { attentionWeights, probabilityBars, rgba, shades } from './view';

const style = document.createElement('style');
style.textContent = `
.bars { display: grid; grid-template-columns: minmax(6em, max-content) 1fr 4.5em; gap: 4px 10px; align-items: center; max-width: 720px; }
.bar-track { height: 18px; background: var(--vscode-editorWidget-background, rgba(128,128,128,.12)); border-radius: 2px; }
.bar-fill { height: 100%; border-radius: 2px; }
.bar-label.predicted { font-weight: 600; }
.pct { text-align: right; font-variant-numeric: tabular-nums; }
.controls { display: flex; gap: 12px; align-items: center; margin: 14px 0 8px; flex-wrap: wrap; }
.tokens { line-height: 2; max-width: 900px; }
.tok { padding: 2px 3px; margin: 0 1px; border-radius: 3px; border: 1px solid transparent; }
.tok.special { font-style: italic; opacity: .8; }
.hint { color: var(--vscode-descriptionForeground); }
`;
document.head.appendChild(style);
document.body.innerHTML = `
  <header><h1>Classification</h1><vscode-button id="confusion" secondary>Show Confusion Matrix</vscode-button></header>
  <p id="status" class="status">Select some text and choose Classify Selection.</p>
  <div id="bars" class="bars" aria-label="class probabilities"></div>
  <div class="controls">
    <label>Layer <select id="layer"></select></label>
    <label>Head <select id="head"></select></label>
    <span class="hint" id="poolHint"></span>
  </div>
  <div id="tokens" class="tokens" aria-label="attention of the pooled token over the input"></div>`;
const status = document.getElementById('status')!;
const bars = document.getElementById('bars')!;
const tokens = document.getElementById('tokens')!;
const layerSel = document.getElementById('layer') as HTMLSelectElement;
const headSel = document.getElementById('head') as HTMLSelectElement;
const poolHint = document.getElementById('poolHint')!;
let last: { text: string; model: string; result: ClassifyPredictResult } | undefined;

function options(sel: HTMLSelectElement, items: [string, string][], keep: string): void {
  sel.replaceChildren(...items.map(([v, t]) => Object.assign(document.createElement('option'), { value: v, textContent: t })));
  sel.value = items.some(([v]) => v === keep) ? keep : items[0]?.[0] ?? '';
}

function drawBars(r: ClassifyPredictResult): void {
  const accent = themeColors().accent;
  bars.replaceChildren();
  for (const b of probabilityBars(r)) {
    const label = Object.assign(document.createElement('span'), { className: `bar-label${b.predicted ? ' predicted' : ''}`, textContent: b.label });
    const track = Object.assign(document.createElement('div'), { className: 'bar-track' });
    const fill = Object.assign(document.createElement('div'), { className: 'bar-fill' });
    fill.style.width = `${b.width}%`;
    fill.style.background = b.predicted ? accent : rgba(accent, 0.45);
    fill.dataset.p = String(b.p);
    track.appendChild(fill);
    bars.append(label, track, Object.assign(document.createElement('span'), { className: 'pct', textContent: b.text }));
  }
}

function drawTokens(): void {
  if (!last) return;
  const r = last.result;
  const layer = Number(layerSel.value) || 0;
  const head = headSel.value === 'mean' ? 'mean' : Number(headSel.value) || 0;
  const w = attentionWeights(r, layer, head);
  const s = shades(w);
  const accent = themeColors().accent;
  tokens.replaceChildren(
    ...r.tokens.map((t, k) => {
      const span = Object.assign(document.createElement('span'), { className: `tok${t === '[CLS]' ? ' special' : ''}`, textContent: showToken(t) });
      span.style.background = rgba(accent, 0.85 * s[k]);
      span.dataset.weight = (w[k] ?? 0).toFixed(4);
      span.title = `${t}: attention ${(100 * (w[k] ?? 0)).toFixed(1)}%`;
      return span;
    }),
  );
}

function draw(): void {
  if (!last) return;
  const r = last.result;
  const pct = (100 * Math.max(...r.probabilities)).toFixed(1);
  status.textContent = `Predicted "${r.predicted}" (${pct}%) by ${last.model.split(/[\\/]/).pop()}${r.truncated ? ' · the text was truncated to the context' : ''}`;
  status.classList.remove('error');
  drawBars(r);
  options(layerSel, r.attention.map((_, i) => [String(i), String(i)]), layerSel.value || String(r.attention.length - 1));
  const nHeads = r.attention[0]?.length ?? 0;
  options(headSel, [['mean', 'mean of heads'], ...Array.from({ length: nHeads }, (_, h) => [String(h), String(h)] as [string, string])], headSel.value || 'mean');
  poolHint.textContent = r.pool === 'cls' ? 'Shading: attention of the [CLS] token, which the class is read from.' : 'Shading: mean attention of all positions (mean pooling), the average the class is read from.';
  drawTokens();
}

const api = connect<ClassifyToWebview, ClassifyToHost>((m) => {
  switch (m.type) {
    case 'prediction':
      last = { text: m.text, model: m.model, result: m.result };
      draw();
      break;
    case 'busy':
      status.textContent = m.message;
      status.classList.remove('error');
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
layerSel.addEventListener('change', drawTokens);
headSel.addEventListener('change', drawTokens);
document.getElementById('confusion')!.addEventListener('click', () => api.post({ type: 'showConfusion' }));
onThemeChange(draw);
