// Chart colours from the VS Code theme: read the --vscode-* CSS variables the webview receives,
// and redraw when the theme changes (VS Code swaps the body's vscode-light/dark class).

export interface ThemeColors {
  foreground: string;
  background: string;
  grid: string;
  accent: string;
  muted: string;
  font: string;
  fontSize: number;
  /** Categorical palette (charts' series colours). */
  palette: string[];
  /** Sequential colour scale for heat maps, low → high. */
  heat: [number, string][];
  dark: boolean;
}

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.body).getPropertyValue(name).trim();
  return v || fallback;
}

export function themeColors(): ThemeColors {
  const dark = document.body.classList.contains('vscode-dark') || document.body.classList.contains('vscode-high-contrast');
  const fg = cssVar('--vscode-editor-foreground', dark ? '#cccccc' : '#333333');
  const bg = cssVar('--vscode-editor-background', dark ? '#1e1e1e' : '#ffffff');
  const accent = cssVar('--vscode-charts-blue', cssVar('--vscode-focusBorder', '#3794ff'));
  return {
    foreground: fg,
    background: bg,
    grid: cssVar('--vscode-editorWidget-border', dark ? '#454545' : '#c8c8c8'),
    accent,
    muted: cssVar('--vscode-descriptionForeground', dark ? '#9d9d9d' : '#717171'),
    font: cssVar('--vscode-font-family', 'sans-serif'),
    fontSize: parseFloat(cssVar('--vscode-font-size', '13')) || 13,
    palette: [
      accent,
      cssVar('--vscode-charts-orange', '#d18616'),
      cssVar('--vscode-charts-green', '#89d185'),
      cssVar('--vscode-charts-red', '#f14c4c'),
      cssVar('--vscode-charts-purple', '#b180d7'),
      cssVar('--vscode-charts-yellow', '#cca700'),
    ],
    heat: [
      [0, bg],
      [1, accent],
    ],
    dark,
  };
}

/** Plotly layout defaults that follow the theme. */
export function themedLayout(t: ThemeColors, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const axis = { color: t.foreground, gridcolor: t.grid, zerolinecolor: t.grid, linecolor: t.grid };
  return {
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: 'rgba(0,0,0,0)',
    font: { family: t.font, size: t.fontSize, color: t.foreground },
    colorway: t.palette,
    margin: { l: 56, r: 16, t: 36, b: 48 },
    xaxis: axis,
    yaxis: axis,
    hoverlabel: { bgcolor: t.background, bordercolor: t.grid, font: { color: t.foreground } },
    ...extra,
  };
}

/** Calls `redraw` whenever VS Code switches theme. */
export function onThemeChange(redraw: () => void): void {
  new MutationObserver(() => redraw()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
