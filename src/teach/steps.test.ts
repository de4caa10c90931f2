import { describe, expect, it } from "vitest";
import { compile, type Program } from "../engine/executor";
import type { GraphDoc, GraphEdge, GraphNode } from "../engine/graph";
import { buildSteps, revealAt, type Reveal, type Step } from "./steps";

const node = (id: string, type: string, data: Record<string, unknown> = {}): GraphNode => ({ id, type, data });
const edge = (id: string, source: string, target: string, targetHandle: string): GraphEdge => ({ id, source, target, targetHandle });
const doc = (nodes: GraphNode[], edges: GraphEdge[]): GraphDoc => ({ format: "gradflow", version: 1, nodes, edges });
const show = (steps: Step[]) => steps.map((s) => `${s.kind[0]}:${s.nodeId}`);
const sorted = (s: Set<string>) => [...s].sort();

/** The notebooks' Add/Mul/Div of x = 10, y = 20: x and y fan out to three nodes each. */
const fanOut = () =>
  compile(
    doc(
      [node("x", "Input", { value: 10 }), node("y", "Input", { value: 20 }), node("add", "Add"), node("mul", "Mul"), node("div", "Div")],
      [edge("xa", "x", "add", "a"), edge("ya", "y", "add", "b"), edge("xm", "x", "mul", "a"), edge("ym", "y", "mul", "b"), edge("xd", "x", "div", "a"), edge("yd", "y", "div", "b")],
    ),
  ).run();

describe("buildSteps", () => {
  it("walks forward in topological order, then backward in reverse, sources last", () => {
    expect(show(buildSteps(fanOut()))).toEqual(["f:x", "f:y", "f:add", "f:mul", "f:div", "b:div", "b:mul", "b:add", "b:y", "b:x"]);
  });

  it("gives an Output a backward step (it seeds its input) and skips a loss's target", () => {
    const p = compile(
      doc(
        [node("x", "Input", { value: [[1, 2]] }), node("W", "Param", { value: [[1], [2]] }), node("mm", "MatMul"), node("t", "Input", { value: [[1]] }), node("loss", "MSELoss"), node("o", "Output")],
        [edge("e1", "x", "mm", "x"), edge("e2", "W", "mm", "W"), edge("e3", "mm", "loss", "x"), edge("e4", "t", "loss", "t"), edge("e5", "mm", "o", "x")],
      ),
    ).run();
    const steps = buildSteps(p);
    expect(show(steps)).toEqual(["f:x", "f:W", "f:mm", "f:t", "f:loss", "f:o", "b:o", "b:loss", "b:mm", "b:W", "b:x"]);
    // mm's gradient sums the loss's share and the Output's seed
    expect(p.grad("mm")!.data[0]).toBeCloseTo(2 * (5 - 1) + 1);
  });

  it("leaves out nodes that err and nodes no gradient reaches", () => {
    const p = compile(
      doc(
        [node("x", "Input", { value: [1, 2] }), node("ex", "Exp"), node("t", "Input", { value: [0, 0] }), node("loss", "MSELoss"), node("bad", "MatMul")],
        [edge("e1", "x", "ex", "x"), edge("e2", "x", "loss", "x"), edge("e3", "t", "loss", "t"), edge("e4", "x", "bad", "x"), edge("e5", "x", "bad", "W")],
      ),
    ).run();
    expect(p.status("bad")).toBe("error");
    // ex dangles while a loss exists, so it is not seeded and gets no gradient
    expect(show(buildSteps(p))).toEqual(["f:x", "f:ex", "f:t", "f:loss", "b:loss", "b:x"]);
  });
});

describe("revealAt", () => {
  const p = fanOut();
  const steps = buildSteps(p);

  it("shows nothing at Reset, but numbers every node in forward order", () => {
    const r = revealAt(p, steps, 0);
    expect(r.current).toBeNull();
    expect(r.phase).toBe("start");
    expect([r.values.size, r.grads.size, r.nodesWithValue.size, r.nodesWithGrad.size]).toEqual([0, 0, 0, 0]);
    expect([...r.badge]).toEqual([["x", 1], ["y", 2], ["add", 3], ["mul", 4], ["div", 5]]);
  });

  it("reveals a node's outgoing values at its forward step", () => {
    const r = revealAt(p, steps, 1);
    expect(r).toMatchObject({ current: "x", phase: "forward" });
    expect(sorted(r.values)).toEqual(["xa", "xd", "xm"]);
    expect(sorted(r.nodesWithValue)).toEqual(["x"]);
    expect(r.grads.size).toBe(0);
  });

  it("shows no gradient anywhere during the forward half", () => {
    const r = revealAt(p, steps, 5);
    expect(r.phase).toBe("forward");
    expect(r.values.size).toBe(6);
    expect(r.nodesWithValue.size).toBe(5);
    expect(r.grads.size + r.nodesWithGrad.size).toBe(0);
  });

  it("reveals a node's incoming shares and its own gradient at its backward step, in reverse order", () => {
    const r = revealAt(p, steps, 6);
    expect(r).toMatchObject({ current: "div", phase: "backward" });
    expect(sorted(r.grads)).toEqual(["xd", "yd"]);
    expect(sorted(r.nodesWithGrad)).toEqual(["div"]);
    const r9 = revealAt(p, steps, 9);
    expect(r9.current).toBe("y");
    expect(sorted(r9.grads)).toEqual(["xa", "xd", "xm", "ya", "yd", "ym"]);
    expect(r9.nodesWithGrad.has("y") && !r9.nodesWithGrad.has("x")).toBe(true);
  });

  it("ends done with everything shown, and clamps k", () => {
    const done = revealAt(p, steps, steps.length);
    expect(done).toMatchObject({ current: "x", phase: "done" });
    expect(done.grads.size).toBe(6);
    expect(done.nodesWithGrad.size).toBe(5);
    expect(revealAt(p, steps, 99)).toEqual(done);
    expect(revealAt(p, steps, -2)).toEqual(revealAt(p, steps, 0));
  });

  it("only ever adds as k grows, so stepping back is exactly the earlier picture", () => {
    const fields = ["values", "grads", "nodesWithValue", "nodesWithGrad"] as const;
    let prev: Reveal = revealAt(p, steps, 0);
    for (let k = 1; k <= steps.length; k++) {
      const r = revealAt(p, steps, k);
      for (const f of fields) for (const x of prev[f]) expect(r[f].has(x)).toBe(true);
      expect(revealAt(p, steps, k - 1)).toEqual(prev);
      prev = r;
    }
  });

  it("never reveals a gradient the run does not have", () => {
    const q: Program = compile(
      doc([node("x", "Input", { value: [[1, 2]] }), node("t", "Input", { value: [0] }), node("loss", "SoftmaxWithLoss")], [edge("ex", "x", "loss", "x"), edge("et", "t", "loss", "t")]),
    ).run();
    const s = buildSteps(q);
    const r = revealAt(q, s, s.length);
    expect(sorted(r.grads)).toEqual(["ex"]);
    expect(q.edgeGrad("et")).toBeNull();
  });
});
