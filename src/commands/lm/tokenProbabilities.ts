// "Show Token Probabilities": paints each token of the selection by its surprisal (−log2 p) with
// editor decorations in 6 buckets; the hover gives p(token), rank and the top alternatives.
import * as vscode from 'vscode';
import type { Services } from '../../services';
import { lmTokenProbabilitiesRequest, type TokenProbability } from '../../protocol/lm';
import { DEFAULT_LM, SELECT_HINT, selectedText } from './selection';

/** Upper surprisal bound (bits) of each bucket; the last catches the rest. */
export const SURPRISAL_BUCKETS = [1, 2, 4, 6, 9, Infinity];
const ALPHAS = [0.0, 0.12, 0.22, 0.34, 0.46, 0.6];

export function bucketOf(bits: number): number {
  return SURPRISAL_BUCKETS.findIndex((b) => bits < b);
}

const show = (t: string) => t.replace(/ /g, '␣').replace(/\n/g, '↵');

function hover(t: TokenProbability): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**Model Lens** · token \`${show(t.token)}\`\n\n`);
  if (t.prob === null) {
    md.appendMarkdown('First token: nothing before it to predict from.');
    return md;
  }
  md.appendMarkdown(`p = **${t.prob.toFixed(4)}** · rank ${t.rank} · surprisal ${t.surprisal!.toFixed(2)} bits\n\n`);
  md.appendMarkdown('| alternative | p |\n|---|---|\n');
  for (const a of t.alternatives) md.appendMarkdown(`| \`${show(a.token)}\` | ${a.prob.toFixed(4)} |\n`);
  return md;
}

export class TokenProbabilityPainter implements vscode.Disposable {
  private types = ALPHAS.map((a) =>
    vscode.window.createTextEditorDecorationType({
      backgroundColor: `rgba(255, 96, 48, ${a})`,
      borderRadius: '2px',
      border: '1px solid rgba(128, 128, 128, 0.25)',
    }),
  );
  /** Last painting per document, for tests and Clear. */
  readonly painted = new Map<string, { tokens: TokenProbability[]; buckets: number[] }>();

  constructor(private s: Services) {}

  async paint(ed: vscode.TextEditor | undefined, model = DEFAULT_LM): Promise<TokenProbability[] | undefined> {
    if (!ed) throw new Error(SELECT_HINT);
    const input = selectedText(ed);
    if (!input) throw new Error(SELECT_HINT);
    const r = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Model Lens: scoring tokens' },
      () => this.s.engine.request(lmTokenProbabilitiesRequest, { modelId: model, text: input.text, top: 5 }, { task: 'token probabilities' }),
    );
    const doc = ed.document;
    const byBucket: vscode.DecorationOptions[][] = this.types.map(() => []);
    const buckets: number[] = [];
    for (const t of r.tokens) {
      const b = t.surprisal === null ? 0 : bucketOf(t.surprisal);
      buckets.push(b);
      const range = new vscode.Range(doc.positionAt(input.offset + t.start), doc.positionAt(input.offset + t.end));
      byBucket[b].push({ range, hoverMessage: hover(t) });
    }
    this.types.forEach((ty, i) => ed.setDecorations(ty, byBucket[i]));
    this.painted.set(doc.uri.toString(), { tokens: r.tokens, buckets });
    this.s.posted.set('tokenProbabilities:painted', { uri: doc.uri.toString(), tokens: r.tokens, buckets, truncated: r.truncated });
    if (r.truncated) void vscode.window.showInformationMessage('Model Lens: the selection was long; only its first tokens were scored.');
    return r.tokens;
  }

  clear(): void {
    for (const ed of vscode.window.visibleTextEditors) for (const ty of this.types) ed.setDecorations(ty, []);
    this.painted.clear();
    this.s.posted.delete('tokenProbabilities:painted');
  }

  dispose(): void {
    for (const ty of this.types) ty.dispose();
  }
}
