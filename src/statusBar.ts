// Status-bar item: the active backend and the engine's state; clicking it shows the backend details.
import * as vscode from 'vscode';
import type { EngineClient, EngineState } from './engineClient';
import type { BackendReport } from './protocol/backend';

/** " — GPU: vendor architecture description" when WebGPU is active, else nothing. */
function gpuName(b: BackendReport): string {
  const a = b.adapter;
  if (b.active !== 'webgpu' || !a) return '';
  return ` — GPU: ${[a.vendor, a.architecture, a.description || a.device].filter(Boolean).join(' ')}${a.software ? ' (software adapter)' : ''}`;
}

export function statusText(s: EngineState): { text: string; tooltip: string } {
  switch (s.kind) {
    case 'stopped':
      return { text: '$(circle-outline) Model Lens', tooltip: 'Model Lens engine not started (starts on first use)' };
    case 'starting':
      return { text: '$(sync~spin) Model Lens: starting', tooltip: 'Model Lens engine is starting' };
    case 'ready':
      return {
        text: `$(pulse) Model Lens: ${s.info.backend.active}`,
        tooltip: `Model Lens engine ready on ${s.info.backend.active}${gpuName(s.info.backend)} (pid ${s.info.pid}). Click for backend details.`,
      };
    case 'busy': {
      const pct = s.fraction !== undefined ? ` ${Math.round(s.fraction * 100)}%` : '';
      return { text: `$(sync~spin) Model Lens: ${s.task}${pct}`, tooltip: `Model Lens engine (${s.info.backend.active}) is busy: ${s.task}` };
    }
    case 'crashed':
      return { text: '$(error) Model Lens: engine stopped', tooltip: `Engine ${s.reason}; it restarts on the next request.` };
    default: {
      const never: never = s;
      return never;
    }
  }
}

export class EngineStatusBar implements vscode.Disposable {
  private item = vscode.window.createStatusBarItem('modelLens.engine', vscode.StatusBarAlignment.Right, 100);

  constructor(engine: EngineClient) {
    this.item.name = 'Model Lens Engine';
    this.item.command = 'modelLens.showBackend';
    this.render(engine.state);
    engine.on('state', (s: EngineState) => this.render(s));
    this.item.show();
  }

  private render(s: EngineState): void {
    const { text, tooltip } = statusText(s);
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.backgroundColor = s.kind === 'crashed' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
