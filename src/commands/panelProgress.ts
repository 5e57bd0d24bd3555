// Long engine work under a cancellable notification whose cancel — or the panel's own Stop button — cancels the
// request. Shared by every command that trains or evaluates with a panel open (language models, masked LMs,
// classifiers, word embeddings, embedding evaluation), so they all cancel and report progress the same way.
import * as vscode from 'vscode';

/** A panel with a Stop button. */
export interface Stoppable {
  onCancel: vscode.Event<void>;
}

/**
 * Runs `work(token, report)` under a notification titled `title`. `report(fraction, message)` advances the
 * notification to `fraction` (0…1; undefined keeps the last) and returns the fraction it used, for the panel.
 * `start` is where the bar begins (a resumed run).
 */
export function withPanelProgress<R>(
  panel: Stoppable,
  title: string,
  work: (token: vscode.CancellationToken, report: (fraction: number | undefined, message?: string) => number) => Promise<R>,
  start = 0,
): Thenable<R> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const cts = new vscode.CancellationTokenSource();
    const subs = [token.onCancellationRequested(() => cts.cancel()), panel.onCancel(() => cts.cancel())];
    let last = start;
    const report = (fraction: number | undefined, message?: string): number => {
      const f = fraction ?? last;
      progress.report({ message, increment: Math.max(0, (f - last) * 100) });
      last = Math.max(last, f);
      return f;
    };
    try {
      return await work(cts.token, report);
    } finally {
      for (const d of subs) d.dispose();
      cts.dispose();
    }
  });
}
