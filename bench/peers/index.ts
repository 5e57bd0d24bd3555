// Peer implementations people would otherwise use, run in the same bench on the same machine:
// PyTorch (Debian python3-torch) for tiny-GPT training, gensim (python3-gensim) for skip-gram.
// A missing peer is skipped with the command that installs it.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface PeerResult {
  name: string;
  task: string;
  value?: number;
  skipped?: string;
  extra?: Record<string, unknown>;
}

export interface Peer {
  name: string;
  /** The bench task name whose rows get this peer's ratio. */
  task: string;
  quick: boolean;
  /** Which rows (by backend label) get this peer's ratio; all rows of the task when absent. */
  matches?(backendLabel: string): boolean;
  run(o: { quick: boolean; rows: unknown[] }): Promise<PeerResult>;
}

/** Debian's python, where python3-torch / python3-gensim install (not a pyenv shim). */
export const PYTHON = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

export function hasPythonModule(mod: string): boolean {
  return spawnSync(PYTHON, ['-c', `import ${mod}`], { encoding: 'utf8' }).status === 0;
}

/** Run a peer script; returns its last JSON line. */
export function runPython(script: string, args: string[], timeoutMs = 20 * 60 * 1000): Record<string, unknown> {
  const r = spawnSync(PYTHON, [path.join(__dirname, script), ...args], { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 2 ** 20 });
  const line = (r.stdout ?? '').trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(`${script} failed (exit ${r.status}): ${(r.stderr ?? '').split('\n').slice(-4).join(' ')}`);
  }
}

import { gensimPeer } from './gensim';
import { pytorchPeers } from './pytorch';

export const PEERS: Peer[] = [...pytorchPeers, gensimPeer];
