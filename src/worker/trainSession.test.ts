import { describe, expect, it } from "vitest";
import type { GraphDoc, OptimizerSpec } from "../engine/graph";
import { Trainer } from "../engine/train";
import type { DoneMessage, FromWorker, ProgressMessage, ToWorker } from "./protocol";
import { TrainSession } from "./trainSession";

/** x (4,3) · W (3,2) against targets t with MSE: a net SGD visibly improves. */
function smallNet(): GraphDoc {
  return {
    format: "gradflow",
    version: 1,
    nodes: [
      { id: "x", type: "Input", data: { value: [[1, 0, 2], [0, 1, 1], [2, 1, 0], [1, 1, 1]] } },
      { id: "W", type: "Param", data: { value: { init: "randn", shape: [3, 2], seed: 3 } } },
      { id: "mm", type: "MatMul", data: {} },
      { id: "t", type: "Input", data: { value: [[1, 0], [0, 1], [1, 1], [0.5, 0.5]] } },
      { id: "loss", type: "MSELoss", data: {} },
    ],
    edges: [
      { id: "e1", source: "x", target: "mm", targetHandle: "x" },
      { id: "e2", source: "W", target: "mm", targetHandle: "W" },
      { id: "e3", source: "mm", target: "loss", targetHandle: "x" },
      { id: "e4", source: "t", target: "loss", targetHandle: "t" },
    ],
  };
}

const SGD: OptimizerSpec = { type: "SGD", lr: 0.05 };

/** A session on a hand-cranked scheduler and a clock that moves 1 ms per reading. */
function harness(sliceMs = 16) {
  const queue: (() => void)[] = [];
  const msgs: FromWorker[] = [];
  let clock = 0;
  const session = new TrainSession({ post: (m) => msgs.push(m), schedule: (fn) => queue.push(fn), now: () => clock++, sliceMs });
  const send = (m: ToWorker) => session.handle(m);
  /** runs scheduled slices (at most n) */
  const runSlices = (n = Infinity) => {
    let ran = 0;
    while (queue.length && ran < n) {
      queue.shift()!();
      ran++;
    }
    return ran;
  };
  const progress = () => msgs.filter((m): m is ProgressMessage => m.type === "progress");
  const losses = () => progress().flatMap((m) => m.losses);
  return { session, queue, msgs, send, runSlices, progress, losses };
}

describe("TrainSession", () => {
  it("reports progress every reportEvery steps and ends with done", () => {
    const h = harness();
    h.send({ type: "start", doc: smallNet(), optimizer: SGD, steps: 50, reportEvery: 10, paramsEveryMs: 0 });
    expect(h.msgs).toEqual([]); // nothing runs until the scheduler says so
    h.runSlices();
    const p = h.progress();
    expect(p.map((m) => m.step)).toEqual([10, 20, 30, 40, 50]);
    expect(p.every((m) => m.steps === 50 && m.losses.length === 10 && m.params?.length === 1 && m.params[0].id === "W")).toBe(true);
    const done = h.msgs.at(-1) as DoneMessage;
    expect(done).toMatchObject({ type: "done", step: 50, reason: "finished" });
    expect(h.msgs.length).toBe(6);
  });

  it("trains exactly as the engine's Trainer does, and the loss falls", () => {
    const h = harness();
    h.send({ type: "start", doc: smallNet(), optimizer: SGD, steps: 200 });
    h.runSlices();
    const t = new Trainer(smallNet(), SGD);
    for (let i = 0; i < 200; i++) t.step();
    expect(h.losses()).toEqual(t.losses);
    const done = h.msgs.at(-1) as DoneMessage;
    expect(done.params).toEqual([{ id: "W", shape: [3, 2], data: t.params().get("W")!.data }]);
    const L = h.losses();
    expect(L[199]).toBeLessThan(L[0] / 4);
    for (let i = 1; i < L.length; i++) expect(L[i]).toBeLessThanOrEqual(L[i - 1] + 1e-12);
  });

  it("slices by time, posting after every slice", () => {
    const h = harness(16);
    h.send({ type: "start", doc: smallNet(), optimizer: SGD, steps: 100 });
    const slices = h.runSlices();
    // one clock reading per step plus one at the start: 16 steps per slice
    expect(slices).toBe(Math.ceil(100 / 16));
    expect(h.progress().map((m) => m.step)).toEqual([16, 32, 48, 64, 80, 96, 100]);
    expect(h.losses().length).toBe(100);
  });

  it("sends the Params a few times a second by the clock, the losses with every slice", () => {
    const h = harness(16);
    h.send({ type: "start", doc: smallNet(), optimizer: SGD, steps: 2000, paramsEveryMs: 250 });
    h.runSlices();
    const p = h.progress();
    expect(h.losses()).toHaveLength(2000);
    // the clock moves 1 ms per step here: 2000 ms of training, slices of 16 steps
    const withParams = p.filter((m) => m.params);
    expect(p[0].params).toBeDefined();
    expect(withParams.length).toBeGreaterThanOrEqual(7);
    expect(withParams.length).toBeLessThanOrEqual(9);
    expect(p.length).toBeGreaterThan(100);
    // each carries the Params after its own step, as the Trainer has them then
    const t = new Trainer(smallNet(), SGD);
    let steps = 0;
    for (const m of withParams) {
      while (steps < m.step) (t.step(), steps++);
      expect(m.params![0].data).toEqual(t.params().get("W")!.data);
    }
    expect((h.msgs.at(-1) as DoneMessage).params[0].id).toBe("W");
  });

  it("pause takes effect before the next slice; resume carries on where it stopped", () => {
    const h = harness();
    h.send({ type: "start", doc: smallNet(), optimizer: SGD, steps: 40, reportEvery: 10 });
    h.runSlices(1);
    expect(h.progress().at(-1)!.step).toBe(10);
    h.send({ type: "pause" });
    const before = h.msgs.length;
    h.runSlices(); // the slice already scheduled finds the session paused
    expect(h.msgs.length).toBe(before);
    expect(h.queue.length).toBe(0);
    h.send({ type: "resume" });
    h.send({ type: "resume" }); // a second resume schedules nothing more
    expect(h.queue.length).toBe(1);
    h.runSlices();
    expect(h.progress().map((m) => m.step)).toEqual([10, 20, 30, 40]);
    expect(h.msgs.at(-1)).toMatchObject({ type: "done", step: 40, reason: "finished" });
    const t = new Trainer(smallNet(), SGD);
    for (let i = 0; i < 40; i++) t.step();
    expect(h.losses()).toEqual(t.losses);
  });

  it("pause then resume before the slice runs does not double the slices", () => {
    const h = harness();
    h.send({ type: "start", doc: smallNet(), optimizer: SGD, steps: 20, reportEvery: 10 });
    h.send({ type: "pause" });
    h.send({ type: "resume" });
    expect(h.queue.length).toBe(1);
    h.runSlices();
    expect(h.progress().map((m) => m.step)).toEqual([10, 20]);
  });

  it("stop answers at once with the losses so far and done, and nothing runs after", () => {
    const h = harness();
    h.send({ type: "start", doc: smallNet(), optimizer: SGD, steps: 1000 });
    h.runSlices(2);
    const step = h.progress().at(-1)!.step;
    expect(step).toBeGreaterThan(0);
    h.send({ type: "stop" });
    expect(h.msgs.at(-1)).toMatchObject({ type: "done", step, reason: "stopped" });
    const n = h.msgs.length;
    h.runSlices();
    h.send({ type: "stop" });
    h.send({ type: "resume" });
    h.runSlices();
    expect(h.msgs.length).toBe(n);
    expect(h.session.running).toBe(false);
  });

  it("stop between report points flushes the losses not yet posted", () => {
    const h = harness(5);
    h.send({ type: "start", doc: smallNet(), optimizer: SGD, steps: 1000, reportEvery: 100 });
    h.runSlices(3); // 3 slices of 5 ms: 15 steps, no report point reached
    expect(h.progress()).toEqual([]);
    h.send({ type: "pause" });
    h.send({ type: "stop" });
    expect(h.msgs.map((m) => m.type)).toEqual(["progress", "done"]);
    expect(h.losses().length).toBe(15);
    expect(h.msgs[1]).toMatchObject({ step: 15, reason: "stopped" });
  });

  it("reports a graph it cannot train as an error", () => {
    const h = harness();
    const noParam = smallNet();
    noParam.nodes[1] = { ...noParam.nodes[1], type: "Input" };
    h.send({ type: "start", doc: noParam, optimizer: SGD, steps: 10 });
    expect(h.msgs).toEqual([{ type: "error", message: "nothing to train: the graph has no Param node" }]);
    expect(h.queue.length).toBe(0);
  });

  it("reports an error met while training, and stops", () => {
    const h = harness();
    const bad = smallNet();
    bad.nodes[3] = { ...bad.nodes[3], data: { value: [[1, 0, 0]] } }; // t's shape no longer matches
    h.send({ type: "start", doc: bad, optimizer: SGD, steps: 10 });
    h.runSlices();
    expect(h.msgs).toHaveLength(1);
    expect(h.msgs[0].type).toBe("error");
    expect((h.msgs[0] as { message: string }).message).toMatch(/^cannot train: node "loss" errs: MSELoss: t is \(1,3\)/);
  });

  it("a run that diverges ends with done \"diverged\": the last finite Params, and the trainer's words", () => {
    const h = harness();
    h.send({ type: "start", doc: smallNet(), optimizer: { type: "SGD", lr: 1e6 }, steps: 500, reportEvery: 1 });
    h.runSlices();
    const done = h.msgs.at(-1) as DoneMessage;
    expect(done.type).toBe("done");
    expect(done.reason).toBe("diverged");
    expect(done.message).toMatch(/^training diverged at step (\d+): (loss is Infinity|W became (-?Infinity|NaN))$/);
    const k = Number(/step (\d+)/.exec(done.message!)![1]);
    expect(done.step).toBe(k - 1);
    expect(h.losses()).toHaveLength(k - 1);
    expect(JSON.stringify(done.params)).not.toMatch(/null/);
    for (const v of done.params[0].data) expect(Number.isFinite(v)).toBe(true);
  });

  it("refuses bad settings", () => {
    for (const [steps, reportEvery, want] of [
      [0, undefined, /number of steps/],
      [2.5, undefined, /number of steps/],
      [10, 0, /reportEvery/],
    ] as const) {
      const h = harness();
      h.send({ type: "start", doc: smallNet(), optimizer: SGD, steps, reportEvery });
      expect(h.msgs).toHaveLength(1);
      expect((h.msgs[0] as { message: string }).message).toMatch(want);
    }
    {
      const h = harness();
      h.send({ type: "start", doc: smallNet(), optimizer: SGD, steps: 10, paramsEveryMs: -1 });
      expect(h.msgs).toEqual([{ type: "error", message: "paramsEveryMs must be a number of milliseconds ≥ 0, not -1" }]);
    }
    const h = harness();
    h.send({ type: "start", doc: smallNet(), optimizer: { type: "Adamax" }, steps: 5 });
    expect(h.msgs).toEqual([{ type: "error", message: 'unknown optimizer "Adamax"' }]);
  });

  it("a new start abandons the run before it", () => {
    const h = harness();
    h.send({ type: "start", doc: smallNet(), optimizer: SGD, steps: 30, reportEvery: 10 });
    h.runSlices(1);
    h.send({ type: "start", doc: smallNet(), optimizer: { type: "Adam" }, steps: 20, reportEvery: 10 });
    h.runSlices();
    expect(h.progress().map((m) => [m.step, m.steps])).toEqual([[10, 30], [10, 20], [20, 20]]);
    expect(h.msgs.filter((m) => m.type === "done")).toHaveLength(1);
  });

  it("ignores pause, resume and stop when nothing runs", () => {
    const h = harness();
    h.send({ type: "pause" });
    h.send({ type: "resume" });
    h.send({ type: "stop" });
    expect(h.msgs).toEqual([]);
    expect(h.queue).toEqual([]);
  });
});
