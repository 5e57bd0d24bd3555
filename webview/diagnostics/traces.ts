// Pure: turns the engine's matmul timings into Plotly traces (unit-tested without a browser).
import type { DiagnosticsResult } from '../../src/protocol/engine';

export interface BarTrace {
  type: 'bar';
  x: string[];
  y: number[];
  text: string[];
  name: string;
  hovertemplate: string;
}

export function timingTraces(r: DiagnosticsResult): BarTrace[] {
  return [
    {
      type: 'bar',
      name: r.backend,
      x: r.timings.map((t) => `${t.size}×${t.size}`),
      y: r.timings.map((t) => Number(t.gflops.toFixed(3))),
      text: r.timings.map((t) => `${t.ms.toFixed(2)} ms`),
      hovertemplate: '%{x}: %{y:.2f} GFLOP/s (%{text})<extra></extra>',
    },
  ];
}
