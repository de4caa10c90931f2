// The optimizer race and the loss surface, on chapter 6's example: the paths are numpy's
// (fixtures/optimizers.json, the book's optimizer_compare_naive.py), step by step; the surface is
// the function's values on the grid, with bounded work.
import { describe, expect, it } from "vitest";
import { EXAMPLES } from "../examples";
import { validateGraph } from "./format";
import type { GraphDoc } from "./graph";
import { lossSurface, OptimizerRace, OptimizerRaceError, raceOptimizers, rangeCovering, twoTrainableNumbers, type Surface } from "./race";
import fixtures from "./fixtures/optimizers.json";

const ch6 = EXAMPLES.find((e) => e.id === "optimizers-ch6")!.doc;
const XY = [{ id: "x" }, { id: "y" }] as const;
const surface = (r: ReturnType<typeof lossSurface>): Surface => {
  if (!r.ok) throw new Error(r.reason);
  return r;
};

describe("the optimizer race", () => {
  it("on chapter 6's f, every optimizer of the fixture follows numpy's path (Nesterov and RMSprop too)", () => {
    const runs = fixtures.compare.runs;
    const lanes = raceOptimizers(ch6, runs.map((r) => ({ type: r.type, lr: r.lr })), 30, { track: XY });
    lanes.forEach((lane, i) => {
      expect(lane.optimizer.type).toBe(runs[i].type);
      expect(lane.path, runs[i].type).toEqual(runs[i].path);
      expect(lane.losses).toHaveLength(30);
      // the loss before each update is f at the path's point
      lane.losses.forEach((l, k) => {
        const [x, y] = lane.path[k];
        expect(Math.abs(l - (x * x / 20 + y * y))).toBeLessThanOrEqual(1e-15 * Math.max(1, l));
      });
      expect(lane.diverged).toBeNull();
    });
  });

  it("steps every lane together, so a worker can slice the work; the same numbers as running it whole", () => {
    const contestants = [{ type: "SGD", lr: 0.95 }, { type: "Adam", lr: 0.3 }];
    const race = new OptimizerRace(ch6, contestants, { track: XY });
    expect(race.lanes.map((l) => l.path)).toEqual([[[-7, 2]], [[-7, 2]]]);
    for (let k = 0; k < 30; k++) expect(race.step()).toBe(true);
    expect(race.steps).toBe(30);
    expect(race.lanes).toEqual(raceOptimizers(ch6, contestants, 30, { track: XY }));
  });

  it("starts every lane from the document's Params, whatever state its own optimizer saved, and leaves the document as it was", () => {
    const saved: GraphDoc = { ...ch6, optimizer: { type: "Momentum", lr: 0.1, state: { t: 3, slots: { x: { v: 5 }, y: { v: -5 } } } } };
    const text = JSON.stringify(saved);
    const [lane] = raceOptimizers(saved, [saved.optimizer!], 30, { track: XY });
    expect(lane.path).toEqual(fixtures.compare.runs.find((r) => r.type === "Momentum")!.path);
    expect(JSON.stringify(saved)).toBe(text);
  });

  it("a lane that diverges stops there, saying where; the others run on", () => {
    const lanes = raceOptimizers(ch6, [{ type: "SGD", lr: 1e6 }, { type: "SGD", lr: 0.1 }], 200, { track: XY });
    expect(lanes[0].diverged).not.toBeNull();
    expect(lanes[0].diverged!.what).toMatch(/loss is Infinity|became/);
    expect(lanes[0].path).toHaveLength(lanes[0].diverged!.step);
    expect(lanes[1].diverged).toBeNull();
    expect(lanes[1].losses).toHaveLength(200);
  });

  it("refuses what cannot race", () => {
    expect(() => new OptimizerRace(ch6, [])).toThrow(new OptimizerRaceError("choose at least one optimizer to race"));
    expect(() => new OptimizerRace(ch6, [{ type: "SGD" }], { track: [{ id: "x" }, { id: "ten" }] })).toThrow('"ten" is not a Param of the graph');
    expect(() => new OptimizerRace(ch6, [{ type: "SGD" }], { track: [{ id: "x" }, { id: "y", index: 1 }] })).toThrow('"y" has 1 number: element 1 is not one of them');
    expect(() => new OptimizerRace(ch6, [{ type: "SGD" }], { track: [{ id: "x" }, { id: "x" }] })).toThrow("choose two different numbers to follow");
  });

  it("finds the two numbers of a graph that has exactly two", () => {
    expect(twoTrainableNumbers(ch6)).toEqual([{ id: "x", index: 0 }, { id: "y", index: 0 }]);
    const w = validateGraph({ format: "gradflow", version: 1, nodes: [{ id: "W", type: "Param", data: { value: [[1, 2]] } }], edges: [] });
    expect(twoTrainableNumbers(w)).toEqual([{ id: "W", index: 0 }, { id: "W", index: 1 }]);
    expect(twoTrainableNumbers(EXAMPLES.find((e) => e.id === "two-layer")!.doc)).toBeNull();
  });
});

describe("the loss surface", () => {
  it("is f(x, y) = x²/20 + y² on the grid, as the book's contour plot", () => {
    const s = surface(lossSurface(ch6, { a: XY[0], b: XY[1], range: { a: [-10, 10], b: [-5, 5] }, resolution: 21 }));
    expect(s.a).toHaveLength(21);
    expect([s.a[0], s.a[10], s.a[20], s.b[0], s.b[20]]).toEqual([-10, 0, 10, -5, 5]);
    for (let j = 0; j < 21; j++)
      for (let i = 0; i < 21; i++) {
        const x = s.a[i], y = s.b[j];
        expect(Math.abs(s.loss[j * 21 + i] - (x * x / 20 + y * y))).toBeLessThanOrEqual(1e-14 * Math.max(1, x * x));
      }
    expect(s.min).toBe(0);
    expect(s.max).toBe(100 / 20 + 25);
    expect(s.at).toEqual([-7, 2]);
  });

  it("covers the race's paths with a margin, and centres on the numbers by default", () => {
    const lanes = raceOptimizers(ch6, [{ type: "SGD", lr: 0.95 }, { type: "AdaGrad", lr: 1.5 }], 30, { track: XY });
    const r = rangeCovering(lanes.flatMap((l) => l.path));
    for (const l of lanes)
      for (const [x, y] of l.path) {
        expect(x).toBeGreaterThan(r.a[0]);
        expect(x).toBeLessThan(r.a[1]);
        expect(y).toBeGreaterThan(r.b[0]);
        expect(y).toBeLessThan(r.b[1]);
      }
    const s = surface(lossSurface(ch6, { a: XY[0], b: XY[1] }));
    expect(s.a).toHaveLength(41);
    expect([s.a[0], s.a[40], s.b[0], s.b[40]]).toEqual([-21, 7, -2, 6]);
  });

  it("bounds its work: fewer points on a large graph, none on a huge one", () => {
    const two = EXAMPLES.find((e) => e.id === "two-layer")!.doc;
    const s = surface(lossSurface(two, { a: { id: "W1", index: 0 }, b: { id: "W2", index: 3 }, resolution: 101, work: 3_000_000 }));
    expect(s.a.length).toBeLessThan(101);
    expect(s.a.length).toBeGreaterThanOrEqual(5);
    expect(s.loss.length).toBe(s.a.length ** 2);
    expect(lossSurface(two, { a: { id: "W1" }, b: { id: "W2" }, work: 1000 })).toEqual({ ok: false, reason: expect.stringMatching(/^the graph is too large to sample its loss 5×5 times/) });
  });

  it("leaves the document's numbers as they were, and refuses bad choices", () => {
    const text = JSON.stringify(ch6);
    surface(lossSurface(ch6, { a: XY[0], b: XY[1], resolution: 5 }));
    expect(JSON.stringify(ch6)).toBe(text);
    expect(lossSurface(ch6, { a: { id: "x" }, b: { id: "x" } })).toEqual({ ok: false, reason: "choose two different numbers" });
    expect(lossSurface(ch6, { a: { id: "f" }, b: { id: "x" } })).toEqual({ ok: false, reason: '"f" is not a Param of the graph' });
    expect(lossSurface(ch6, { a: XY[0], b: XY[1], range: { a: [1, -1], b: [0, 1] } })).toEqual({ ok: false, reason: "the range of a must be two finite numbers, the first the smaller" });
  });

  it("NaN where the graph has no finite loss, and min and max over the rest", () => {
    const doc = validateGraph({
      format: "gradflow",
      version: 1,
      nodes: [{ id: "a", type: "Param", data: { value: 1 } }, { id: "b", type: "Param", data: { value: 1 } }, { id: "m", type: "Mul", data: {} }, { id: "l", type: "Log", data: {} }],
      edges: [{ id: "e1", source: "a", target: "m", targetHandle: "a" }, { id: "e2", source: "b", target: "m", targetHandle: "b" }, { id: "e3", source: "m", target: "l", targetHandle: "x" }],
    });
    const s = surface(lossSurface(doc, { a: { id: "a" }, b: { id: "b" }, range: { a: [-1, 1], b: [0.5, 1] }, resolution: 5 }));
    expect(Number.isNaN(s.loss[0])).toBe(true); // ln(−0.5)
    expect(s.max).toBe(0); // ln(1 · 1)
    expect(s.min).toBe(Math.log(0.5 * 0.5));
  });
});
