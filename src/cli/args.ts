// Minimal argv parser for the CLI: positionals, --key value, --key=value, --flag, --no-flag.
import type { ParsedArgs } from './types';

/** Flags that never take a value (so `--json TEXT` keeps TEXT positional). */
const BOOLEAN_FLAGS = new Set(['json', 'help', 'quiet', 'resume', 'force']);

export function parseArgs(argv: string[]): ParsedArgs {
  const out: ParsedArgs = { _: [], flags: {} };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      out._.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) out.flags[a.slice(2, eq)] = a.slice(eq + 1);
      else if (a.startsWith('--no-')) out.flags[a.slice(5)] = false;
      else {
        const key = a.slice(2);
        const next = argv[i + 1];
        if (!BOOLEAN_FLAGS.has(key) && next !== undefined && !next.startsWith('--')) {
          out.flags[key] = next;
          i++;
        } else out.flags[key] = true;
      }
    } else out._.push(a);
  }
  return out;
}

export function flagNumber(args: ParsedArgs, key: string, def: number): number {
  const v = args.flags[key];
  if (v === undefined || v === true || v === false) return def;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`--${key} must be a number, got "${v}"`);
  return n;
}

export function flagString(args: ParsedArgs, key: string): string | undefined {
  const v = args.flags[key];
  return typeof v === 'string' ? v : undefined;
}
