// Each op on the notebooks' own numbers, its shapes, and the errors a learner reads.
// (Every op's backward is also checked against finite differences in registry.test.ts.)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { nested, run } from "./testGraph";
import { compile, type Program } from "../executor";
import type { Nested } from "../tensor";
import { getOp, GROUPS, OPS } from ".";


const val = (p: Program, id: string) => nested(p.value(id));
const grad = (p: Program, id: string) => nested(p.grad(id));
const edgeGrad = (p: Program, id: string) => nested(p.edgeGrad(id));
const shapeOf = (p: Program, id: string) => p.value(id)?.shape;

/** deep comparison of nested arrays with an absolute + relative tolerance */
function expectClose(got: unknown, want: unknown, atol = 1e-12, rtol = 1e-12, path = "value"): void {
  if (Array.isArray(want)) {
    expect(Array.isArray(got), `${path} is not a list`).toBe(true);
    expect((got as unknown[]).length, `${path} length`).toBe(want.length);
    want.forEach((w, i) => expectClose((got as unknown[])[i], w, atol, rtol, `${path}[${i}]`));
    return;
  }
  expect(typeof got, path).toBe("number");
  const diff = Math.abs((got as number) - (want as number));
  expect(diff <= atol + rtol * Math.abs(want as number), `${path}: ${got} vs ${want}`).toBe(true);
}

const binary = (type: string, a: Nested, b: Nested, extra: [string, string, Record<string, unknown>?][] = [], extraEdges: string[] = []) =>
  run([["x", "Input", { value: a }], ["y", "Input", { value: b }], ["op", type], ...extra], ["x -> op.a", "y -> op.b", ...extraEdges]);

/** The op names of the contract: the first cell of each table row in OPS.md, before its optimizers. */
function specOps(): string[] {
  const spec = readFileSync(join(__dirname, "..", "..", "..", "..", "shared", "spec", "OPS.md"), "utf8");
  const names = [...spec.split("## Optimizers")[0].matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]);
  expect(names.length, "OPS.md's tables").toBeGreaterThan(10);
  return names;
}

describe("the registry", () => {
  it("holds every op of OPS.md once, and beyond them only the project's additions, each in a known group", () => {
    const names = OPS.map((o) => o.type);
    expect(new Set(names).size).toBe(names.length);
    const spec = specOps();
    expect(OPS.filter((o) => !o.addition).map((o) => o.type).sort()).toEqual([...spec].sort());
    // an addition documents itself in its registry entry, and is not a contract op in disguise
    for (const op of OPS.filter((o) => o.addition)) expect(spec, op.type).not.toContain(op.type);
    for (const op of OPS) {
      expect(GROUPS).toContain(op.group);
      expect(getOp(op.type)).toBe(op);
      expect(op.summary.length).toBeGreaterThan(0);
      // the step panel shows one backward rule per input that takes a gradient
      const gradPorts = op.inputs.filter((p) => !p.noGrad).map((p) => p.name);
      if (op.role !== "sink") expect(Object.keys(op.rule.backward).sort()).toEqual(gradPorts.sort());
    }
    expect(getOp("matmul")).toBeUndefined();
    expect(getOp("toString")).toBeUndefined();
  });

  it("gives every loss a target port that takes no gradient", () => {
    for (const op of OPS.filter((o) => o.role === "loss")) expect(op.inputs.find((p) => p.name === "t")?.noGrad).toBe(true);
  });
});

describe("Add, Sub, Mul, Div (the notebook: x = 10, y = 20, dout = 1)", () => {
  it.each([
    ["Add", 30, 1, 1],
    ["Sub", -10, 1, -1],
    ["Mul", 200, 20, 10],
    ["Div", 0.5, 0.05, -0.025],
  ])("%s gives %d with dx %d and dy %d", (type, out, dx, dy) => {
    const p = binary(type, 10, 20);
    expect(val(p, "op")).toBe(out);
    expect(edgeGrad(p, "x -> op.a")).toBe(dx);
    expect(edgeGrad(p, "y -> op.b")).toBe(dy);
    expect(shapeOf(p, "op")).toEqual([]);
  });

  it("broadcasts a bias (3,) over the rows of (2, 3) and sums its gradient back", () => {
    const g = [[1, 2, 3], [4, 5, 6]];
    const p = binary("Add", [[1, 2, 3], [4, 5, 6]], [10, 20, 30], [["o", "Output", { grad: g }]], ["op -> o.x"]);
    expect(val(p, "op")).toEqual([[11, 22, 33], [14, 25, 36]]);
    expect(edgeGrad(p, "x -> op.a")).toEqual(g);
    expect(edgeGrad(p, "y -> op.b")).toEqual([5, 7, 9]);
  });

  it("broadcasts (2, 1) against (1, 3) both ways", () => {
    const p = binary("Mul", [[2], [3]], [[1, 10, 100]]);
    expect(val(p, "op")).toEqual([[2, 20, 200], [3, 30, 300]]);
    // dout = ones: da sums b over the stretched axis, db sums a
    expect(edgeGrad(p, "x -> op.a")).toEqual([[111], [111]]);
    expect(edgeGrad(p, "y -> op.b")).toEqual([[5, 5, 5]]);
  });

  it("broadcasts a scalar and divides by it", () => {
    const p = binary("Div", [[2, 4], [6, 8]], 2);
    expect(val(p, "op")).toEqual([[1, 2], [3, 4]]);
    expect(edgeGrad(p, "y -> op.b")).toBe(-(2 + 4 + 6 + 8) / 4);
    const s = binary("Sub", 1, [1, 2, 3]);
    expect(val(s, "op")).toEqual([0, -1, -2]);
    expect(edgeGrad(s, "x -> op.a")).toBe(3);
    expect(edgeGrad(s, "y -> op.b")).toEqual([-1, -1, -1]);
  });

  it("refuses shapes that cannot broadcast, in numpy's words", () => {
    const p = binary("Add", [[1, 2, 3], [4, 5, 6]], [1, 2, 3, 4]);
    expect(p.error("op")).toBe("Add: a (2,3) and b (4,) cannot broadcast");
    expect(p.value("op")).toBeNull();
    expect(binary("Mul", [[1, 2]], [[1], [2], [3], [4], [5]]).error("op")).toBeNull();
    expect(binary("Div", [[1, 2, 3]], [[1, 2]]).error("op")).toBe("Div: a (1,3) and b (1,2) cannot broadcast");
  });
});

describe("unary ops", () => {
  const unary = (type: string, x: Nested, g?: Nested) =>
    run([["x", "Input", { value: x }], ["op", type], ...(g === undefined ? [] : [["o", "Output", { grad: g }] as [string, string, Record<string, unknown>]])], ["x -> op.x", ...(g === undefined ? [] : ["op -> o.x"])]);

  it("Sigmoid(10) is the notebook's 0.9999546021312976 with dx = 4.5395807735907655e-05", () => {
    const p = unary("Sigmoid", 10);
    expect(val(p, "op")).toBe(0.9999546021312976);
    expect(edgeGrad(p, "x -> op.x")).toBe(4.5395807735907655e-5);
  });

  it("Sigmoid of a matrix, elementwise", () => {
    const p = unary("Sigmoid", [[0, 2], [-2, 0]]);
    const s2 = 1 / (1 + Math.exp(-2));
    expectClose(val(p, "op"), [[0.5, s2], [1 - s2, 0.5]]);
    expectClose(edgeGrad(p, "x -> op.x"), [[0.25, s2 * (1 - s2)], [s2 * (1 - s2), 0.25]]);
  });

  it("Tanh: dx = dout ⊙ (1 − out²), as the notebook's TanhLayer", () => {
    const p = unary("Tanh", [0.5, -1], [2, 3]);
    const t = [Math.tanh(0.5), Math.tanh(-1)];
    expect(val(p, "op")).toEqual(t);
    expect(edgeGrad(p, "x -> op.x")).toEqual([2 * (1 - t[0] ** 2), 3 * (1 - t[1] ** 2)]);
  });

  it("ReLU on the Linear notebook's y1: the forward y2 and the mask of relu.backward(1)", () => {
    const y1 = [[1.7968638, -2.79515866, -4.58812462], [0.79365722, -0.68367494, -2.08356183], [0.68992279, 0.11283528, 0.9215842], [-1.41272376, -0.48200954, 0.37175357], [0.4940006, -1.11218587, 1.18968491]];
    const p = unary("ReLU", y1);
    expect(val(p, "op")).toEqual(y1.map((r) => r.map((v) => (v > 0 ? v : 0))));
    expect(edgeGrad(p, "x -> op.x")).toEqual([[1, 0, 0], [1, 0, 0], [1, 1, 1], [0, 0, 1], [1, 0, 1]]);
  });

  it("ReLU lets no gradient through at exactly 0", () => {
    expect(edgeGrad(unary("ReLU", [0, 1e-300, -0]), "x -> op.x")).toEqual([0, 1, 0]);
  });

  it("Exp and Log", () => {
    const e = unary("Exp", [0, 1, -2], [1, 2, 3]);
    expect(val(e, "op")).toEqual([1, Math.E, Math.exp(-2)]);
    expect(edgeGrad(e, "x -> op.x")).toEqual([1, 2 * Math.E, 3 * Math.exp(-2)]);
    const l = unary("Log", [1, Math.E, 4], [1, 1, 2]);
    expect(val(l, "op")).toEqual([0, 1, Math.log(4)]);
    expect(edgeGrad(l, "x -> op.x")).toEqual([1, 1 / Math.E, 0.5]);
  });

  it("Log of a negative is NaN, not an error (the result writes it as a string)", () => {
    const p = unary("Log", [-1, 0]);
    expect(p.error("op")).toBeNull();
    expect(Number.isNaN(p.value("op")!.data[0])).toBe(true);
    expect(p.value("op")!.data[1]).toBe(-Infinity);
  });

  it("Softmax: rows sum to 1, large scores do not overflow, backward is out ⊙ (g − Σ g ⊙ out)", () => {
    const p = unary("Softmax", [[1000, 1001, 1002], [0, 0, 0]], [[1, 0, 0], [0, 2, 0]]);
    const y = val(p, "op") as number[][];
    const e = [1, Math.E, Math.E ** 2].map((v) => v / (1 + Math.E + Math.E ** 2));
    expectClose(y[0], e, 1e-15);
    expectClose(y[1], [1 / 3, 1 / 3, 1 / 3], 1e-15);
    const dx = edgeGrad(p, "x -> op.x") as number[][];
    expectClose(dx[0], e.map((v, j) => v * ((j === 0 ? 1 : 0) - e[0])), 1e-15);
    expectClose(dx[1], [-2 / 9, 4 / 9, -2 / 9], 1e-15);
  });

  it("Softmax of a vector works along its only axis; of a single number it is an error", () => {
    expectClose(val(unary("Softmax", [0, Math.log(3)]), "op"), [0.25, 0.75], 1e-15);
    expect(unary("Softmax", 5).error("op")).toBe("Softmax: x () is a single number; softmax needs at least one axis");
  });

  it("Transpose: the notebook's A.T and B.T, and a 3-D tensor's axes reversed", () => {
    expect(val(unary("Transpose", [[1, 2, 3], [4, 5, 6], [7, 8, 9]]), "op")).toEqual([[1, 4, 7], [2, 5, 8], [3, 6, 9]]);
    const B = [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10]];
    const p = unary("Transpose", B, [[1, 0], [0, 0], [0, 0], [0, 0], [0, 2]]);
    expect(val(p, "op")).toEqual([[1, 6], [2, 7], [3, 8], [4, 9], [5, 10]]);
    expect(shapeOf(p, "op")).toEqual([5, 2]);
    expect(edgeGrad(p, "x -> op.x")).toEqual([[1, 0, 0, 0, 0], [0, 0, 0, 0, 2]]);
    const t3 = unary("Transpose", [[[1, 2], [3, 4], [5, 6]]]);
    expect(shapeOf(t3, "op")).toEqual([2, 3, 1]);
    expect(val(t3, "op")).toEqual([[[1], [3], [5]], [[2], [4], [6]]]);
  });
});

describe("Repeat and Sum, each other's backward", () => {
  const dy = [[0.16811354, 1.00425853, -0.81644633], [0.51592855, 0.29221703, 1.29427547], [-1, 2, 0.5]];
  it("Repeat (1, D) → (N, D), and dx = np.sum(dy, axis=0, keepdims=True)", () => {
    const p = run([["x", "Input", { value: [[1.95483672, 0.77489131, 0.26713495]] }], ["r", "Repeat", { axis: 0, repeats: 3 }], ["o", "Output", { grad: dy }]], ["x -> r.x", "r -> o.x"]);
    expect(shapeOf(p, "r")).toEqual([3, 3]);
    expect(val(p, "r")).toEqual([0, 1, 2].map(() => [1.95483672, 0.77489131, 0.26713495]));
    expectClose(edgeGrad(p, "x -> r.x"), [[dy[0][0] + dy[1][0] + dy[2][0], dy[0][1] + dy[1][1] + dy[2][1], dy[0][2] + dy[1][2] + dy[2][2]]]);
  });

  it("Repeat repeats each slice in place, as np.repeat (not np.tile)", () => {
    const p = run([["x", "Input", { value: [[1, 2], [3, 4]] }], ["r", "Repeat", { axis: 1, repeats: 2 }]], ["x -> r.x"]);
    expect(val(p, "r")).toEqual([[1, 1, 2, 2], [3, 3, 4, 4]]);
    const q = run([["x", "Input", { value: [[1, 2], [3, 4]] }], ["r", "Repeat", { axis: -2, repeats: 2 }]], ["x -> r.x"]);
    expect(val(q, "r")).toEqual([[1, 2], [1, 2], [3, 4], [3, 4]]);
  });

  it("Repeat's defaults are axis 0 and 2 repeats", () => {
    expect(shapeOf(run([["x", "Input", { value: [[1, 2, 3]] }], ["r", "Repeat"]], ["x -> r.x"]), "r")).toEqual([2, 3]);
  });

  it("Sum (N, D) → (1, D) with keepdims, and dx = np.repeat(dy, N, axis=0)", () => {
    const x = [[0.51508121, 0.29003736], [-1.06022734, -1.06835591], [0.43767875, -2.16004108]];
    const p = run([["x", "Input", { value: x }], ["s", "Sum"], ["o", "Output", { grad: [[-0.86079817, -0.06423127]] }]], ["x -> s.x", "s -> o.x"]);
    expect(shapeOf(p, "s")).toEqual([1, 2]);
    expectClose(val(p, "s"), [[x[0][0] + x[1][0] + x[2][0], x[0][1] + x[1][1] + x[2][1]]]);
    expect(edgeGrad(p, "x -> s.x")).toEqual([0, 1, 2].map(() => [-0.86079817, -0.06423127]));
  });

  it("Sum along other axes, without keepdims, and over all axes", () => {
    const x = [[1, 2, 3], [4, 5, 6]];
    const sum = (data: Record<string, unknown>) => run([["x", "Input", { value: x }], ["s", "Sum", data]], ["x -> s.x"]);
    expect(val(sum({ axis: 1 }), "s")).toEqual([[6], [15]]);
    expect(val(sum({ axis: -1, keepdims: false }), "s")).toEqual([6, 15]);
    expect(val(sum({ axis: 0, keepdims: false }), "s")).toEqual([5, 7, 9]);
    expect(val(sum({ axis: null }), "s")).toEqual([[21]]);
    const all = sum({ axis: null, keepdims: false });
    expect(val(all, "s")).toBe(21);
    expect(edgeGrad(all, "x -> s.x")).toEqual([[1, 1, 1], [1, 1, 1]]);
  });

  it("the repeat-sum case: Repeat then Sum gives 4 × x, and x's gradient 4 × dout", () => {
    const p = run([["x", "Input", { value: [[1, 2, 3]] }], ["r", "Repeat", { axis: 0, repeats: 4 }], ["s", "Sum", { axis: 0, keepdims: true }], ["o", "Output", { grad: [[1, 2, 3]] }]], ["x -> r.x", "r -> s.x", "s -> o.x"]);
    expect(val(p, "s")).toEqual([[4, 8, 12]]);
    expect(grad(p, "r")).toEqual([[1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3]]);
    expect(edgeGrad(p, "x -> r.x")).toEqual([[4, 8, 12]]);
  });

  it("name a bad axis and a single number", () => {
    expect(run([["x", "Input", { value: [[1, 2]] }], ["r", "Repeat", { axis: 2 }]], ["x -> r.x"]).error("r")).toBe("Repeat: axis 2 is out of range for x of shape (1,2)");
    expect(run([["x", "Input", { value: 3 }], ["r", "Repeat"]], ["x -> r.x"]).error("r")).toBe("Repeat: x is a single number; Repeat needs at least one axis");
    expect(run([["x", "Input", { value: [1, 2] }], ["s", "Sum", { axis: -2 }]], ["x -> s.x"]).error("s")).toBe("Sum: axis -2 is out of range for x of shape (2,)");
    expect(run([["x", "Input", { value: 3 }], ["s", "Sum"]], ["x -> s.x"]).error("s")).toBe("Sum: x is a single number; give axis: none (all axes) to sum it");
    expect(val(run([["x", "Input", { value: 3 }], ["s", "Sum", { axis: null }]], ["x -> s.x"]), "s")).toBe(3);
  });
});

describe("MatMul, Affine and RNN", () => {
  const x = [[1, 2], [3, 4]];
  const W = [[1, 2, 3], [4, 5, 6]];
  const dout = [[1, 2, 3], [4, 5, 6]];

  it("MatMul: the notebook's y = [[9,12,15],[19,26,33]] and dx = [[14,32],[32,77]]", () => {
    const p = run([["x", "Input", { value: x }], ["W", "Param", { value: W }], ["mm", "MatMul"], ["o", "Output", { grad: dout }]], ["x -> mm.x", "W -> mm.W", "mm -> o.x"]);
    expect(val(p, "mm")).toEqual([[9, 12, 15], [19, 26, 33]]);
    expect(grad(p, "mm")).toEqual(dout);
    expect(edgeGrad(p, "x -> mm.x")).toEqual([[14, 32], [32, 77]]);
    expect(edgeGrad(p, "W -> mm.W")).toEqual([[13, 17, 21], [18, 24, 30]]);
    expect(p.loss).toBe(482);
  });

  it("MatMul explains mismatched and non-2-D shapes", () => {
    const mm = (a: Nested, b: Nested) => run([["x", "Input", { value: a }], ["W", "Input", { value: b }], ["mm", "MatMul"]], ["x -> mm.x", "W -> mm.W"]).error("mm");
    const m = (r: number, c: number) => Array.from({ length: r }, () => Array(c).fill(1));
    expect(mm(m(2, 3), m(4, 5))).toBe("MatMul: x is (2,3) but W is (4,5): inner sizes 3 and 4 differ");
    expect(mm([1, 2], m(2, 2))).toBe("MatMul: x must be 2-D (N, D), but it is (2,)");
    expect(mm(m(2, 2), 3)).toBe("MatMul: W must be 2-D (D, H), but it is ()");
  });

  it("Affine: the notebook's shapes (N 20, D 50, H 10) for Y, dX, dW and db", () => {
    const p = run(
      [["X", "Input", { value: { init: "rand", shape: [20, 50], seed: 0 } }], ["W", "Param", { value: { init: "rand", shape: [50, 10], seed: 1 } }], ["b", "Param", { value: { init: "rand", shape: [10], seed: 2 } }], ["Y", "Affine"], ["o", "Output", { grad: { init: "rand", shape: [20, 10], seed: 3 } }]],
      ["X -> Y.x", "W -> Y.W", "b -> Y.b", "Y -> o.x"],
    );
    expect(shapeOf(p, "Y")).toEqual([20, 10]);
    expect(p.edgeGrad("X -> Y.x")!.shape).toEqual([20, 50]);
    expect(p.edgeGrad("W -> Y.W")!.shape).toEqual([50, 10]);
    expect(p.edgeGrad("b -> Y.b")!.shape).toEqual([10]);
  });

  it("Affine = x·W + b, with db the column sums of dout", () => {
    const p = run([["x", "Input", { value: x }], ["W", "Param", { value: W }], ["b", "Param", { value: [1, -1, 0.5] }], ["a", "Affine"], ["o", "Output", { grad: dout }]], ["x -> a.x", "W -> a.W", "b -> a.b", "a -> o.x"]);
    expect(val(p, "a")).toEqual([[10, 11, 15.5], [20, 25, 33.5]]);
    expect(edgeGrad(p, "x -> a.x")).toEqual([[14, 32], [32, 77]]);
    expect(edgeGrad(p, "W -> a.W")).toEqual([[13, 17, 21], [18, 24, 30]]);
    expect(edgeGrad(p, "b -> a.b")).toEqual([5, 7, 9]);
  });

  it("Affine takes a bias (1, H) too, and names a wrong one", () => {
    const aff = (b: Nested) => run([["x", "Input", { value: x }], ["W", "Param", { value: W }], ["b", "Param", { value: b }], ["a", "Affine"]], ["x -> a.x", "W -> a.W", "b -> a.b"]);
    expect(edgeGrad(aff([[0, 0, 0]]), "b -> a.b")).toEqual([[2, 2, 2]]);
    expect(aff([1, 2]).error("a")).toBe("Affine: b is (2,) but W is (2,3): b needs (3,)");
    expect(aff([[1, 2, 3], [1, 2, 3]]).error("a")).toBe("Affine: b is (2,3) but W is (2,3): b needs (3,)");
  });

  /** the notebook's RNN layer, written out loop by loop */
  function rnnReference(xs: number[][], h: number[][], Wx: number[][], Wh: number[][], b: number[], dh: number[][]) {
    const N = xs.length, D = Wx.length, H = b.length;
    const dot = (A: number[][], B: number[][], i: number, j: number, K: number) => {
      let s = 0;
      for (let k = 0; k < K; k++) s += A[i][k] * B[k][j];
      return s;
    };
    const out = xs.map((_, i) => b.map((bj, j) => Math.tanh(dot(h, Wh, i, j, H) + dot(xs, Wx, i, j, D) + bj)));
    const dt = out.map((r, i) => r.map((o, j) => dh[i][j] * (1 - o * o)));
    const T = (A: number[][]) => A[0].map((_, j) => A.map((r) => r[j]));
    const mul = (A: number[][], B: number[][]) => A.map((_, i) => B[0].map((_, j) => dot(A, B, i, j, B.length)));
    return { out, db: b.map((_, j) => dt.reduce((s, r) => s + r[j], 0)), dWh: mul(T(h), dt), dh_prev: mul(dt, T(Wh)), dWx: mul(T(xs), dt), dx: mul(dt, T(Wx)), N };
  }

  it("RNN: h = tanh(h_prev·Wh + x·Wx + b) and the notebook's six gradients", () => {
    const xs = [[0.5, -1], [1.5, 0.25], [-0.3, 0.8]];
    const h = [[0.1, -0.2, 0.3], [0, 0.5, -0.5], [0.2, 0.2, 0.2]];
    const Wx = [[0.3, -0.1, 0.2], [0.05, 0.4, -0.3]];
    const Wh = [[0.1, 0.2, -0.1], [-0.3, 0.1, 0.4], [0.2, -0.2, 0.1]];
    const b = [0.01, -0.02, 0.03];
    const dh = [[1, -1, 0.5], [0.2, 0.3, -0.4], [2, 0, 1]];
    const p = run(
      [["x", "Input", { value: xs }], ["h", "Input", { value: h }], ["Wx", "Param", { value: Wx }], ["Wh", "Param", { value: Wh }], ["b", "Param", { value: b }], ["rnn", "RNN"], ["o", "Output", { grad: dh }]],
      ["x -> rnn.x", "h -> rnn.h_prev", "Wx -> rnn.Wx", "Wh -> rnn.Wh", "b -> rnn.b", "rnn -> o.x"],
    );
    const ref = rnnReference(xs, h, Wx, Wh, b, dh);
    expectClose(val(p, "rnn"), ref.out, 1e-15);
    expectClose(edgeGrad(p, "x -> rnn.x"), ref.dx, 1e-15);
    expectClose(edgeGrad(p, "h -> rnn.h_prev"), ref.dh_prev, 1e-15);
    expectClose(edgeGrad(p, "Wx -> rnn.Wx"), ref.dWx, 1e-15);
    expectClose(edgeGrad(p, "Wh -> rnn.Wh"), ref.dWh, 1e-15);
    expectClose(edgeGrad(p, "b -> rnn.b"), ref.db, 1e-15);
  });

  it("RNN names a batch mismatch and a wrong Wh", () => {
    const rnn = (h: Nested, Wh: Nested) =>
      run([["x", "Input", { value: [[1, 2]] }], ["h", "Input", { value: h }], ["Wx", "Param", { value: [[1, 2, 3], [4, 5, 6]] }], ["Wh", "Param", { value: Wh }], ["b", "Param", { value: [0, 0, 0] }], ["rnn", "RNN"]], ["x -> rnn.x", "h -> rnn.h_prev", "Wx -> rnn.Wx", "Wh -> rnn.Wh", "b -> rnn.b"]).error("rnn");
    const eye3 = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
    expect(rnn([[0, 0, 0]], eye3)).toBeNull();
    expect(rnn([[0, 0, 0], [0, 0, 0]], eye3)).toBe("RNN: x has 1 rows but h_prev has 2: they must be the same batch");
    expect(rnn([[0, 0]], [[1, 0], [0, 1]])).toBe("RNN: Wh is (2,2) but Wx is (2,3): Wh must be (3, 3)");
    expect(rnn([[0, 0, 0]], [[1, 0, 0], [0, 1, 0]])).toBe("RNN: h_prev is (1,3) but Wh is (2,3): inner sizes 3 and 2 differ");
  });
});

describe("losses", () => {
  const loss = (type: string, x: Nested, t: Nested) => run([["x", "Input", { value: x }], ["t", "Input", { value: t }], ["L", type]], ["x -> L.x", "t -> L.t"]);

  // the Linear notebook's y2 and t (y2 printed to 8 digits, so the loss agrees to about 1e-8)
  const y2 = [[1.7968638, 0, 0], [0.79365722, 0, 0], [0.68992279, 0.11283528, 0.9215842], [0, 0, 0.37175357], [0.4940006, 0, 1.18968491]];
  const oneHot = [[1, 0, 0], [1, 0, 0], [0, 0, 1], [0, 0, 1], [1, 0, 0]];
  // the notebook's CELoss.backward() printed y − t, without the 1/N of its own forward
  const yMinusT = [[-0.24904416, 0.12452208, 0.12452208], [-0.47489362, 0.23744681, 0.23744681], [0.35433046, 0.19896769, -0.55329815], [0.28983192, 0.28983192, -0.57966385], [-0.72339481, 0.16877907, 0.55461573]];

  it("SoftmaxWithLoss: the notebook's 0.7776580427782468, and the exact gradient (y − t)/N", () => {
    const p = loss("SoftmaxWithLoss", y2, oneHot);
    expectClose(val(p, "L"), 0.7776580427782468, 1e-8);
    expect(shapeOf(p, "L")).toEqual([]);
    expect(p.isSeeded("L")).toBe(true);
    expectClose(edgeGrad(p, "x -> L.x"), yMinusT.map((r) => r.map((v) => v / 5)), 2e-9);
    expect(edgeGrad(p, "t -> L.t")).toBeNull();
  });

  it("SoftmaxWithLoss reads class indices as the one-hot rows they stand for", () => {
    const a = loss("SoftmaxWithLoss", y2, oneHot), b = loss("SoftmaxWithLoss", y2, [0, 0, 2, 2, 0]);
    expect(val(b, "L")).toBe(val(a, "L"));
    expect(edgeGrad(b, "x -> L.x")).toEqual(edgeGrad(a, "x -> L.x"));
  });

  it("SoftmaxWithLoss of one row (C,) has N = 1", () => {
    const p = loss("SoftmaxWithLoss", [0, 0], [1, 0]);
    expectClose(val(p, "L"), -Math.log(0.5 + 1e-7), 1e-15);
    expectClose(edgeGrad(p, "x -> L.x"), [-0.5, 0.5], 1e-15);
    expect(val(loss("SoftmaxWithLoss", [0, 0], [1]), "L")).toBe(val(p, "L"));
  });

  it("SoftmaxWithLoss explains wrong targets", () => {
    expect(loss("SoftmaxWithLoss", [[1, 2, 3], [4, 5, 6]], [0, 3]).error("L")).toBe("SoftmaxWithLoss: t[1] is 3; a class index must be a whole number from 0 to 2");
    expect(loss("SoftmaxWithLoss", [[1, 2, 3], [4, 5, 6]], [0, 0.5]).error("L")).toBe("SoftmaxWithLoss: t[1] is 0.5; a class index must be a whole number from 0 to 2");
    expect(loss("SoftmaxWithLoss", [[1, 2, 3], [4, 5, 6]], [[1, 0], [0, 1]]).error("L")).toBe("SoftmaxWithLoss: t is (2,2) but x is (2,3): t must be one-hot (2,3) or class indices (2,)");
    expect(loss("SoftmaxWithLoss", [[[1]]], [[[1]]]).error("L")).toBe("SoftmaxWithLoss: x must be (N, C) or (C,), but it is (1,1,1)");
  });

  it("SigmoidWithLoss: −mean(t ln y + (1 − t) ln(1 − y)) and (y − t)/N", () => {
    const xs = [0.5, -1, 2], ts = [1, 0, 0.25];
    const p = loss("SigmoidWithLoss", xs, ts);
    const y = xs.map((v) => 1 / (1 + Math.exp(-v)));
    const L = -y.reduce((s, yi, i) => s + ts[i] * Math.log(yi + 1e-7) + (1 - ts[i]) * Math.log(1 - yi + 1e-7), 0) / 3;
    expectClose(val(p, "L"), L, 1e-15);
    expectClose(edgeGrad(p, "x -> L.x"), y.map((yi, i) => (yi - ts[i]) / 3), 1e-15);
    expect(edgeGrad(p, "t -> L.t")).toBeNull();
    expect(loss("SigmoidWithLoss", [[0.5], [-1]], [[1], [0]]).error("L")).toBeNull();
  });

  it("SigmoidWithLoss explains wrong shapes and targets", () => {
    expect(loss("SigmoidWithLoss", [[1, 2], [3, 4]], [[1, 0], [0, 1]]).error("L")).toBe("SigmoidWithLoss: x must be (N,) or (N, 1), but it is (2,2)");
    expect(loss("SigmoidWithLoss", [1, 2, 3], [1, 0]).error("L")).toBe("SigmoidWithLoss: t is (2,) but x is (3,): t needs 3 numbers");
    expect(loss("SigmoidWithLoss", [1, 2], [1, 2]).error("L")).toBe("SigmoidWithLoss: t[1] is 2; targets must lie between 0 and 1");
  });

  it("MSELoss: mean((x − t)²) and 2(x − t)/n", () => {
    const p = loss("MSELoss", [[1, 2], [3, 4]], [[0, 2], [5, 4]]);
    expect(val(p, "L")).toBe((1 + 0 + 4 + 0) / 4);
    expect(edgeGrad(p, "x -> L.x")).toEqual([[0.5, 0], [-1, 0]]);
    expect(edgeGrad(p, "t -> L.t")).toBeNull();
    expect(loss("MSELoss", [1, 2], [[1, 2]]).error("L")).toBe("MSELoss: t is (1,2) but x is (2,): they must have the same shape");
  });

  it("a loss scales its gradient by the gradient it receives", () => {
    const p = run([["x", "Input", { value: [1, 3] }], ["t", "Input", { value: [0, 0] }], ["L", "MSELoss"], ["o", "Output", { grad: 3 }]], ["x -> L.x", "t -> L.t", "L -> o.x"]);
    expect(p.isSeeded("L")).toBe(false);
    expect(edgeGrad(p, "x -> L.x")).toEqual([3, 9]);
    expect(p.loss).toBe(15);
  });
});

describe("sources and Output", () => {
  it("Input and Param show their value and report the gradient that reaches them", () => {
    const p = run([["x", "Input", { value: 3 }], ["w", "Param", { value: [2, 4] }], ["m", "Mul"]], ["x -> m.a", "w -> m.b"]);
    expect(val(p, "x")).toBe(3);
    expect(val(p, "w")).toEqual([2, 4]);
    expect(grad(p, "x")).toBe(6);
    expect(grad(p, "w")).toEqual([3, 3]);
    expect(p.paramIds).toEqual(["w"]);
    expect(p.sourceIds).toEqual(["x", "w"]);
  });

  it("Input's default value is 1 and Param's a 2×2 randn (what the editor gives a new node)", () => {
    const p = compile({ format: "gradflow", version: 1, nodes: [{ id: "x", type: "Input", data: {} }, { id: "w", type: "Param", data: {} }], edges: [] }).run();
    expect(val(p, "x")).toBe(1);
    expect(shapeOf(p, "w")).toEqual([2, 2]);
  });

  it("Output seeds ones by default, its grad when given, and a broadcastable grad spread over x", () => {
    const out = (grad?: Nested) => run([["x", "Input", { value: [[1, 2], [3, 4]] }], ["o", "Output", grad === undefined ? {} : { grad }]], ["x -> o.x"]);
    expect(grad(out(), "x")).toEqual([[1, 1], [1, 1]]);
    expect(out().loss).toBe(10);
    expect(grad(out([[1, 0], [0, 2]]), "x")).toEqual([[1, 0], [0, 2]]);
    expect(grad(out([10, 1]), "x")).toEqual([[10, 1], [10, 1]]);
    expect(out([10, 1]).loss).toBe(10 + 2 + 30 + 4);
    expect(out([1, 2, 3]).error("o")).toBe("Output: grad is (3,) but x is (2,2): grad must have x's shape, or one that broadcasts to it as in numpy");
    expect(out([[1], [2], [3]]).error("o")).toBe("Output: grad is (3,1) but x is (2,2): grad must have x's shape, or one that broadcasts to it as in numpy");
  });

  it("Output shows what reaches it and reports no gradient of its own", () => {
    const p = run([["x", "Input", { value: [5] }], ["o", "Output"]], ["x -> o.x"]);
    expect(val(p, "o")).toEqual([5]);
    expect(p.grad("o")).toBeNull();
  });
});
