import { afterEach, describe, expect, it, vi } from "vitest";
import type { GraphDoc, OptimizerSpec } from "../engine/graph";
import type { DoneMessage, FromWorker, ProgressMessage, ToWorker } from "./protocol";
import { startTraining, type TrainHandlers } from "./trainClient";
import { TrainSession } from "./trainSession";

function smallNet(param = true): GraphDoc {
  return {
    format: "gradflow",
    version: 1,
    nodes: [
      { id: "x", type: "Input", data: { value: [[1, 0, 2], [0, 1, 1]] } },
      { id: "W", type: param ? "Param" : "Input", data: { value: [[0.1, 0.2], [0.3, -0.1], [0.2, 0.4]] } },
      { id: "mm", type: "MatMul", data: {} },
      { id: "t", type: "Input", data: { value: [[1, 0], [0, 1]] } },
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
const SGD: OptimizerSpec = { type: "SGD", lr: 0.1 };

/** Records everything and resolves when training ends. */
function recorder() {
  const progress: ProgressMessage[] = [];
  let resolve!: (v: { done?: DoneMessage; error?: string }) => void;
  const ended = new Promise<{ done?: DoneMessage; error?: string }>((r) => (resolve = r));
  const handlers: TrainHandlers = {
    onProgress: (m) => progress.push(m),
    onDone: (m) => resolve({ done: m }),
    onError: (message) => resolve({ error: message }),
  };
  return { progress, ended, handlers };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("startTraining without Worker (in this thread)", () => {
  it("runs to the end and calls back only asynchronously", async () => {
    expect(typeof Worker).toBe("undefined");
    const r = recorder();
    let returned = false;
    const onProgress = r.handlers.onProgress;
    r.handlers.onProgress = (m) => {
      expect(returned).toBe(true);
      onProgress(m);
    };
    startTraining(smallNet(), SGD, 60, r.handlers, { reportEvery: 20 });
    returned = true;
    const { done } = await r.ended;
    expect(done).toMatchObject({ step: 60, reason: "finished" });
    expect(r.progress.map((m) => m.step)).toEqual([20, 40, 60]);
    const L = r.progress.flatMap((m) => m.losses);
    expect(L).toHaveLength(60);
    expect(L[59]).toBeLessThan(L[0]);
  });

  it("reports an untrainable graph through onError, after returning", async () => {
    const r = recorder();
    let returned = false;
    const ended = r.ended.then((v) => ({ ...v, returned }));
    startTraining(smallNet(false), SGD, 10, r.handlers);
    returned = true;
    expect(await ended).toEqual({ error: "nothing to train: the graph has no Param node", returned: true });
  });

  it("stops at once and delivers nothing after done", async () => {
    const r = recorder();
    const c = startTraining(smallNet(), SGD, 10_000_000, r.handlers);
    await vi.waitFor(() => expect(r.progress.length).toBeGreaterThan(0));
    c.stop();
    const { done } = await r.ended;
    expect(done!.reason).toBe("stopped");
    expect(done!.step).toBeLessThan(10_000_000);
    expect(r.progress.flatMap((m) => m.losses)).toHaveLength(done!.step);
    const n = r.progress.length;
    await new Promise((res) => setTimeout(res, 40));
    c.resume();
    expect(r.progress.length).toBe(n);
  });

  it("pauses and resumes", async () => {
    const r = recorder();
    const c = startTraining(smallNet(), SGD, 10_000_000, r.handlers);
    await vi.waitFor(() => expect(r.progress.length).toBeGreaterThan(0));
    c.pause();
    await new Promise((res) => setTimeout(res, 10));
    const n = r.progress.length;
    await new Promise((res) => setTimeout(res, 60));
    expect(r.progress.length).toBe(n);
    c.resume();
    await vi.waitFor(() => expect(r.progress.length).toBeGreaterThan(n));
    c.stop();
    expect((await r.ended).done!.reason).toBe("stopped");
  });
});

/** Stands in for the browser's Worker: messages are cloned both ways and arrive later. */
class FakeWorker {
  static last: FakeWorker | null = null;
  readonly url: URL;
  readonly opts: WorkerOptions | undefined;
  readonly sent: ToWorker[] = [];
  terminated = false;
  onmessage: ((e: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  private readonly session = new TrainSession({ post: (m) => setTimeout(() => !this.terminated && this.onmessage?.({ data: structuredClone(m) } as MessageEvent<FromWorker>)) });
  constructor(url: URL, opts?: WorkerOptions) {
    this.url = url;
    this.opts = opts;
    FakeWorker.last = this;
  }
  postMessage(m: ToWorker) {
    if (this.terminated) throw new Error("posted to a terminated worker");
    this.sent.push(m);
    const copy = structuredClone(m);
    setTimeout(() => !this.terminated && this.session.handle(copy));
  }
  terminate() {
    this.terminated = true;
  }
}

describe("startTraining with a Worker", () => {
  it("starts the module worker, forwards controls, and ends it after done", async () => {
    vi.stubGlobal("Worker", FakeWorker);
    const r = recorder();
    const c = startTraining(smallNet(), SGD, 10_000_000, r.handlers, { reportEvery: 50 });
    const w = FakeWorker.last!;
    expect(w.url.pathname.endsWith("/worker/train.worker.ts")).toBe(true);
    expect(w.opts).toEqual({ type: "module" });
    expect(w.sent[0]).toMatchObject({ type: "start", steps: 10_000_000, reportEvery: 50, optimizer: SGD });
    await vi.waitFor(() => expect(r.progress.length).toBeGreaterThan(1));
    c.pause();
    c.resume();
    c.stop();
    expect(w.sent.slice(1).map((m) => m.type)).toEqual(["pause", "resume", "stop"]);
    const { done } = await r.ended;
    expect(done!.reason).toBe("stopped");
    expect(w.terminated).toBe(true);
    c.stop(); // after the end: nothing is posted to the dead worker
    expect(w.sent).toHaveLength(4);
  });

  it("turns a worker failure into onError", async () => {
    vi.stubGlobal("Worker", FakeWorker);
    const r = recorder();
    startTraining(smallNet(), SGD, 5, r.handlers);
    const w = FakeWorker.last!;
    w.terminate(); // the fake's session goes quiet; the page only hears the error event
    let prevented = false;
    w.onerror!({ message: "SyntaxError in train.worker.ts", preventDefault: () => (prevented = true) } as unknown as ErrorEvent);
    expect(await r.ended).toEqual({ error: "SyntaxError in train.worker.ts" });
    expect(prevented).toBe(true);
  });

  it("falls back to this thread when a Worker cannot be made", async () => {
    vi.stubGlobal(
      "Worker",
      class {
        constructor() {
          throw new Error("workers are forbidden here");
        }
      },
    );
    const r = recorder();
    startTraining(smallNet(), SGD, 7, r.handlers);
    expect((await r.ended).done).toMatchObject({ step: 7, reason: "finished" });
  });
});
