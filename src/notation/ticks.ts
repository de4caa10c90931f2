// Tick marks for a plot's axis: about `count` round numbers (1, 2 or 5 times a power of ten apart)
// inside [lo, hi], as the contour and decision-boundary plots draw them. Pure.

/** Round values between lo and hi inclusive, about `count` of them; [] for an empty or unreadable range. */
export function niceTicks(lo: number, hi: number, count = 4): number[] {
  if (!(Number.isFinite(lo) && Number.isFinite(hi)) || !(hi > lo) || count < 1) return [];
  const raw = (hi - lo) / count;
  const p = 10 ** Math.floor(Math.log10(raw));
  // the finest round step that gives at most one tick more than asked for
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => (hi - lo) / s <= count + 1) ?? 10 * p;
  const first = Math.ceil(lo / step - 1e-9);
  const out: number[] = [];
  for (let k = first; k * step <= hi + step * 1e-9; k++) out.push(Number((k * step).toPrecision(12)) + 0);
  return out;
}

/** A tick's label: as few digits as the step needs. */
export function tickLabel(v: number, ticks: readonly number[]): string {
  const step = ticks.length > 1 ? Math.abs(ticks[1] - ticks[0]) : Math.abs(v) || 1;
  const digits = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return v.toFixed(Math.min(digits, 10)).replace(/^-(0\.?0*)$/, "$1");
}
