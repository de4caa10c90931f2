// Contour lines of a surface sampled on a grid (the loss over two numbers, race.ts lossSurface), by
// marching squares: each cell of four samples is cut where the level crosses its edges, the
// crossing found by linear interpolation; a saddle (two opposite corners above) is resolved by the
// cell's mean. Cells with a sample that is not finite draw nothing. Pure, for the page and tests.

/**
 * The segments of one level, as [x1, y1, x2, y2, …] in grid coordinates: x is the column index
 * (0 … nx − 1), y the row index (0 … ny − 1), fractional between samples. values[j · nx + i] is
 * the sample at column i, row j.
 */
export function contourSegments(values: ArrayLike<number>, nx: number, ny: number, level: number): number[] {
  const out: number[] = [];
  const at = (i: number, j: number) => values[j * nx + i];
  // where the level crosses between two samples, as the fraction of the way from the first
  const f = (a: number, b: number) => (a === b ? 0.5 : (level - a) / (b - a));
  for (let j = 0; j + 1 < ny; j++)
    for (let i = 0; i + 1 < nx; i++) {
      const v0 = at(i, j), v1 = at(i + 1, j), v2 = at(i + 1, j + 1), v3 = at(i, j + 1);
      if (!(Number.isFinite(v0) && Number.isFinite(v1) && Number.isFinite(v2) && Number.isFinite(v3))) continue;
      const c = (v0 > level ? 1 : 0) | (v1 > level ? 2 : 0) | (v2 > level ? 4 : 0) | (v3 > level ? 8 : 0);
      if (c === 0 || c === 15) continue;
      // the crossing on each edge: bottom (0–1), right (1–2), top (3–2), left (0–3)
      const bottom = () => [i + f(v0, v1), j];
      const right = () => [i + 1, j + f(v1, v2)];
      const top = () => [i + f(v3, v2), j + 1];
      const left = () => [i, j + f(v0, v3)];
      const seg = (a: number[], b: number[]) => out.push(a[0], a[1], b[0], b[1]);
      switch (c) {
        case 1: case 14: seg(left(), bottom()); break;
        case 2: case 13: seg(bottom(), right()); break;
        case 3: case 12: seg(left(), right()); break;
        case 4: case 11: seg(right(), top()); break;
        case 6: case 9: seg(bottom(), top()); break;
        case 7: case 8: seg(left(), top()); break;
        case 5: case 10: {
          // a saddle: the mean of the corners says whether the two high corners are joined
          const joined = (v0 + v1 + v2 + v3) / 4 > level;
          if ((c === 5) === joined) {
            seg(left(), top());
            seg(bottom(), right());
          } else {
            seg(left(), bottom());
            seg(right(), top());
          }
          break;
        }
      }
    }
  return out;
}

/**
 * `count` levels between min and max (both excluded): evenly spaced, or evenly spaced in the
 * logarithm when the surface is positive and spans more than two orders of magnitude, as a loss
 * around its minimum does (the rings would otherwise crowd at the rim and leave the valley empty).
 */
export function contourLevels(min: number, max: number, count: number): number[] {
  if (!(Number.isFinite(min) && Number.isFinite(max)) || !(max > min) || count < 1) return [];
  const log = min > 0 && max / min > 100;
  const lo = log ? Math.log(min) : min, hi = log ? Math.log(max) : max;
  return Array.from({ length: count }, (_, k) => {
    const v = lo + ((hi - lo) * (k + 1)) / (count + 1);
    return log ? Math.exp(v) : v;
  });
}

/** Levels for a loss surface whose smallest value may be 0: from just above the minimum, log-spaced over the span. */
export function lossLevels(min: number, max: number, count: number): number[] {
  if (!(Number.isFinite(min) && Number.isFinite(max)) || !(max > min)) return [];
  const span = max - min;
  // offsets from the minimum, from a thousandth of the span to all of it, evenly in their logarithm
  return contourLevels(span / 1000, span, count).map((d) => min + d);
}
