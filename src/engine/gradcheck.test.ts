import { afterEach, describe, expect, it } from "vitest";
import { gradCheck } from "./gradcheck";
import { validateGraph } from "./format";
import { getOp } from "./ops";
import type { OpSpec } from "./ops/types";

/** x → Affine(W, b) → Sigmoid → MSELoss(t) */
function layer(size = 3) {
  return validateGraph({
    format: "gradflow",
    version: 1,
    nodes: [
      { id: "x", type: "Input", data: { value: { init: "randn", shape: [4, size], seed: 3 } } },
      { id: "W", type: "Param", data: { value: { init: "randn", shape: [size, 2], seed: 4 } } },
      { id: "b", type: "Param", data: { value: [0.1, -0.2] } },
      { id: "t", type: "Input", data: { value: { init: "rand", shape: [4, 2], seed: 5 } } },
      { id: "a", type: "Affine", data: {} },
      { id: "s", type: "Sigmoid", data: {} },
      { id: "L", type: "MSELoss", data: {} },
    ],
    edges: [
      { id: "e1", source: "x", target: "a", targetHandle: "x" },
      { id: "e2", source: "W", target: "a", targetHandle: "W" },
      { id: "e3", source: "b", target: "a", targetHandle: "b" },
      { id: "e4", source: "a", target: "s", targetHandle: "x" },
      { id: "e5", source: "s", target: "L", targetHandle: "x" },
      { id: "e6", source: "t", target: "L", targetHandle: "t" },
    ],
  });
}

const restore: (() => void)[] = [];
afterEach(() => restore.splice(0).forEach((f) => f()));

/** replaces an op's backward for one test */
function sabotage(type: string, backward: OpSpec["backward"]) {
  const op = getOp(type)! as { backward: OpSpec["backward"]; elementwise?: OpSpec["elementwise"] };
  const orig = op.backward, loops = op.elementwise;
  op.backward = backward;
  // an elementwise op's loops are what the executor runs: without them it runs the op's backward
  op.elementwise = undefined;
  restore.push(() => {
    op.backward = orig;
    op.elementwise = loops;
  });
  return orig;
}

describe("gradCheck", () => {
  it("passes a correct graph: every Input and Param agrees with central differences", () => {
    const r = gradCheck(layer());
    expect(r.pass).toBe(true);
    expect(r.tolerance).toBe(1e-5);
    expect([...r.nodes.keys()]).toEqual(["x", "W", "b", "t"]);
    for (const id of ["x", "W", "b"]) {
      const c = r.nodes.get(id)!;
      expect(c.pass).toBe(true);
      expect(c.relError!).toBeLessThan(1e-8);
      expect(c.checked).toBe(c.size);
    }
    expect(r.nodes.get("t")).toEqual({ relError: null, checked: 0, size: 8, pass: true, note: "no gradient reaches it" });
  });

  it("fails a wrong backward, and names the node it shows up at", () => {
    const orig = sabotage("Sigmoid", (k) => {
      orig(k);
      k.gIns[0]!.data[0] *= 1.01;
    });
    const r = gradCheck(layer());
    expect(r.pass).toBe(false);
    expect(r.nodes.get("W")!.pass).toBe(false);
    expect(r.nodes.get("W")!.relError!).toBeGreaterThan(1e-4);
  });

  it("checks at most maxPerNode elements of a large tensor, spread over it", () => {
    const r = gradCheck(layer(300), { maxPerNode: 16 });
    expect(r.nodes.get("W")!.checked).toBe(16);
    expect(r.nodes.get("W")!.size).toBe(600);
    expect(r.pass).toBe(true);
  });

  it("leaves the values as they were", () => {
    const doc = layer();
    const before = JSON.stringify(doc);
    gradCheck(doc);
    expect(JSON.stringify(doc)).toBe(before);
  });

  it("does not pass a graph that produces no loss", () => {
    const doc = layer();
    doc.edges = doc.edges.filter((e) => e.id !== "e2");
    const r = gradCheck(doc);
    expect(r.pass).toBe(false);
    expect(r.nodes.size).toBe(0);
  });
});

import fc from "fast-check";
import type { GraphDoc } from "./graph";
import { EXAMPLES } from "../examples";
import { Trainer, withParams } from "./train";
import { compile } from "./executor";

type N = GraphDoc["nodes"][number];
type E = GraphDoc["edges"][number];
const wire = (source: string, target: string, port: string, i = 0): E => ({ id: `${source}-${target}-${port}${i}`, source, sourceHandle: "out", target, targetHandle: port });

describe("gradCheck on graphs that are correct but hard to check (FORMAT.md section 3)", () => {
  it("a Softmax whose true gradient is zero (Σ softmax = 1) passes", () => {
    const doc = validateGraph({
      format: "gradflow", version: 1,
      nodes: [
        { id: "x", type: "Param", data: { value: { init: "randn", shape: [3, 4], seed: 1 } } },
        { id: "s", type: "Softmax", data: {} },
        { id: "L", type: "Sum", data: { axis: null, keepdims: false } },
      ],
      edges: [wire("x", "s", "x"), wire("s", "L", "x")],
    });
    const r = gradCheck(doc);
    expect(r.pass).toBe(true);
    expect(r.nodes.get("x")!.relError!).toBeLessThan(1e-9);
  });

  const loss = (type: string, x: unknown, t: unknown) =>
    validateGraph({
      format: "gradflow", version: 1,
      nodes: [
        { id: "x", type: "Param", data: { value: x } },
        { id: "t", type: "Input", data: { value: t } },
        { id: "L", type, data: {} },
      ],
      edges: [wire("x", "L", "x"), wire("t", "L", "t")],
    });

  it("a saturated SigmoidWithLoss passes (the 1e-7 guard is not what backward differentiates)", () => {
    for (const [x, t] of [[[20, -25, 30], [0, 1, 1]], [[40, -40], [1, 0]], [[15.5], [0]]]) {
      const r = gradCheck(loss("SigmoidWithLoss", x, t));
      expect(r.pass, JSON.stringify({ x, t, r: r.nodes.get("x") })).toBe(true);
    }
  });

  it("a class with a low probability passes, one-hot and as indices", () => {
    const x = [[12, -9, 0.5], [-20, 14, 3]];
    for (const t of [[[0, 1, 0], [1, 0, 0]], [1, 0]]) {
      const r = gradCheck(loss("SoftmaxWithLoss", x, t));
      expect(r.pass, JSON.stringify(r.nodes.get("x"))).toBe(true);
    }
  });

  it("the two-layer example after long training passes", () => {
    const ex = EXAMPLES.find((e) => e.id === "two-layer")!;
    const doc = validateGraph(ex.doc);
    const trainer = new Trainer(doc, { type: "Adam", lr: 0.01 });
    for (let i = 0; i < 2000; i++) trainer.step();
    const r = gradCheck(withParams(doc, trainer.params()));
    expect(r.pass, JSON.stringify([...r.nodes])).toBe(true);
  });

  it("a Log close to 0 is checked with steps that do not cross 0", () => {
    const doc = validateGraph({
      format: "gradflow", version: 1,
      nodes: [{ id: "x", type: "Param", data: { value: [1e-6, 0.5, 3] } }, { id: "l", type: "Log", data: {} }],
      edges: [wire("x", "l", "x")],
    });
    const r = gradCheck(doc);
    expect(r.pass, JSON.stringify(r.nodes.get("x"))).toBe(true);
  });

  it("says why when there is nothing to differentiate", () => {
    const empty = validateGraph({ format: "gradflow", version: 1, nodes: [], edges: [] });
    expect(gradCheck(empty)).toMatchObject({ pass: false, reason: "nothing to differentiate: the graph has no node that runs" });
    const broken = validateGraph({ format: "gradflow", version: 1, nodes: [{ id: "m", type: "MatMul", data: {} }], edges: [] });
    expect(gradCheck(broken).reason).toBe('nothing to differentiate: node "m" errs (missing inputs x, W)');
  });

  it("a difference that is not a number fails with relError NaN, not a pass", () => {
    // sqrt-like kink: Log at exactly 0 gives −∞ on one side
    const doc = validateGraph({
      format: "gradflow", version: 1,
      nodes: [{ id: "x", type: "Param", data: { value: [0] } }, { id: "e", type: "Exp", data: {} }, { id: "l", type: "Log", data: {} }, { id: "m", type: "Mul", data: {} }],
      edges: [wire("x", "m", "a"), wire("x", "m", "b"), wire("m", "l", "x")],
    });
    const r = gradCheck(doc);
    expect(r.pass).toBe(false);
  });

  it("random valid graphs of every differentiable op pass", () => {
    // each step applies an op to earlier nodes; Log and Div get positive inputs through Exp/Sigmoid
    const step = fc.record({ op: fc.constantFrom("Add", "Sub", "Mul", "Div", "Exp", "Log", "Sigmoid", "Tanh", "Softmax", "MatMul", "Sum", "Repeat", "Transpose"), a: fc.nat(), b: fc.nat() });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 1e6 }), fc.constantFrom("none", "MSELoss", "SoftmaxWithLoss", "SigmoidWithLoss"), (steps, seed, lossType) => {
        const nodes: N[] = [
          { id: "p0", type: "Param", data: { value: { init: "randn", shape: [2, 2], seed } } },
          { id: "p1", type: "Param", data: { value: { init: "randn", shape: [2, 2], seed: seed + 1 } } },
          { id: "p2", type: "Input", data: { value: { init: "randn", shape: [2, 2], seed: seed + 2 } } },
        ];
        const edges: E[] = [];
        const shapes: number[][] = [[2, 2], [2, 2], [2, 2]];
        const add = (id: string, type: string, ins: [string, string][], shape: number[], data: Record<string, unknown> = {}) => {
          nodes.push({ id, type, data });
          ins.forEach(([src, port]) => edges.push(wire(src, id, port)));
          shapes.push(shape);
          return id;
        };
        steps.forEach((st, i) => {
          const a = nodes[st.a % nodes.length].id, b = nodes[st.b % nodes.length].id;
          const sa = shapes[st.a % nodes.length];
          const positive = (src: string, k: string) => add(`pos${i}${k}`, "Exp", [[src, "x"]], shapes[nodes.findIndex((n) => n.id === src)]);
          if (sa.length !== 2) return add(`n${i}`, "Tanh", [[a, "x"]], sa);
          switch (st.op) {
            case "Log": return add(`n${i}`, "Log", [[positive(a, "a"), "x"]], sa);
            case "Div": return add(`n${i}`, "Div", [[a, "a"], [positive(a, "b"), "b"]], sa);
            case "Add": case "Sub": case "Mul": {
              const sb = shapes[st.b % nodes.length];
              return add(`n${i}`, st.op, [[a, "a"], [sb.length === 2 ? b : a, "b"]], sa);
            }
            case "MatMul": return sa[0] === sa[1] ? add(`n${i}`, "MatMul", [[a, "x"], [a, "W"]], sa) : add(`n${i}`, "Transpose", [[a, "x"]], [sa[1], sa[0]]);
            case "Sum": return add(`n${i}`, "Sum", [[a, "x"]], [1, sa[1]], { axis: 0, keepdims: true });
            case "Repeat": return add(`n${i}`, "Tanh", [[a, "x"]], sa);
            case "Transpose": return add(`n${i}`, "Transpose", [[a, "x"]], [sa[1], sa[0]]);
            default: return add(`n${i}`, st.op, [[a, "x"]], sa);
          }
        });
        const last = nodes[nodes.length - 1].id, ls = shapes[shapes.length - 1];
        const square = ls.length === 2 && ls[0] === 2 && ls[1] === 2;
        if (lossType === "MSELoss" && square) add("L", "MSELoss", [[last, "x"], ["p2", "t"]], [], {});
        if (lossType === "SigmoidWithLoss" && square) {
          nodes.push({ id: "tt", type: "Input", data: { value: [[1], [0]] } });
          shapes.push([2, 1]);
          add("col", "Sum", [[last, "x"]], [2, 1], { axis: 1, keepdims: true });
          add("L", "SigmoidWithLoss", [["col", "x"], ["tt", "t"]], []);
        }
        if (lossType === "SoftmaxWithLoss" && square) {
          nodes.push({ id: "cls", type: "Input", data: { value: [1, 0] } });
          shapes.push([2]);
          add("L", "SoftmaxWithLoss", [[last, "x"], ["cls", "t"]], []);
        }
        const doc = validateGraph({ format: "gradflow", version: 1, nodes, edges });
        // exp of exp of exp reaches 1e38, where float64 differences cannot see a change of 1e-5:
        // such graphs are not what a check can decide (and not what a learner builds)
        const p = compile(doc).run();
        fc.pre(p.allIds.every((id) => !p.value(id) || p.value(id)!.data.every((v) => Math.abs(v) < 1e6)));
        const r = gradCheck(doc);
        expect(r.pass, JSON.stringify({ r: [...r.nodes], doc })).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
