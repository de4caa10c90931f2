import { describe, expect, it } from "vitest";
import { colourRange, downsample, fmt, fmtFull } from "./numbers";

describe("fmt: four digits at a glance, never a misleading round number", () => {
  it.each([
    [200, "200"],
    [20, "20"],
    [0.05, "0.05"],
    [-0.025, "−0.025"],
    [0.5, "0.5"],
    [1234567, "1.235e6"],
    [4.5395807735907655e-5, "0.00004540"],
    [0.7776580427782468, "0.7777"],
    [Math.PI, "3.142"],
  ])("%s reads %s", (x, want) => {
    expect(fmt(x)).toBe(want.replace("-", "−"));
  });

  it("σ(10) is not shown as 1.000 but with the digits that tell it from 1", () => {
    expect(fmt(0.9999546021312976)).toBe("0.99995");
    expect(fmt(1.00003)).toBe("1.00003");
    expect(fmt(19.99999)).toBe("19.99999");
  });

  it("a number that only many digits tell from a round one is marked approximate", () => {
    expect(fmt(1 + 1e-12)).toBe("≈1.000");
    expect(fmt(-2.0000000004)).toBe("≈−2.000");
    expect(fmt(0.1 + 0.2)).toBe("≈0.3000");
  });

  it("whatever is shown reads back to the number, or says ≈", () => {
    for (const x of [0.1 + 0.2, 1 / 3, 2 / 3, 123.456, 1e-7, 9.99999e8, 0.30000000000000004]) {
      const s = fmt(x);
      if (s.startsWith("≈")) continue;
      expect(Math.abs(Number(s.replace("−", "-")) - x) / Math.abs(x)).toBeLessThan(5e-4);
      expect(s).not.toMatch(/\.\d*00$/);
    }
  });
});

describe("fmtFull: the whole float64", () => {
  it("reads back exactly", () => {
    for (const x of [0.9999546021312976, 0.1 + 0.2, -1e-300, 1.7976931348623157e308]) expect(Number(fmtFull(x).replace("−", "-"))).toBe(x);
    expect(fmtFull(0.9999546021312976)).toBe("0.9999546021312976");
  });
});

describe("downsample: the whole tensor in a few cells", () => {
  const t = (shape: number[], data: number[]) => ({ shape, data: Float64Array.from(data) });
  it("keeps a small tensor as it is", () => {
    const x = t([2, 2], [1, 2, 3, 4]);
    expect(downsample(x, 12, 12).data).toBe(x.data);
  });
  it("a single large entry of a long vector still shows, sign kept", () => {
    const data = Array.from({ length: 30 }, () => 0);
    data[29] = -7;
    const d = downsample(t([30], data), 12, 12);
    expect(d.cols).toBe(12);
    expect(d.data[11]).toBe(-7);
  });
  it("a NaN anywhere is never averaged away", () => {
    const data = Array.from({ length: 100 }, (_, i) => i);
    data[57] = NaN;
    expect(Array.from(downsample(t([10, 10], data), 3, 3).data).some(Number.isNaN)).toBe(true);
  });
  it("the colour range ignores what is not finite", () => {
    expect(colourRange([1, -3, NaN, Infinity, 2])).toEqual({ max: 3, lo: -3, hi: 2 });
    expect(colourRange([0, 0])).toEqual({ max: 0, lo: 0, hi: 0 });
  });
});
