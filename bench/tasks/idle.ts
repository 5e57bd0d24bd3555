// "Costs nothing until used", measured in a real VS Code by test/vscode/idle.test.ts (npm run test:vscode
// writes test-results/idle.json): engine processes and host growth after start-up with no command used,
// first command → engine ready, and what remains after the idle timeout. The bench reports the last run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BenchTask } from './types';

const FILE = path.resolve(__dirname, '../../test-results/idle.json');

type Figures = Record<string, Record<string, number | boolean | null> | string>;

function figures(section: string): Record<string, number | boolean | null> {
  if (!fs.existsSync(FILE)) throw new Error('no idle.json: run npm run test:vscode first');
  const all = JSON.parse(fs.readFileSync(FILE, 'utf8')) as Figures;
  const s = all[section];
  if (!s || typeof s !== 'object') throw new Error(`"${section}" missing from test-results/idle.json (did the idle tests pass?)`);
  return { ...s, measuredAt: typeof all.at === 'string' ? all.at : null } as Record<string, number | boolean | null>;
}

function row(name: string, unit: string, target: number | undefined, value: (f: Record<string, number | boolean | null>) => number, section: string): BenchTask {
  return {
    name,
    unit,
    higherIsBetter: false,
    target: target === undefined ? undefined : { op: '<=', value: target },
    backends: 'none',
    backendLabel: 'VS Code (code-server) + wasm',
    quick: true,
    async run() {
      const f = figures(section);
      return { values: [value(f)], extra: { ...f, source: 'test/vscode/idle.test.ts in code-server' } };
    },
  };
}

export const idleStartupProcesses = row('engine processes after start-up, no command used (real VS Code)', 'processes', 0, (f) => Number(f.engineProcesses), 'startup');
// The heap Model Lens's code holds after loading + activate() (the resident set over the same span, which also counts
// other extension-host threads' pages, is in the row's extra data as activation.rssMB).
export const idleActivationGrowth = row('extension-host heap growth from loading + activating, no command used (real VS Code)', 'MB', 5, (f) => {
  const a = f.activation as unknown as { heapMB: number } | undefined;
  if (!a) throw new Error('no activation figure in test-results/idle.json');
  return a.heapMB;
}, 'startup');
export const idleColdStart = row('cold start: first command → engine ready (real VS Code)', 'ms', 1000, (f) => Number(f.commandToEngineReadyMs), 'coldStart');
export const idleMemoryAfter = row('engine RSS after the idle timeout (real VS Code; RSS before in extra)', 'MB', undefined, (f) => Number(f.engineRssAfterMB), 'afterIdle');
