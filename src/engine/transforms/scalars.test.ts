// Expanding MatMul, Affine, Sigmoid and Softmax into scalar nodes: the whole graph's values and
// every gradient, before and after, agree to the bit or to rounding; the expanded graph is a valid
// file, passes the gradient check and trains; and bigger tensors are refused, saying why.
import { describe, expect, it } from "vitest";
import { compile, type Program } from "../executor";
import { validateGraph } from "../format";
import { gradCheck } from "../gradcheck";
import type { GraphDoc } from "../graph";
import { Trainer } from "../train";
import { expandToScalars, MAX_SCALAR_ELEMENTS, type Expanded } from "./scalars";

const expanded = (r: ReturnType<typeof expandToScalars>): Expanded => {
  if (!r.ok) throw new Error(r.reason);
  return r;
};
const reason = (r: ReturnType<typeof expandToScalars>) => (r.ok ? "(accepted)" : r.reason);

type Src = [id: string, port: string, value: unknown, trainable?: boolean];

/** sources → op → Tanh → Output with a dout that weighs every element differently */
function graph(type: string, sources: Src[], outShape: number[], label?: string): GraphDoc {
  const n = outShape.reduce((a, b) => a * b, 1);
  const dout = { init: "randn", shape: outShape, seed: 7 };
  return validateGraph({
    format: "gradflow",
    version: 1,
    nodes: [
      ...sources.map(([id, , value, trainable], i) => ({ id, type: trainable ? "Param" : "Input", position: { x: 0, y: i * 140 }, data: { value } })),
      { id: "op", type, position: { x: 260, y: 0 }, data: label ? { label } : {} },
      { id: "t", type: "Tanh", position: { x: 520, y: 0 }, data: {} },
      { id: "o", type: "Output", position: { x: 780, y: 0 }, data: n === 1 && outShape.length === 0 ? { grad: 0.7 } : { grad: dout } },
    ],
    edges: [
      ...sources.map(([id, port]) => ({ id: `e_${port}`, source: id, target: "op", targetHandle: port })),
      { id: "e_t", source: "op", target: "t", targetHandle: "x" },
      { id: "e_o", source: "t", target: "o", targetHandle: "x" },
    ],
  });
}

const rnd = (shape: number[], seed: number, scale = 1) => ({ init: "randn", shape, seed, scale });

/**
 * |a − b| within a few units of rounding of the tensor's size (and at least of 0.01: a gradient that
 * is 0 exactly one way may be g − g, 1e-17, the other); returns whether all were equal bit for bit.
 */
function expectRounding(a: Float64Array, b: Float64Array, what: string, rel = 1e-14): boolean {
  expect(a.length, what).toBe(b.length);
  const scale = Math.max(0.01, ...Array.from(a, Math.abs), ...Array.from(b, Math.abs));
  let exact = true;
  a.forEach((v, i) => {
    if (!Object.is(v, b[i])) exact = false;
    expect(Math.abs(v - b[i]) <= rel * scale, `${what}[${i}]: ${v} vs ${b[i]}`).toBe(true);
  });
  return exact;
}

/** The whole graph before and after: every node both have, values and gradients; the loss. */
function compare(before: Program, after: Program, sources: string[], gradRel = 1e-14): { valuesExact: boolean; gradsExact: boolean } {
  let valuesExact = true, gradsExact = true;
  for (const id of ["op", "t", "o"]) valuesExact = expectRounding(before.value(id)!.data, after.value(id)!.data, `value of ${id}`) && valuesExact;
  for (const id of [...sources, "op", "t"]) gradsExact = expectRounding(before.grad(id)!.data, after.grad(id)!.data, `gradient of ${id}`, gradRel) && gradsExact;
  expect(Math.abs(before.loss! - after.loss!)).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(before.loss!)));
  return { valuesExact, gradsExact };
}

// Sigmoid's gradient: the op writes out ⊙ (1 − out), and 1 − out loses digits where out is near 1
// (at σ(10) = 0.99995, four of them); the scalar graph differentiates 1 / (1 + e^(−x)) by the quotient
// rule, which keeps them. So there the two agree to the op's rounding, 1e-12 relative (and the scalar
// graph's is the closer to the exact derivative: checked below).
const CASES: { name: string; type: string; sources: Src[]; out: number[]; bitValues?: boolean; gradRel?: number }[] = [
  { name: "MatMul (2,2)·(2,3), the notebook's", type: "MatMul", sources: [["x", "x", [[1, 2], [3, 4]]], ["W", "W", [[1, 2, 3], [4, 5, 6]], true]], out: [2, 3] },
  { name: "MatMul (3,3)·(3,3)", type: "MatMul", sources: [["x", "x", rnd([3, 3], 1)], ["W", "W", rnd([3, 3], 2), true]], out: [3, 3] },
  { name: "MatMul (1,3)·(3,1)", type: "MatMul", sources: [["x", "x", rnd([1, 3], 3)], ["W", "W", rnd([3, 1], 4), true]], out: [1, 1] },
  { name: "MatMul (3,1)·(1,2)", type: "MatMul", sources: [["x", "x", rnd([3, 1], 5)], ["W", "W", rnd([1, 2], 6), true]], out: [3, 2] },
  { name: "Affine (2,3)·(3,2) + (2,)", type: "Affine", sources: [["x", "x", rnd([2, 3], 7)], ["W", "W", rnd([3, 2], 8), true], ["b", "b", rnd([2], 9), true]], out: [2, 2] },
  { name: "Affine (1,2)·(2,3) + (1,3)", type: "Affine", sources: [["x", "x", rnd([1, 2], 10)], ["W", "W", rnd([2, 3], 11), true], ["b", "b", rnd([1, 3], 12), true]], out: [1, 3] },
  { name: "Sigmoid at 10, the notebook's", type: "Sigmoid", sources: [["x", "x", 10]], out: [], bitValues: true, gradRel: 1e-11 },
  { name: "Sigmoid (3,3)", type: "Sigmoid", sources: [["x", "x", rnd([3, 3], 13, 3)]], out: [3, 3], bitValues: true, gradRel: 1e-12 },
  { name: "Sigmoid (1,)", type: "Sigmoid", sources: [["x", "x", [-0.5]]], out: [1], bitValues: true },
  { name: "Softmax (3,)", type: "Softmax", sources: [["x", "x", [0.3, -1.2, 2.5], true]], out: [3] },
  { name: "Softmax (3,3)", type: "Softmax", sources: [["x", "x", rnd([3, 3], 14, 2), true]], out: [3, 3] },
  { name: "Softmax (2,1)", type: "Softmax", sources: [["x", "x", [[0.4], [-2]]]], out: [2, 1] },
];

describe("expandToScalars: the same numbers, before and after", () => {
  for (const c of CASES)
    it(c.name, () => {
      const doc = graph(c.type, c.sources, c.out, "layer");
      const e = expanded(expandToScalars(doc, "op"));
      // a valid file, as the reader reads it back
      expect(validateGraph(JSON.parse(JSON.stringify(e.doc)))).toEqual(e.doc);
      const before = compile(doc).run(), after = compile(e.doc).run();
      for (const id of after.allIds) expect([id, after.error(id)]).toEqual([id, null]);
      expect(after.value("op")!.shape).toEqual(c.out);
      const { valuesExact } = compare(before, after, c.sources.map((s) => s[0]), c.gradRel);
      if (c.bitValues) expect(valuesExact, "Sigmoid's forward is the op's own operations").toBe(true);
      // only scalar arithmetic inside, apart from the Slices and the assembly
      const inside = new Set(e.doc.groups!.find((g) => g.id === e.groupId)!.nodes);
      const types = new Set(e.doc.nodes.filter((n) => inside.has(n.id)).map((n) => n.type));
      for (const t of types) expect(["Slice", "Mul", "Add", "Exp", "Div", "Stack", "Input"], t).toContain(t);
      for (const n of e.doc.nodes.filter((n) => inside.has(n.id) && ["Add", "Exp", "Div"].includes(n.type))) expect(after.value(n.id)!.shape, n.id).toEqual([]);
      expect(inside.has("op")).toBe(true);
      expect(e.doc.nodes.some((n) => n.type === c.type)).toBe(false);
    });

  it("at σ(10), the scalar graph's gradient is the closer to the exact derivative", () => {
    const doc = graph("Sigmoid", [["x", "x", 10]], []);
    const op = compile(doc).run(), sc = compile(expanded(expandToScalars(doc, "op")).doc).run();
    // dL/dσ arrives as the same number both ways; σ′(10) = e^−10 / (1 + e^−10)², which has no cancellation
    const g = op.grad("op")!.data[0];
    expect(sc.grad("op")!.data[0]).toBe(g);
    const exact = (g * Math.exp(-10)) / (1 + Math.exp(-10)) ** 2;
    expect(Math.abs(sc.grad("x")!.data[0] - exact)).toBeLessThan(Math.abs(op.grad("x")!.data[0] - exact));
  });

  it("MatMul's products are added in order k = 0, 1, …: each scalar sum is that sum to the bit", () => {
    const doc = graph("MatMul", CASES[1].sources, [3, 3]);
    const p = compile(expanded(expandToScalars(doc, "op")).doc).run();
    const x = compile(doc).run().value("x")!.data, W = compile(doc).run().value("W")!.data;
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let s = x[i * 3] * W[j];
        for (let k = 1; k < 3; k++) s += x[i * 3 + k] * W[k * 3 + j];
        expect(p.value("op")!.data[i * 3 + j]).toBe(s);
      }
  });

  it("dW of the scalar graph is the Branch rule: each W[k, j] collects one share per row of x", () => {
    const e = expanded(expandToScalars(graph("MatMul", CASES[0].sources, [2, 3]), "op"));
    const p = compile(e.doc).run();
    const el = e.doc.nodes.find((n) => n.data.label === "W[1,2]")!;
    const shares = p.outEdges(el.id).map((id) => p.edgeGrad(id)!.data[0]);
    expect(shares).toHaveLength(2); // x has two rows
    const g = p.grad(el.id)!.data[0];
    expect(g).toBe(shares[0] + shares[1]);
    expect(p.grad("W")!.data[1 * 3 + 2]).toBe(g);
  });

  it("the expanded graph passes the gradient check and trains as the tensor op does", () => {
    for (const c of [CASES[4], CASES[10]]) {
      const doc = { ...graph(c.type, c.sources, c.out), optimizer: { type: "SGD", lr: 0.1 } };
      const e = expanded(expandToScalars(doc, "op"));
      expect(gradCheck(e.doc).pass).toBe(true);
      const a = new Trainer(doc), b = new Trainer(e.doc);
      for (let k = 0; k < 5; k++) expect(Math.abs(a.step() - b.step())).toBeLessThanOrEqual(1e-13);
      for (const [id, t] of a.params()) expectRounding(t.data, b.params().get(id)!.data, `${id} after 5 steps`, 1e-13);
    }
  });

  it("is one group, laid out on the grid where the node was, the rest moved right", () => {
    const doc = graph("Affine", CASES[4].sources, [2, 2], "layer");
    const e = expanded(expandToScalars(doc, "op"));
    const g = e.doc.groups!.find((x) => x.id === e.groupId)!;
    expect(g.label).toBe("layer as scalars");
    expect(g.collapsed).toBe(false);
    const at = new Map(e.doc.nodes.map((n) => [n.id, n.position!]));
    for (const n of e.doc.nodes) expect(at.get(n.id)!.x % 260, n.id).toBe(0);
    for (const ed of e.doc.edges) expect(at.get(ed.target)!.x, ed.id).toBeGreaterThan(at.get(ed.source)!.x);
    expect(new Set(e.doc.nodes.map((n) => `${at.get(n.id)!.x},${at.get(n.id)!.y}`)).size).toBe(e.doc.nodes.length);
    // the op's outgoing edge still leaves the op's id
    expect(e.doc.edges.find((x) => x.id === "e_t")!.source).toBe("op");
  });
});

describe("expandToScalars refuses, saying why", () => {
  it("bigger than 3×3", () => {
    const doc = graph("MatMul", [["x", "x", rnd([2, 5], 1)], ["W", "W", rnd([5, 2], 2)]], [2, 2]);
    expect(reason(expandToScalars(doc, "op"))).toBe(`x is (2,5): 10 numbers; expanding to scalars takes at most ${MAX_SCALAR_ELEMENTS} (3×3), so that the picture stays one a learner can follow`);
    const big = graph("MatMul", [["x", "x", rnd([3, 1], 1)], ["W", "W", rnd([1, 4], 2)]], [3, 4]);
    expect(reason(expandToScalars(big, "op"))).toMatch(/^the result is \(3,4\): 12 numbers/);
  });

  it("other ops, unknown nodes, a node in a group, an unwired input, scores that overflow e^x", () => {
    const doc = graph("Sigmoid", [["x", "x", [1, 2]]], [2]);
    expect(reason(expandToScalars(doc, "t"))).toBe("Tanh does not expand to scalars: MatMul, Affine, Sigmoid and Softmax do");
    expect(reason(expandToScalars(doc, "nope"))).toBe('there is no node "nope"');
    expect(reason(expandToScalars({ ...doc, groups: [{ id: "g", label: "", nodes: ["op"], collapsed: false }] }, "op"))).toBe('"op" is in the group "g": take it out of the group first');
    expect(reason(expandToScalars({ ...doc, edges: doc.edges.filter((e) => e.id !== "e_x") }, "op"))).toBe("wire op's x first");
    expect(reason(expandToScalars(graph("Softmax", [["x", "x", [1, 800]]], [2]), "op"))).toBe("a score is 800: the scalar graph computes e^x without subtracting the maximum, and e^x overflows above 709");
  });

  it("leaves the document it was given as it was", () => {
    const doc = graph("Affine", CASES[4].sources, [2, 2]);
    const text = JSON.stringify(doc);
    expanded(expandToScalars(doc, "op"));
    expect(JSON.stringify(doc)).toBe(text);
  });
});
