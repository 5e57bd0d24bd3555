// "Model Lens: Compare Word in Contexts": a word (the selection or the word at the cursor) and the sentences of the
// open file that contain it, else the lecture's presets; the engine's lm/contextualEmbeddings gives the trajectories.
import * as vscode from 'vscode';
import { lmContextualEmbeddingsRequest } from '../../protocol/lm';
import { isContextualToHost, type ContextPreset, type ContextualToHost, type ContextualToWebview } from '../../protocol/webview/lmViews';
import { LmViewPanel } from '../../panels/lmViewPanel';
import type { Services } from '../../services';
import { chosenModel } from './selection';

/** The lecture's examples (samples/attention.txt and the COMPSCI 589 slides). */
export const CONTEXT_PRESETS: ContextPreset[] = [
  {
    label: '“bank”: river / money',
    word: 'bank',
    contexts: ['We sat on the bank of the river and watched the water.', 'The children sat at the river bank.', 'I went to the bank to deposit my money.', 'I deposited the check at the bank.'],
  },
  {
    label: '“it”: animal / street',
    word: 'it',
    contexts: ["The animal didn't cross the street because it was too tired.", "The animal didn't cross the street because it was too wide."],
  },
  {
    label: '“course”: dinner / river',
    word: 'course',
    contexts: ['The main course was truly delicious!', 'After the soup, the delicious main course', 'The course of the river changed after the flood.', 'The river slowly changed its course'],
  },
];

const MAX_CONTEXTS = 8;

/** Sentences of `text` that contain `word` as a whole word (at most MAX_CONTEXTS, each ≤ 300 characters). */
export function sentencesWith(text: string, word: string): string[] {
  const esc = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`(?<![\\p{L}\\p{N}])${esc}(?![\\p{L}\\p{N}])`, 'iu');
  const seen = new Set<string>();
  for (const raw of text.split(/(?<=[.!?])\s+|\n\s*\n/)) {
    const s = raw.replace(/\s+/g, ' ').trim();
    if (s && s.length <= 300 && re.test(s)) seen.add(s);
    if (seen.size >= MAX_CONTEXTS) break;
  }
  return [...seen];
}

/** The word to compare: a one-word selection, else the word at the cursor. */
function wordAt(ed: vscode.TextEditor | undefined): string | undefined {
  if (!ed) return undefined;
  const sel = ed.document.getText(ed.selection).trim();
  if (sel && !/\s/.test(sel) && sel.length <= 40) return sel;
  const r = ed.document.getWordRangeAtPosition(ed.selection.active);
  return r ? ed.document.getText(r) : undefined;
}

export interface CompareArgs {
  word: string;
  contexts: string[];
}

/** `model`: the setting's language model unless a command names another (the bidirectional one). */
export async function compareWordInContexts(s: Services, args?: CompareArgs | { preset: number }, model = chosenModel()): Promise<ContextualToWebview | undefined> {
  const view = LmViewPanel.show<ContextualToWebview, ContextualToHost>(s, { id: 'modelLens.contextual', title: 'Word in Contexts', script: 'contextual', plotly: true, isToHost: isContextualToHost });
  const compare = (word: string, contexts: string[]) =>
    view.run(`Following “${word}” through the layers…`, async (token) => {
      const t0 = Date.now();
      const r = await s.engine.request(lmContextualEmbeddingsRequest, { modelId: model, word, contexts }, { token, task: 'contextual embeddings' });
      return { type: 'contextual', model, ms: Date.now() - t0, ...r };
    });
  view.onMessage = async (m) => {
    if (m.type === 'compare') await compare(m.word.trim(), m.contexts.map((c) => c.trim()).filter(Boolean));
  };
  let start: CompareArgs | undefined;
  if (args && 'preset' in args) start = CONTEXT_PRESETS[args.preset] ?? CONTEXT_PRESETS[0];
  else if (args?.word && args.contexts?.length) start = args;
  else {
    const ed = vscode.window.activeTextEditor;
    const word = wordAt(ed);
    const contexts = word && ed ? sentencesWith(ed.document.getText(), word) : [];
    start = word && contexts.length >= 2 ? { word, contexts } : CONTEXT_PRESETS[0];
  }
  view.post({ type: 'setup', presets: CONTEXT_PRESETS, word: start.word, contexts: start.contexts });
  return compare(start.word, start.contexts);
}
