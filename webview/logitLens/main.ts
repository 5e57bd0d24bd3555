// Logit Lens panel: a layers × positions table; each cell is the top-1 token that layer's residual stream predicts
// for the next position (through the final norm and unembedding), coloured by its probability, top-k on hover.
// The actual next token heads each column; cells that predict it are outlined.
import type { LogitLensToWebview, PlainToHost } from '../../src/protocol/webview/lmViews';
import { connect } from '../common/vscodeApi';
import { onThemeChange, themeColors } from '../common/theme';
import { showToken } from '../common/tokens';
import { mixColor } from '../attention/geometry';
import { firstHitLayer, lensCells } from './cells';
import { setStatus } from '../common/status';

type Data = Extract<LogitLensToWebview, { type: 'logitLens' }>;

document.body.innerHTML = `
  <div class="row"><strong>Logit lens</strong><span id="model" class="status"></span></div>
  <p class="status">Each row is a layer's residual stream read out through the final layer norm and the unembedding
  (nostalgebraist's logit lens): <span id="what">the token it would predict next</span>, coloured by probability. The top row is
  <span id="target">the actual next token</span>; <span class="lens-key hit">outlined</span> cells predict it as top-1, <span class="lens-key topk">dashed</span> ones have it in their top-k.</p>
  <p id="note" class="note" hidden></p>
  <div id="table" class="lens-wrap" aria-label="logit lens"></div>
  <p id="hover" class="status">&nbsp;</p>
  <p id="summary" class="status"></p>
  <p id="status" class="status">Waiting for the model…</p>`;

const $ = (id: string) => document.getElementById(id) as HTMLElement;
let data: Data | undefined;

function cellEl(tag: 'td' | 'th', text: string, cls = ''): HTMLTableCellElement {
  const e = document.createElement(tag);
  e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

function draw(): void {
  if (!data) return;
  const d = data;
  const t = themeColors();
  const cells = lensCells(d);
  const table = document.createElement('table');
  table.className = 'lens';
  const head = table.createTHead();
  const inputRow = head.insertRow();
  inputRow.append(cellEl('th', 'input'));
  d.tokens.forEach((tok) => inputRow.append(cellEl('th', showToken(tok), 'tok')));
  const nextRow = head.insertRow();
  const label = d.targetLabel ?? 'actual next';
  // an encoder predicts the token at its own position (BERT's MLM objective), not the next one
  const encoder = label !== 'actual next';
  $('what').textContent = encoder ? 'the token it would put at this position' : 'the token it would predict next';
  $('target').textContent = encoder ? 'the token actually there (at [MASK] the guess is all there is)' : 'the actual next token';
  const targetOf = (i: number): number | null => (d.targetIds ? d.targetIds[i] : i + 1 < d.ids.length ? d.ids[i + 1] : null);
  const targetText = (i: number) => {
    const id = targetOf(i);
    return id === null ? '?' : showToken(d.targetIds ? d.tokens[i] : d.tokens[i + 1]);
  };
  nextRow.append(cellEl('th', label));
  d.tokens.forEach((_, i) => nextRow.append(cellEl('th', targetText(i), 'tok next')));
  const body = table.createTBody();
  // last layer first, as the residual stream flows up towards the output
  for (let l = cells.length - 1; l >= 0; l--) {
    const tr = body.insertRow();
    tr.append(cellEl('th', d.layers[l]));
    for (const c of cells[l]) {
      const td = cellEl('td', showToken(c.token), `lens-cell${c.hit ? ' hit' : c.inTopK ? ' topk' : ''}`);
      tr.append(td);
      td.style.background = mixColor(t.background, t.accent, c.prob);
      td.style.color = c.prob > 0.55 && !t.dark ? t.background : t.foreground;
      Object.assign(td.dataset, { layer: String(c.layer), pos: String(c.pos), prob: String(c.prob), token: c.token });
      const target = c.targetProb === null ? '' : ` · p(“${targetText(c.pos)}”) = ${c.targetProb.toFixed(3)}`;
      td.title = `${d.layers[c.layer]}, after “${showToken(d.tokens[c.pos])}”:\n` + c.topK.map((k, i) => `${i + 1}. “${showToken(k.token)}” ${k.prob.toFixed(3)}`).join('\n') + target.replace(' · ', '\n');
      td.addEventListener('mouseenter', () => {
        $('hover').textContent = `${d.layers[c.layer]} after “${showToken(d.tokens[c.pos])}”: ` + c.topK.map((k) => `“${showToken(k.token)}” ${k.prob.toFixed(3)}`).join(', ') + target;
      });
    }
  }
  $('table').replaceChildren(table);
  const first = firstHitLayer(cells);
  const scored = d.targetIds ? first.filter((_, i) => d.targetIds![i] !== null) : first.slice(0, -1);
  const found = scored.filter((x) => x !== undefined).length;
  const finalHits = cells[cells.length - 1].filter((c) => c.hit).length;
  const byLayer = d.layers.map((name, l) => `${name} ${scored.filter((x) => x === l).length}`).join(', ');
  $('summary').textContent =
    `The final layer predicts the ${label === 'actual next' ? 'actual next token' : 'token at its own position'} at ${finalHits} of ${scored.length} positions; ` +
    `it first appears as top-1 at ${found} positions, by layer: ${byLayer}.`;
}

const api = connect<LogitLensToWebview, PlainToHost>((m) => {
  switch (m.type) {
    case 'logitLens':
      data = m;
      $('model').textContent = ` · ${m.model} · ${m.tokens.length} tokens · ${m.ms} ms`;
      $('note').hidden = !m.note;
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
void api;
onThemeChange(draw);
