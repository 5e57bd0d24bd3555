// Prompt panel: system and user message boxes, quick actions on the user text, sampling controls (temperature 0 =
// greedy), the rendered chat prompt as token chips with special tokens marked, and the streamed generation.
// Everything typed and shown is kept with setState, so a reloaded webview comes back as it was.
import {
  actionMessage,
  PROMPT_ACTIONS,
  type PromptAction,
  type PromptSampling,
  type PromptToHost,
  type PromptToken,
  type PromptToWebview,
} from '../../src/protocol/webview/prompt';
import { setStatus } from '../common/status';
import { connect } from '../common/vscodeApi';
import { stopReason, tokenCells, tokenSummary } from './tokens';

type Rendered = Extract<PromptToWebview, { type: 'rendered' }>;
type Generation = Extract<PromptToWebview, { type: 'generation' }>;
type Model = Extract<PromptToWebview, { type: 'model' }>;
interface State {
  system: string;
  user: string;
  sampling: PromptSampling;
  /** Sampling changed by the person: settings from the host no longer overwrite it. */
  touched: boolean;
  model?: Model;
  rendered?: Rendered;
  generation?: Generation;
}

document.body.innerHTML = `
  <div class="row"><strong>Prompt</strong><span id="model" class="status"></span></div>
  <p id="note" class="note" hidden></p>
  <label class="msg">System message<textarea id="system" rows="2" placeholder="(optional) You are a helpful assistant."></textarea></label>
  <label class="msg">User message<textarea id="user" rows="5" placeholder="Type a message, or select text in an editor and run Model Lens: Open Prompt…"></textarea></label>
  <div class="row">
    <button id="act-summarise" class="secondary" data-action="summarise">Summarise this</button>
    <button id="act-sentiment" class="secondary" data-action="sentiment">What is the sentiment?</button>
  </div>
  <div class="row sliders">
    <label>Temperature <input type="number" id="temperature" min="0" max="2" step="0.1"></label>
    <span id="greedy" class="status"></span>
    <label>Top-k <input type="number" id="topK" min="0" step="1" title="0: no top-k filter"></label>
    <label>Max tokens <input type="number" id="maxTokens" min="1" max="2000" step="1"></label>
    <button id="render" class="secondary">Render</button>
    <button id="generate">Generate</button>
    <button id="cancel" class="secondary" hidden>Cancel</button>
  </div>
  <h2>Rendered prompt <span id="renderedInfo" class="status"></span></h2>
  <div id="promptTokens" class="context prompt-tokens" aria-label="rendered prompt tokens"></div>
  <details><summary>As text</summary><pre id="renderedText" class="samples"></pre></details>
  <h2>Generation <span id="genInfo" class="status"></span></h2>
  <div id="answer" class="samples answer"></div>
  <div id="genTokens" class="context gen-tokens" aria-label="generated tokens"></div>
  <p id="status" class="status">Write a message and press Generate.</p>`;

const style = document.createElement('style');
style.textContent = `
  label.msg { display: flex; flex-direction: column; gap: 2px; margin: 6px 0; }
  textarea { font-family: var(--vscode-editor-font-family); background: var(--vscode-input-background); color: var(--vscode-input-foreground);
    border: 1px solid var(--vscode-input-border, transparent); resize: vertical; }
  .context .tok.special { background: var(--vscode-editorInfo-foreground, #3794ff); color: var(--vscode-editor-background); font-weight: 600; }
  .prompt-tokens, .gen-tokens { display: flex; flex-wrap: wrap; gap: 2px 1px; }
  .answer { border-left: 3px solid var(--vscode-focusBorder); padding-left: 8px; min-height: 1.4em; }`;
document.head.append(style);

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const systemBox = $<HTMLTextAreaElement>('system');
const userBox = $<HTMLTextAreaElement>('user');
const temperature = $<HTMLInputElement>('temperature');
const topK = $<HTMLInputElement>('topK');
const maxTokens = $<HTMLInputElement>('maxTokens');
const cancelBtn = $<HTMLButtonElement>('cancel');
const status = $('status');

let st: State = { system: '', user: '', sampling: { temperature: 0, topK: 0, maxTokens: 64 }, touched: false };

function save(): void {
  api.setState(st);
}

function clampInt(v: string, lo: number, hi: number, dflt: number): number {
  const n = Math.round(Number(v));
  return Number.isFinite(n) ? Math.min(hi, Math.max(lo, n)) : dflt;
}

function readSampling(): PromptSampling {
  const t = Number(temperature.value);
  return {
    temperature: Number.isFinite(t) ? Math.min(2, Math.max(0, t)) : 0,
    topK: clampInt(topK.value, 0, 1_000_000, 0),
    maxTokens: clampInt(maxTokens.value, 1, 2000, 64),
  };
}

function drawSampling(): void {
  temperature.value = String(st.sampling.temperature);
  topK.value = String(st.sampling.topK);
  maxTokens.value = String(st.sampling.maxTokens);
  $('greedy').textContent = st.sampling.temperature === 0 ? 'greedy (do_sample=False)' : 'sampling';
}

function drawTokens(box: HTMLElement, tokens: PromptToken[]): void {
  box.replaceChildren(
    ...tokenCells(tokens).map((c) => {
      const s = document.createElement('span');
      s.className = c.special ? 'tok special' : 'tok';
      s.textContent = c.label;
      s.title = c.title;
      return s;
    }),
  );
}

function drawModel(): void {
  const m = st.model;
  $('model').textContent = m ? `${m.label} · ${m.template ? `chat template` : 'plain prompt'}` : '';
  $('model').title = m?.model ?? '';
  const note = $('note');
  note.textContent = m?.note ?? '';
  note.hidden = !m?.note;
}

function drawRendered(): void {
  const r = st.rendered;
  $('renderedText').textContent = r?.rendered ?? '';
  drawTokens($('promptTokens'), r?.tokens ?? []);
  $('renderedInfo').textContent = !r ? '' : r.plain ? '· plain prompt (tokens are not shown without a chat template)' : `· ${tokenSummary(r.tokens)} · ${r.templateSource}`;
}

function drawGeneration(): void {
  const g = st.generation;
  $('answer').textContent = g?.text ?? '';
  drawTokens($('genTokens'), g?.tokens ?? []);
  $('genInfo').textContent = g ? `· ${g.tokens.length} tokens · ${stopReason(g.done ? g.stoppedBy : undefined, st.sampling.maxTokens)} · ${(g.ms / 1000).toFixed(1)} s${g.truncated ? ' · the prompt was longer than the context: only its end was seen' : ''}` : '';
  cancelBtn.hidden = !g || g.done;
}

function drawAll(): void {
  systemBox.value = st.system;
  userBox.value = st.user;
  drawSampling();
  drawModel();
  drawRendered();
  drawGeneration();
}

function messages(): { system: string; user: string } {
  st.system = systemBox.value;
  st.user = userBox.value;
  save();
  return { system: st.system, user: st.user };
}

function send(kind: 'render' | 'generate'): void {
  const m = messages();
  if (!m.user.trim()) {
    setStatus(status, 'Write a user message first (or select text in an editor and run Model Lens: Open Prompt…).', true);
    return;
  }
  if (kind === 'render') api.post({ type: 'render', ...m });
  else {
    st.sampling = readSampling();
    st.generation = undefined;
    drawGeneration();
    cancelBtn.hidden = false;
    api.post({ type: 'generate', ...m, sampling: st.sampling });
  }
  save();
}

function applyAction(a: PromptAction): void {
  // replace an earlier quick action's instruction rather than stacking them
  let text = userBox.value;
  for (const instr of Object.values(PROMPT_ACTIONS)) if (text.startsWith(instr)) text = text.slice(instr.length).replace(/^\n+/, '');
  userBox.value = actionMessage(a, text);
  send('generate');
}

const api = connect<PromptToWebview, PromptToHost, State>((m) => {
  switch (m.type) {
    case 'model':
      st.model = m;
      drawModel();
      break;
    case 'settings':
      if (!st.touched) {
        st.sampling = m.sampling;
        drawSampling();
      }
      break;
    case 'draft':
      if (m.system !== undefined) st.system = m.system;
      st.user = m.user;
      systemBox.value = st.system;
      userBox.value = st.user;
      if (m.run) {
        st.generation = undefined;
        drawGeneration();
      }
      break;
    case 'rendered':
      st.rendered = m;
      drawRendered();
      setStatus(status, m.plain ? 'Plain prompt: press Generate.' : `Rendered in ${m.ms} ms. Special tokens are highlighted; hover a token for its id.`);
      break;
    case 'generation':
      st.generation = m;
      drawGeneration();
      if (m.done) setStatus(status, `Done: ${stopReason(m.stoppedBy, st.sampling.maxTokens)}.`);
      break;
    case 'busy':
      setStatus(status, m.message);
      break;
    case 'error':
      setStatus(status, m.template ? `Chat template error: ${m.message}` : `Error: ${m.message}`, true);
      cancelBtn.hidden = true;
      break;
    default: {
      const never: never = m;
      void never;
    }
  }
  save();
});

st = { ...st, ...(api.getState() ?? {}) };
drawAll();
$('render').addEventListener('click', () => send('render'));
$('generate').addEventListener('click', () => send('generate'));
cancelBtn.addEventListener('click', () => api.post({ type: 'cancel' }));
document.querySelectorAll<HTMLButtonElement>('button[data-action]').forEach((b) => b.addEventListener('click', () => applyAction(b.dataset.action as PromptAction)));
for (const box of [systemBox, userBox]) box.addEventListener('input', () => messages());
for (const inp of [temperature, topK, maxTokens])
  inp.addEventListener('change', () => {
    st.sampling = readSampling();
    st.touched = true;
    drawSampling();
    save();
  });
