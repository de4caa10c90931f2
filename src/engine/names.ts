// Names that people type: how far one is from another, the near miss to suggest, and the
// command-line flag of a file's setting name. Pure functions: the file reader, the command
// line and the value parser share them.

/** Levenshtein distance: how many letters to add, drop or change to turn a into b. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/**
 * The candidate that `name` most likely meant: the same letters in another case, else the nearest
 * by edit distance (ignoring case) if at most two letters off, and fewer than the name has, so that
 * "x" suggests nothing (or at most `most` letters off). Ties go to the earlier candidate. Undefined
 * when nothing is near.
 */
export function didYouMean(name: string, candidates: Iterable<string>, most = Math.min(2, name.length - 1)): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestD = most + 1;
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
    if (d === 0) return c;
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best;
}

/** The command-line flag of a setting: decay_rate → --decay-rate. */
export function flagName(setting: string): string {
  return `--${setting.replace(/_/g, "-")}`;
}

/** `s` for a message, at most `max` characters of it (the rest as …), so a message never quotes a whole file. */
export function clip(s: string, max = 40): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** A name as a message quotes it: "Adm", in JSON's quotes, clipped. */
export function quoted(s: string, max = 40): string {
  return clip(JSON.stringify(s), max);
}
