// Asks the slope worker for a curve. One request at a time: while one runs, only the newest of
// those that come in waits (a training run or a drag asks again and again); the ones it replaces
// resolve to null. Where there are no workers (tests, a strict page policy) it runs here.
import type { GraphDoc } from "../engine/graph";
import { SlopeEngine, type SlopeRequest, type SlopeResult } from "../teach/slope";

export interface SlopeMessage {
  seq: number;
  /** the same key: the same computation, whose compiled programs the worker keeps */
  key: number;
  doc: GraphDoc;
  req: SlopeRequest;
}
export interface SlopeReply {
  seq: number;
  result: SlopeResult;
}

interface Job {
  msg: SlopeMessage;
  resolve(r: SlopeResult | null): void;
}

let worker: Worker | null | undefined;
let running: Job | null = null;
let waiting: Job | null = null;
let seq = 0;
let inline: SlopeEngine | null = null;

function makeWorker(): Worker | null {
  if (typeof Worker === "undefined") return null;
  try {
    const w = new Worker(new URL("./slope.worker.ts", import.meta.url), { type: "module" });
    w.onmessage = (e: MessageEvent<SlopeReply>) => finish(e.data.result);
    w.onerror = (e) => {
      e.preventDefault();
      w.terminate();
      worker = undefined; // made again for the next request
      const req = running?.msg.req;
      finish({ xs: new Float64Array(0), ys: new Float64Array(0), half: req?.half ?? 1, extras: new Float64Array(req?.extras?.length ?? 0).fill(NaN), numeric: null, error: e.message || "the slope worker failed", ms: 0 });
    };
    return w;
  } catch {
    return null;
  }
}

function finish(result: SlopeResult): void {
  const job = running;
  running = null;
  job?.resolve(result);
  const next = waiting;
  waiting = null;
  if (next) start(next);
}

function start(job: Job): void {
  running = job;
  if (worker === undefined) worker = makeWorker();
  if (worker) worker.postMessage(job.msg);
  else {
    inline ??= new SlopeEngine();
    const r = inline.run(job.msg.key, job.msg.doc, job.msg.req);
    queueMicrotask(() => finish(r));
  }
}

/** The loss along one number of `doc` (key: the same for documents of the same computation); null when a newer request replaced it. */
export function requestSlope(key: number, doc: GraphDoc, req: SlopeRequest): Promise<SlopeResult | null> {
  return new Promise((resolve) => {
    const job: Job = { msg: { seq: ++seq, key, doc, req }, resolve };
    if (running) {
      waiting?.resolve(null);
      waiting = job;
    } else start(job);
  });
}
