// The decision boundary: which graphs have one (points N × 2 into a loss with class targets), the
// points' classes as the loss reads them, and the grid's classes as the graph computes them.
import { describe, expect, it } from "vitest";
import { EXAMPLES } from "../examples";
import { compile } from "./executor";
import { validateGraph } from "./format";
import type { GraphDoc } from "./graph";
import { boundaryProblem, boundsOf, classesOf, decisionGrid, mayHaveBoundary, type BoundaryGrid, type BoundaryProblem } from "./decisionBoundary";
import { Trainer } from "./train";

const example = (id: string) => EXAMPLES.find((e) => e.id === id)!.doc;
const grid = (r: ReturnType<typeof decisionGrid>): BoundaryGrid => {
  if ("ok" in r) throw new Error(r.reason);
  return r;
};
const problem = (doc: GraphDoc): BoundaryProblem => {
  const p = boundaryProblem(doc);
  if (!p) throw new Error("no decision boundary");
  return p;
};

/** A linear classifier of the plane: scores = x · W + b, with W and b chosen by hand. */
function linear(points: number[][], t: unknown, W: number[][], b: number[], loss = "SoftmaxWithLoss"): GraphDoc {
  return validateGraph({
    format: "gradflow",
    version: 1,
    nodes: [
      { id: "x", type: "Input", data: { value: points } },
      { id: "W", type: "Param", data: { value: W } },
      { id: "b", type: "Param", data: { value: b } },
      { id: "a", type: "Affine", data: {} },
      { id: "t", type: "Input", data: { value: t } },
      { id: "loss", type: loss, data: {} },
    ],
    edges: [
      { id: "e1", source: "x", target: "a", targetHandle: "x" },
      { id: "e2", source: "W", target: "a", targetHandle: "W" },
      { id: "e3", source: "b", target: "a", targetHandle: "b" },
      { id: "e4", source: "a", target: "loss", targetHandle: "x" },
      { id: "e5", source: "t", target: "loss", targetHandle: "t" },
    ],
  });
}

describe("which graphs have a decision boundary", () => {
  it("the spiral example: 300 points, 3 classes, the targets of the dataset", () => {
    const p = problem(example("spiral"));
    expect([p.xId, p.tId, p.scoresId, p.lossId, p.kind, p.classes]).toEqual(["x", "t", "affine2", "loss", "softmax", 3]);
    expect(p.points).toHaveLength(600);
    expect([...p.labels.slice(0, 3), ...p.labels.slice(100, 102), p.labels[299]]).toEqual([0, 0, 0, 1, 1, 2]);
  });

  it("the learner's own points with one-hot targets, and a sigmoid's two classes", () => {
    const pts = [[0, 0], [1, 0], [0, 1]];
    const oneHot = problem(linear(pts, [[1, 0], [0, 1], [0, 1]], [[1, 0], [0, 1]], [0, 0]));
    expect([...oneHot.labels]).toEqual([0, 1, 1]);
    expect(oneHot.classes).toBe(2);
    const sig = problem(linear(pts, [0, 1, 0.7], [[1], [1]], [0], "SigmoidWithLoss"));
    expect([sig.kind, sig.classes, ...sig.labels]).toEqual(["sigmoid", 2, 0, 1, 1]);
  });

  it("none where the points are not in the plane or the loss has no classes", () => {
    expect(boundaryProblem(example("two-layer"))).not.toBeNull(); // 30 points (30, 2): it has one too
    expect(boundaryProblem(example("optimizers-ch6"))).toBeNull();
    expect(boundaryProblem(example("linear-relu-celoss"))).toBeNull(); // x is (5, 10)
    const threeD = linear([[0, 0, 0], [1, 1, 1]], [0, 1], [[1, 0], [0, 1], [1, 1]], [0, 0]);
    expect(boundaryProblem(threeD)).toBeNull();
    // a class index the scores do not have
    expect(boundaryProblem(linear([[0, 0], [1, 1]], [0, 5], [[1, 0], [0, 1]], [0, 0]))).toBeNull();
  });

  it("is looked for only where the shapes allow one: the first look never misses a graph that has one", () => {
    for (const ex of EXAMPLES) if (boundaryProblem(ex.doc)) expect(mayHaveBoundary(ex.doc), ex.id).toBe(true);
    expect(mayHaveBoundary(example("optimizers-ch6"))).toBe(false);
    expect(mayHaveBoundary(example("rnn"))).toBe(false);
    expect(mayHaveBoundary(linear([[0, 0], [1, 1]], [0, 1], [[1, 0], [0, 1]], [0, 0], "MSELoss"))).toBe(false);
  });

  it("reads targets as the loss does", () => {
    expect([...classesOf(Float64Array.from([2, 0, 1]), [3], "softmax")]).toEqual([2, 0, 1]);
    expect([...classesOf(Float64Array.from([0, 0.2, 0.8, 0.9, 0.1, 0]), [3, 2], "softmax")]).toEqual([1, 1, 0]);
    expect([...classesOf(Float64Array.from([0.5, 0.49]), [2], "sigmoid")]).toEqual([1, 0]);
    expect([...classesOf(Float64Array.from([1.5]), [1], "softmax")]).toEqual([-1]);
  });
});

describe("the grid", () => {
  it("gives each cell the class a hand-made linear classifier gives it: x > y is class 0", () => {
    // scores (x − y, y − x): class 0 where x > y
    const doc = linear([[-1, -1], [1, 1]], [0, 1], [[1, -1], [-1, 1]], [0, 0]);
    const g = grid(decisionGrid(doc, problem(doc), 10, { x: [-1, 1], y: [-1, 1] }));
    for (let j = 0; j < 10; j++)
      for (let i = 0; i < 10; i++) {
        const want = i > j ? 0 : i < j ? 1 : null; // on the diagonal the scores tie
        if (want !== null) expect(g.cls[j * 10 + i], `cell ${i}, ${j}`).toBe(want);
      }
    // the probability of the class: softmax of (d, −d) with d = x − y, 1.8 at the centre of the corner cell (0.9, −0.9)
    expect(g.confidence[0 * 10 + 9]).toBeCloseTo(1 / (1 + Math.exp(-2 * 1.8)), 6);
  });

  it("equals the graph's own scores at a cell's centre, on the trained spiral", () => {
    const doc0 = example("spiral");
    const tr = new Trainer(doc0);
    for (let k = 0; k < 50; k++) tr.step();
    const doc = tr.trainedDoc(doc0);
    const p = problem(doc);
    const bounds = boundsOf(p.points);
    const n = 24;
    const g = grid(decisionGrid(doc, p, n, bounds));
    // one cell, run alone through the graph with its centre as the only point
    const [i, j] = [7, 15];
    const cx = bounds.x[0] + ((i + 0.5) * (bounds.x[1] - bounds.x[0])) / n, cy = bounds.y[0] + ((j + 0.5) * (bounds.y[1] - bounds.y[0])) / n;
    const one = { ...doc, nodes: doc.nodes.map((m) => (m.id === "x" ? { ...m, data: { ...m.data, value: [[cx, cy]] } } : m.id === "t" ? { ...m, data: { ...m.data, value: [0] } } : m)) };
    const run = compile(one, { target: null });
    run.forward();
    const s = [...run.value("affine2")!.data];
    expect(g.cls[j * n + i]).toBe(s.indexOf(Math.max(...s)));
    // and more than one class shows: the net has started to tell the arms apart
    expect(new Set(g.cls).size).toBeGreaterThan(1);
  });

  it("covers the points with a square margin, and refuses a grid it cannot draw", () => {
    const b = boundsOf(Float64Array.from([0, 0, 2, 1]));
    expect(b.x[1] - b.x[0]).toBeCloseTo(b.y[1] - b.y[0], 12);
    expect(b.x[0]).toBeLessThan(0);
    expect(b.x[1]).toBeGreaterThan(2);
    expect(b.y[0]).toBeLessThan(0);
    const doc = example("spiral");
    expect(decisionGrid(doc, problem(doc), 1)).toEqual({ ok: false, reason: "the grid must have from 2 to 120 cells a side, not 1" });
    expect(decisionGrid(doc, problem(doc), 1000)).toMatchObject({ ok: false });
  });
});
