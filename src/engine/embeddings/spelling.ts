// "Did you mean" for words not in a vocabulary: bounded Levenshtein distance over the whole vocabulary.

/** Levenshtein distance, or maxDist + 1 as soon as it must exceed maxDist. */
export function editDistance(a: string, b: string, maxDist = Infinity): number {
  if (Math.abs(a.length - b.length) > maxDist) return maxDist + 1;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const sub = prev[j - 1] + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1);
      cur[j] = Math.min(sub, prev[j] + 1, cur[j - 1] + 1);
      if (cur[j] < rowMin) rowMin = cur[j];
    }
    if (rowMin > maxDist) return maxDist + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/** Up to `n` vocabulary words closest in spelling to `word` (ties: earlier = more frequent first). */
export function suggestSpellings(word: string, vocab: readonly string[], n = 5): string[] {
  const w = word.toLowerCase();
  const maxDist = Math.max(1, Math.min(3, Math.floor(w.length / 3)));
  const found: { word: string; d: number; i: number }[] = [];
  for (let i = 0; i < vocab.length; i++) {
    const d = editDistance(w, vocab[i].toLowerCase(), maxDist);
    if (d <= maxDist) found.push({ word: vocab[i], d, i });
  }
  found.sort((x, y) => x.d - y.d || x.i - y.i);
  return found.slice(0, n).map((f) => f.word);
}
