// Reproduces the README's "from scratch vs fine-tuned" classifier table: on each bundled sample, a new encoder trained
// from scratch (the command's defaults, and again at the default encoder's 40 positions) and the embedded default
// encoder fine-tuned with a new head, all with the same split, epochs and seed. Prints a Markdown table.
// Run: node --import tsx scripts/compareClassifierStarts.ts [--epochs N] [--max-examples N]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initBackend } from '../src/engine/backend';
import { trainClassifierFromFile } from '../src/engine/classify/classifier';
import { CLASSIFY_SAMPLES, type ClassifyTrainParams } from '../src/protocol/classify';

const arg = (name: string): number | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : undefined;
};

async function main(): Promise<void> {
  const backend = await initBackend(process.env.MODEL_LENS_BACKEND ?? 'wasm');
  const epochs = arg('epochs') ?? 4;
  const maxExamples = arg('max-examples');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-compare-'));
  const variants: { name: string; p: Partial<ClassifyTrainParams> }[] = [
    { name: 'from scratch (1 × 64, context 64)', p: {} },
    { name: 'from scratch (1 × 64, context 40)', p: { contextLength: 40 } },
    { name: 'fine-tuned default encoder (4 × 100, context 40)', p: { from: 'default-encoder' } },
  ];
  const rows: string[] = [];
  for (const s of CLASSIFY_SAMPLES) {
    for (const v of variants) {
      const out = path.join(root, `${s.id}-${rows.length}`);
      const r = await trainClassifierFromFile({
        data: path.join(__dirname, '..', s.file), textColumn: s.textColumn, labelColumn: s.labelColumn, out, epochs, seed: 1, ...(maxExamples ? { maxExamples } : {}), ...v.p,
      });
      const best = r.history[r.bestEpoch - 1];
      const row = `| ${s.id} | ${v.name} | ${(100 * best.accuracy).toFixed(1)} % | ${best.macroF1.toFixed(3)} | ${(100 * r.baseline.accuracy).toFixed(1)} % | ${r.bestEpoch} | ${r.seconds.toFixed(0)} s |`;
      rows.push(row);
      process.stderr.write(`${row}\n`);
    }
  }
  fs.rmSync(root, { recursive: true, force: true });
  console.log(`backend ${backend.active}; ${epochs} epochs, seed 1, 20 % stratified validation split, best epoch kept\n`);
  console.log('| sample | encoder | val accuracy | macro-F1 | majority baseline | best epoch | time |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
