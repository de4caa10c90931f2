// The page's side of training: starts the worker, forwards pause/resume/stop, and hands the
// worker's messages to the caller. Without Worker (Node, old test runners) the same session
// runs in this thread in time slices. Handlers are always called asynchronously, never from
// inside startTraining, and nothing is delivered after done or error.
import type { GraphDoc, OptimizerSpec } from "../engine/graph";
import type { DoneMessage, FromWorker, ProgressMessage, StartMessage, ToWorker } from "./protocol";
import { TrainSession } from "./trainSession";

export interface TrainHandlers {
  onProgress(m: ProgressMessage): void;
  onDone(m: DoneMessage): void;
  onError(message: string): void;
}

export interface TrainControl {
  pause(): void;
  resume(): void;
  stop(): void;
}

export interface TrainOptions {
  /** post progress every this many steps instead of after every time slice */
  reportEvery?: number;
  /** send the Params at most this often, in ms (default 250; 0: with every progress) */
  paramsEveryMs?: number;
}

export function startTraining(doc: GraphDoc, optimizer: OptimizerSpec, steps: number, handlers: TrainHandlers, opts: TrainOptions = {}): TrainControl {
  const start: StartMessage = { type: "start", doc, optimizer, steps };
  if (opts.reportEvery !== undefined) start.reportEvery = opts.reportEvery;
  if (opts.paramsEveryMs !== undefined) start.paramsEveryMs = opts.paramsEveryMs;
  let over = false;
  let cleanup = () => {};
  const deliver = (m: FromWorker) => {
    if (over) return;
    if (m.type === "progress") return handlers.onProgress(m);
    over = true;
    cleanup();
    if (m.type === "done") handlers.onDone(m);
    else handlers.onError(m.message);
  };

  let worker: Worker | null = null;
  if (typeof Worker !== "undefined") {
    try {
      worker = new Worker(new URL("./train.worker.ts", import.meta.url), { type: "module" });
    } catch {
      worker = null; // e.g. workers forbidden by the page's policy: train in this thread instead
    }
  }

  if (!worker) {
    const session = new TrainSession({ post: (m) => queueMicrotask(() => deliver(m)) });
    session.handle(start);
    const send = (m: ToWorker) => {
      if (!over) session.handle(m);
    };
    return { pause: () => send({ type: "pause" }), resume: () => send({ type: "resume" }), stop: () => send({ type: "stop" }) };
  }

  const w = worker;
  cleanup = () => w.terminate();
  w.onmessage = (e: MessageEvent<FromWorker>) => deliver(e.data);
  w.onerror = (e: ErrorEvent) => {
    e.preventDefault();
    deliver({ type: "error", message: e.message || "the training worker failed" });
  };
  w.onmessageerror = () => deliver({ type: "error", message: "a message from the training worker could not be read" });
  w.postMessage(start);
  const send = (m: ToWorker) => {
    if (!over) w.postMessage(m);
  };
  return { pause: () => send({ type: "pause" }), resume: () => send({ type: "resume" }), stop: () => send({ type: "stop" }) };
}
