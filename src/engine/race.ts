// The optimizer race and the loss surface, the engine's part of "Compare optimizers": copies of one
// document trained side by side by several optimizers from the same starting Params, step by
// step (so that the worker can slice the work in time), each lane's losses and the path of two
// chosen numbers; and the loss over a grid of those two numbers, for the contours under the paths
// (chapter 6 of Deep Learning from Scratch, on any graph). Pure: no clock, no worker.
import { compile } from "./executor";
import type { GraphDoc, OptimizerSpec } from "./graph";
import { getOp } from "./ops";
import { TrainDiverged, Trainer } from "./train";
import { shapeOfValue, type TensorValue } from "./values";
import { sizeOf } from "./tensor";

/** One number of a Param: its node and the element (row-major; 0 for a scalar). */
export interface ParamRef {
  id: string;
  index?: number;
}

/** One lane's Params and optimizer (with its state) at the end of a race. */
export interface LaneResult {
  params: { id: string; shape: number[]; data: Float64Array }[];
  optimizer: OptimizerSpec;
}

export interface Lane {
  /** the optimizer with every setting filled in */
  readonly optimizer: OptimizerSpec;
  /** the loss before each update, as Trainer gives it */
  readonly losses: number[];
  /** the two tracked numbers at the start and after each update */
  readonly path: [number, number][];
  /** where it stopped because a loss or a parameter was not finite */
  diverged: { step: number; what: string } | null;
}

export interface RaceOptions {
  /** two numbers whose path to record (a Param's element each) */
  track?: readonly [ParamRef, ParamRef];
}

/** The Params of a document and their sizes, in document order. */
function paramSizes(doc: GraphDoc): Map<string, number> {
  return new Map(doc.nodes.filter((n) => getOp(n.type)?.trainable).map((n) => [n.id, sizeOf(shapeOfValue(n.data.value as TensorValue))]));
}

/** What is wrong with a ParamRef in this document, or null. */
function checkRef(sizes: Map<string, number>, r: ParamRef): string | null {
  const n = sizes.get(r.id);
  if (n === undefined) return `"${r.id}" is not a Param of the graph`;
  const i = r.index ?? 0;
  if (!Number.isInteger(i) || i < 0 || i >= n) return `"${r.id}" has ${n} number${n === 1 ? "" : "s"}: element ${i} is not one of them`;
  return null;
}

/** The two numbers to follow when the graph has exactly two trainable numbers (chapter 6's x and y); else null. */
export function twoTrainableNumbers(doc: GraphDoc): [ParamRef, ParamRef] | null {
  const refs: ParamRef[] = [];
  for (const [id, n] of paramSizes(doc)) for (let i = 0; i < n; i++) refs.push({ id, index: i });
  return refs.length === 2 ? [refs[0], refs[1]] : null;
}

export class OptimizerRaceError extends Error {
  override name = "OptimizerRaceError";
}

export class OptimizerRace {
  readonly lanes: Lane[];
  private readonly trainers: Trainer[];
  private readonly track: readonly [ParamRef, ParamRef] | undefined;

  /** Throws OptimizerRaceError (nothing to train, a tracked number that is not there) or TrainError. */
  constructor(doc: GraphDoc, contestants: readonly OptimizerSpec[], opts: RaceOptions = {}) {
    if (contestants.length === 0) throw new OptimizerRaceError("choose at least one optimizer to race");
    const sizes = paramSizes(doc);
    if (opts.track) {
      const [a, b] = opts.track;
      for (const r of opts.track) {
        const bad = checkRef(sizes, r);
        if (bad) throw new OptimizerRaceError(bad);
      }
      if (a.id === b.id && (a.index ?? 0) === (b.index ?? 0)) throw new OptimizerRaceError("choose two different numbers to follow");
    }
    this.track = opts.track;
    // every lane starts afresh from the document's Params: a contestant's saved state is not carried in
    this.trainers = contestants.map(({ state: _, ...o }) => new Trainer(doc, o as OptimizerSpec));
    this.lanes = this.trainers.map((t) => ({ optimizer: t.optimizer, losses: t.losses, path: this.track ? [this.point(t)] : [], diverged: null }));
  }

  private point(t: Trainer): [number, number] {
    const [a, b] = this.track!;
    const params = t.params();
    return [params.get(a.id)!.data[a.index ?? 0], params.get(b.id)!.data[b.index ?? 0]];
  }

  /** Steps taken by the lanes still running: the same for all of them. */
  get steps(): number {
    return Math.max(0, ...this.lanes.map((l) => l.losses.length));
  }

  /** One update in every lane still running; false when none is. */
  step(): boolean {
    let running = false;
    this.trainers.forEach((t, i) => {
      const lane = this.lanes[i];
      if (lane.diverged) return;
      try {
        t.step();
      } catch (e) {
        if (!(e instanceof TrainDiverged)) throw e;
        lane.diverged = { step: e.step, what: e.what };
        return;
      }
      if (this.track) lane.path.push(this.point(t));
      running = true;
    });
    return running;
  }

  /**
   * Where each lane ended: copies of its Params (a diverged lane's are its last finite ones, as the
   * Trainer rolls back) and its optimizer with the state it reached, as a file writes it, so that
   * training can go on from there.
   */
  results(): LaneResult[] {
    return this.trainers.map((t) => ({ params: [...t.params()].map(([id, v]) => ({ id, shape: [...v.shape], data: v.data.slice() })), optimizer: t.optimizerWithState() }));
  }

  /** n more steps (fewer if every lane stops first). */
  run(n: number): this {
    for (let k = 0; k < n && this.step(); k++);
    return this;
  }
}

/** Trains a copy of `doc` with each optimizer for `steps` updates; each lane's losses and path. */
export function raceOptimizers(doc: GraphDoc, contestants: readonly OptimizerSpec[], steps: number, opts: RaceOptions = {}): Lane[] {
  return new OptimizerRace(doc, contestants, opts).run(steps).lanes;
}

// ---- the loss surface ---------------------------------------------------------------------------

export interface SurfaceOptions {
  a: ParamRef;
  b: ParamRef;
  /** the grid's bounds for each number; default: the current value ± max(1, 2·|value|) */
  range?: { a: readonly [number, number]; b: readonly [number, number] };
  /** points per side (default 41); fewer when the graph is large (see WORK) */
  resolution?: number;
  /** the most numbers the sampling may touch in all (forward runs × the run's numbers); default SURFACE_WORK */
  work?: number;
}

export interface Surface {
  ok: true;
  /** the grid's coordinates for a (columns) and b (rows) */
  a: number[];
  b: number[];
  /** loss[j · a.length + i] at (a[i], b[j]); NaN where the graph gives no finite loss */
  loss: Float64Array;
  /** smallest and largest finite loss (null when there is none) */
  min: number | null;
  max: number | null;
  /** the two numbers' values in the document */
  at: [number, number];
}

export const SURFACE_WORK = 200_000_000;
export const MAX_RESOLUTION = 201;
const MIN_RESOLUTION = 5;

/** Bounds that hold every point, with a margin (a tenth of the extent, at least 0.5), for paths. */
export function rangeCovering(points: readonly (readonly [number, number])[], margin = 0.1): { a: [number, number]; b: [number, number] } {
  const fit = (vs: number[]): [number, number] => {
    const lo = Math.min(...vs), hi = Math.max(...vs), m = Math.max(0.5, margin * (hi - lo));
    return [lo - m, hi + m];
  };
  const finite = points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  return { a: fit(finite.map((p) => p[0])), b: fit(finite.map((p) => p[1])) };
}

const grid = ([lo, hi]: readonly [number, number], n: number) => Array.from({ length: n }, (_, i) => (i === n - 1 ? hi : lo + ((hi - lo) * i) / (n - 1)));

/** The loss over a grid of two numbers of the graph (its other Params as they are); or why not. */
export function lossSurface(doc: GraphDoc, opts: SurfaceOptions): Surface | { ok: false; reason: string } {
  const sizes = paramSizes(doc);
  for (const r of [opts.a, opts.b]) {
    const bad = checkRef(sizes, r);
    if (bad) return { ok: false, reason: bad };
  }
  const ia = opts.a.index ?? 0, ib = opts.b.index ?? 0;
  if (opts.a.id === opts.b.id && ia === ib) return { ok: false, reason: "choose two different numbers" };
  let p;
  try {
    p = compile(doc, { target: null });
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
  const work = opts.work ?? SURFACE_WORK;
  const fits = Math.floor(Math.sqrt(work / Math.max(1, p.numbers)));
  if (fits < MIN_RESOLUTION) return { ok: false, reason: `the graph is too large to sample its loss ${MIN_RESOLUTION}×${MIN_RESOLUTION} times (${p.numbers.toLocaleString("en-US")} numbers a run)` };
  const n = Math.max(MIN_RESOLUTION, Math.min(opts.resolution ?? 41, MAX_RESOLUTION, fits));
  const va = p.paramValue(opts.a.id).data, vb = p.paramValue(opts.b.id).data;
  const at: [number, number] = [va[ia], vb[ib]];
  const around = (v: number): [number, number] => [v - Math.max(1, 2 * Math.abs(v)), v + Math.max(1, 2 * Math.abs(v))];
  const ra = opts.range?.a ?? around(at[0]), rb = opts.range?.b ?? around(at[1]);
  for (const [name, r] of [["a", ra], ["b", rb]] as const)
    if (!(Number.isFinite(r[0]) && Number.isFinite(r[1]) && r[0] < r[1])) return { ok: false, reason: `the range of ${name} must be two finite numbers, the first the smaller` };
  const xs = grid(ra, n), ys = grid(rb, n);
  const loss = new Float64Array(n * n);
  let min: number | null = null, max: number | null = null;
  for (let j = 0; j < n; j++)
    for (let i = 0; i < n; i++) {
      va[ia] = xs[i];
      vb[ib] = ys[j];
      p.forward();
      const l = p.loss !== null && Number.isFinite(p.loss) ? p.loss : NaN;
      loss[j * n + i] = l;
      if (!Number.isNaN(l)) {
        min = min === null ? l : Math.min(min, l);
        max = max === null ? l : Math.max(max, l);
      }
    }
  return { ok: true, a: xs, b: ys, loss, min, max, at };
}
