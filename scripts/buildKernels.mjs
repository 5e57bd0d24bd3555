// `npm run build:kernels`: compiles the WebAssembly SIMD kernels in src/engine/embeddings/kernels/
// (AssemblyScript) into assets/wasm/, which is committed so neither users nor CI need the compiler.
// Each kernel imports its memory (env.memory) and nothing else.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const asc = path.join(root, 'node_modules', 'assemblyscript', 'bin', 'asc.js');
const kernels = ['word2vec'];
fs.mkdirSync(path.join(root, 'assets', 'wasm'), { recursive: true });
for (const k of kernels) {
  const src = path.join('src', 'engine', 'embeddings', 'kernels', `${k}.ts`);
  const out = path.join('assets', 'wasm', `${k}.wasm`);
  execFileSync(process.execPath, [asc, src, '-o', out, '-O3', '--noAssert', '--runtime', 'stub', '--importMemory', '--initialMemory', '1',
    '--use', 'abort=', '--enable', 'simd', '--disable', 'bulk-memory'], { cwd: root, stdio: 'inherit' });
  const bytes = fs.readFileSync(path.join(root, out));
  const mod = new WebAssembly.Module(bytes);
  const imports = WebAssembly.Module.imports(mod).map((i) => `${i.module}.${i.name}`);
  if (imports.join() !== 'env.memory') throw new Error(`${out}: unexpected imports ${imports.join(', ')}`);
  console.log(`${out}: ${bytes.length} bytes, exports ${WebAssembly.Module.exports(mod).map((e) => e.name).join(', ')}`);
}
