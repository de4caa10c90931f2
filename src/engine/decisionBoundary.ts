// Decision boundaries: for a graph whose data Input holds N points in the plane (N × 2) and whose
// loss has class targets (SoftmaxWithLoss, or SigmoidWithLoss for two classes), the class the
// network gives to every point of a grid over the data — TensorFlow Playground's picture, on the
// learner's own graph. The grid is fed through the same graph in one batch (the data Input's value
// replaced by the grid's points), so what is drawn is exactly what the graph computes. Pure: the
// worker runs it (worker/boundary.worker.ts), tests run it in Node.
import { compile } from "./executor";
import { getOp } from "./ops";
import type { GraphDoc } from "./graph";
import { materialize, shapeOfValue, type TensorValue } from "./values";

/** How a loss op's row of scores becomes a class (the registry's `classTargets`), if its targets are classes. */
const classTargets = (type: string) => getOp(type)?.classTargets;

export interface BoundaryProblem {
  /** the Input that holds the points (N, 2), the Input of the targets, the node whose output is the scores, the loss */
  xId: string;
  tId: string;
  scoresId: string;
  lossId: string;
  kind: "softmax" | "sigmoid";
  /** how many classes the scores tell apart */
  classes: number;
  /** the points, row-major (N × 2), and the class of each */
  points: Float64Array;
  labels: Int32Array;
}

/** The largest grid side a caller may ask for (the grid goes through the graph as one batch). */
export const MAX_GRID = 120;

/**
 * A cheap first look, on shapes alone: whether the graph has a loss with class targets and an Input
 * of points (N, 2). The page asks the worker only when it does, so that a large graph is not copied
 * to the worker a few times a second for nothing.
 */
export function mayHaveBoundary(doc: GraphDoc): boolean {
  if (!doc.nodes.some((n) => classTargets(n.type))) return false;
  return doc.nodes.some((n) => {
    if (n.type !== "Input") return false;
    try {
      const s = shapeOfValue(n.data.value as TensorValue);
      return s.length === 2 && s[1] === 2;
    } catch {
      return false;
    }
  });
}

/** What a graph's decision boundary is made of, or null when it has no points in the plane with class targets. */
export function boundaryProblem(doc: GraphDoc): BoundaryProblem | null {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const into = (id: string, port: string) => doc.edges.find((e) => e.target === id && e.targetHandle === port)?.source;
  for (const loss of doc.nodes) {
    const kind = classTargets(loss.type);
    if (!kind) continue;
    const scoresId = into(loss.id, "x"), tId = into(loss.id, "t");
    if (!scoresId || !tId || byId.get(tId)?.type !== "Input") continue;
    // the loss must be what training minimises: it feeds nothing else
    if (doc.edges.some((e) => e.source === loss.id)) continue;
    let tShape: number[];
    try {
      tShape = shapeOfValue(byId.get(tId)!.data.value as TensorValue);
    } catch {
      continue;
    }
    const n = tShape[0];
    if (!(tShape.length === 1 || tShape.length === 2) || !n) continue;
    const xId = inputAbove(doc, scoresId, (id) => {
      const node = byId.get(id)!;
      if (node.type !== "Input" || id === tId) return false;
      try {
        const s = shapeOfValue(node.data.value as TensorValue);
        return s.length === 2 && s[0] === n && s[1] === 2;
      } catch {
        return false;
      }
    });
    if (!xId) continue;
    let p;
    try {
      p = compile(doc, { target: null });
      p.forward();
    } catch {
      continue;
    }
    const scores = p.value(scoresId);
    if (!scores || scores.shape[0] !== n) continue;
    let classes: number;
    if (kind === "softmax") {
      if (scores.shape.length !== 2 || scores.shape[1] < 2) continue;
      classes = scores.shape[1];
    } else {
      if (!(scores.shape.length === 1 || (scores.shape.length === 2 && scores.shape[1] === 1))) continue;
      classes = 2;
    }
    if (classes > 254) continue; // a grid cell's class is a byte, 255 meaning "no finite scores"
    const points = materialize(byId.get(xId)!.data.value as TensorValue).data;
    const t = materialize(byId.get(tId)!.data.value as TensorValue);
    const labels = classesOf(t.data, tShape, kind);
    if (labels.some((c) => c < 0 || c >= classes)) continue;
    return { xId, tId, scoresId, lossId: loss.id, kind, classes, points, labels };
  }
  return null;
}

/** The first node above `from` (inclusive of none but its ancestors) that `ok` accepts, breadth first. */
function inputAbove(doc: GraphDoc, from: string, ok: (id: string) => boolean): string | null {
  const seen = new Set([from]);
  let front = [from];
  while (front.length) {
    const next: string[] = [];
    for (const id of front)
      for (const e of doc.edges)
        if (e.target === id && !seen.has(e.source)) {
          if (ok(e.source)) return e.source;
          seen.add(e.source);
          next.push(e.source);
        }
    front = next;
  }
  return null;
}

/** Class indices (N,) as they are; one-hot rows (N, C) by their argmax, as the loss reads them; sigmoid targets by ≥ 0.5. */
export function classesOf(t: Float64Array, shape: readonly number[], kind: "softmax" | "sigmoid"): Int32Array {
  const n = shape[0];
  const out = new Int32Array(n);
  if (kind === "sigmoid") {
    for (let i = 0; i < n; i++) out[i] = t[i] >= 0.5 ? 1 : 0;
    return out;
  }
  if (shape.length === 1) {
    for (let i = 0; i < n; i++) out[i] = Number.isInteger(t[i]) ? t[i] : -1;
    return out;
  }
  const c = shape[1];
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < c; j++) if (t[i * c + j] > t[i * c + best]) best = j;
    out[i] = best;
  }
  return out;
}

export interface Bounds {
  x: [number, number];
  y: [number, number];
}

/** The points' extent with a margin (an eighth of the larger side, at least 0.1), as a square around their centre. */
export function boundsOf(points: Float64Array): Bounds {
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let i = 0; i + 1 < points.length; i += 2) {
    const x = points[i], y = points[i + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
  }
  if (x0 > x1) return { x: [-1, 1], y: [-1, 1] };
  const side = Math.max(x1 - x0, y1 - y0);
  const half = side / 2 + Math.max(0.1, side / 8);
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  return { x: [cx - half, cx + half], y: [cy - half, cy + half] };
}

export interface BoundaryGrid {
  /** cells per side; cell (i, j) is centred at x = x0 + (i + ½)·(x1 − x0)/n, y likewise, row j from the bottom */
  n: number;
  bounds: Bounds;
  /** the class of each cell, row-major (j · n + i); 255 where the graph gives no finite scores */
  cls: Uint8Array;
  /** the network's probability of that class, from 1/classes (unsure) to 1 */
  confidence: Float32Array;
}

/** The class the graph gives to the centre of every cell of an n × n grid over `bounds`; or why it cannot. */
export function decisionGrid(doc: GraphDoc, problem: BoundaryProblem, n: number, bounds: Bounds = boundsOf(problem.points)): BoundaryGrid | { ok: false; reason: string } {
  if (!Number.isInteger(n) || n < 2 || n > MAX_GRID) return { ok: false, reason: `the grid must have from 2 to ${MAX_GRID} cells a side, not ${n}` };
  const [x0, x1] = bounds.x, [y0, y1] = bounds.y;
  const rows: number[][] = [];
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) rows.push([x0 + ((i + 0.5) * (x1 - x0)) / n, y0 + ((j + 0.5) * (y1 - y0)) / n]);
  // the same graph with the grid's points in place of the data; the loss (its targets no longer fit) is not needed
  const gridDoc: GraphDoc = { ...doc, nodes: doc.nodes.map((node) => (node.id === problem.xId ? { ...node, data: { ...node.data, value: rows } } : node)) };
  let scores;
  try {
    const p = compile(gridDoc, { target: null });
    p.forward();
    scores = p.value(problem.scoresId);
    if (!scores) return { ok: false, reason: p.error(problem.scoresId) ?? "the scores could not be computed on the grid" };
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
  const m = n * n;
  if (scores.shape[0] !== m) return { ok: false, reason: "the scores do not have one row per point: the graph mixes its rows" };
  const cls = new Uint8Array(m), confidence = new Float32Array(m);
  const s = scores.data, c = problem.kind === "softmax" ? scores.shape[1] : 1;
  for (let k = 0; k < m; k++) {
    if (problem.kind === "sigmoid") {
      const z = s[k];
      if (!Number.isFinite(z)) {
        cls[k] = 255;
        continue;
      }
      const p1 = 1 / (1 + Math.exp(-z));
      cls[k] = p1 >= 0.5 ? 1 : 0;
      confidence[k] = Math.max(p1, 1 - p1);
      continue;
    }
    let best = 0, finite = true;
    for (let j = 0; j < c; j++) {
      const v = s[k * c + j];
      if (!Number.isFinite(v)) finite = false;
      if (v > s[k * c + best]) best = j;
    }
    if (!finite) {
      cls[k] = 255;
      continue;
    }
    // softmax's largest probability: 1 / Σ exp(s_j − s_best)
    let sum = 0;
    for (let j = 0; j < c; j++) sum += Math.exp(s[k * c + j] - s[k * c + best]);
    cls[k] = best;
    confidence[k] = 1 / sum;
  }
  return { n, bounds, cls, confidence };
}
