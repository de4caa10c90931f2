// The gradient check: central finite differences of the loss against the analytic gradient of
// every Input and Param (FORMAT.md section 3). The losses run in their exact form (no 1e-7 guard,
// see RunSettings), because that is the function their backward rules differentiate; an element
// passes when |analytic − numeric| ≤ tolerance · max(1, |analytic|, |numeric|), so rounding noise
// on a gradient that is truly zero is not a failure.
import { compile, type Program } from "./executor";
import type { GraphDoc } from "./graph";
import { getOp } from "./ops";
import { clone } from "./tensor";

export interface NodeCheck {
  /** max over the checked elements of |analytic − numeric| / max(1, |analytic|, |numeric|); NaN when a difference is not finite */
  relError: number | null;
  checked: number;
  size: number;
  pass: boolean;
  /** the element with the largest error, and its two numbers */
  worst?: { index: number; analytic: number; numeric: number };
  /** why a node was not checked, or was checked only in part */
  note?: string;
  /** with `elements`: every checked element (flat index) with its analytic and numeric gradient */
  elements?: { index: Int32Array; analytic: Float64Array; numeric: Float64Array };
}

export interface CheckReport {
  tolerance: number;
  pass: boolean;
  nodes: Map<string, NodeCheck>;
  /** why nothing could be checked (the report then fails) */
  reason?: string;
}

export interface CheckOptions {
  /** the step of the central difference, relative to max(1, |value|) */
  h?: number;
  tolerance?: number;
  /** elements checked per node at most, spread evenly over it */
  maxPerNode?: number;
  /** how many numbers all the forward passes together may touch: bounds the check's time on a large graph */
  work?: number;
  /** differentiate this node instead of the graph's seeds (defaults to the document's target) */
  target?: string | null;
  /** keep every checked element's two numbers (NodeCheck.elements), for the editor's error map */
  elements?: boolean;
}

export const DEFAULT_TOLERANCE = 1e-5;
/** about a second or two of forward passes */
const DEFAULT_WORK = 2e8;

/** A report that checks nothing, with the reason. */
const nothing = (tolerance: number, reason: string): CheckReport => ({ tolerance, pass: false, nodes: new Map(), reason });

export function gradCheck(doc: GraphDoc, { h = 1e-5, tolerance = DEFAULT_TOLERANCE, maxPerNode = 256, work = DEFAULT_WORK, target, elements = false }: CheckOptions = {}): CheckReport {
  const p = compile(doc, { exactLoss: true, ...(target !== undefined ? { target } : {}) }).run();
  if (p.loss === null) {
    const bad = p.allIds.find((id) => p.error(id));
    return nothing(tolerance, bad ? `nothing to differentiate: node "${bad}" errs (${p.error(bad)})` : "nothing to differentiate: the graph has no node that runs");
  }
  const sources = p.sourceIds.filter((id) => p.status(id) === "ok");
  if (sources.length === 0) return nothing(tolerance, "nothing to differentiate: the graph has no Input or Param");
  if (!Number.isFinite(p.loss)) return nothing(tolerance, `nothing to differentiate: the loss is ${p.loss}`);
  // each checked element costs two forward passes over every number of the graph
  const budget = Math.max(sources.length, Math.floor(work / (2 * Math.max(1, p.numbers))));
  const perNode = Math.max(1, Math.min(maxPerNode, Math.floor(budget / sources.length)));
  // read every gradient first: the forward passes below clear them
  const grads = new Map(sources.map((id) => [id, p.grad(id) && clone(p.grad(id)!)]));
  const nodes = new Map<string, NodeCheck>();
  const intoTargets = feedsNoGradPort(doc);
  for (const id of sources) {
    const value = p.paramValue(id).data;
    const g = grads.get(id)?.data;
    if (g && intoTargets.has(id)) {
      nodes.set(id, { relError: null, checked: 0, size: value.length, pass: true, note: "it also feeds a loss's target t, whose gradient is left out by definition (OPS.md): its gradient is not the loss's derivative" });
      continue;
    }
    if (!g) {
      // a target t of a loss: nothing flows back into it, and its numbers (class indices) may not even move
      nodes.set(id, { relError: null, checked: 0, size: value.length, pass: true, note: "no gradient reaches it" });
      continue;
    }
    const n = Math.min(value.length, perNode);
    const check = checkNode(p, value, g, n, h, tolerance, elements);
    if (n < value.length) check.note = `${n} of ${value.length} elements checked, spread evenly`;
    nodes.set(id, check);
  }
  p.run();
  return { tolerance, pass: [...nodes.values()].every((c) => c.pass), nodes };
}

/** The nodes with a path into a port that takes no gradient (a loss's t). */
function feedsNoGradPort(doc: GraphDoc): Set<string> {
  const into = new Map<string, string[]>();
  const start: string[] = [];
  const types = new Map(doc.nodes.map((n) => [n.id, n.type]));
  for (const e of doc.edges) {
    const l = into.get(e.target);
    if (l) l.push(e.source);
    else into.set(e.target, [e.source]);
    if (getOp(types.get(e.target)!)?.inputs.find((q) => q.name === e.targetHandle)?.noGrad) start.push(e.source);
  }
  const seen = new Set(start);
  for (let i = 0; i < start.length; i++) for (const s of into.get(start[i]) ?? []) if (!seen.has(s)) {
    seen.add(s);
    start.push(s);
  }
  return seen;
}

/** FORMAT.md section 3's measure: |a − n| / max(1, |a|, |n|), so that rounding noise on a zero gradient is no error. */
export const relativeError = (a: number, n: number) => Math.abs(a - n) / Math.max(1, Math.abs(a), Math.abs(n));

/**
 * The central difference of the loss at element i of a source's value (its buffer in p), with the
 * check's steps: h relative to max(1, |x|), and, where that disagrees with the analytic gradient g,
 * Ridders' extrapolation over shrinking steps. p runs its forward passes; the value is put back.
 */
export function numericGradient(p: Program, value: Float64Array, i: number, g: number, h = 1e-5, tolerance = DEFAULT_TOLERANCE): number {
  let up: Float64Array = new Float64Array(0), down: Float64Array = new Float64Array(0);
  /** the central difference with step hh, as the sum of the loss terms' differences */
  const central = (hh: number): number => {
    const orig = value[i];
    value[i] = orig + hh;
    p.forward();
    up = p.lossTerms(up);
    value[i] = orig - hh;
    p.forward();
    down = p.lossTerms(down);
    value[i] = orig;
    let diff = 0;
    for (let j = 0; j < up.length; j++) if (up[j] !== down[j]) diff += up[j] - down[j];
    // over the step actually taken, after rounding orig ± hh to a float64
    return diff / (orig + hh - (orig - hh));
  };
  // steps relative to max(1, |x|), and small beside x itself, so that a Log near 0 is not stepped past 0
  const x = Math.abs(value[i]), scale = Math.max(1, x);
  const cap = (step: number) => (x > 0 ? Math.min(step, x / 4) : step);
  let numeric = central(Math.min(h * scale, x > 0 ? x / 100 : Infinity));
  // a steep or strongly curved function (exp of exp), or large values whose rounding the small
  // step magnifies: extrapolate over shrinking steps before calling the gradient wrong
  if (!(relativeError(g, numeric) <= tolerance)) {
    const better = ridders(central, cap(1e-3 * scale));
    if (relativeError(g, better) < relativeError(g, numeric) || Number.isNaN(numeric)) numeric = better;
  }
  return numeric;
}

/** Compares n elements spread over one source's value with their finite differences. */
function checkNode(p: Program, value: Float64Array, g: Float64Array, n: number, h: number, tolerance: number, keep: boolean): NodeCheck {
  let rel = 0;
  let worst: NodeCheck["worst"];
  const elements = keep ? { index: new Int32Array(n), analytic: new Float64Array(n), numeric: new Float64Array(n) } : undefined;
  for (let k = 0; k < n; k++) {
    const i = Math.floor((k * value.length) / n);
    const numeric = numericGradient(p, value, i, g[i], h, tolerance);
    if (elements) {
      elements.index[k] = i;
      elements.analytic[k] = g[i];
      elements.numeric[k] = numeric;
    }
    const e = relativeError(g[i], numeric);
    // NaN (an infinite or undefined difference) sticks: nothing compares greater than it
    if (!(e <= rel) && !Number.isNaN(rel)) {
      rel = e;
      worst = { index: i, analytic: g[i], numeric };
    }
  }
  p.run();
  return { relError: rel, checked: n, size: value.length, pass: rel <= tolerance, ...(worst ? { worst } : {}), ...(elements ? { elements } : {}) };
}

/**
 * Ridders' extrapolation of central differences to step 0 (Numerical Recipes, dfridr): a table
 * of differences at steps h0, h0/1.4, h0/1.4², … extrapolated like Richardson's, keeping the
 * estimate whose neighbours agree best.
 */
export function ridders(diff: (h: number) => number, h0: number, rows = 8): number {
  const CON = 1.4, CON2 = CON * CON, SAFE = 2;
  let hh = h0;
  let prev = [diff(hh)];
  let best = prev[0], err = Infinity;
  for (let i = 1; i < rows; i++) {
    hh /= CON;
    const cur = [diff(hh)];
    let fac = CON2;
    for (let j = 1; j <= i; j++) {
      cur[j] = (cur[j - 1] * fac - prev[j - 1]) / (fac - 1);
      fac *= CON2;
      const e = Math.max(Math.abs(cur[j] - cur[j - 1]), Math.abs(cur[j] - prev[j - 1]));
      if (e <= err) {
        err = e;
        best = cur[j];
      }
    }
    if (Math.abs(cur[i] - prev[i - 1]) >= SAFE * err) break;
    prev = cur;
  }
  return best;
}
