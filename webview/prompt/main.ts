// Prompt panel webview: system and user messages, Render (the chat template's prompt as token chips, special tokens
// marked), Generate (greedy at temperature 0) with the reply streamed in, Stop.
import type { PromptToHost, PromptToWebview } from '../../src/protocol/webview/prompt';
import { connect } from '../common/vscodeApi';
import { setStatus } from '../common/status';
import { tokenChips, tokenSummary } from './strip';

document.body.innerHTML = `
  <header><h1>Prompt</h1><span id="model" class="status"></span></header>
  <label for="system">System message (optional)</label>
  <textarea id="system" rows="2" style="width:100%"></textarea>
  <label for="user">User message</label>
  <textarea id="user" rows="5" style="width:100%"></textarea>
  <div class="row">
    <label>max tokens <input id="maxTokens" type="number" min="1" max="2000" value="64" style="width:5em"></label>
    <label>temperature <input id="temperature" type="number" min="0" max="5" step="0.1" value="0" style="width:4em"></label>
    <button id="render" class="secondary">Render prompt</button><button id="generate">Generate</button><button id="stop" class="secondary" hidden>Stop</button>
  </div>
  <p id="status" class="status">Write a message, then Render prompt or Generate.</p>
  <h2>Prompt as the model sees it <span id="summary" class="status"></span></h2>
  <div id="chips" class="tokens" aria-label="prompt tokens"></div>
  <h2>Reply</h2>
  <pre id="reply" style="white-space:pre-wrap"></pre>`;
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const status = $('status');

const api = connect<PromptToWebview, PromptToHost>((m) => {
  switch (m.type) {
    case 'init':
      $('model').textContent = m.model;
      $<HTMLTextAreaElement>('system').value = m.system;
      $<HTMLTextAreaElement>('user').value = m.user;
      $<HTMLInputElement>('maxTokens').value = String(m.maxTokens);
      $<HTMLInputElement>('temperature').value = String(m.temperature);
      return;
    case 'prompt': {
      const box = $('chips');
      box.replaceChildren(
        ...tokenChips(m.tokens, m.ids, m.special).map((c) => {
          const s = document.createElement('span');
          s.className = c.special ? 'token special' : 'token';
          s.textContent = c.text;
          s.title = c.title;
          if (c.special) s.style.fontWeight = 'bold';
          return s;
        }),
      );
      $('summary').textContent = `${tokenSummary(m.special)} · template from ${m.templateSource}`;
      setStatus(status, 'Prompt rendered.');
      return;
    }
    case 'reply':
      $('reply').textContent = m.text;
      $('stop').hidden = m.done;
      setStatus(status, m.done ? `Generated ${m.tokens.length} tokens in ${(m.ms / 1000).toFixed(1)} s.` : `Generating… ${m.tokens.length} tokens`);
      return;
    case 'busy':
      setStatus(status, m.message);
      return;
    case 'error':
      $('stop').hidden = true;
      setStatus(status, m.message, true);
      return;
  }
});

function request(): Omit<Extract<PromptToHost, { type: 'render' }>, 'type'> {
  return {
    system: $<HTMLTextAreaElement>('system').value,
    user: $<HTMLTextAreaElement>('user').value,
    maxTokens: Math.max(1, Math.min(2000, Math.round(Number($<HTMLInputElement>('maxTokens').value) || 64))),
    temperature: Math.max(0, Math.min(5, Number($<HTMLInputElement>('temperature').value) || 0)),
  };
}

$('render').addEventListener('click', () => api.post({ type: 'render', ...request() }));
$('generate').addEventListener('click', () => {
  $('reply').textContent = '';
  $('stop').hidden = false;
  api.post({ type: 'generate', ...request() });
});
$('stop').addEventListener('click', () => api.post({ type: 'stop' }));
