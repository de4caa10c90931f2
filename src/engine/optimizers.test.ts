// The six optimizers against the books' classes run with numpy (fixtures/optimizers.json, made by
// make-optimizer-fixtures.py): to the last bit, on L = Σ w ⊙ (p − target)², whose gradient is
// 2 w ⊙ (p − target), and on chapter 6's f(x, y) = x²/20 + y².
import { describe, expect, it } from "vitest";
import fixtures from "./fixtures/optimizers.json";
import { findOptimizer, HYPER_FLAGS, makeOptimizer, optimizerSpec, OPTIMIZERS, resolveHyper, inHyperRange, type Optimizer } from "./optimizers";
import { checkOptimizerState, stateFromJson, stateToJson } from "./optimizerState";
import { flagName } from "./names";
import { Trainer } from "./train";
import { validateGraph } from "./format";

const { p0, target, w, runs, compare } = fixtures;
const gradient = (p: Float64Array) => Float64Array.from(p, (v, i) => 2 * w[i] * (v - target[i]));
const label = (r: { type: string; hyper: object }) => `${r.type} ${JSON.stringify(r.hyper)}`;

/** One training step on the fixture's problem. */
function step(opt: Optimizer, p: Float64Array, key = "p"): void {
  opt.beginStep();
  opt.update(key, p, gradient(p));
}

describe("optimizers step for step with numpy", () => {
  it("covers all six, with defaults and with given settings, past Adam's t = 4, 16, 23, 29", () => {
    expect(OPTIMIZERS.map((o) => o.type)).toEqual(["SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam"]);
    for (const o of OPTIMIZERS) {
      expect(runs.some((r) => r.type === o.type && Object.keys(r.hyper).length === 0), o.type).toBe(true);
      expect(runs.some((r) => r.type === o.type && Object.keys(r.hyper).length > 0), o.type).toBe(true);
    }
    for (const r of runs) expect(r.trajectory.length).toBeGreaterThanOrEqual(40);
  });

  for (const r of runs) {
    it(label(r), () => {
      const opt = makeOptimizer(r.type, r.hyper);
      const p = Float64Array.from(p0);
      r.trajectory.forEach((want, k) => {
        step(opt, p);
        // the same formulas in the same order as numpy: equal to the last bit
        expect(Array.from(p), `step ${k + 1}`).toEqual(want);
      });
      // and the slots are numpy's, under FORMAT.md's names
      const slots = opt.exportState().slots.get("p") ?? {};
      expect(Object.fromEntries(Object.entries(slots).map(([k, v]) => [k, Array.from(v)]))).toEqual(r.state);
    });
  }

  it("Nesterov moves p with the v of the step before (book 1 since 2021), not the v just updated", () => {
    const p = Float64Array.of(1), opt = makeOptimizer("Nesterov", { lr: 0.1, momentum: 0.5 });
    opt.beginStep();
    opt.update("p", p, Float64Array.of(2));
    expect(p[0]).toBe(1 - 1.5 * 0.1 * 2); // v was 0: only −(1 + momentum)·lr·g
    expect(Array.from(opt.slotsOf("p")!.v)).toEqual([-0.1 * 2]);
  });
});

describe("chapter 6 of book 1: f(x, y) = x²/20 + y² from (−7, 2), 30 steps", () => {
  it("has the book's four and the two added", () => {
    expect(compare.runs.map((r) => [r.type, r.lr])).toEqual([
      ["SGD", 0.95], ["Momentum", 0.1], ["AdaGrad", 1.5], ["Adam", 0.3], ["Nesterov", 0.1], ["RMSprop", 0.1],
    ]);
  });

  for (const r of compare.runs) {
    it(`${r.type} (lr ${r.lr}) follows numpy's path`, () => {
      const opt = makeOptimizer(r.type, { lr: r.lr });
      const x = Float64Array.of(-7), y = Float64Array.of(2);
      const path = [[x[0], y[0]]];
      for (let i = 0; i < 30; i++) {
        const gx = Float64Array.of(x[0] / 10.0), gy = Float64Array.of(2.0 * y[0]); // the book's df, before either moves
        opt.beginStep();
        opt.update("x", x, gx);
        opt.update("y", y, gy);
        path.push([x[0], y[0]]);
      }
      expect(path).toEqual(r.path);
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
    it(`Trainer with ${label(r)}`, () => {
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

describe("the written state continues training to the bit", () => {
  // two parameters: "__proto__" is an ordinary id, and tensors keep their Param's shape
  const shapes = new Map([["__proto__", [2, 2]], ["b", [3]]]);
  const start = () => new Map([["__proto__", Float64Array.of(1, -2, 0.5, 3)], ["b", Float64Array.of(-1, 0.25, 4)]]);
  const train = (opt: Optimizer, params: Map<string, Float64Array>, steps: number) => {
    for (let s = 0; s < steps; s++) {
      opt.beginStep();
      for (const [key, p] of params) opt.update(key, p, Float64Array.from(p, (v, i) => Math.sin(3 * v + i) + v));
    }
  };

  for (const r of runs) {
    it(label(r), () => {
      const original = makeOptimizer(r.type, r.hyper);
      const params = start();
      train(original, params, 30);
      // through a file: JSON text, checked, read back; the parameters too
      const text = JSON.stringify({ state: stateToJson(original.exportState(), shapes), params: Object.fromEntries([...params].map(([k, v]) => [`p${k}`, Array.from(v)])) });
      const file = JSON.parse(text);
      expect(checkOptimizerState(r.type, file.state, shapes, "optimizer.state")).toBeNull();
      const resumed = makeOptimizer(r.type, r.hyper);
      resumed.importState(stateFromJson(file.state));
      const params2 = new Map([...params.keys()].map((k) => [k, Float64Array.from(file.params[`p${k}`])]));
      expect(resumed.t).toBe(30);
      train(original, params, 1);
      train(resumed, params2, 1);
      for (const [key, p] of params) expect(Array.from(params2.get(key)!), key).toEqual(Array.from(p));
      expect(resumed.exportState()).toEqual(original.exportState());
      expect(original.exportState().slots.size).toBe(optimizerSpec(r.type)!.slots.length ? 2 : 0);
    });
  }

  it("the fixture's numpy state, imported, continues numpy's trajectory", () => {
    for (const r of runs) {
      const k = r.trajectory.length;
      const first = makeOptimizer(r.type, r.hyper), p = Float64Array.from(p0);
      for (let s = 0; s < k - 1; s++) step(first, p);
      const resumed = makeOptimizer(r.type, r.hyper);
      resumed.importState(first.exportState());
      step(resumed, p);
      expect(Array.from(p), label(r)).toEqual(r.trajectory[k - 1]);
    }
  });

  it("importState refuses slots that are not the optimizer's", () => {
    const adam = makeOptimizer("Adam");
    expect(() => adam.importState({ t: 1, slots: new Map([["W", { v: new Float64Array(2) }]]) })).toThrow('optimizer state of "W": Adam keeps m, v, not v');
    expect(() => adam.importState({ t: -1, slots: new Map() })).toThrow("t must be a whole number ≥ 0");
    const m = makeOptimizer("Momentum");
    m.importState({ t: 3, slots: new Map([["W", { v: new Float64Array(2) }]]) });
    m.beginStep();
    expect(() => m.update("W", new Float64Array(3), new Float64Array(3))).toThrow('the state of "W" has 2 numbers but the parameter 3');
  });
});

describe("checkpoint and rollback", () => {
  for (const o of OPTIMIZERS) {
    it(`${o.type}: a diverged step is undone, and training goes on as if it never happened`, () => {
      const opt = makeOptimizer(o.type), twin = makeOptimizer(o.type);
      const p = Float64Array.from(p0), q = Float64Array.from(p0);
      for (let s = 0; s < 5; s++) {
        opt.checkpoint();
        step(opt, p);
        step(twin, q);
      }
      const live = opt.slotsOf("p");
      const before = opt.exportState();
      opt.checkpoint();
      const saved = Float64Array.from(p); // the trainer keeps the parameters itself
      opt.beginStep();
      opt.update("p", p, Float64Array.of(NaN, 1, 1, 1)); // diverges
      opt.update("late", Float64Array.of(1), Float64Array.of(1)); // first seen in the failed step
      opt.rollback();
      p.set(saved);
      expect(opt.exportState()).toEqual(before);
      expect(opt.t).toBe(5);
      if (live) for (const name of o.slots) expect(opt.slotsOf("p")![name]).toBe(live[name]); // the same buffers, restored in place
      for (let s = 0; s < 3; s++) {
        opt.checkpoint();
        step(opt, p);
        step(twin, q);
      }
      expect(Array.from(p)).toEqual(Array.from(q));
      expect(opt.exportState()).toEqual(twin.exportState());
    });
  }

  it("refuses a rollback with no checkpoint", () => {
    expect(() => makeOptimizer("SGD").rollback()).toThrow("rollback() without a checkpoint()");
  });
});

describe("every optimizer in the registry", () => {
  for (const o of OPTIMIZERS) {
    it(`${o.type}: defaults in range, distinct names, a step downhill, elements independent`, () => {
      for (const h of o.hyper) expect(inHyperRange(h, h.default), h.name).toBe(true);
      expect(new Set(o.hyper.map((h) => h.name)).size).toBe(o.hyper.length);
      expect(new Set(o.slots).size).toBe(o.slots.length);
      expect(o.summary).not.toBe("");
      // the first step goes against the gradient, and a zero gradient leaves p where it is
      const p = Float64Array.of(1, 1, 1), g = Float64Array.of(2, -3, 0);
      const opt = makeOptimizer(o.type);
      opt.beginStep();
      opt.update("p", p, g);
      expect(p[0]).toBeLessThan(1);
      expect(p[1]).toBeGreaterThan(1);
      expect(p[2]).toBe(1);
      // element i moves as it would alone
      const alone = Float64Array.of(1), solo = makeOptimizer(o.type);
      solo.beginStep();
      solo.update("p", alone, Float64Array.of(-3));
      expect(alone[0]).toBe(p[1]);
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
    expect(optimizerSpec("adam")).toBeUndefined(); // files write the name exactly
    expect(() => makeOptimizer("AdamW")).toThrow(new Error('unknown optimizer "AdamW"'));
  });

  it("finds an optimizer a person names in any case, and suggests a near miss", () => {
    for (const name of ["adam", "ADAM", "Adam"]) expect(findOptimizer(name)).toBe(optimizerSpec("Adam"));
    expect(findOptimizer("rmsprop")).toBe(optimizerSpec("RMSprop"));
    expect(findOptimizer("Adm")).toBe('unknown optimizer "Adm" — did you mean "Adam"?');
    expect(findOptimizer("nesterof")).toBe('unknown optimizer "nesterof" — did you mean "Nesterov"?');
    expect(findOptimizer("LBFGS")).toBe('unknown optimizer "LBFGS" (use one of SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam)');
    expect((findOptimizer("x".repeat(500)) as string).length).toBeLessThan(150);
  });

  it("names each setting's command-line flag from its file name (FORMAT.md section 3)", () => {
    const flags = new Set(OPTIMIZERS.flatMap((o) => o.hyper.map((h) => flagName(h.name))));
    expect([...flags].sort()).toEqual(["--beta1", "--beta2", "--decay-rate", "--lr", "--momentum"]);
    expect(Object.fromEntries(HYPER_FLAGS)).toEqual({ "--lr": "lr", "--momentum": "momentum", "--decay-rate": "decay_rate", "--beta1": "beta1", "--beta2": "beta2" });
  });
});

describe("state is kept per parameter", () => {
  it.each(["Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam"])("%s: two parameters updated together move as if alone", (type) => {
    const together = makeOptimizer(type);
    const alone = [makeOptimizer(type), makeOptimizer(type)];
    const a = Float64Array.of(1, 2), b = Float64Array.of(-3);
    const a1 = Float64Array.from(a), b1 = Float64Array.from(b);
    for (let s = 0; s < 4; s++) {
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
