// The global Plotly from the local strict bundle (loaded by a nonce'd <script> before ours).
export interface PlotlyLike {
  react(el: HTMLElement, data: unknown[], layout: Record<string, unknown>, config?: Record<string, unknown>): Promise<unknown>;
  purge(el: HTMLElement): void;
  downloadImage(el: HTMLElement, opts: Record<string, unknown>): Promise<unknown>;
}
export function plotly(): PlotlyLike {
  const p = (globalThis as unknown as { Plotly?: PlotlyLike }).Plotly;
  if (!p) throw new Error('Plotly failed to load');
  return p;
}
/** Plotly config used by every chart: no logo, no remote links, responsive. */
export const PLOT_CONFIG = { displaylogo: false, responsive: true, showLink: false, showSendToCloud: false };
