// The messages of the decision-boundary worker: the page sends the document as it is now (a few
// times a second while training moves its Params) and the worker answers with the points, their
// classes and the class of every cell of a grid over them (engine/decisionBoundary.ts). Pure:
// `answerBoundary` is the worker's whole work, and `LatestOnly` keeps one request in flight, the
// newest waiting, so a slow answer never queues up stale documents.
import type { GraphDoc } from "../engine/graph";
import { boundaryProblem, decisionGrid, type Bounds } from "../engine/decisionBoundary";

export type BoundaryRequest = { type: "boundary"; id: number; doc: GraphDoc; n: number };

export type BoundaryPicture = {
  /** the Input that holds the points */
  xId: string;
  kind: "softmax" | "sigmoid";
  classes: number;
  /** the data: points (N × 2, row-major), the class of each */
  points: Float64Array;
  labels: Int32Array;
  /** the grid: n × n cells over bounds, each cell's class (255: none) and the network's probability of it */
  n: number;
  bounds: Bounds;
  cls: Uint8Array;
  confidence: Float32Array;
};

export type BoundaryAnswer =
  | { type: "boundary"; id: number; ok: true; picture: BoundaryPicture }
  /** `none`: the graph has no points in the plane with class targets (no picture to draw, nothing wrong) */
  | { type: "boundary"; id: number; ok: false; none: boolean; reason: string };

/** What the worker does with a request. */
export function answerBoundary(m: BoundaryRequest): BoundaryAnswer {
  let problem;
  try {
    problem = boundaryProblem(m.doc);
  } catch (e) {
    return { type: "boundary", id: m.id, ok: false, none: false, reason: (e as Error).message };
  }
  if (!problem) return { type: "boundary", id: m.id, ok: false, none: true, reason: "no points (N, 2) with class targets" };
  const g = decisionGrid(m.doc, problem, m.n);
  if ("ok" in g) return { type: "boundary", id: m.id, ok: false, none: false, reason: g.reason };
  return {
    type: "boundary",
    id: m.id,
    ok: true,
    picture: { xId: problem.xId, kind: problem.kind, classes: problem.classes, points: problem.points, labels: problem.labels, n: g.n, bounds: g.bounds, cls: g.cls, confidence: g.confidence },
  };
}

/** The buffers an answer holds, to transfer with it. */
export function boundaryTransferables(a: BoundaryAnswer): ArrayBuffer[] {
  if (!a.ok) return [];
  const p = a.picture;
  return [p.points.buffer, p.labels.buffer, p.cls.buffer, p.confidence.buffer] as ArrayBuffer[];
}

/**
 * One request in flight at a time: a document asked for while one is out waits, and a newer one
 * replaces it. Every answer to the request in flight is shown (while training, a newer document is
 * nearly always waiting: dropping answers would show none), then the waiting one goes out.
 */
export class LatestOnly {
  private id = 0;
  private out: number | null = null;
  private waiting: { doc: GraphDoc; n: number } | null = null;

  constructor(
    private readonly send: (m: BoundaryRequest) => void,
    private readonly deliver: (a: BoundaryAnswer) => void,
  ) {}

  request(doc: GraphDoc, n: number): void {
    if (this.out !== null) {
      this.waiting = { doc, n };
      return;
    }
    this.out = ++this.id;
    this.send({ type: "boundary", id: this.out, doc, n });
  }

  answer(a: BoundaryAnswer): void {
    if (a.id !== this.out) return;
    this.out = null;
    const w = this.waiting;
    this.waiting = null;
    this.deliver(a);
    if (w) this.request(w.doc, w.n);
  }

  /** Forget what is in flight (the worker was replaced): the next request goes out at once. */
  reset(): void {
    this.out = null;
    this.waiting = null;
  }
}
