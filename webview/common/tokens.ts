// How a token is written in a chart or label: whitespace and control characters made visible.

/** Make whitespace and control characters visible in a chart label. */
export function showToken(t: string): string {
  if (t === '') return '∅';
  return t.replace(/ /g, '␣').replace(/\n/g, '↵').replace(/\t/g, '⇥').replace(/\r/g, '');
}
