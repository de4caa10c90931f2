import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  broadcastIndex,
  broadcastShapes,
  clone,
  formatShape,
  fromNested,
  full,
  MAX_AXES,
  MAX_ELEMENTS,
  sameShape,
  scalar,
  sizeOf,
  stridesOf,
  toNested,
  unbroadcast,
  zeros,
  type Nested,
  type Tensor,
} from "./tensor";

const T = (shape: number[], values: number[]): Tensor => ({ shape, data: Float64Array.from(values) });

describe("broadcastShapes (numpy's rules)", () => {
  it.each([
    [[2, 3], [3], [2, 3]],
    [[3], [2, 3], [2, 3]],
    [[2, 1], [1, 3], [2, 3]],
    [[], [4, 5], [4, 5]],
    [[4, 5], [], [4, 5]],
    [[5, 1, 4], [3, 1], [5, 3, 4]],
    [[1], [1], [1]],
    [[8, 1, 6, 1], [7, 1, 5], [8, 7, 6, 5]],
    [[0, 3], [3], [0, 3]],
  ])("%j with %j gives %j", (a, b, want) => {
    expect(broadcastShapes(a, b)).toEqual(want);
  });

  it.each([
    [[2, 3], [4]],
    [[2, 3], [3, 2]],
    [[4], [5]],
    [[2, 1, 3], [2, 2]],
  ])("%j and %j do not broadcast", (a, b) => {
    expect(broadcastShapes(a, b)).toBeNull();
  });

  it("is symmetric", () => {
    const shape = fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 4 });
    fc.assert(fc.property(shape, shape, (a, b) => {
      expect(broadcastShapes(a, b)).toEqual(broadcastShapes(b, a));
    }));
  });
});

/** numpy's broadcast read, by coordinates: the slow, obvious way */
function readBroadcast(t: Tensor, outShape: number[], k: number): number {
  const coords: number[] = [];
  let rest = k;
  for (let ax = outShape.length - 1; ax >= 0; ax--) {
    coords.unshift(rest % outShape[ax]);
    rest = Math.floor(rest / outShape[ax]);
  }
  const off = outShape.length - t.shape.length;
  const strides = stridesOf(t.shape);
  let pos = 0;
  t.shape.forEach((d, i) => (pos += (d === 1 ? 0 : coords[i + off]) * strides[i]));
  return t.data[pos];
}

describe("broadcastIndex and unbroadcast", () => {
  it("reads a bias (3,) onto every row of (2, 3)", () => {
    expect(Array.from(broadcastIndex([3], [2, 3]))).toEqual([0, 1, 2, 0, 1, 2]);
    expect(Array.from(broadcastIndex([2, 1], [2, 3]))).toEqual([0, 0, 0, 1, 1, 1]);
    expect(Array.from(broadcastIndex([], [2, 2]))).toEqual([0, 0, 0, 0]);
  });

  it("sums a gradient back over the stretched and added axes", () => {
    const g = T([2, 3], [1, 2, 3, 4, 5, 6]);
    expect(unbroadcast(g, [3]).data).toEqual(Float64Array.of(5, 7, 9));
    expect(unbroadcast(g, [1, 3]).data).toEqual(Float64Array.of(5, 7, 9));
    expect(unbroadcast(g, [1, 3]).shape).toEqual([1, 3]);
    expect(unbroadcast(g, [2, 1]).data).toEqual(Float64Array.of(6, 15));
    expect(unbroadcast(g, []).data).toEqual(Float64Array.of(21));
    expect(unbroadcast(g, []).shape).toEqual([]);
  });

  it("copies when nothing was broadcast (the result is not the gradient's buffer)", () => {
    const g = T([2], [1, 2]);
    const u = unbroadcast(g, [2]);
    expect(u.data).toEqual(g.data);
    expect(u.data).not.toBe(g.data);
  });

  it("agrees with a coordinate-by-coordinate reading on random shapes", () => {
    const dims = fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 0, maxLength: 4 });
    // an input shape, then an output shape it broadcasts to: extra leading axes, 1s stretched
    const pair = dims.chain((inShape) =>
      fc.tuple(fc.constant(inShape), fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }), fc.array(fc.integer({ min: 1, max: 3 }), { minLength: inShape.length, maxLength: inShape.length })),
    );
    fc.assert(
      fc.property(pair, ([inShape, lead, stretch]) => {
        const outShape = [...lead, ...inShape.map((d, i) => (d === 1 ? stretch[i] : d))];
        expect(broadcastShapes(inShape, outShape)).toEqual(outShape);
        const t = T(inShape, Array.from({ length: sizeOf(inShape) }, (_, i) => i + 1));
        const idx = broadcastIndex(inShape, outShape);
        for (let k = 0; k < idx.length; k++) expect(t.data[idx[k]]).toBe(readBroadcast(t, outShape, k));
        // unbroadcast of ones counts how often each input element was read
        const counts = unbroadcast(full(outShape, 1), inShape);
        expect(counts.shape).toEqual(inShape);
        expect(counts.data.reduce((a, b) => a + b, 0)).toBe(sizeOf(outShape));
        expect(new Set(counts.data).size).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe("nested arrays", () => {
  it.each<[Nested, number[]]>([
    [3.5, []],
    [[1, 2, 3], [3]],
    [[[1, 2], [3, 4], [5, 6]], [3, 2]],
    [[[[1], [2]], [[3], [4]]], [2, 2, 1]],
  ])("%j round-trips with shape %j", (v, shape) => {
    const t = fromNested(v);
    expect(t.shape).toEqual(shape);
    expect(toNested(t)).toEqual(v);
  });

  it("reads row-major, as numpy's tolist writes", () => {
    expect(Array.from(fromNested([[1, 2, 3], [4, 5, 6]]).data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("maps each number on the way out (how results write NaN)", () => {
    expect(toNested(T([2], [NaN, 1]), (x) => (Number.isNaN(x) ? "NaN" : x))).toEqual(["NaN", 1]);
  });

  it("round-trips random tensors of up to 5 axes", () => {
    const shape = fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 5 });
    fc.assert(
      fc.property(shape, fc.double({ noNaN: true, noDefaultInfinity: true }), (s, seed) => {
        const t = T(s, Array.from({ length: sizeOf(s) }, (_, i) => seed * (i + 1)));
        const back = fromNested(toNested(t) as Nested);
        expect(back.shape).toEqual(s);
        expect(back.data).toEqual(t.data);
      }),
    );
  });
});

describe("small helpers", () => {
  it("writes shapes as numpy does", () => {
    expect(formatShape([2, 3])).toBe("(2,3)");
    expect(formatShape([4])).toBe("(4,)");
    expect(formatShape([])).toBe("()");
  });

  it("sizes, strides and constructors", () => {
    expect(sizeOf([])).toBe(1);
    expect(sizeOf([2, 3, 4])).toBe(24);
    expect(stridesOf([2, 3, 4])).toEqual([12, 4, 1]);
    expect(zeros([2, 2]).data).toEqual(new Float64Array(4));
    expect(full([3], 7).data).toEqual(Float64Array.of(7, 7, 7));
    expect(scalar(2)).toEqual({ shape: [], data: Float64Array.of(2) });
    expect(sameShape([2, 3], [2, 3])).toBe(true);
    expect(sameShape([2, 3], [3, 2])).toBe(false);
    expect(sameShape([3], [3, 1])).toBe(false);
  });

  it("clones deeply", () => {
    const a = T([2], [1, 2]);
    const b = clone(a);
    b.data[0] = 9;
    expect(a.data[0]).toBe(1);
    expect(b.shape).not.toBe(a.shape);
  });

  it("states FORMAT.md's limits", () => {
    expect(MAX_ELEMENTS).toBe(16_777_216);
    expect(MAX_AXES).toBe(8);
  });
});
