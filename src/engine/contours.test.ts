// Marching squares on surfaces whose level sets are known: a cone's rings are circles, a plane's
// a straight line; a level outside the values draws nothing, a cell that is not finite is left out.
import { describe, expect, it } from "vitest";
import { contourLevels, contourSegments, lossLevels } from "./contours";

/** samples of f on an n × n grid over [lo, hi]², with the grid-to-world map */
function sample(f: (x: number, y: number) => number, n: number, lo: number, hi: number) {
  const w = (k: number) => lo + ((hi - lo) * k) / (n - 1);
  const v = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) v[j * n + i] = f(w(i), w(j));
  return { v, w };
}

const points = (segs: number[]) => Array.from({ length: segs.length / 2 }, (_, k) => [segs[2 * k], segs[2 * k + 1]]);

describe("contour segments", () => {
  it("a cone's level r is a ring of radius r (r = 1.33, between samples), closed: every end point is shared by two segments", () => {
    const n = 41;
    const { v, w } = sample((x, y) => Math.hypot(x, y), n, -2, 2);
    const segs = contourSegments(v, n, n, 1.33);
    expect(segs.length).toBeGreaterThan(40 * 4);
    for (const [i, j] of points(segs)) expect(Math.abs(Math.hypot(w(i), w(j)) - 1.33)).toBeLessThan(0.01);
    // closed: each crossing point appears exactly twice (once per cell on either side of the edge)
    const count = new Map<string, number>();
    for (const [i, j] of points(segs)) count.set(`${i.toFixed(9)},${j.toFixed(9)}`, (count.get(`${i.toFixed(9)},${j.toFixed(9)}`) ?? 0) + 1);
    expect([...count.values()].every((c) => c === 2)).toBe(true);
  });

  it("a plane's level is exact, interpolated along the edges", () => {
    const n = 5;
    const v = new Float64Array(n * n);
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) v[j * n + i] = i; // rises with the column
    const segs = contourSegments(v, n, n, 2.25);
    expect(segs.length).toBe(4 * (n - 1));
    for (const [i] of points(segs)) expect(i).toBeCloseTo(2.25, 12);
  });

  it("draws nothing for a level outside the values, nor in a cell with a NaN", () => {
    const n = 3;
    const v = Float64Array.from([0, 1, 2, 0, 1, 2, 0, 1, 2]);
    expect(contourSegments(v, n, n, 5)).toEqual([]);
    expect(contourSegments(v, n, n, -1)).toEqual([]);
    const holed = v.slice();
    holed[1] = NaN; // the top of the two bottom cells
    const segs = contourSegments(holed, n, n, 0.5);
    // only the upper-left cell (rows 1–2, columns 0–1) crosses 0.5 with every corner finite
    expect(points(segs).every(([, j]) => j >= 1)).toBe(true);
    expect(segs).toHaveLength(4);
  });

  it("resolves a saddle by the cell's mean", () => {
    // corners (0,0) and (1,1) high, the others low; mean above the level: the high corners join
    const high = contourSegments([1, 0, 0, 1], 2, 2, 0.4);
    expect(high).toHaveLength(8);
    const low = contourSegments([1, 0, 0, 1], 2, 2, 0.6);
    expect(low).toHaveLength(8);
    // the two readings cut the cell differently
    expect(high).not.toEqual(low);
  });
});

describe("contour levels", () => {
  it("are evenly spaced strictly inside the range", () => {
    expect(contourLevels(0, 10, 4)).toEqual([2, 4, 6, 8]);
    expect(contourLevels(1, 1, 4)).toEqual([]);
    expect(contourLevels(NaN, 1, 4)).toEqual([]);
  });

  it("are evenly spaced in the logarithm when a positive surface spans orders of magnitude", () => {
    const l = contourLevels(1, 1e4, 3);
    l.forEach((v, k) => expect(Math.log10(v)).toBeCloseTo(k + 1, 12));
  });

  it("for a loss from 0, start just above the minimum and reach the rim", () => {
    const l = lossLevels(0, 100, 10);
    expect(l).toHaveLength(10);
    expect(l[0]).toBeGreaterThan(0);
    expect(l[0]).toBeLessThan(1);
    expect(l[9]).toBeLessThan(100);
    for (let k = 1; k < l.length; k++) expect(l[k] / l[k - 1]).toBeCloseTo(l[1] / l[0], 9);
  });
});
