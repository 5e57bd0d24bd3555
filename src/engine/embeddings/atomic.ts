// Atomic file writes: write to a temp file in the same folder, then rename over the target,
// so a crash or a full disk never leaves a half-written file where a good one was.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../errors';

/** A write failure (full disk, read-only folder, a file where a folder should be) as a message for the person. */
export function saveError(e: unknown, target: string): Error {
  if (e instanceof UserError) return e;
  const code = (e as NodeJS.ErrnoException)?.code;
  const why =
    code === 'ENOSPC' || code === 'EDQUOT'
      ? 'the disk is full'
      : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
        ? 'permission denied (is the folder read-only?)'
        : code === 'ENOTDIR' || code === 'EEXIST'
          ? 'part of the path is a file, not a folder'
          : undefined;
  if (!why) return e as Error;
  return new UserError(`cannot save to ${target}: ${why}. Nothing was overwritten; free space or choose another folder and try again.`);
}

function tempName(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
}

/** Writes all files to temps first, then renames them into place (the last one listed is the commit marker). */
export async function writeFilesAtomic(files: { path: string; data: string | Uint8Array }[]): Promise<void> {
  const temps: string[] = [];
  try {
    for (const f of files) {
      await fs.promises.mkdir(path.dirname(f.path), { recursive: true });
      const t = tempName(f.path);
      temps.push(t);
      const fh = await fs.promises.open(t, 'w');
      try {
        await fh.writeFile(f.data);
        await fh.sync();
      } finally {
        await fh.close();
      }
    }
    for (let i = 0; i < files.length; i++) await fs.promises.rename(temps[i], files[i].path);
  } catch (e) {
    for (const t of temps) await fs.promises.rm(t, { force: true }).catch(() => undefined);
    throw saveError(e, path.dirname(files[files.length - 1]?.path ?? '.'));
  }
}

export function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  return writeFilesAtomic([{ path: target, data }]);
}
