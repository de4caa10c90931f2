import { afterEach, expect, it, vi } from "vitest";
import type { FromWorker, ToWorker } from "./protocol";

afterEach(() => {
  vi.unstubAllGlobals();
});

it("wires the worker's messages to a training session", async () => {
  const posted: FromWorker[] = [];
  const transferred: ArrayBuffer[][] = [];
  const scope: { postMessage(m: FromWorker, transfer: ArrayBuffer[]): void; onmessage: ((e: { data: ToWorker }) => void) | null } = {
    postMessage: (m, transfer) => {
      posted.push(m);
      transferred.push(transfer);
    },
    onmessage: null,
  };
  vi.stubGlobal("self", scope);
  await import("./train.worker");
  expect(scope.onmessage).toBeTypeOf("function");
  scope.onmessage!({
    data: {
      type: "start",
      doc: {
        format: "gradflow",
        version: 1,
        nodes: [
          { id: "w", type: "Param", data: { value: 3 } },
          { id: "t", type: "Input", data: { value: 1 } },
          { id: "l", type: "MSELoss", data: {} },
        ],
        edges: [
          { id: "a", source: "w", target: "l", targetHandle: "x" },
          { id: "b", source: "t", target: "l", targetHandle: "t" },
        ],
      },
      optimizer: { type: "SGD", lr: 0.25 },
      steps: 2,
    },
  });
  await vi.waitFor(() => expect(posted.at(-1)?.type).toBe("done"));
  // w = 3 → loss 4, w −= 0.25·4 = 2 → loss 1, w −= 0.25·2 = 1.5
  expect(posted).toEqual([
    { type: "progress", step: 2, steps: 2, losses: [4, 1], params: [{ id: "w", shape: [], data: Float64Array.of(1.5) }] },
    { type: "done", step: 2, params: [{ id: "w", shape: [], data: Float64Array.of(1.5) }], reason: "finished" },
  ]);
  // each message hands over its Params' buffers
  expect(transferred.map((t, i) => t.length === 1 && t[0] === (posted[i] as { params: { data: Float64Array }[] }).params[0].data.buffer)).toEqual([true, true]);
});
