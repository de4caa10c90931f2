// The optimizers: one object each (its settings with OPS.md's defaults and ranges, the state it
// keeps per parameter, its update), in one list. The file reader, the Train panel, the command
// line, the schema and the docs read the list; nothing else names an optimizer.
//
// Each update is the books' numpy (Deep Learning from Scratch 1, common/optimizer.py) line for
// line: the same operations in the same order, element by element, so trajectories equal numpy's
// to the last bit (fixtures/optimizers.json). A numpy line updates a whole array in place; doing
// all the lines for one element, then the next, gives the same numbers, as no element reads another.
import { copyInto } from "./tensor";
import { didYouMean, flagName, quoted } from "./names";
import { powInt } from "./pow";

export interface HyperSpec {
  name: string;
  default: number;
  min: number;
  max: number;
  exclusiveMin?: boolean;
  exclusiveMax?: boolean;
}

/** Settings by name, every one filled in (resolveHyper). */
export type Hyper = Readonly<Record<string, number>>;

export interface OptimizerSpec {
  readonly type: string;
  /** the update in a line, for the Train panel and the docs */
  readonly summary: string;
  readonly hyper: readonly HyperSpec[];
  /** what it keeps per parameter, each of the parameter's shape and starting at zeros (FORMAT.md's optimizer.state) */
  readonly slots: readonly string[];
  /**
   * One step for one parameter: moves p in place along its gradient g and updates that parameter's
   * slots `s` (in the order of `slots`). t is the step's number, from 1.
   */
  update(p: Float64Array, g: Float64Array, s: readonly Float64Array[], h: Hyper, t: number): void;
}

const EPS = 1e-7; // the books' guard against dividing by √0

const lr = (d: number): HyperSpec => ({ name: "lr", default: d, min: 0, max: 1e6, exclusiveMin: true });
const rate = (name: string, d: number): HyperSpec => ({ name, default: d, min: 0, max: 1, exclusiveMax: true });

export const SGD: OptimizerSpec = {
  type: "SGD",
  summary: "p −= lr·g",
  hyper: [lr(0.01)],
  slots: [],
  update(p, g, _, { lr }) {
    for (let i = 0; i < p.length; i++) p[i] -= lr * g[i];
  },
};

export const Momentum: OptimizerSpec = {
  type: "Momentum",
  summary: "v = momentum·v − lr·g; p += v",
  hyper: [lr(0.01), rate("momentum", 0.9)],
  slots: ["v"],
  update(p, g, [v], { lr, momentum }) {
    for (let i = 0; i < p.length; i++) {
      v[i] = momentum * v[i] - lr * g[i];
      p[i] += v[i];
    }
  },
};

export const Nesterov: OptimizerSpec = {
  type: "Nesterov",
  summary: "p += momentum²·v − (1 + momentum)·lr·g, with the v of the step before; then v = momentum·v − lr·g",
  hyper: [lr(0.01), rate("momentum", 0.9)],
  slots: ["v"],
  update(p, g, [v], { lr, momentum }) {
    // numpy: `momentum * momentum * v` is (momentum·momentum)·v, `(1 + momentum) * lr * g` is ((1 + momentum)·lr)·g
    const mm = momentum * momentum, c = (1 + momentum) * lr;
    for (let i = 0; i < p.length; i++) {
      p[i] += mm * v[i];
      p[i] -= c * g[i];
      v[i] *= momentum;
      v[i] -= lr * g[i];
    }
  },
};

export const AdaGrad: OptimizerSpec = {
  type: "AdaGrad",
  summary: "h += g²; p −= lr·g / (√h + 1e-7)",
  hyper: [lr(0.01)],
  slots: ["h"],
  update(p, g, [h], { lr }) {
    for (let i = 0; i < p.length; i++) {
      h[i] += g[i] * g[i];
      p[i] -= (lr * g[i]) / (Math.sqrt(h[i]) + EPS);
    }
  },
};

export const RMSprop: OptimizerSpec = {
  type: "RMSprop",
  summary: "h = decay_rate·h + (1 − decay_rate)·g²; p −= lr·g / (√h + 1e-7)",
  hyper: [lr(0.01), rate("decay_rate", 0.99)],
  slots: ["h"],
  update(p, g, [h], { lr, decay_rate }) {
    const c = 1 - decay_rate;
    for (let i = 0; i < p.length; i++) {
      h[i] *= decay_rate;
      h[i] += c * g[i] * g[i]; // numpy: ((1 − decay_rate)·g)·g
      p[i] -= (lr * g[i]) / (Math.sqrt(h[i]) + EPS);
    }
  },
};

export const Adam: OptimizerSpec = {
  type: "Adam",
  summary: "lr_t = lr·√(1 − beta2^t) / (1 − beta1^t); m += (1 − beta1)(g − m); v += (1 − beta2)(g² − v); p −= lr_t·m / (√v + 1e-7)",
  hyper: [lr(0.001), rate("beta1", 0.9), rate("beta2", 0.999)],
  slots: ["m", "v"],
  update(p, g, [m, v], { lr, beta1, beta2 }, t) {
    // correctly rounded powers, as C's pow gives numpy `beta ** iter`; V8's ** misses some in the last bit
    const lrT = (lr * Math.sqrt(1.0 - powInt(beta2, t))) / (1.0 - powInt(beta1, t));
    const c1 = 1 - beta1, c2 = 1 - beta2;
    for (let i = 0; i < p.length; i++) {
      m[i] += c1 * (g[i] - m[i]);
      v[i] += c2 * (g[i] * g[i] - v[i]); // numpy's g**2 on an array is g·g
      p[i] -= (lrT * m[i]) / (Math.sqrt(v[i]) + EPS);
    }
  },
};

/** The registry: one line per optimizer. */
export const OPTIMIZERS: readonly OptimizerSpec[] = [SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam];

/** A hyper-parameter's range as written in messages: (0, 1000000] or [0, 1). */
export const hyperRange = (h: HyperSpec) => `${h.exclusiveMin ? "(" : "["}${h.min}, ${h.max}${h.exclusiveMax ? ")" : "]"}`;

/** Is v a finite number inside h's range? (The file reader and the Train panel both ask.) */
export const inHyperRange = (h: HyperSpec, v: unknown): v is number =>
  typeof v === "number" && Number.isFinite(v) && v >= h.min && v <= h.max && !(h.exclusiveMin && v === h.min) && !(h.exclusiveMax && v === h.max);

/** The optimizer of exactly this type, as files write it. */
export function optimizerSpec(type: string): OptimizerSpec | undefined {
  return OPTIMIZERS.find((o) => o.type === type);
}

/** The optimizer a person named, in any case (`adam`, `ADAM`); else what to say, with a near miss suggested. */
export function findOptimizer(name: string): OptimizerSpec | string {
  const lower = name.toLowerCase();
  const found = OPTIMIZERS.find((o) => o.type.toLowerCase() === lower);
  if (found) return found;
  const near = didYouMean(name, OPTIMIZERS.map((o) => o.type));
  return `unknown optimizer ${quoted(name)}${near ? ` — did you mean "${near}"?` : ` (use one of ${OPTIMIZERS.map((o) => o.type).join(", ")})`}`;
}

/** The command line's flag for each setting of any optimizer (--decay-rate → decay_rate), made from the names. */
export const HYPER_FLAGS: ReadonlyMap<string, string> = new Map(OPTIMIZERS.flatMap((o) => o.hyper.map((h) => [flagName(h.name), h.name])));

/** The full settings of an optimizer: given values over defaults. */
export function resolveHyper(type: string, given: Record<string, unknown> = {}): Record<string, number> {
  const spec = specOrThrow(type);
  const h: Record<string, number> = {};
  for (const s of spec.hyper) h[s.name] = typeof given[s.name] === "number" ? (given[s.name] as number) : s.default;
  return h;
}

// callers show this message as it is (the worker's tests pin it): no suggestion here, findOptimizer makes those
function specOrThrow(type: string): OptimizerSpec {
  const spec = optimizerSpec(type);
  if (!spec) throw new Error(`unknown optimizer "${type}"`);
  return spec;
}

/** An optimizer's state: the steps begun, and per parameter key its slots by name. */
export interface OptimizerState {
  t: number;
  slots: Map<string, Record<string, Float64Array>>;
}

/** A running optimizer: the settings and the state of one training. */
export interface Optimizer {
  readonly spec: OptimizerSpec;
  readonly hyper: Hyper;
  /** steps begun so far (Adam's t) */
  readonly t: number;
  /** Call once per training step, before the updates of that step. */
  beginStep(): void;
  /** Updates p in place from its gradient g; `key` names the parameter whose state to use. */
  update(key: string, p: Float64Array, g: Float64Array): void;
  /** The live slots of one parameter (not to be written), or undefined before its first update. */
  slotsOf(key: string): Readonly<Record<string, Float64Array>> | undefined;
  /** A copy of t and of every slot. */
  exportState(): OptimizerState;
  /** Continues from a state (copied in); the slot names must be this optimizer's. */
  importState(state: OptimizerState): void;
  /** Saves t and every slot, into buffers kept for the purpose: a trainer calls it before each update. */
  checkpoint(): void;
  /** Back to the last checkpoint, as when a step diverged. */
  rollback(): void;
}

export function makeOptimizer(type: string, given?: Record<string, unknown>): Optimizer {
  return new RunningOptimizer(specOrThrow(type), resolveHyper(type, given));
}

interface Entry {
  live: Float64Array[];
  /** the copy checkpoint() made, and of which checkpoint (a key first updated after it has none) */
  saved: Float64Array[] | null;
  savedAt: number;
}

const nullRecord = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;

class RunningOptimizer implements Optimizer {
  private entries = new Map<string, Entry>(); // keys are user ids: a Map, so "__proto__" is one too
  private step = 0;
  private savedStep = 0;
  private checkpoints = 0; // how many checkpoint() calls so far; 0: none to roll back to

  constructor(readonly spec: OptimizerSpec, readonly hyper: Hyper) {}

  get t(): number {
    return this.step;
  }

  beginStep(): void {
    this.step++;
  }

  update(key: string, p: Float64Array, g: Float64Array): void {
    if (this.step === 0) throw new Error("optimizer: beginStep() comes before the first update");
    if (g.length !== p.length) throw new Error(`optimizer: "${key}" has ${p.length} numbers but its gradient ${g.length}`);
    const slots = this.slotsFor(key, p.length);
    this.spec.update(p, g, slots, this.hyper, this.step);
  }

  private slotsFor(key: string, n: number): Float64Array[] {
    if (this.spec.slots.length === 0) return [];
    let e = this.entries.get(key);
    if (!e) this.entries.set(key, (e = { live: this.spec.slots.map(() => new Float64Array(n)), saved: null, savedAt: 0 }));
    else if (e.live[0].length !== n) throw new Error(`optimizer: the state of "${key}" has ${e.live[0].length} numbers but the parameter ${n}`);
    return e.live;
  }

  slotsOf(key: string): Readonly<Record<string, Float64Array>> | undefined {
    const e = this.entries.get(key);
    return e && this.record(e.live, (a) => a);
  }

  private record(arrays: Float64Array[], copy: (a: Float64Array) => Float64Array): Record<string, Float64Array> {
    const r = nullRecord<Float64Array>();
    this.spec.slots.forEach((name, i) => (r[name] = copy(arrays[i])));
    return r;
  }

  exportState(): OptimizerState {
    const slots = new Map<string, Record<string, Float64Array>>();
    for (const [key, e] of this.entries) slots.set(key, this.record(e.live, (a) => Float64Array.from(a)));
    return { t: this.step, slots };
  }

  importState(state: OptimizerState): void {
    const { type, slots: names } = this.spec;
    if (!Number.isSafeInteger(state.t) || state.t < 0) throw new Error(`optimizer state: t must be a whole number ≥ 0, got ${state.t}`);
    const entries = new Map<string, Entry>();
    for (const [key, rec] of state.slots) {
      const given = Object.keys(rec);
      if (given.length !== names.length || !names.every((n) => Object.hasOwn(rec, n)))
        throw new Error(`optimizer state of "${key}": ${type} keeps ${names.join(", ") || "nothing"}, not ${given.join(", ") || "nothing"}`);
      if (names.length === 0) continue;
      const live = names.map((n) => Float64Array.from(rec[n]));
      if (live.some((a) => a.length !== live[0].length)) throw new Error(`optimizer state of "${key}": its slots differ in size`);
      entries.set(key, { live, saved: null, savedAt: 0 });
    }
    this.entries = entries;
    this.step = state.t;
    this.checkpoints = 0;
  }

  checkpoint(): void {
    this.checkpoints++;
    this.savedStep = this.step;
    for (const e of this.entries.values()) {
      // the buffers are made once per key and reused at every step after
      if (!e.saved) e.saved = e.live.map((a) => new Float64Array(a.length));
      for (let i = 0; i < e.live.length; i++) copyInto(e.saved[i], e.live[i]);
      e.savedAt = this.checkpoints;
    }
  }

  rollback(): void {
    if (this.checkpoints === 0) throw new Error("optimizer: rollback() without a checkpoint()");
    this.step = this.savedStep;
    for (const [key, e] of this.entries) {
      if (e.savedAt !== this.checkpoints) this.entries.delete(key); // first updated since: back to no state (zeros)
      else for (let i = 0; i < e.live.length; i++) copyInto(e.live[i], e.saved![i]);
    }
  }
}
