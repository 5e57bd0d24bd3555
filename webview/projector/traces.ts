// Pure: turns projected words (+ what is highlighted) into Plotly traces, 2-D (scattergl) or 3-D
// (scatter3d). No DOM here, so the webview test can check counts and colours without a browser.

export interface ProjectedPoints {
  words: string[];
  dims: 2 | 3;
  /** Row-major [words.length * dims]. */
  coords: number[];
}

export interface Highlights {
  /** The clicked or searched word. */
  selected?: string;
  /** Its nearest neighbours (drawn in the second colour). */
  neighbors: string[];
  /** Words selected in the editor or matching the search box. */
  marked: string[];
}

export interface TraceColors {
  base: string;
  selected: string;
  neighbor: string;
  marked: string;
  text: string;
}

export interface PointTrace {
  type: 'scattergl' | 'scatter3d';
  name: string;
  mode: 'markers' | 'markers+text';
  x: number[];
  y: number[];
  z?: number[];
  text: string[];
  customdata: number[];
  hovertemplate: string;
  textposition: string;
  textfont: { color: string; size: number };
  marker: { size: number; color: string; opacity: number; line?: { width: number; color: string } };
}

/** Above this many points, "labels on" labels only highlighted points (text on every point is unreadable and slow). */
export const MAX_LABELLED = 1500;

/**
 * Traces, bottom to top: every point; editor/search marks; neighbours; the selected word.
 * `customdata` holds each point's index in `p.words` so a click maps back to a word.
 */
export function projectorTraces(p: ProjectedPoints, h: Highlights, colors: TraceColors, labels: boolean): PointTrace[] {
  const index = new Map<string, number>();
  p.words.forEach((w, i) => index.set(w, i));
  const n = p.words.length;
  const pick = (words: string[]) => [...new Set(words)].map((w) => index.get(w)).filter((i): i is number => i !== undefined);
  const all = Array.from({ length: n }, (_, i) => i);
  const three = p.dims === 3;
  const make = (name: string, idx: number[], color: string, size: number, withText: boolean): PointTrace => {
    const t: PointTrace = {
      type: three ? 'scatter3d' : 'scattergl',
      name,
      mode: withText ? 'markers+text' : 'markers',
      x: idx.map((i) => p.coords[i * p.dims]),
      y: idx.map((i) => p.coords[i * p.dims + 1]),
      text: idx.map((i) => p.words[i]),
      customdata: idx,
      hovertemplate: '%{text}<extra></extra>',
      textposition: 'top center',
      textfont: { color: colors.text, size: 11 },
      marker: { size, color, opacity: name === 'words' ? 0.55 : 1 },
    };
    if (three) t.z = idx.map((i) => p.coords[i * p.dims + 2]);
    return t;
  };
  const neighbors = pick(h.neighbors.filter((w) => w !== h.selected));
  const selected = h.selected !== undefined ? pick([h.selected]) : [];
  const marked = pick(h.marked.filter((w) => w !== h.selected && !h.neighbors.includes(w)));
  const small = three ? 2.5 : 4;
  return [
    make('words', all, colors.base, small, labels && n <= MAX_LABELLED),
    make('marked', marked, colors.marked, small * 2, true),
    make('neighbours', neighbors, colors.neighbor, small * 2, true),
    make('selected', selected, colors.selected, small * 3, true),
  ];
}

/** Words whose text contains `query` (case-insensitive), most frequent first, at most `limit`. */
export function searchWords(words: string[], query: string, limit = 50): string[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const exact = words.filter((w) => w.toLowerCase() === q);
  const prefix = words.filter((w) => w.toLowerCase() !== q && w.toLowerCase().startsWith(q));
  const inner = words.filter((w) => !w.toLowerCase().startsWith(q) && w.toLowerCase().includes(q));
  return [...exact, ...prefix, ...inner].slice(0, limit);
}
