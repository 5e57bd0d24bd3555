// Nearest Neighbours webview: one table per metric side by side; words not in the cosine list marked.
import type { NeighborsToHost, NeighborsToWebview } from '../../src/protocol/webview/projector';
import { connect } from '../common/vscodeApi';
import { compareMetrics } from './compare';

document.body.innerHTML = `
  <header><h1 id="title">Nearest neighbours</h1><span id="model" class="status"></span></header>
  <div class="row"><input id="word" type="search" placeholder="Another word…" aria-label="word"><button id="go">Look up</button>
  <button id="projector" class="secondary">Show in Projector</button></div>
  <p id="status" class="status">Waiting for the engine…</p>
  <div id="columns" class="row" style="align-items:flex-start;gap:32px"></div>`;
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const status = $('status');
const input = $<HTMLInputElement>('word');
let word = '';

const api = connect<NeighborsToWebview, NeighborsToHost>((m) => {
  switch (m.type) {
    case 'neighbors': {
      word = m.word;
      $('title').textContent = `Nearest neighbours of “${m.word}”`;
      $('model').textContent = m.modelLabel;
      const cols = compareMetrics(m.results);
      const same = cols.filter((c) => c.sameAsCosine).map((c) => c.title);
      status.classList.remove('error');
      status.textContent = same.length ? `${same.join(' and ')} give the same list as cosine.` : 'Words in orange are not among the cosine neighbours.';
      $('columns').replaceChildren(
        ...cols.map((c) => {
          const div = document.createElement('div');
          div.className = `metric metric-${c.metric}`;
          const h = document.createElement('h2');
          h.textContent = c.title;
          const t = document.createElement('table');
          t.className = 'table';
          for (const r of c.rows) {
            const tr = t.insertRow();
            const w = tr.insertCell();
            w.textContent = r.word;
            if (r.differs) w.className = 'differs';
            w.style.cursor = 'pointer';
            w.addEventListener('click', () => api.post({ type: 'lookup', word: r.word }));
            const sc = tr.insertCell();
            sc.className = 'score';
            sc.textContent = r.score.toFixed(3);
          }
          div.append(h, t);
          return div;
        }),
      );
      break;
    }
    case 'busy':
      status.classList.remove('error');
      status.textContent = m.message;
      break;
    case 'error':
      status.classList.add('error');
      status.textContent = `Error: ${m.message}`;
      break;
    default: {
      const never: never = m;
      void never;
    }
  }
});
const lookup = () => input.value.trim() && api.post({ type: 'lookup', word: input.value.trim() });
$('go').addEventListener('click', lookup);
input.addEventListener('keydown', (e) => e.key === 'Enter' && lookup());
$('projector').addEventListener('click', () => word && api.post({ type: 'showInProjector', word }));
