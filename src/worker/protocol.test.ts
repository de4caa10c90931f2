import { describe, expect, it } from "vitest";
import type { GraphDoc } from "../engine/graph";
import { transferables, type FromWorker, type ToWorker } from "./protocol";
import { TrainSession } from "./trainSession";

const doc: GraphDoc = {
  format: "gradflow",
  version: 1,
  name: "tiny",
  nodes: [
    { id: "W", type: "Param", position: { x: 0, y: 0 }, data: { value: [[0.5, -1]], label: "weights" } },
    { id: "t", type: "Input", data: { value: [[1, 2]] } },
    { id: "loss", type: "MSELoss", data: {} },
  ],
  edges: [
    { id: "a", source: "W", sourceHandle: "out", target: "loss", targetHandle: "x" },
    { id: "b", source: "t", target: "loss", targetHandle: "t" },
  ],
  optimizer: { type: "Adam", lr: 0.1 },
};

describe("the worker protocol", () => {
  it("survives structured clone, message by message", () => {
    const toWorker: ToWorker[] = [
      { type: "start", doc, optimizer: { type: "Momentum", lr: 0.01, momentum: 0.9 }, steps: 100, reportEvery: 5 },
      { type: "start", doc, optimizer: { type: "SGD" }, steps: 1, paramsEveryMs: 0 },
      { type: "pause" },
      { type: "resume" },
      { type: "stop" },
    ];
    const fromWorker: FromWorker[] = [
      { type: "progress", step: 3, steps: 10, losses: [2, 1.5, NaN], params: [{ id: "W", shape: [1, 2], data: Float64Array.of(0.5, -1) }, { id: "s", shape: [], data: Float64Array.of(3) }] },
      { type: "progress", step: 4, steps: 10, losses: [1.25] },
      { type: "done", step: 10, params: [{ id: "W", shape: [1, 2, 1], data: Float64Array.of(1, 2) }], reason: "stopped" },
      { type: "done", step: 10, params: [], reason: "finished" },
      { type: "error", message: "nothing to train" },
    ];
    for (const m of [...toWorker, ...fromWorker]) expect(structuredClone(m)).toEqual(m);
  });

  it("carries a real session's messages through structured clone unchanged", () => {
    const raw: FromWorker[] = [];
    const queue: (() => void)[] = [];
    const session = new TrainSession({ post: (m) => raw.push(m), schedule: (fn) => queue.push(fn), now: () => 0 });
    // what the page sends arrives as a clone, as it would in a Worker
    session.handle(structuredClone({ type: "start", doc, optimizer: doc.optimizer!, steps: 6, reportEvery: 3 } satisfies ToWorker));
    while (queue.length) queue.shift()!();
    expect(raw.map((m) => m.type)).toEqual(["progress", "progress", "done"]);
    const cloned = raw.map((m) => structuredClone(m));
    expect(cloned).toEqual(raw);
    const last = cloned[2];
    if (last.type !== "done") throw new Error("expected done");
    // the Param moved, and it is sent with the shape it has in the file
    expect(last.params[0]).toMatchObject({ id: "W", shape: [1, 2] });
    expect(last.params[0].data).toHaveLength(2);
    expect(last.params[0].data[0]).not.toBe(0.5);
  });

  it("moves the Params' buffers instead of cloning them, and each message owns its own", () => {
    const raw: FromWorker[] = [];
    const queue: (() => void)[] = [];
    const session = new TrainSession({ post: (m) => raw.push(m), schedule: (fn) => queue.push(fn), now: () => 0 });
    session.handle({ type: "start", doc, optimizer: doc.optimizer!, steps: 6, reportEvery: 2, paramsEveryMs: 0 });
    while (queue.length) queue.shift()!();
    const buffers = raw.flatMap(transferables);
    expect(buffers).toHaveLength(4); // three progress reports and done, one Param each
    expect(new Set(buffers).size).toBe(4);
    const numbers = raw.map((m) => (m.type === "error" ? [] : Array.from(m.params![0].data)));
    // as a Worker posts them: the page gets the numbers, the worker keeps nothing of them
    const moved = raw.map((m) => structuredClone(m, { transfer: transferables(m) }));
    expect(moved.map((m) => (m.type === "error" ? [] : Array.from(m.params![0].data)))).toEqual(numbers);
    expect(buffers.every((b) => b.byteLength === 0)).toBe(true);
    // later steps did not change what an earlier message carried
    expect(numbers[0]).not.toEqual(numbers[2]);
  });
});
