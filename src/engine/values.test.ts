import { describe, expect, it } from "vitest";
import { checkValue, describeGenerator, materialize, needsSeed, shapeOfValue } from "./values";
import fixtures from "./fixtures/numpy.json";

describe("tensor values", () => {
  it("makes every generator", () => {
    expect(Array.from(materialize({ init: "zeros", shape: [2] }).data)).toEqual([0, 0]);
    expect(Array.from(materialize({ init: "ones", shape: [2], scale: 3 }).data)).toEqual([3, 3]);
    expect(Array.from(materialize({ init: "full", shape: [3], fill: 2, scale: 0.5 }).data)).toEqual([1, 1, 1]);
    const eye = materialize({ init: "eye", shape: [3, 3], scale: 2 });
    expect(eye.shape).toEqual([3, 3]);
    expect(Array.from(eye.data)).toEqual([2, 0, 0, 0, 2, 0, 0, 0, 2]);
    expect(materialize({ init: "zeros", shape: [] }).shape).toEqual([]);
  });

  it("draws randn and rand as numpy does, with skip and scale", () => {
    const f = fixtures.random[1]; // randn(10, 3) after 50 numbers, seed 1
    const t = materialize({ init: "randn", shape: f.shape, seed: f.seed, skip: f.skip, scale: 0.5 });
    expect(t.shape).toEqual([10, 3]);
    expect(Array.from(t.data)).toEqual(f.values.map((v) => v * 0.5));
    const r = fixtures.random[5]; // rand(2, 5), seed 42
    expect(Array.from(materialize({ init: "rand", shape: r.shape, seed: r.seed }).data)).toEqual(r.values);
  });

  it("reads numbers and nested lists, and their shapes without making them", () => {
    expect(shapeOfValue([[1, 2, 3], [4, 5, 6]])).toEqual([2, 3]);
    expect(shapeOfValue(7)).toEqual([]);
    expect(shapeOfValue({ init: "zeros", shape: [100000, 100000] })).toEqual([100000, 100000]);
    expect(Array.from(materialize([[1, 2], [3, 4]]).data)).toEqual([1, 2, 3, 4]);
  });

  it("knows which generators still need a seed", () => {
    expect(needsSeed({ init: "randn", shape: [2] })).toBe(true);
    expect(needsSeed({ init: "rand", shape: [2], seed: 0 })).toBe(false);
    expect(needsSeed({ init: "zeros", shape: [2] })).toBe(false);
    expect(needsSeed([1, 2])).toBe(false);
  });

  it("writes a generator as the inspector shows it", () => {
    expect(describeGenerator({ init: "randn", shape: [5, 10], seed: 1 })).toBe("randn(5, 10, seed=1)");
    expect(describeGenerator({ init: "randn", shape: [10, 3], seed: 1, skip: 50, scale: 0.5 })).toBe("randn(10, 3, seed=1, skip=50, scale=0.5)");
    expect(describeGenerator({ init: "full", shape: [2], fill: 7 })).toBe("full(2, fill=7)");
  });

  it("checks a value with the path it was found at", () => {
    expect(checkValue([[1, 2], [3, 4]], "v")).toBeNull();
    expect(checkValue([[1, 2], [3, NaN]], "v")).toBe("v[1][1]: NaN is not a finite number");
    expect(checkValue({ init: "eye", shape: [2, 2] }, "v")).toBeNull();
  });
});
