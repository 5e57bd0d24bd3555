// Predict Next Token webview: bar chart of the top candidates (plain SVG, no chart library to load),
// entropy, sliders that re-shape the distribution locally, click a candidate to append it, Generate N
// tokens (asks the host). The text so far wraps and scrolls to its end, the appended part marked.
import type { NextTokenToHost, NextTokenToWebview, SamplingSettings } from '../../src/protocol/webview/nextToken';
import { connect } from '../common/vscodeApi';
import { onThemeChange, themeColors } from '../common/theme';
import { unknownNote } from '../common/unknown';
import { reshape, showToken } from './distribution';
import { barRows, splitContinuation } from './traces';
import { drawBars } from './bars';

const SHOWN = 15;
type Prediction = Extract<NextTokenToWebview, { type: 'prediction' }>;
interface State {
  sampling: SamplingSettings;
  count: number;
}

document.body.innerHTML = `
  <header><h1>Predict next token</h1><span id="model" class="status"></span></header>
  <p id="note" class="note" hidden></p>
  <div id="text" class="continuation" aria-label="text so far" hidden></div>
  <div id="context" class="context" aria-label="context tokens"></div>
  <div class="row sliders">
    <label>Temperature <input type="range" id="temperature" min="0" max="2" step="0.05" value="1"> <output id="temperatureOut">1.00</output></label>
    <label>Top-k <input type="range" id="topK" min="0" max="50" step="1" value="0"> <output id="topKOut">off</output></label>
    <label>Top-p <input type="range" id="topP" min="0.05" max="1" step="0.01" value="1"> <output id="topPOut">1.00</output></label>
  </div>
  <p id="stats" class="status"></p>
  <div id="chart" class="chart" aria-label="next-token probabilities"></div>
  <div id="chips" class="tokens chips" aria-label="candidates"></div>
  <div class="row">
    <button id="generate">Generate</button>
    <label><input type="number" id="count" min="1" max="200" value="20"> tokens</label>
    <button id="reset" class="secondary">Back to selection</button>
  </div>
  <p id="status" class="status">Waiting for the model…</p>`;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const sliders = { temperature: $<HTMLInputElement>('temperature'), topK: $<HTMLInputElement>('topK'), topP: $<HTMLInputElement>('topP') };
const chart = $('chart');
const status = $('status');
let last: Prediction | undefined;

function sampling(): SamplingSettings {
  return { temperature: Number(sliders.temperature.value), topK: Number(sliders.topK.value), topP: Number(sliders.topP.value) };
}

function showSliderValues(s: SamplingSettings): void {
  $('temperatureOut').textContent = s.temperature === 0 ? '0 (greedy)' : s.temperature.toFixed(2);
  $('topKOut').textContent = s.topK === 0 ? 'off' : String(s.topK);
  $('topPOut').textContent = s.topP.toFixed(2);
}

/** Tokens shown in the strip; older ones are elided (the strip wraps and scrolls to its end). */
const STRIP_TOKENS = 300;
/** Characters of the prompt shown before the continuation. */
const PROMPT_CHARS = 400;

function drawContext(m: Prediction): void {
  const ctx = $('context');
  ctx.replaceChildren();
  const tail = m.tokens.slice(-STRIP_TOKENS);
  if (tail.length < m.tokens.length) ctx.append('… ');
  const nAppended = m.appended.length;
  tail.forEach((t, i) => {
    const span = document.createElement('span');
    span.textContent = showToken(t);
    span.className = i >= tail.length - nAppended ? 'tok appended' : 'tok';
    ctx.append(span);
  });
  // the text itself, as a person reads it: the prompt's end, then the continuation marked
  const box = $('text');
  const { prompt, continuation } = splitContinuation(m.contextText, m.appended);
  box.hidden = !continuation;
  if (continuation) {
    const head = document.createElement('div');
    head.className = 'status';
    head.textContent = `${m.appended.length} token${m.appended.length === 1 ? '' : 's'} appended (marked):`;
    const body = document.createElement('div');
    body.className = 'text';
    const p = prompt.length > PROMPT_CHARS ? `…${prompt.slice(-PROMPT_CHARS)}` : prompt;
    const mark = document.createElement('mark');
    mark.className = 'appended';
    mark.textContent = continuation;
    body.append(p, mark);
    box.replaceChildren(head, body);
    body.scrollTop = body.scrollHeight;
  }
  ctx.scrollTop = ctx.scrollHeight;
}

function draw(): void {
  const s = sampling();
  showSliderValues(s);
  api.setState({ sampling: s, count: Number($<HTMLInputElement>('count').value) });
  if (!last) return;
  const shaped = reshape(last.candidates, s);
  const t = themeColors();
  $('stats').textContent =
    `Entropy ${shaped.entropyBits.toFixed(2)} bits (model at T=1: ${(last.entropyBits ?? shaped.rawEntropyBits).toFixed(2)} bits)` +
    ` · ${shaped.kept} of ${last.vocabSize} tokens can be sampled`;
  drawBars(chart, barRows(shaped, SHOWN), t, (id) => {
    const tok = last?.candidates.find((x) => x.id === id);
    if (tok) append(tok.id, tok.token);
  });
  // when the first chart appeared, in ms since this webview's document started (the UI tests read it)
  document.body.dataset.firstDrawMs ??= String(Math.round(performance.now()));
  const chips = $('chips');
  chips.replaceChildren();
  for (const tok of shaped.tokens.slice(0, SHOWN)) {
    const b = document.createElement('button');
    b.className = tok.kept ? 'chip' : 'chip cut';
    b.textContent = `${showToken(tok.token)} ${(tok.p * 100).toFixed(1)}%`;
    b.title = `Append “${showToken(tok.token)}” and predict again`;
    b.dataset.id = String(tok.id);
    b.addEventListener('click', () => append(tok.id, tok.token));
    chips.append(b);
  }
}

function append(id: number, token: string): void {
  // when the person clicked (epoch ms): the UI tests time click → next distribution drawn from here
  document.body.dataset.clickedAt = String(performance.timeOrigin + performance.now());
  status.textContent = `Appending “${showToken(token)}”…`;
  api.post({ type: 'append', id, token });
}

const api = connect<NextTokenToWebview, NextTokenToHost, State>((m) => {
  switch (m.type) {
    case 'prediction': {
      last = m;
      $('model').textContent = `model ${m.model} · ${m.ms.toFixed(0)} ms`;
      const note = $('note');
      const notes = [m.note ?? ''];
      if (m.truncated)
        notes.push(
          `${m.truncated.totalTokens ? `The selection has ${m.truncated.totalTokens} tokens; t` : 'T'}he model reads at most ${m.truncated.contextLength} tokens, so only the last ${m.truncated.keptTokens} tokens were used.`,
        );
      const { prompt, continuation } = splitContinuation(m.contextText, m.appended);
      notes.push(unknownNote(m.tokens, prompt + continuation) ?? '');
      note.textContent = notes.filter(Boolean).join(' ');
      note.hidden = !note.textContent;
      status.classList.remove('error');
      status.textContent = 'Click a candidate to append it and predict again.';
      drawContext(m);
      draw();
      // when this prediction was on screen (epoch ms): the UI tests measure latency against it
      document.body.dataset.drawnAt = String(performance.timeOrigin + performance.now());
      break;
    }
    case 'settings':
      sliders.temperature.value = String(m.sampling.temperature);
      sliders.topK.value = String(m.sampling.topK);
      sliders.topP.value = String(m.sampling.topP);
      $<HTMLInputElement>('count').value = String(m.generateCount);
      draw();
      break;
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

const saved = api.getState();
if (saved) {
  sliders.temperature.value = String(saved.sampling.temperature);
  sliders.topK.value = String(saved.sampling.topK);
  sliders.topP.value = String(saved.sampling.topP);
  $<HTMLInputElement>('count').value = String(saved.count);
}
showSliderValues(sampling());
for (const el of Object.values(sliders)) el.addEventListener('input', draw);
let lastWidth = 0;
new ResizeObserver(() => {
  if (chart.clientWidth === lastWidth) return;
  lastWidth = chart.clientWidth;
  if (last) draw();
}).observe(chart);
$('generate').addEventListener('click', () => {
  const count = Math.max(1, Math.min(200, Math.round(Number($<HTMLInputElement>('count').value) || 20)));
  status.textContent = `Generating ${count} tokens…`;
  api.post({ type: 'generate', count, sampling: sampling() });
});
$('reset').addEventListener('click', () => api.post({ type: 'reset' }));
onThemeChange(draw);
