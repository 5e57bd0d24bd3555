// Optional hover (setting modelLens.embeddings.hover, off by default): in plain-text and Markdown
// files, the 5 nearest neighbours (cosine) of the word under the mouse in the model named by
// modelLens.embeddingModel. Unknown words, numbers and engine errors show nothing.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { neighborsRequest } from '../protocol/embeddings';
import { DEFAULT_EMBEDDING_MODEL } from '../commands/embeddingModels';
import type { Services } from '../services';

export const HOVER_SELECTOR: vscode.DocumentSelector = [{ language: 'plaintext' }, { language: 'markdown' }];

export class EmbeddingHoverProvider implements vscode.HoverProvider {
  constructor(private s: Services) {}

  async provideHover(doc: vscode.TextDocument, pos: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const cfg = vscode.workspace.getConfiguration('modelLens');
    if (!cfg.get<boolean>('embeddings.hover', false)) return undefined;
    const range = doc.getWordRangeAtPosition(pos, /[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*/u);
    if (!range) return undefined;
    const word = doc.getText(range).toLowerCase();
    if (word.length > 100 || /^\d+$/.test(word)) return undefined;
    const model = cfg.get<string>('embeddingModel', DEFAULT_EMBEDDING_MODEL) || DEFAULT_EMBEDDING_MODEL;
    try {
      const r = await this.s.engine.request(neighborsRequest, { model, word, k: 5, metrics: ['cosine'] }, { token });
      const list = r.results.cosine ?? [];
      if (!list.length || token.isCancellationRequested) return undefined;
      const name = model === DEFAULT_EMBEDDING_MODEL ? 'GloVe 6B 100d' : path.basename(model);
      const md = new vscode.MarkdownString(undefined, false);
      md.appendMarkdown(`**Nearest to “${escape(word)}”** · ${escape(name)}\n\n`);
      md.appendMarkdown(list.map((n, i) => `${i + 1}. ${escape(n.word)} — ${n.score.toFixed(3)}`).join('\n'));
      this.s.posted.set('hover:neighbors', { word, model, results: list });
      return new vscode.Hover(md, range);
    } catch {
      return undefined; // not in the vocabulary (or the model is gone): no hover
    }
  }
}

/** Markdown-escape a vocabulary word (they can hold *, _, [ …). */
function escape(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}

export function registerEmbeddingHover(s: Services): void {
  s.context.subscriptions.push(vscode.languages.registerHoverProvider(HOVER_SELECTOR, new EmbeddingHoverProvider(s)));
}
