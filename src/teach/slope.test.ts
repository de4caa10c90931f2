import { describe, expect, it } from "vitest";
import { EXAMPLES } from "../examples";
import { compile } from "../engine/executor";
import type { GraphDoc } from "../engine/graph";
import { gradCheck, type NodeCheck } from "../engine/gradcheck";
import { Trainer } from "../engine/train";
import { curvatureShows, epsilonFor, errorMap, finiteRuns, gapRuns, samplePoints, widenForCurvature, flatIndex, indexOf, lossAlong, lossRange, nextStep, niceTicks, pickedElement, SAMPLES, SlopeEngine, slopeRange } from "./slope";

const example = (id: string): GraphDoc => structuredClone(EXAMPLES.find((e) => e.id === id)!.doc);
const close = (a: number, b: number, rel = 1e-12) => expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(a), Math.abs(b)));

describe("optimizers-ch6: f(x, y) = x²/20 + y² along x and along y", () => {
  const doc = example("optimizers-ch6");
  const p = compile(doc).run();
  const f = (x: number, y: number) => (x * x) / 20 + y * y;

  it("the curve is the formula at every sampled point, x from its own scale", () => {
    const { xs, half } = slopeRange(-7, null);
    expect(xs.length).toBe(SAMPLES);
    expect(half).toBe(3.5);
    expect(xs[(SAMPLES - 1) / 2]).toBe(-7);
    close(xs[0], -10.5);
    close(xs[SAMPLES - 1], -3.5);
    const ys = lossAlong(p, "x", 0, xs);
    xs.forEach((x, k) => close(ys[k], f(x, 2)));
    // the value is put back: the program shows the document's numbers again
    expect(p.paramValue("x").data[0]).toBe(-7);
    close(p.loss!, f(-7, 2));
    expect(p.grad("x")!.data[0]).toBe(-0.7);
  });

  it("the curve along y is the formula too, in the worker's engine", () => {
    const r = new SlopeEngine().run(1, doc, { node: "y", flat: 0, w: 2, half: 1, extras: [-1.8, 2.01] });
    expect(r.error).toBeNull();
    expect(r.half).toBe(1);
    expect(r.xs).toEqual(slopeRange(2, null).xs);
    r.xs.forEach((y, k) => close(r.ys[k], f(-7, y)));
    close(r.extras[0], f(-7, -1.8));
    close(r.extras[1], f(-7, 2.01));
  });

  it("a nearly straight stretch is widened until the curve bends away from its tangent: x from ±3.5 to ±7", () => {
    const r = new SlopeEngine().run(1, doc, { node: "x", flat: 0, w: -7, half: 3.5, widen: { slope: -0.7, times: 3 } });
    // over ±3.5 the parabola leaves its tangent by 3.5²/20 = 0.61 on a height of 4.9: too straight
    expect(curvatureShows(samplePoints(-7, 3.5), samplePoints(-7, 3.5).map((x) => f(x, 2)), -0.7)).toBe(false);
    expect(r.half).toBe(7);
    r.xs.forEach((x, k) => close(r.ys[k], f(x, 2)));
    expect(curvatureShows(r.xs, r.ys, -0.7)).toBe(true);
  });

  it("the tangent's slope, the gradient the canvas shows, is the analytic df: x / 10 and 2y", () => {
    expect(p.grad("x")!.data[0]).toBe(-7 / 10);
    expect(p.grad("y")!.data[0]).toBe(2 * 2);
    // and the curve bends the way the tangent says near w: a central difference of the samples
    const { xs } = slopeRange(-7, null, 2001);
    const ys = lossAlong(p, "x", 0, xs);
    const m = 1000;
    close((ys[m + 1] - ys[m - 1]) / (xs[m + 1] - xs[m - 1]), -0.7, 1e-9);
  });

  it("SGD with lr 0.95 lands at w − lr·g; the range stretches to hold a step that overshoots", () => {
    const sgd = { type: "SGD", lr: 0.95 };
    const x = nextStep(sgd, doc.optimizer, "x", 0, -7, -0.7);
    expect(x).toEqual({ to: -7 - 0.95 * -0.7, t: 1, type: "SGD" });
    const y = nextStep(sgd, doc.optimizer, "y", 0, 2, 4);
    expect(y.to).toBe(2 - 0.95 * 4);
    // ±1 around y = 2 would leave the landing at −1.8 off the plot: the range grows to 1.25 · 3.8
    const r = slopeRange(2, y.to);
    close(r.half, 1.25 * 3.8);
    expect(r.landingOutside).toBe(false);
    expect(r.xs[0]).toBeLessThan(y.to);
    // x's step (0.665) fits in ±3.5 already
    expect(slopeRange(-7, x.to).half).toBe(3.5);
  });

  it("a step too large to show is marked as outside", () => {
    const r = slopeRange(2, 2 - 1e6);
    expect(r.half).toBe(20);
    expect(r.landingOutside).toBe(true);
  });
});

describe("stateful optimizers: the first step from the current state", () => {
  it("Momentum's next step from a trained state is the trainer's next step, element by element", () => {
    const doc = { ...example("optimizers-ch6"), optimizer: { type: "Momentum", lr: 0.1, momentum: 0.9 } };
    const trainer = new Trainer(doc);
    for (let k = 0; k < 3; k++) trainer.step();
    const trained = trainer.trainedDoc(doc);
    const p = compile(trained).run();
    const [x, gx] = [p.paramValue("x").data[0], p.grad("x")!.data[0]];
    const [y, gy] = [p.paramValue("y").data[0], p.grad("y")!.data[0]];
    const fromState = nextStep(trained.optimizer!, trained.optimizer, "x", 0, x, gx);
    const fresh = nextStep({ type: "Momentum", lr: 0.1, momentum: 0.9 }, trained.optimizer, "x", 0, x, gx);
    trainer.step();
    expect(fromState.to).toBe(trainer.params().get("x")!.data[0]);
    expect(fromState.t).toBe(4);
    expect(nextStep(trained.optimizer!, trained.optimizer, "y", 0, y, gy).to).toBe(trainer.params().get("y")!.data[0]);
    // without the state (no velocity yet) it would land elsewhere: the state matters
    expect(fresh.to).not.toBe(fromState.to);
    expect(fresh.t).toBe(1);
  });

  it("Adam's first step from zeros moves by about lr against the gradient's sign", () => {
    const a = nextStep({ type: "Adam", lr: 0.03 }, undefined, "W", 0, 0.5, 2);
    close(a.to, 0.5 - 0.03, 1e-5);
    const b = nextStep({ type: "Adam", lr: 0.03 }, undefined, "W", 0, 0.5, -1e-3);
    close(b.to, 0.5 + 0.03, 1e-3);
  });

  it("a state saved for another optimizer is not used (the trainer starts that one afresh too)", () => {
    const state = { t: 5, slots: { x: { v: 3 } } };
    const other = nextStep({ type: "Momentum", lr: 0.1, state }, { type: "SGD", lr: 0.1 }, "x", 0, 1, 1);
    expect(other).toEqual({ to: 1 - 0.1, t: 1, type: "Momentum" });
    const same = nextStep({ type: "Momentum", lr: 0.1, state }, { type: "Momentum", lr: 0.1 }, "x", 0, 1, 1);
    expect(same.to).toBe(1 + (0.9 * 3 - 0.1));
  });

  it("an unknown optimizer is refused with its name", () => {
    expect(() => nextStep({ type: "Adamw" }, undefined, "x", 0, 1, 1)).toThrow(/Adamw/);
  });
});

describe("two-layer: the finite-difference slope of an element matches the gradient shown", () => {
  const doc = example("two-layer");
  const p = compile(doc).run();

  it.each([
    ["W1", [1, 7]],
    ["W2", [4, 2]],
    ["b1", [3]],
    ["x", [12, 0]],
  ] as const)("%s%j", (node, index) => {
    const g = p.grad(node)!;
    const flat = flatIndex(g.shape, index)!;
    const engine = new SlopeEngine();
    const w = p.paramValue(node).data[flat];
    const r = engine.run(doc, doc, { node, flat, w, half: slopeRange(w, null).half, numeric: { analytic: g.data[flat] } });
    expect(r.error).toBeNull();
    const xs = r.xs;
    expect(Math.abs(r.numeric! - g.data[flat]) / Math.max(1, Math.abs(g.data[flat]))).toBeLessThan(1e-6);
    // the middle of the curve is the loss the canvas shows
    expect(r.ys[(SAMPLES - 1) / 2]).toBe(p.loss);
    // and its slope there agrees with the tangent (the samples are coarse: a loose bound)
    const m = (SAMPLES - 1) / 2;
    const sampled = (r.ys[m + 1] - r.ys[m - 1]) / (xs[m + 1] - xs[m - 1]);
    expect(Math.abs(sampled - g.data[flat])).toBeLessThan(0.05 * Math.max(Math.abs(g.data[flat]), 0.05));
  });

  it("the check's error map holds every checked element's relative error, and its largest is the badge's", () => {
    const report = gradCheck(doc, { elements: true });
    for (const id of ["W1", "b1", "W2", "b2", "x"]) {
      const c = report.nodes.get(id)!;
      const m = errorMap(c)!;
      expect(m.checked.reduce((a, b) => a + b, 0)).toBe(c.checked);
      expect(m.max).toBe(c.relError);
      expect(m.err.length).toBe(c.size);
      const g = p.grad(id)!.data;
      for (let i = 0; i < c.size; i++) if (m.checked[i]) close(m.numeric[i], g[i], 1e-6);
    }
    // without asking, the report stays as the command line prints it
    expect(gradCheck(doc).nodes.get("W1")!.elements).toBeUndefined();
  });

  it("a wrong gradient shows in the map where it is, and unchecked elements are marked", () => {
    const c: NodeCheck = { relError: 0.5, checked: 2, size: 3, pass: false, elements: { index: Int32Array.of(0, 2), analytic: Float64Array.of(1, 0), numeric: Float64Array.of(2, 1e-9) } };
    const m = errorMap(c)!;
    expect(m.err[0]).toBe(0.5);
    expect(m.err[2]).toBe(1e-9);
    expect(Number.isNaN(m.err[1])).toBe(true);
    expect([...m.checked]).toEqual([1, 0, 1]);
    expect(m.max).toBe(0.5);
  });
});

describe("the loss where it is not finite", () => {
  it("ln of a number below 0 gives NaN points, which the curve leaves as a gap", () => {
    const doc: GraphDoc = {
      format: "gradflow",
      version: 1,
      nodes: [
        { id: "a", type: "Param", position: { x: 0, y: 0 }, data: { value: 0.5 } },
        { id: "log", type: "Log", position: { x: 200, y: 0 }, data: {} },
      ],
      edges: [{ id: "e", source: "a", sourceHandle: "out", target: "log", targetHandle: "x" }],
    };
    const r = new SlopeEngine().run(1, doc, { node: "a", flat: 0, w: 0.5, half: 1 });
    expect(r.error).toBeNull();
    const xs = r.xs;
    xs.forEach((x, k) => (x > 0 ? close(r.ys[k], Math.log(x)) : expect(Number.isFinite(r.ys[k])).toBe(false)));
    const runs = finiteRuns(r.ys);
    expect(runs.length).toBe(1);
    expect(xs[runs[0][0]]).toBeGreaterThan(0);
    expect(xs[runs[0][0] - 1]).toBeLessThanOrEqual(0);
    expect(finiteRuns(Float64Array.of(1, NaN, 2, 3, Infinity))).toEqual([[0, 0], [2, 3]]);
    expect(gapRuns([[0, 0], [2, 3]], 5)).toEqual([[1, 1], [4, 4]]);
    expect(gapRuns(runs, SAMPLES)).toEqual([[0, runs[0][0] - 1]]);
    expect(gapRuns([], 3)).toEqual([[0, 2]]);
  });

  it("widening stops before the loss stops being finite, and at its limit on a straight line", () => {
    const ln = (xs: Float64Array) => xs.map((x) => Math.log(x));
    // ln around 3 bends little over ±1 (a tenth of its height), visibly over ±2
    expect(widenForCurvature(ln, 3, 1 / 3, 1, 5).half).toBe(2);
    // a parabola defined for x > 0 only, flat-looking near 3: ±2 (1 … 5) is tried, ±4 would reach below 0
    const tried: number[] = [];
    const para = widenForCurvature((xs) => (tried.push(xs[0]), xs.map((x) => (x > 0 ? 100 * x + (x - 3) ** 2 : NaN))), 3, 100, 1, 5);
    expect(tried).toEqual([2, 1, -1]);
    expect(para.ys.every(Number.isFinite)).toBe(true);
    // no doubling showed a bend (it never got to ±8): back to the number's own scale
    expect(para.half).toBe(1);
    // a straight line (x · y along x) stays at its own scale too, after trying wider ones
    const straight = widenForCurvature((xs) => xs.map((x) => 2 * x + 1), 0, 2, 1, 3);
    expect(straight.half).toBe(1);
    // without a slope there is no tangent to compare with: the range stays
    expect(widenForCurvature(ln, 3, null, 1, 5).half).toBe(1);
  });

  it("a request for a node or element that is not there says so and computes nothing", () => {
    const doc = example("optimizers-ch6");
    const e = new SlopeEngine();
    expect(e.run(1, doc, { node: "div", flat: 0, w: 1, half: 1 }).error).toMatch(/no Input or Param "div"/);
    expect(e.run(1, doc, { node: "x", flat: 3, w: 1, half: 1 }).error).toMatch(/element 3 is outside "x"/);
  });
});

describe("elements, ranges and ticks", () => {
  it("flat index and index are each other's inverse; a picked element elsewhere means element 0", () => {
    expect(flatIndex([3, 4], [2, 1])).toBe(9);
    expect(indexOf([3, 4], 9)).toEqual([2, 1]);
    expect(flatIndex([3, 4], [3, 0])).toBeNull();
    expect(flatIndex([3, 4], [1])).toBeNull();
    expect(flatIndex([], [])).toBe(0);
    expect(pickedElement({ node: "W", index: [1, 2] }, "W", [2, 3])).toEqual({ index: [1, 2], flat: 5 });
    expect(pickedElement({ node: "b", index: [1, 2] }, "W", [2, 3])).toEqual({ index: [0, 0], flat: 0 });
    expect(pickedElement({ node: "W", index: [5, 0] }, "W", [2, 3])).toEqual({ index: [0, 0], flat: 0 });
    expect(pickedElement(null, "W", [])).toEqual({ index: [], flat: 0 });
  });

  it("ε is a round number a hundredth of the range's scale", () => {
    expect(epsilonFor(3.5)).toBe(0.01);
    expect(epsilonFor(1)).toBe(0.01);
    expect(epsilonFor(47)).toBe(0.1);
  });

  it("ticks are round and cover the range; the y range holds the curve and the marks", () => {
    expect(niceTicks(-10.5, -3.5, 5)).toEqual([-10, -8, -6, -4]);
    expect(niceTicks(0, 1, 4)).toEqual([0, 0.5, 1]);
    expect(niceTicks(-0.3, 0.3, 5)).toEqual([-0.2, 0, 0.2]);
    expect(niceTicks(-0.31, 0.31, 8)).toEqual([-0.3, -0.2, -0.1, 0, 0.1, 0.2, 0.3]);
    const r = lossRange(Float64Array.of(1, NaN, 3), [5])!;
    expect(r.lo).toBeLessThan(1);
    expect(r.hi).toBeGreaterThan(5);
    expect(lossRange(Float64Array.of(NaN))).toBeNull();
  });
});
