// Pure: one [MASK]'s candidates → a horizontal Plotly bar trace, and the sentence with each mask filled by a choice.
import type { FillMaskSlot } from '../../src/protocol/webview/fillMask';

export interface MaskBarTrace {
  type: 'bar';
  orientation: 'h';
  x: number[];
  y: number[];
  customdata: number[];
  text: string[];
  textposition: 'outside';
  hovertext: string[];
  hoverinfo: 'text';
  marker: { color: string[] };
  cliponaxis: false;
}

/** Candidates as bars, most likely on top; the chosen one drawn in `colors.chosen`. Labels go in `tickLabels`. */
export function maskBars(slot: FillMaskSlot, chosen: number, colors: { bar: string; chosen: string }): { trace: MaskBarTrace; tickLabels: string[] } {
  const c = slot.candidates;
  return {
    tickLabels: c.map((x) => x.token),
    trace: {
      type: 'bar',
      orientation: 'h',
      x: c.map((x) => x.prob),
      y: c.map((_, i) => i),
      customdata: c.map((_, i) => i),
      text: c.map((x) => `${(x.prob * 100).toFixed(1)}%`),
      textposition: 'outside',
      hovertext: c.map((x, i) => `“${x.token}” rank ${i + 1}<br>p = ${x.prob.toFixed(4)}<br>id ${x.id}`),
      hoverinfo: 'text',
      marker: { color: c.map((_, i) => (i === chosen ? colors.chosen : colors.bar)) },
      cliponaxis: false,
    },
  };
}

export interface SentencePart {
  text: string;
  /** Index of the mask this part fills, or undefined for an ordinary token. */
  mask?: number;
  special?: boolean;
}

/** The tokens with mask i replaced by its candidate `choices[i]`; [CLS]/[SEP]/[PAD] flagged as special. */
export function filledSentence(tokens: string[], masks: FillMaskSlot[], choices: number[]): SentencePart[] {
  const at = new Map(masks.map((m, i) => [m.position, i]));
  return tokens.map((t, p) => {
    const i = at.get(p);
    if (i !== undefined) return { text: masks[i].candidates[choices[i] ?? 0]?.token ?? t, mask: i };
    return /^\[(CLS|SEP|PAD)\]$/.test(t) ? { text: t, special: true } : { text: t };
  });
}
