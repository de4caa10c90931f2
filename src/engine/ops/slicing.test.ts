// Slice, Concat and Stack on numpy's own examples, their errors, and the chain that stacks an
// unrolled RNN's h_1 … h_T back into (N, T, H). (Their backward is also checked against finite
// differences in registry.test.ts.)
import { describe, expect, it } from "vitest";
import { nested, run } from "./testGraph";
import { validateGraph } from "../format";
import type { Nested } from "../tensor";


/** numpy's np.arange(n).reshape(shape), as nested lists */
function arange(shape: number[], start = 0): Nested {
  let k = start;
  const build = (axis: number): Nested => (axis === shape.length ? k++ : Array.from({ length: shape[axis] }, () => build(axis + 1)));
  return build(0);
}

const slice = (x: Nested, data: Record<string, unknown>, grad?: Nested) =>
  run([["x", "Input", { value: x }], ["s", "Slice", data], ...(grad ? [["o", "Output", { grad }] as [string, string, Record<string, unknown>]] : [])], ["x -> s.x", ...(grad ? ["s -> o.x"] : [])]);

describe("Slice", () => {
  const xs = arange([2, 4, 3]); // (N, T, D)

  it("takes one time step of a sequence by default: xs[:, 0, :], (N, T, D) → (N, D)", () => {
    const p = slice(xs, {});
    expect(nested(p.value("s"))).toEqual([[0, 1, 2], [12, 13, 14]]);
    expect(p.value("s")!.shape).toEqual([2, 3]);
  });

  it("takes xs[:, t] for every t, and -1 is the last", () => {
    for (let t = 0; t < 4; t++) expect(nested(slice(xs, { index: t }).value("s"))).toEqual([[3 * t, 3 * t + 1, 3 * t + 2], [12 + 3 * t, 13 + 3 * t, 14 + 3 * t]]);
    expect(nested(slice(xs, { index: -1 }).value("s"))).toEqual(nested(slice(xs, { index: 3 }).value("s")));
    expect(nested(slice(xs, { axis: 0, index: 1 }).value("s"))).toEqual(arange([4, 3], 12));
    expect(nested(slice(xs, { axis: -1, index: 2 }).value("s"))).toEqual([[2, 5, 8, 11], [14, 17, 20, 23]]);
  });

  it("takes a range start:stop and keeps the axis, as numpy slices (negative bounds, bounds past the end clipped)", () => {
    expect(nested(slice(xs, { index: null, start: 1, stop: 3 }).value("s"))).toEqual([[[3, 4, 5], [6, 7, 8]], [[15, 16, 17], [18, 19, 20]]]);
    expect(slice(xs, { index: null, start: -1 }).value("s")!.shape).toEqual([2, 1, 3]);
    expect(slice(xs, { index: null, stop: 100 }).value("s")!.shape).toEqual([2, 4, 3]);
    expect(nested(slice(xs, { index: null, start: -100, stop: -3 }).value("s"))).toEqual([[[0, 1, 2]], [[12, 13, 14]]]);
  });

  it("backward scatters g into zeros", () => {
    const p = slice(xs, { index: 2 }, [[1, 2, 3], [4, 5, 6]]);
    expect(nested(p.grad("x"))).toEqual([
      [[0, 0, 0], [0, 0, 0], [1, 2, 3], [0, 0, 0]],
      [[0, 0, 0], [0, 0, 0], [4, 5, 6], [0, 0, 0]],
    ]);
    const r = slice([1, 2, 3, 4, 5], { axis: 0, index: null, start: 1, stop: 3 }, [10, 20]);
    expect(nested(r.grad("x"))).toEqual([0, 10, 20, 0, 0]);
  });

  it("says what is wrong, at the node", () => {
    expect(slice(xs, { index: 4 }).error("s")).toBe("Slice: index 4 is out of range for axis 1 of size 4 (x is (2,4,3))");
    expect(slice(xs, { index: -5 }).error("s")).toBe("Slice: index -5 is out of range for axis 1 of size 4 (x is (2,4,3))");
    expect(slice(xs, { index: 0, start: 1 }).error("s")).toBe("Slice: give index (one step, the axis dropped) or start and stop (a range, the axis kept), not both");
    expect(slice(xs, { index: null, start: 3, stop: 1 }).error("s")).toBe("Slice: 3:1 takes nothing from axis 1 of size 4 (x is (2,4,3))");
    expect(slice(xs, { axis: 3 }).error("s")).toBe("Slice: axis 3 is out of range for x of shape (2,4,3)");
    expect(slice(7, { axis: 0 }).error("s")).toBe("Slice: x is a single number; Slice needs at least one axis");
  });

  it("the file reader takes null for index, start and stop, and refuses what is not a whole number", () => {
    const file = (data: Record<string, unknown>) => () =>
      validateGraph({ format: "gradflow", version: 1, nodes: [{ id: "s", type: "Slice", data }], edges: [] });
    expect(file({ index: null, start: null, stop: 2 })).not.toThrow();
    expect(file({ index: 1.5 })).toThrow("nodes[0].data.index: expected a whole number or null, got 1.5");
    expect(file({ stop: "2" })).toThrow('nodes[0].data.stop: expected a whole number or null, got "2"');
  });
});

const join = (type: string, a: Nested, b: Nested, data: Record<string, unknown> = {}, grad?: Nested) =>
  run(
    [["a", "Input", { value: a }], ["b", "Input", { value: b }], ["j", type, data], ...(grad ? [["o", "Output", { grad }] as [string, string, Record<string, unknown>]] : [])],
    ["a -> j.a", "b -> j.b", ...(grad ? ["j -> o.x"] : [])],
  );

describe("Concat", () => {
  it("is np.concatenate([a, b], axis)", () => {
    expect(nested(join("Concat", [[1, 2], [3, 4]], [[5, 6]]).value("j"))).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(nested(join("Concat", [[1, 2], [3, 4]], [[5], [6]], { axis: 1 }).value("j"))).toEqual([[1, 2, 5], [3, 4, 6]]);
    expect(nested(join("Concat", [1, 2], [3], { axis: -1 }).value("j"))).toEqual([1, 2, 3]);
    const p = join("Concat", arange([2, 2, 3]), arange([2, 1, 3], 100), { axis: 1 });
    expect(nested(p.value("j"))).toEqual([[[0, 1, 2], [3, 4, 5], [100, 101, 102]], [[6, 7, 8], [9, 10, 11], [103, 104, 105]]]);
  });

  it("backward hands each input its own part of g", () => {
    const p = join("Concat", [[1, 2], [3, 4]], [[5], [6]], { axis: 1 }, [[1, 2, 3], [4, 5, 6]]);
    expect(nested(p.grad("a"))).toEqual([[1, 2], [4, 5]]);
    expect(nested(p.grad("b"))).toEqual([[3], [6]]);
  });

  it("says what is wrong", () => {
    expect(join("Concat", [[1, 2]], [[1, 2, 3]]).error("j")).toBe("Concat: a is (1,2) and b is (1,3): they must agree on every axis but 0");
    expect(join("Concat", [[1, 2]], [1, 2]).error("j")).toBe("Concat: a is (1,2) and b is (2,): Concat needs the same number of axes (Stack adds one)");
    expect(join("Concat", 1, 2).error("j")).toMatch(/^Concat: a is \(\) and b is \(\): single numbers have no axis/);
  });
});

describe("Stack", () => {
  it("stacks two of one shape along a new axis: np.stack([a, b], axis), axis 1 by default", () => {
    expect(nested(join("Stack", [[1, 2], [3, 4]], [[5, 6], [7, 8]]).value("j"))).toEqual([[[1, 2], [5, 6]], [[3, 4], [7, 8]]]);
    expect(nested(join("Stack", [[1, 2], [3, 4]], [[5, 6], [7, 8]], { axis: 0 }).value("j"))).toEqual([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]);
    expect(nested(join("Stack", [[1, 2], [3, 4]], [[5, 6], [7, 8]], { axis: -1 }).value("j"))).toEqual([[[1, 5], [2, 6]], [[3, 7], [4, 8]]]);
    expect(nested(join("Stack", 1, 2, { axis: 0 }).value("j"))).toEqual([1, 2]);
  });

  it("appends to an earlier stack, so a chain of T − 1 Stacks stacks h_1 … h_T into (N, T, H)", () => {
    // h_t of (N 2, H 3), filled so that h_t[n][j] = 100 t + 10 n + j
    const h = (t: number) => [[0, 1, 2].map((j) => 100 * t + j), [0, 1, 2].map((j) => 100 * t + 10 + j)];
    const nodes: [string, string, Record<string, unknown>?][] = [1, 2, 3, 4].map((t) => [`h${t}`, "Input", { value: h(t) }]);
    const edges: string[] = [];
    for (let t = 2; t <= 4; t++) {
      nodes.push([`s${t}`, "Stack"]);
      edges.push(`${t === 2 ? "h1" : `s${t - 1}`} -> s${t}.a`, `h${t} -> s${t}.b`);
    }
    const g = arange([2, 4, 3]);
    nodes.push(["o", "Output", { grad: g }]);
    edges.push("s4 -> o.x");
    const p = run(nodes, edges);
    // np.stack([h1, h2, h3, h4], axis=1)
    expect(nested(p.value("s4"))).toEqual([0, 1].map((n) => [1, 2, 3, 4].map((t) => h(t)[n])));
    // and each step gets back its own slice of g: dh_t = g[:, t − 1, :]
    for (let t = 1; t <= 4; t++) expect(nested(p.grad(`h${t}`))).toEqual([0, 1].map((n) => (g as number[][][])[n][t - 1]));
  });

  it("says what is wrong", () => {
    expect(join("Stack", [[1, 2]], [[1, 2, 3]]).error("j")).toBe("Stack: a is (1,2) and b is (1,3): Stack needs a of b's shape (to stack them) or b's shape with axis 1 added (to append b to it)");
    expect(join("Stack", [1, 2], [1, 2], { axis: 2 }).error("j")).toBe("Stack: axis 2 is out of range for the result of stacking b of shape (2,) (it has 2 axes)");
  });
});
