// The race in time slices, and the messages of the race and boundary workers: the lanes' reports
// add up to the engine's race, step for step; stop is taken between slices; a diverging lane is
// reported once and the others go on; the surface comes after done and covers every path.
import { describe, expect, it } from "vitest";
import { CHAPTER6_RACE, EXAMPLES } from "../examples";
import type { GraphDoc } from "../engine/graph";
import { raceOptimizers } from "../engine/race";
import fixtures from "../engine/fixtures/optimizers.json";
import { raceTransferables, type FromRace, type RaceProgress, type RaceStart, type ToRace } from "./raceProtocol";
import { RaceSession } from "./raceSession";
import { answerBoundary, boundaryTransferables, LatestOnly, type BoundaryAnswer, type BoundaryRequest } from "./boundaryProtocol";

const doc = (id: string): GraphDoc => EXAMPLES.find((e) => e.id === id)!.doc;
const ch6 = doc("optimizers-ch6");
const XY: RaceStart["track"] = [{ id: "x", index: 0 }, { id: "y", index: 0 }];

function harness(sliceMs = 16) {
  const queue: (() => void)[] = [];
  const msgs: FromRace[] = [];
  let clock = 0;
  const session = new RaceSession({ post: (m) => msgs.push(m), schedule: (fn) => queue.push(fn), now: () => clock++, sliceMs });
  const runSlices = (n = Infinity) => {
    let ran = 0;
    while (queue.length && ran < n) {
      queue.shift()!();
      ran++;
    }
    return ran;
  };
  /** every lane's losses and path, put together from the reports */
  const lanes = () => {
    const p = msgs.filter((m): m is RaceProgress => m.type === "progress");
    const n = p[0]?.lanes.length ?? 0;
    return Array.from({ length: n }, (_, i) => ({
      losses: p.flatMap((m) => m.lanes[i].losses),
      path: p.flatMap((m) => m.lanes[i].path),
      diverged: p.map((m) => m.lanes[i].diverged).filter((d) => d !== null),
    }));
  };
  return { session, queue, msgs, send: (m: ToRace) => session.handle(m), runSlices, lanes };
}

describe("RaceSession", () => {
  it("on chapter 6, the six lanes' reports are the book's paths (the fixture's numpy), then done, then the surface", () => {
    const h = harness(5);
    h.send({ type: "start", doc: ch6, contestants: [...CHAPTER6_RACE], steps: 30, track: XY, resolution: 21 });
    expect(h.msgs).toEqual([]);
    const slices = h.runSlices();
    expect(slices).toBeGreaterThan(1); // the 5 ms slices split the 30 steps
    const lanes = h.lanes();
    expect(lanes).toHaveLength(6);
    for (const [i, c] of CHAPTER6_RACE.entries()) {
      const want = fixtures.compare.runs.find((r) => r.type === c.type && r.lr === c.lr)!;
      expect(lanes[i].path, c.type).toEqual(want.path);
      expect(lanes[i].losses).toHaveLength(30);
    }
    const kinds = h.msgs.map((m) => m.type);
    expect(kinds.slice(-2)).toEqual(["done", "surface"]);
    const done = h.msgs.at(-2)!;
    if (done.type !== "done") throw new Error("no done");
    expect([done.step, done.reason]).toEqual([30, "finished"]);
    // where each lane ended, to go on from: its Params at the path's last point, its optimizer with the state it reached
    expect(done.results).toHaveLength(6);
    for (const [i, c] of CHAPTER6_RACE.entries()) {
      const r = done.results[i];
      const end = lanes[i].path.at(-1)!;
      expect(r.params.map((p) => [p.id, p.data[0]])).toEqual([
        ["x", end[0]],
        ["y", end[1]],
      ]);
      expect(r.optimizer).toMatchObject({ type: c.type, lr: c.lr });
      expect(r.optimizer.state?.t, c.type).toBe(30);
    }
    expect(raceTransferables(done)).toHaveLength(12);
    const s = h.msgs.at(-1)!;
    if (s.type !== "surface" || !s.ok) throw new Error("no surface");
    expect(s.loss).toHaveLength(21 * 21);
    // the grid covers every point of every path
    const all = lanes.flatMap((l) => l.path);
    for (const [x, y] of all) {
      expect(x).toBeGreaterThanOrEqual(s.a[0]);
      expect(x).toBeLessThanOrEqual(s.a[20]);
      expect(y).toBeGreaterThanOrEqual(s.b[0]);
      expect(y).toBeLessThanOrEqual(s.b[20]);
    }
    // f(x, y) = x²/20 + y² at a grid point
    expect(s.loss[3 * 21 + 5]).toBeCloseTo(s.a[5] ** 2 / 20 + s.b[3] ** 2, 12);
    expect(raceTransferables(s)).toEqual([s.loss.buffer]);
  });

  it("adds up to the engine's race on a graph without two numbers: curves, no paths, no surface", () => {
    const two = doc("two-layer");
    const contestants = [{ type: "SGD", lr: 0.5 }, { type: "Adam", lr: 0.03 }];
    const h = harness(3);
    h.send({ type: "start", doc: two, contestants, steps: 40, track: null });
    h.runSlices();
    const want = raceOptimizers(two, contestants, 40);
    expect(h.lanes().map((l) => l.losses)).toEqual(want.map((l) => l.losses));
    expect(h.lanes().every((l) => l.path.length === 0)).toBe(true);
    expect(h.msgs.at(-1)).toMatchObject({ type: "done", step: 40, reason: "finished" });
  });

  it("a diverging lane is reported once, where it stopped; the others run to the end", () => {
    const h = harness(2);
    h.send({ type: "start", doc: ch6, contestants: [{ type: "SGD", lr: 1e6 }, { type: "SGD", lr: 0.1 }], steps: 300, track: XY });
    h.runSlices();
    const [bad, good] = h.lanes();
    expect(bad.diverged).toHaveLength(1);
    expect(bad.diverged[0].what).toMatch(/Infinity|NaN/);
    expect(bad.losses).toHaveLength(bad.diverged[0].step - 1);
    expect(bad.losses.every(Number.isFinite)).toBe(true);
    expect(good.diverged).toEqual([]);
    expect(good.losses).toHaveLength(300);
    const done = h.msgs.find((m) => m.type === "done")!;
    expect(done).toMatchObject({ type: "done", step: 300, reason: "finished" });
    // the diverged lane ends on its last finite Params (the step that overflowed was not taken): its path's last point
    if (done.type !== "done") throw new Error();
    expect(done.results[0].params.map((p) => p.data[0])).toEqual(bad.path.at(-1));
    expect(done.results[0].params.every((p) => p.data.every(Number.isFinite))).toBe(true);
  });

  it("ends with 'diverged' when every lane has diverged", () => {
    const h = harness();
    h.send({ type: "start", doc: ch6, contestants: [{ type: "SGD", lr: 1e6 }], steps: 1000, track: null });
    h.runSlices();
    const done = h.msgs.find((m) => m.type === "done")!;
    expect(done).toMatchObject({ type: "done", reason: "diverged" });
    expect(h.lanes()[0].diverged).toHaveLength(1);
  });

  it("stops between slices: done 'stopped' with every step taken so far reported, then the surface", () => {
    const h = harness(2);
    h.send({ type: "start", doc: ch6, contestants: [{ type: "SGD", lr: 0.01 }], steps: 100_000, track: XY, resolution: 5 });
    h.runSlices(3);
    h.send({ type: "stop" });
    const done = h.msgs.find((m) => m.type === "done")!;
    if (done.type !== "done") throw new Error();
    expect(done.reason).toBe("stopped");
    expect(done.step).toBeGreaterThan(0);
    expect(done.step).toBeLessThan(100_000);
    expect(h.lanes()[0].losses).toHaveLength(done.step);
    expect(h.lanes()[0].path).toHaveLength(done.step + 1);
    expect(h.msgs.at(-1)).toMatchObject({ type: "surface", ok: true });
    // what was scheduled before the stop does nothing
    const before = h.msgs.length;
    h.runSlices();
    expect(h.msgs).toHaveLength(before);
  });

  it("refuses a bad start with one error, and runs nothing", () => {
    for (const [m, want] of [
      [{ steps: 0 }, "the number of steps must be a whole number from 1 to 100000, not 0"],
      [{ contestants: [] }, "choose at least one optimizer to race"],
      [{ track: [{ id: "x" }, { id: "nope" }] }, '"nope" is not a Param of the graph'],
      [{ contestants: [{ type: "Adamm" }] }, /Adamm/],
      [{ resolution: 2 }, "the surface's resolution must be a whole number ≥ 5, not 2"],
    ] as const) {
      const h = harness();
      h.send({ type: "start", doc: ch6, contestants: [{ type: "SGD" }], steps: 10, track: XY, ...m } as RaceStart);
      h.runSlices();
      expect(h.msgs).toHaveLength(1);
      expect(h.msgs[0].type).toBe("error");
      if (h.msgs[0].type === "error") expect(h.msgs[0].message).toMatch(want);
    }
  });

  it("its messages survive structured clone", () => {
    const msgs: (FromRace | ToRace)[] = [
      { type: "start", doc: ch6, contestants: [{ type: "SGD", lr: 0.95 }], steps: 30, track: XY, resolution: 41 },
      { type: "stop" },
      { type: "progress", step: 2, steps: 30, lanes: [{ losses: [1, NaN], path: [[-7, 2]], diverged: { step: 3, what: "loss is NaN" } }] },
      { type: "done", step: 30, reason: "finished", results: [{ params: [{ id: "x", shape: [1], data: Float64Array.of(-7.5) }], optimizer: { type: "Momentum", lr: 0.1, momentum: 0.9, state: { t: 30, slots: { v: { x: [0.25] } } } } }] },
      { type: "surface", ok: true, a: [0, 1], b: [0, 1], loss: Float64Array.of(1, 2, 3, NaN), min: 1, max: 3 },
      { type: "surface", ok: false, reason: "too large" },
      { type: "error", message: "nothing to train" },
    ];
    for (const m of msgs) expect(structuredClone(m)).toEqual(m);
  });
});

describe("the boundary worker's messages", () => {
  it("answer the spiral with its picture, and a graph without one with `none`", () => {
    const a = answerBoundary({ type: "boundary", id: 7, doc: doc("spiral"), n: 30 });
    if (!a.ok) throw new Error(a.reason);
    expect([a.id, a.picture.kind, a.picture.classes, a.picture.n, a.picture.cls.length, a.picture.points.length, a.picture.labels.length]).toEqual([7, "softmax", 3, 30, 900, 600, 300]);
    expect(structuredClone(a)).toEqual(a);
    expect(boundaryTransferables(a)).toHaveLength(4);
    expect(answerBoundary({ type: "boundary", id: 8, doc: ch6, n: 30 })).toEqual({ type: "boundary", id: 8, ok: false, none: true, reason: "no points (N, 2) with class targets" });
    expect(answerBoundary({ type: "boundary", id: 9, doc: doc("spiral"), n: 500 })).toMatchObject({ ok: false, none: false });
  });

  it("keep one request in flight; the newest waiting goes out when the answer comes, and every answer to it is shown", () => {
    const sent: BoundaryRequest[] = [], shown: BoundaryAnswer[] = [];
    const q = new LatestOnly((m) => sent.push(m), (a) => shown.push(a));
    const answer = (m: BoundaryRequest): BoundaryAnswer => ({ type: "boundary", id: m.id, ok: false, none: true, reason: m.doc.name ?? "" });
    const named = (name: string): GraphDoc => ({ ...ch6, name });
    q.request(named("a"), 10);
    q.request(named("b"), 10);
    q.request(named("c"), 10);
    expect(sent.map((m) => m.doc.name)).toEqual(["a"]);
    q.answer(answer(sent[0]));
    expect(sent.map((m) => m.doc.name)).toEqual(["a", "c"]); // b was replaced by c
    expect(shown.map((a) => (a.ok ? "" : a.reason))).toEqual(["a"]);
    q.answer(answer(sent[0])); // a stale answer again: dropped
    expect(shown).toHaveLength(1);
    q.answer(answer(sent[1]));
    expect(shown.map((a) => (a.ok ? "" : a.reason))).toEqual(["a", "c"]);
    q.request(named("d"), 10);
    expect(sent).toHaveLength(3);
    q.reset();
    q.request(named("e"), 10);
    expect(sent.map((m) => m.doc.name)).toEqual(["a", "c", "d", "e"]);
  });
});
