// The gradient as a slope: the loss along one number of an Input or Param, the other numbers held
// where they are. Pure (no React, no DOM): the sampling range, the loss at the sampled points (run
// by the engine, in the slope worker), where the next optimizer step lands, the gradient check's
// per-element error map, and the axis ticks. The plot (ui/SlopePlot.tsx) only draws what this gives.
import { compile, type Program } from "../engine/executor";
import type { GraphDoc, OptimizerSpec as DocOptimizer } from "../engine/graph";
import { numericGradient, relativeError, type NodeCheck } from "../engine/gradcheck";
import { makeOptimizer } from "../engine/optimizers";
import { fromNested, type Nested, type Shape } from "../engine/tensor";

/** Points on the curve: odd, so that the middle one is w itself. */
export const SAMPLES = 61;
/** How far past its own scale the range may stretch to show where a large step lands. */
const MAX_STRETCH = 20;

// ---- which element ----------------------------------------------------------------------

/** The flat (row-major) position of an index, or null when it does not fit the shape. */
export function flatIndex(shape: Shape, index: readonly number[]): number | null {
  if (index.length !== shape.length) return null;
  let flat = 0;
  for (let a = 0; a < shape.length; a++) {
    const i = index[a];
    if (!Number.isInteger(i) || i < 0 || i >= shape[a]) return null;
    flat = flat * shape[a] + i;
  }
  return flat;
}

/** The index of a flat position. */
export function indexOf(shape: Shape, flat: number): number[] {
  const idx = new Array<number>(shape.length);
  for (let a = shape.length - 1; a >= 0; a--) {
    idx[a] = flat % shape[a];
    flat = Math.floor(flat / shape[a]);
  }
  return idx;
}

/** The element the plot varies: the one picked on this node, else element 0 (the store's rule). */
export function pickedElement(picked: { node: string; index: number[] } | null, node: string, shape: Shape): { index: number[]; flat: number } {
  const flat = picked && picked.node === node ? flatIndex(shape, picked.index) : null;
  return flat === null ? { index: shape.map(() => 0), flat: 0 } : { index: [...picked!.index], flat };
}

// ---- the range ---------------------------------------------------------------------------

export interface SlopeRange {
  /** the sampled numbers, lo … hi, with w exactly in the middle */
  xs: Float64Array;
  half: number;
  /** the step lands beyond the plotted range (it is then marked at the edge, with its number) */
  landingOutside: boolean;
}

/** n numbers from w − half to w + half, w itself exactly in the middle. */
export function samplePoints(w: number, half: number, n = SAMPLES): Float64Array {
  const m = (n - 1) / 2;
  const xs = new Float64Array(n);
  for (let k = 0; k < n; k++) xs[k] = k === m ? w : w + (half * (k - m)) / m;
  return xs;
}

/**
 * w ± max(|w|/2, 1): the number's own scale (a weight of 0.3 is seen from −0.2 to 0.8, one of 0
 * from −1 to 1). When the next step lands farther than that, the range grows to hold it with a
 * margin (up to 20 times), so the learner sees where the step goes, an overshoot past the minimum
 * included. (widenForCurvature may then widen it further, where the loss is nearly straight.)
 */
export function slopeRange(w: number, landing: number | null, n = SAMPLES): SlopeRange {
  const base = Math.max(Math.abs(w) / 2, 1);
  let half = base, landingOutside = false;
  const d = landing === null || !Number.isFinite(landing) ? 0 : Math.abs(landing - w);
  if (d > 0.9 * half) {
    half = Math.min(1.25 * d, MAX_STRETCH * base);
    landingOutside = d > half;
  }
  return { xs: samplePoints(w, half, n), half, landingOutside };
}

/**
 * Does the curve bend visibly away from its tangent (slope g through its middle point)? Visibly:
 * somewhere by a fifth of the curve's own height. A loss that is nearly straight over the range
 * would show a tangent lying on the curve, which teaches nothing about a slope being local.
 */
export function curvatureShows(xs: ArrayLike<number>, ys: ArrayLike<number>, g: number): boolean {
  const m = (xs.length - 1) / 2, w = xs[m], Lw = ys[m];
  let lo = Infinity, hi = -Infinity, dev = 0;
  for (let k = 0; k < xs.length; k++) {
    const y = ys[k];
    if (!Number.isFinite(y)) continue;
    lo = Math.min(lo, y);
    hi = Math.max(hi, y);
    dev = Math.max(dev, Math.abs(y - (Lw + g * (xs[k] - w))));
  }
  return hi > lo && dev >= 0.2 * (hi - lo);
}

const allFinite = (ys: ArrayLike<number>) => {
  for (let k = 0; k < ys.length; k++) if (!Number.isFinite(ys[k])) return false;
  return true;
};

/**
 * The range to plot: from `half`, doubled (at most `times` times) while the curve stays nearly
 * straight, never into a range where the loss stops being finite (ln of a negative, an overflow)
 * when the narrower one was finite throughout; where no doubling shows a bend, `half` itself.
 */
export function widenForCurvature(sample: (xs: Float64Array) => Float64Array, w: number, g: number | null, half: number, times: number, n = SAMPLES): { xs: Float64Array; ys: Float64Array; half: number } {
  let xs = samplePoints(w, half, n), ys = sample(xs);
  const first = { xs, ys, half };
  if (g === null || !Number.isFinite(g)) return first;
  for (let k = 0; k < times && allFinite(ys) && !curvatureShows(xs, ys, g); k++) {
    const xs2 = samplePoints(w, 2 * half, n), ys2 = sample(xs2);
    if (!allFinite(ys2)) break;
    [xs, ys, half] = [xs2, ys2, 2 * half];
  }
  // a loss that is straight (x · y along x) gains nothing from a wider view: the number's own scale stays
  return curvatureShows(xs, ys, g) ? { xs, ys, half } : first;
}

/** A round ε small beside the range, for "if w grows by ε": 0.01 for a range of ±3.5. */
export function epsilonFor(half: number): number {
  return 10 ** Math.floor(Math.log10(half)) / 100;
}

// ---- the curve, by the engine ------------------------------------------------------------

export interface SlopeRequest {
  node: string;
  /** the element, flat */
  flat: number;
  /** the element's value and the half-width of the range around it */
  w: number;
  half: number;
  n?: number;
  /** widen the range while the curve is nearly straight beside this slope (the gradient shown), at most `times` doublings */
  widen?: { slope: number; times: number } | null;
  /** more points to take the loss at (the landing point, w + ε) */
  extras?: readonly number[];
  /** also the finite-difference slope at the element's own value, with the gradient check's steps (analytic: the gradient shown, which picks the step) */
  numeric?: { analytic: number } | null;
}

export interface SlopeResult {
  xs: Float64Array;
  /** the loss at each x (NaN where it is not finite or nothing ran) */
  ys: Float64Array;
  /** the range's half-width, after widening */
  half: number;
  /** the loss at each of the request's extras */
  extras: Float64Array;
  numeric: number | null;
  /** why nothing could be computed, or null */
  error: string | null;
  ms: number;
}

/**
 * The loss (what backward differentiates: the seeds' sum, or the target's) with one element of a
 * source's value set to each x in turn; the value is put back and the program run again after.
 */
export function lossAlong(p: Program, node: string, flat: number, xs: ArrayLike<number>): Float64Array {
  const value = p.paramValue(node).data;
  const orig = value[flat];
  const ys = new Float64Array(xs.length);
  try {
    for (let k = 0; k < xs.length; k++) {
      value[flat] = xs[k];
      p.forward();
      ys[k] = p.loss ?? NaN;
    }
  } finally {
    value[flat] = orig;
  }
  // as it was: the document's numbers, its gradients too
  p.run();
  return ys;
}

/**
 * Runs slope requests on one document at a time: the programs are compiled once per document
 * (`key` says when it changed) and reused for every element. The curve is taken as the canvas
 * computes (with the losses' 1e-7 guard), the finite difference as the gradient check does
 * (without it: the function backward differentiates).
 */
export class SlopeEngine {
  private key: unknown = undefined;
  private program: Program | null = null;
  private exact: Program | null = null;
  private doc: GraphDoc | null = null;

  run(key: unknown, doc: GraphDoc, req: SlopeRequest): SlopeResult {
    const t0 = Date.now();
    const fail = (error: string): SlopeResult => ({ xs: new Float64Array(0), ys: new Float64Array(0), half: req.half, extras: new Float64Array(req.extras?.length ?? 0).fill(NaN), numeric: null, error, ms: Date.now() - t0 });
    try {
      if (key !== this.key || !this.program) {
        this.program = compile(doc);
        this.exact = null;
        this.doc = doc;
        this.key = key;
      }
      const p = this.program;
      if (!p.hasNode(req.node) || !p.sourceIds.includes(req.node)) return fail(`no Input or Param "${req.node}"`);
      p.forward();
      if (p.status(req.node) !== "ok") return fail(p.error(req.node) ?? `"${req.node}" did not run`);
      const size = p.paramValue(req.node).data.length;
      if (!Number.isInteger(req.flat) || req.flat < 0 || req.flat >= size) return fail(`element ${req.flat} is outside "${req.node}" (${size} numbers)`);
      const sample = (xs: ArrayLike<number>) => lossAlong(p, req.node, req.flat, xs);
      const { xs, ys, half } = widenForCurvature(sample, req.w, req.widen ? req.widen.slope : null, req.half, req.widen?.times ?? 0, req.n ?? SAMPLES);
      const extras = sample(req.extras ?? []);
      let numeric: number | null = null;
      if (req.numeric) {
        this.exact ??= compile(this.doc!, { exactLoss: true });
        const e = this.exact;
        e.forward();
        numeric = numericGradient(e, e.paramValue(req.node).data, req.flat, req.numeric.analytic);
      }
      return { xs, ys, half, extras, numeric, error: null, ms: Date.now() - t0 };
    } catch (e) {
      this.key = undefined;
      this.program = null;
      return fail((e as Error).message);
    }
  }
}

// ---- the next step -----------------------------------------------------------------------

export interface Landing {
  /** the element's value after the step */
  to: number;
  /** the step's number (Adam's t): 1 from a fresh start */
  t: number;
  type: string;
}

/**
 * Where the next step of the optimizer puts the element: its first step from the current state (a
 * file's optimizer.state, when it is the document's own optimizer, as the trainer continues it;
 * else from zeros). Only this element is stepped: every update is element by element.
 */
export function nextStep(opt: DocOptimizer, docOptimizer: DocOptimizer | undefined, node: string, flat: number, w: number, g: number): Landing {
  const { state, ...given } = opt;
  const o = makeOptimizer(opt.type, given);
  const live = state && opt.type === docOptimizer?.type ? state : undefined;
  const slots = new Map<string, Record<string, Float64Array>>();
  const rec = live?.slots[node];
  if (rec) {
    const one: Record<string, Float64Array> = Object.create(null);
    for (const name of Object.keys(rec)) one[name] = Float64Array.of(fromNested(rec[name] as Nested).data[flat]);
    slots.set(node, one);
  }
  o.importState({ t: live?.t ?? 0, slots });
  o.beginStep();
  const p = Float64Array.of(w);
  o.update(node, p, Float64Array.of(g));
  return { to: p[0], t: o.t, type: o.spec.type };
}

// ---- the check, element by element -------------------------------------------------------

export interface ErrorMap {
  /** |a − n| / max(1, |a|, |n|) per element; NaN where it is not finite or the element was not checked */
  err: Float64Array;
  checked: Uint8Array;
  numeric: Float64Array;
  /** the largest error over the checked elements */
  max: number;
}

/** The gradient check's report of one node, spread over its elements. */
export function errorMap(check: NodeCheck): ErrorMap | null {
  const e = check.elements;
  if (!e) return null;
  const err = new Float64Array(check.size).fill(NaN), numeric = new Float64Array(check.size).fill(NaN), checked = new Uint8Array(check.size);
  let max = 0;
  for (let k = 0; k < e.index.length; k++) {
    const i = e.index[k];
    const r = relativeError(e.analytic[k], e.numeric[k]);
    err[i] = r;
    numeric[i] = e.numeric[k];
    checked[i] = 1;
    if (!(r <= max)) max = r;
  }
  return { err, checked, numeric, max };
}

// ---- axes --------------------------------------------------------------------------------

/** Round tick positions covering [lo, hi], about `count` of them (1, 2 or 5 times a power of ten apart). */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo) || !Number.isFinite(lo) || !Number.isFinite(hi)) return Number.isFinite(lo) ? [lo] : [];
  const raw = (hi - lo) / Math.max(1, count);
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
  return out;
}

/** The y range of the plot: the finite losses and the points marked on the curve, with a margin. */
export function lossRange(ys: ArrayLike<number>, marks: readonly number[] = []): { lo: number; hi: number } | null {
  let lo = Infinity, hi = -Infinity;
  const take = (y: number) => {
    if (!Number.isFinite(y)) return;
    lo = Math.min(lo, y);
    hi = Math.max(hi, y);
  };
  for (let k = 0; k < ys.length; k++) take(ys[k]);
  marks.forEach(take);
  if (lo > hi) return null;
  const pad = hi > lo ? (hi - lo) * 0.08 : Math.max(Math.abs(hi) * 0.1, 1);
  return { lo: lo - pad, hi: hi + pad };
}

/** The runs of finite points, so that a curve is drawn with gaps where the loss is not finite. */
export function finiteRuns(ys: ArrayLike<number>): [number, number][] {
  const runs: [number, number][] = [];
  let start = -1;
  for (let k = 0; k <= ys.length; k++) {
    const ok = k < ys.length && Number.isFinite(ys[k]);
    if (ok && start < 0) start = k;
    else if (!ok && start >= 0) {
      runs.push([start, k - 1]);
      start = -1;
    }
  }
  return runs;
}

/** The runs between finite runs (finiteRuns of n points): where the plot marks a gap. */
export function gapRuns(runs: readonly [number, number][], n: number): [number, number][] {
  const out: [number, number][] = [];
  let at = 0;
  for (const [s, e] of runs) {
    if (s > at) out.push([at, s - 1]);
    at = e + 1;
  }
  if (at < n) out.push([at, n - 1]);
  return out;
}
