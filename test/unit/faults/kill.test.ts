// Fault injection, process level: SIGKILL a training child between checkpoints and in the middle of a checkpoint write
// (MODEL_LENS_FAULT=after-weights@10, read by src/engine/lm/checkpoint.ts); the last complete checkpoint must load and
// resume to the same loss curve as an uninterrupted run from the same seed (per step, within 1e-5).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { useTestBackend } from '../backendForTests';
import { disposeLoaded, loadCheckpoint, MANIFEST } from '../../../src/engine/lm/checkpoint';
import { trainToDir } from '../../../src/engine/lm/trainRun';
import type { LossPoint } from '../../../src/engine/lm/train';
import { faultRunArgs } from './fixtures/lmRun';

const STEPS = 20;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-faults-kill-'));
const child = path.join(__dirname, 'fixtures', 'trainChild.ts');
let reference: LossPoint[] = [];
let ran = 0;

function startChild(outDir: string, delayMs: number, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', child, outDir, String(STEPS), String(delayMs)], {
    cwd: path.resolve(__dirname, '../../..'),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const exited = (p: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => {
    if (p.exitCode !== null || p.signalCode !== null) r({ code: p.exitCode, signal: p.signalCode });
    else p.once('exit', (code, signal) => r({ code, signal }));
  });

function manifestStep(dir: string): number {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), 'utf8')).step as number;
  } catch {
    return -1;
  }
}

/** Resume the folder to STEPS and check the whole curve against the uninterrupted one. */
async function resumeAndCompare(dir: string, fromStep: number): Promise<void> {
  const r = await trainToDir(faultRunArgs(dir, STEPS));
  assert.equal(r.resumed, true);
  assert.equal(r.state.history.length, STEPS);
  for (let i = 0; i < STEPS; i++) {
    const a = r.state.history[i].loss;
    const b = reference[i].loss;
    assert.ok(Math.abs(a - b) <= 1e-5, `step ${i + 1} (resumed from ${fromStep}): loss ${a} vs uninterrupted ${b}`);
  }
}

before(async () => {
  await useTestBackend();
  const r = await trainToDir(faultRunArgs(path.join(root, 'reference'), STEPS));
  reference = r.state.history;
  assert.equal(reference.length, STEPS);
});

after(() => {
  fs.rmSync(root, { recursive: true, force: true });
  console.log(`faults: ${ran} process-kill cases ran`);
});

test('fault: SIGKILL during LM training → last complete checkpoint loads and resumes to the same loss curve', async () => {
  ran++;
  const dir = path.join(root, 'killed');
  const p = startChild(dir, 60);
  let err = '';
  p.stderr!.on('data', (d) => (err += d));
  const t0 = Date.now();
  while (manifestStep(dir) < 10) {
    if (p.exitCode !== null) assert.fail(`child exited early (${p.exitCode}): ${err}`);
    if (Date.now() - t0 > 90_000) {
      p.kill('SIGKILL');
      assert.fail('no second checkpoint within 90 s');
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  p.kill('SIGKILL');
  const { signal } = await exited(p);
  assert.equal(signal, 'SIGKILL');
  const step = manifestStep(dir);
  assert.ok(step >= 10 && step < STEPS && step % 5 === 0, `killed after step ${step}`);
  const l = loadCheckpoint(dir, { withOptimizer: true }); // checks every file's size and sha256
  assert.equal(l.step, step);
  assert.ok(l.state, 'the checkpoint is resumable');
  assert.deepEqual(l.history.map((h) => h.loss), reference.slice(0, step).map((h) => h.loss));
  disposeLoaded(l);
  await resumeAndCompare(dir, step);
});

test('fault: killed after the weights file is written but before the manifest → previous checkpoint intact', async () => {
  ran++;
  const dir = path.join(root, 'midsave');
  const p = startChild(dir, 0, { MODEL_LENS_FAULT: 'after-weights@10' });
  let err = '';
  p.stderr!.on('data', (d) => (err += d));
  const { signal } = await exited(p);
  assert.equal(signal, 'SIGKILL', `child should die in the save at step 10: ${err}`);
  assert.equal(manifestStep(dir), 5, 'the manifest still names step 5');
  assert.ok(fs.existsSync(path.join(dir, 'weights-0000010.bin')), 'the step-10 weights were written before the kill');
  const l = loadCheckpoint(dir, { withOptimizer: true });
  assert.equal(l.step, 5);
  disposeLoaded(l);
  await resumeAndCompare(dir, 5);
  // The next save cleaned the leftovers: only the files the manifest lists (and the manifest) remain.
  const m = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), 'utf8'));
  assert.deepEqual(fs.readdirSync(dir).sort(), [...Object.keys(m.files), MANIFEST].sort());
});
