// Tiny runtime checks for messages that cross a trust boundary (webview → host, files → engine).
// Each check is a type guard, so a validated message is typed without casts.

export type Check<T> = (v: unknown) => v is T;

export const str: Check<string> = (v): v is string => typeof v === 'string';
export const bool: Check<boolean> = (v): v is boolean => typeof v === 'boolean';
/** A finite number (NaN and ±Infinity are rejected). */
export const num: Check<number> = (v): v is number => typeof v === 'number' && Number.isFinite(v);
export const int: Check<number> = (v): v is number => Number.isInteger(v);

export function lit<const L extends string | number | boolean>(l: L): Check<L> {
  return (v): v is L => v === l;
}

export function range(lo: number, hi: number): Check<number> {
  return (v): v is number => num(v) && v >= lo && v <= hi;
}

/** A string of at most `max` characters (bounds what a webview can make us process). */
export function shortStr(max: number): Check<string> {
  return (v): v is string => typeof v === 'string' && v.length <= max;
}

export function arr<T>(c: Check<T>, maxLen = 100_000): Check<T[]> {
  return (v): v is T[] => Array.isArray(v) && v.length <= maxLen && v.every(c);
}

export function optional<T>(c: Check<T>): Check<T | undefined> {
  return (v): v is T | undefined => v === undefined || c(v);
}

type Shape = Record<string, Check<unknown>>;
type FromShape<S extends Shape> = { [K in keyof S]: S[K] extends Check<infer T> ? T : never };

/** An object with exactly these keys checked (unknown extra keys are rejected too). */
export function obj<S extends Shape>(shape: S): Check<FromShape<S>> {
  return (v): v is FromShape<S> => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
    const rec = v as Record<string, unknown>;
    for (const k of Object.keys(rec)) if (!(k in shape)) return false;
    for (const [k, c] of Object.entries(shape)) if (!c(rec[k])) return false;
    return true;
  };
}

export function oneOf<T extends unknown[]>(...cs: { [K in keyof T]: Check<T[K]> }): Check<T[number]> {
  return (v): v is T[number] => cs.some((c) => c(v));
}
