// Explain Attention panel: one query token through one head as a worked example with the model's numbers:
// q·k_j → × 1/√d_head → + mask → softmax → Σ p_j v_j, i.e. softmax(QKᵀ/√d_k + M)V, checked against the model's cache.
import type { AttentionStepToHost, AttentionStepToWebview } from '../../src/protocol/webview/lmViews';
import { connect } from '../common/vscodeApi';
import { showToken } from '../common/tokens';
import { setStatus } from '../common/status';

type Data = Extract<AttentionStepToWebview, { type: 'attentionStep' }>;
/** Vector entries shown per q, k, v and output. */
const DIMS = 4;
const OUT_DIMS = 8;

document.body.innerHTML = `
  <div class="row"><strong>Attention step by step</strong><span id="model" class="status"></span></div>
  <p class="formula">Attention(Q, K, V) = softmax(QKᵀ / √d<sub>k</sub> + M) V &nbsp;·&nbsp;
  a<sub>ij</sub> = 𝕀[j ≤ i] exp(q<sub>i</sub>·k<sub>j</sub> / √d<sub>k</sub>) / Σ<sub>j′</sub> 𝕀[j′ ≤ i] exp(q<sub>i</sub>·k<sub>j′</sub> / √d<sub>k</sub>)</p>
  <p id="note" class="note" hidden></p>
  <div class="row">
    <label>Layer <select id="layer"></select></label>
    <label>Head <select id="head"></select></label>
    <label>Query token <select id="query"></select></label>
  </div>
  <p id="qvec" class="formula"></p>
  <div class="lens-wrap"><table id="steps" class="worked" aria-label="attention steps"></table></div>
  <p id="output" class="formula"></p>
  <p id="check" class="status"></p>
  <p id="status" class="status">Waiting for the model…</p>`;

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const f = (x: number, digits = 3) => (Math.abs(x) >= 1e4 ? x.toExponential(2) : x.toFixed(digits));
const vec = (v: number[], n: number) => `[${v.slice(0, n).map((x) => f(x, 2)).join(', ')}${v.length > n ? ', …' : ''}]`;

function options(sel: HTMLSelectElement, labels: string[], value: number): void {
  sel.replaceChildren(...labels.map((l, i) => new Option(l, String(i), false, i === value)));
}

function row(cells: (string | Node)[], cls = ''): HTMLTableRowElement {
  const tr = document.createElement('tr');
  if (cls) tr.className = cls;
  cells.forEach((c, i) => {
    const td = document.createElement('td');
    if (i === 1) td.className = 'tok';
    td.append(c);
    tr.append(td);
  });
  return tr;
}

function draw(d: Data): void {
  options($('layer'), Array.from({ length: d.nLayers }, (_, i) => String(i)), d.layer);
  options($('head'), Array.from({ length: d.nHeads }, (_, i) => String(i)), d.head);
  options($('query'), d.tokens.map((t, i) => `${i}: “${showToken(t)}”`), d.query);
  const sqrt = d.scale === 1 ? '1 (raw x·x attention)' : `1/√${d.dHead} = ${f(d.scale, 4)}`;
  $('qvec').textContent = `query ${d.query} “${showToken(d.tokens[d.query])}”: q = ${vec(d.q, DIMS)} (d_head = ${d.dHead}${d.rope ? ', after RoPE' : ''}) · scale ${sqrt}`;
  const table = $('steps');
  const head = document.createElement('tr');
  for (const h of ['j', 'key', `k_j (first ${DIMS})`, 'q·k_j', `× scale`, '+ mask', 'softmax p_j', `v_j (first ${DIMS})`]) {
    const th = document.createElement('th');
    th.textContent = h;
    head.append(th);
  }
  const pmax = Math.max(...d.probs);
  const rows = d.keys.map((k, j) => {
    const bar = document.createElement('span');
    bar.className = 'bar';
    bar.style.width = `${Math.round(60 * (d.probs[j] / Math.max(pmax, 1e-9)))}px`;
    const p = document.createElement('span');
    p.append(bar, f(d.probs[j]));
    const tr = row([String(j), `“${showToken(k.token)}”`, vec(k.k, DIMS), f(k.dot), f(k.scaled), k.masked ? '−∞ (masked)' : f(k.scaled), k.masked ? '0' : p, vec(k.v, DIMS)], k.masked ? 'masked' : j === d.query ? 'query' : '');
    tr.dataset.key = String(j);
    tr.dataset.prob = String(d.probs[j]);
    tr.dataset.cached = String(k.prob);
    return tr;
  });
  table.replaceChildren(head, ...rows);
  const visible = d.keys.filter((k) => !k.masked).length;
  $('output').textContent = `output z = Σ_j p_j v_j = ${vec(d.output, OUT_DIMS)} (sum over the ${visible} keys the query can see; Σ p_j = ${f(d.probs.reduce((a, b) => a + b, 0), 4)})`;
  $('check').textContent = `Recomputed here from the cached q, k, v; the model's own pattern and output agree to ${d.maxAbsDiff.toExponential(1)}. The head's output then goes through the output projection W_O with the other heads.`;
}

const api = connect<AttentionStepToWebview, AttentionStepToHost>((m) => {
  switch (m.type) {
    case 'attentionStep':
      $('model').textContent = ` · ${m.model} · layer ${m.layer} head ${m.head} · ${m.ms} ms`;
      $('note').hidden = !m.note;
      $('note').textContent = m.note ?? '';
      setStatus($('status'), '');
      draw(m);
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
for (const id of ['layer', 'head', 'query'])
  $(id).addEventListener('change', () =>
    api.post({ type: 'explain', layer: Number($<HTMLSelectElement>('layer').value), head: Number($<HTMLSelectElement>('head').value), query: Number($<HTMLSelectElement>('query').value) }),
  );
