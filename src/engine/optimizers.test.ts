// The six optimizers against numpy: 5 steps of the notebooks' classes on
// L = Σ w ⊙ (p − target)², whose gradient is 2 w ⊙ (p − target) (fixtures/numpy.json).
import { describe, expect, it } from "vitest";
import fixtures from "./fixtures/numpy.json";
import { makeOptimizer, optimizerSpec, OPTIMIZERS, resolveHyper } from "./optimizers";
import { Trainer } from "./train";
import { validateGraph } from "./format";

const { p0, target, w, runs } = fixtures.optimizers;
const gradient = (p: Float64Array) => Float64Array.from(p, (v, i) => 2 * w[i] * (v - target[i]));

describe("optimizers step for step with numpy", () => {
  it("covers all six, with defaults and with given settings", () => {
    expect(new Set(runs.map((r) => r.type))).toEqual(new Set(OPTIMIZERS.map((o) => o.type)));
    expect(runs.some((r) => Object.keys(r.hyper).length > 0)).toBe(true);
  });

  for (const r of runs) {
    it(`${r.type} ${JSON.stringify(r.hyper)}`, () => {
      const opt = makeOptimizer(r.type, r.hyper);
      const p = Float64Array.from(p0);
      r.trajectory.forEach((want, step) => {
        opt.beginStep();
        opt.update("p", p, gradient(p));
        // the same formulas in the same order as numpy: equal to the last bit
        expect(Array.from(p), `step ${step + 1}`).toEqual(want);
      });
    });
  }
});

/** The same problem as a graph: p (Param) − target, squared by fan-out, weighted by w, summed. */
function problem(optimizer?: Record<string, unknown>) {
  return validateGraph({
    format: "gradflow",
    version: 1,
    nodes: [
      { id: "p", type: "Param", data: { value: p0 } },
      { id: "t", type: "Input", data: { value: target } },
      { id: "w", type: "Input", data: { value: w } },
      { id: "d", type: "Sub", data: {} },
      { id: "sq", type: "Mul", data: {} },
      { id: "wsq", type: "Mul", data: {} },
      { id: "L", type: "Sum", data: { axis: null, keepdims: false } },
    ],
    edges: [
      { id: "e1", source: "p", target: "d", targetHandle: "a" },
      { id: "e2", source: "t", target: "d", targetHandle: "b" },
      { id: "e3", source: "d", target: "sq", targetHandle: "a" },
      { id: "e4", source: "d", target: "sq", targetHandle: "b" },
      { id: "e5", source: "w", target: "wsq", targetHandle: "a" },
      { id: "e6", source: "sq", target: "wsq", targetHandle: "b" },
      { id: "e7", source: "wsq", target: "L", targetHandle: "x" },
    ],
    ...(optimizer ? { optimizer } : {}),
  });
}

describe("training a graph follows the same trajectories", () => {
  for (const r of runs) {
    it(`Trainer with ${r.type} ${JSON.stringify(r.hyper)}`, () => {
      const trainer = new Trainer(problem({ type: r.type, ...r.hyper }));
      const live = trainer.params().get("p")!.data; // the buffer the optimizer updates in place
      for (const want of r.trajectory) {
        const before = Array.from(live);
        const loss = trainer.step();
        // the loss is taken before the update
        expect(loss).toBeCloseTo(before.reduce((s, v, i) => s + w[i] * (v - target[i]) ** 2, 0), 12);
        expect(Array.from(live)).toEqual(want);
      }
      expect(trainer.losses).toHaveLength(r.trajectory.length);
    });
  }
});

describe("settings", () => {
  it("has OPS.md's defaults", () => {
    expect(resolveHyper("SGD")).toEqual({ lr: 0.01 });
    expect(resolveHyper("Momentum")).toEqual({ lr: 0.01, momentum: 0.9 });
    expect(resolveHyper("Nesterov")).toEqual({ lr: 0.01, momentum: 0.9 });
    expect(resolveHyper("AdaGrad")).toEqual({ lr: 0.01 });
    expect(resolveHyper("RMSprop")).toEqual({ lr: 0.01, decay_rate: 0.99 });
    expect(resolveHyper("Adam")).toEqual({ lr: 0.001, beta1: 0.9, beta2: 0.999 });
    expect(resolveHyper("Adam", { lr: 0.1, type: "Adam" })).toEqual({ lr: 0.1, beta1: 0.9, beta2: 0.999 });
  });

  it("refuses an unknown optimizer", () => {
    expect(optimizerSpec("AdamW")).toBeUndefined();
    expect(() => makeOptimizer("AdamW")).toThrow('unknown optimizer "AdamW"');
  });
});

describe("state is kept per parameter", () => {
  it.each(["Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam"])("%s: two parameters updated together move as if alone", (type) => {
    const together = makeOptimizer(type);
    const alone = [makeOptimizer(type), makeOptimizer(type)];
    const a = Float64Array.of(1, 2), b = Float64Array.of(-3);
    const a1 = Float64Array.from(a), b1 = Float64Array.from(b);
    for (let step = 0; step < 4; step++) {
      together.beginStep();
      together.update("a", a, Float64Array.from(a, (v) => 2 * v));
      together.update("b", b, Float64Array.from(b, (v) => v - 1));
      alone[0].beginStep();
      alone[0].update("a", a1, Float64Array.from(a1, (v) => 2 * v));
      alone[1].beginStep();
      alone[1].update("b", b1, Float64Array.from(b1, (v) => v - 1));
    }
    expect(Array.from(a)).toEqual(Array.from(a1));
    expect(Array.from(b)).toEqual(Array.from(b1));
    expect(a[0]).not.toBe(1);
  });
});
