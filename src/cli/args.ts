// Minimal argv parser for the CLI: positionals, --key value, --key=value, --flag, --no-flag; and the check that every flag
// given is one the command declares (a mistyped flag is an error naming the valid ones, never silently ignored).
import { UserError } from '../engine/errors';
import type { ParsedArgs } from './types';

/** Flags every command accepts. */
export const GLOBAL_FLAGS: readonly string[] = ['backend', 'json', 'help'];
/** Global flags that never take a value (so `--json TEXT` keeps TEXT positional). */
const GLOBAL_SWITCHES: readonly string[] = ['json', 'help'];

/** `switches`: the command's flags that take no value, on top of the global ones. */
export function parseArgs(argv: string[], switches: readonly string[] = []): ParsedArgs {
  const noValue = new Set([...GLOBAL_SWITCHES, ...switches]);
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
        if (!noValue.has(key) && next !== undefined && !next.startsWith('--')) {
          out.flags[key] = next;
          i++;
        } else out.flags[key] = true;
      }
    } else out._.push(a);
  }
  return out;
}

/** Levenshtein distance (insert, delete, substitute each cost 1). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** The candidate nearest to `word` by edit distance, if it is close enough to be a likely typo (or a prefix of it). */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = c.startsWith(word) && word.length >= 2 ? 0.5 : editDistance(word, c);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return bestD <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

/** Throws a UserError for the first flag that neither `command` nor the global set declares. */
export function checkFlags(args: ParsedArgs, command: string, declared: readonly string[]): void {
  const valid = [...declared, ...GLOBAL_FLAGS];
  for (const key of Object.keys(args.flags)) {
    if (valid.includes(key)) continue;
    const near = closest(key, valid);
    throw new UserError(
      `unknown flag --${key} for "${command}"${near ? ` (did you mean --${near}?)` : ''}; ` +
        `valid flags: ${declared.map((f) => `--${f}`).join(', ') || '(none)'}; global: ${GLOBAL_FLAGS.map((f) => `--${f}`).join(', ')}`,
    );
  }
}

export function flagNumber(args: ParsedArgs, key: string, def: number): number {
  const v = args.flags[key];
  if (v === undefined || v === true || v === false) return def;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new UserError(`--${key} must be a number, got "${v}"`);
  return n;
}

export function flagString(args: ParsedArgs, key: string): string | undefined {
  const v = args.flags[key];
  return typeof v === 'string' ? v : undefined;
}
