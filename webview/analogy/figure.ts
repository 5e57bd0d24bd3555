// Pure: the Analogy panel's 2-D drawing. PCA of just a, b, c, the answers and the target a − b + c
// (power iteration on the small covariance), points by role, and the two equal offsets b→a and c→target.
import type { AnalogyToWebview } from '../../src/protocol/webview/analogy';

type AnalogyMsg = Extract<AnalogyToWebview, { type: 'analogy' }>;

/** Top-2 principal components of the rows (each of length d) → [x, y] per row. */
export function project2d(rows: number[][]): [number, number][] {
  const n = rows.length;
  const d = rows[0]?.length ?? 0;
  const mean = new Array<number>(d).fill(0);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j] += r[j] / n;
  const X = rows.map((r) => r.map((v, j) => v - mean[j]));
  const comps: number[][] = [];
  for (let c = 0; c < 2; c++) {
    // power iteration on Xᵀ X, deflating the components already found
    let v = Array.from({ length: d }, (_, j) => Math.sin(j * 12.9898 + c * 78.233) + 0.5);
    for (let it = 0; it < 200; it++) {
      const xv = X.map((r) => r.reduce((s, x, j) => s + x * v[j], 0));
      const w = new Array<number>(d).fill(0);
      X.forEach((r, i) => r.forEach((x, j) => (w[j] += x * xv[i])));
      for (const p of comps) {
        const dot = w.reduce((s, x, j) => s + x * p[j], 0);
        for (let j = 0; j < d; j++) w[j] -= dot * p[j];
      }
      const norm = Math.hypot(...w) || 1;
      v = w.map((x) => x / norm);
    }
    comps.push(v);
  }
  return X.map((r) => [comps[0].reduce((s, p, j) => s + p * r[j], 0), comps[1].reduce((s, p, j) => s + p * r[j], 0)]);
}

export interface FigureColors {
  input: string;
  answer: string;
  other: string;
  target: string;
  text: string;
}

export interface AnalogyFigure {
  traces: {
    type: 'scatter';
    name: string;
    mode: 'markers+text';
    x: number[];
    y: number[];
    text: string[];
    textposition: string;
    marker: { size: number; color: string; symbol?: string };
    hovertemplate: string;
  }[];
  annotations: Record<string, unknown>[];
  /** Words drawn, by role. */
  roles: { inputs: string[]; answer?: string; answerMul?: string; others: string[] };
}

export function analogyFigure(m: AnalogyMsg, colors: FigureColors): AnalogyFigure {
  const vec = new Map(m.vectors.map((v) => [v.word, v.vector]));
  const inputs = [m.a, m.b, m.c].filter((w) => vec.has(w));
  const answer = m.cosadd[0]?.word;
  // 3CosMul's answer is drawn as an answer too when the methods disagree
  const answerMul = m.cosmul[0]?.word !== answer && m.cosmul[0] && vec.has(m.cosmul[0].word) ? m.cosmul[0].word : undefined;
  const others = [...new Set([...m.cosadd.slice(1, 5), ...m.cosmul.slice(0, 5)].map((r) => r.word))].filter((w) => w !== answer && w !== answerMul && vec.has(w));
  const a = vec.get(m.a);
  const b = vec.get(m.b);
  const c = vec.get(m.c);
  const target = a && b && c ? a.map((x, j) => x - b[j] + c[j]) : undefined;
  const words = [...inputs, ...(answer && vec.has(answer) ? [answer] : []), ...(answerMul ? [answerMul] : []), ...others];
  const rows = [...words.map((w) => vec.get(w)!), ...(target ? [target] : [])];
  const xy = rows.length >= 2 ? project2d(rows) : rows.map((): [number, number] => [0, 0]);
  const at = new Map(words.map((w, i) => [w, xy[i]]));
  const targetXY = target ? xy[xy.length - 1] : undefined;
  const trace = (name: string, ws: string[], color: string, size: number, symbol?: string) => ({
    type: 'scatter' as const,
    name,
    mode: 'markers+text' as const,
    x: ws.map((w) => at.get(w)![0]),
    y: ws.map((w) => at.get(w)![1]),
    text: ws,
    textposition: 'top center',
    marker: { size, color, ...(symbol ? { symbol } : {}) },
    hovertemplate: '%{text}<extra></extra>',
  });
  const traces = [trace('other answers', others, colors.other, 8), trace('a, b, c', inputs, colors.input, 12)];
  if (answer && at.has(answer)) traces.push(trace(answerMul ? 'answer (3CosAdd)' : 'answer', [answer], colors.answer, 14, 'star'));
  if (answerMul) traces.push(trace('answer (3CosMul)', [answerMul], colors.answer, 14, 'diamond'));
  if (targetXY) {
    traces.push({ ...trace('a − b + c', [], colors.target, 12, 'x'), x: [targetXY[0]], y: [targetXY[1]], text: [`${m.a} − ${m.b} + ${m.c}`], textposition: 'bottom center' });
  }
  const arrow = (from: [number, number], to: [number, number], color: string) => ({
    x: to[0], y: to[1], ax: from[0], ay: from[1], xref: 'x', yref: 'y', axref: 'x', ayref: 'y',
    showarrow: true, arrowhead: 3, arrowsize: 1.2, arrowwidth: 2, arrowcolor: color, text: '',
  });
  const annotations: Record<string, unknown>[] = [];
  const pa = at.get(m.a);
  const pb = at.get(m.b);
  const pc = at.get(m.c);
  if (pa && pb) annotations.push(arrow(pb, pa, colors.input));
  if (pc && targetXY) annotations.push(arrow(pc, targetXY, colors.target));
  return { traces, annotations, roles: { inputs, answer, answerMul, others } };
}
