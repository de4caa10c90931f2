// The notebooks' optimizers, with OPS.md's names and defaults. State is kept per parameter
// (keyed by the Param node's id) and starts at zeros.

export interface HyperSpec {
  name: string;
  default: number;
  min: number;
  max: number;
  exclusiveMin?: boolean;
  exclusiveMax?: boolean;
}

export interface OptimizerSpec {
  type: string;
  hyper: readonly HyperSpec[];
  summary: string;
}

const lr = (d: number): HyperSpec => ({ name: "lr", default: d, min: 0, max: 1e6, exclusiveMin: true });
const rate = (name: string, d: number): HyperSpec => ({ name, default: d, min: 0, max: 1, exclusiveMax: true });

export const OPTIMIZERS: readonly OptimizerSpec[] = [
  { type: "SGD", hyper: [lr(0.01)], summary: "p −= lr·g" },
  { type: "Momentum", hyper: [lr(0.01), rate("momentum", 0.9)], summary: "v = momentum·v − lr·g; p += v" },
  { type: "Nesterov", hyper: [lr(0.01), rate("momentum", 0.9)], summary: "v = momentum·v − lr·g; p += momentum²·v − (1 + momentum)·lr·g" },
  { type: "AdaGrad", hyper: [lr(0.01)], summary: "h += g²; p −= lr·g / (√h + 1e-7)" },
  { type: "RMSprop", hyper: [lr(0.01), rate("decay_rate", 0.99)], summary: "h = decay·h + (1 − decay)·g²; p −= lr·g / (√h + 1e-7)" },
  { type: "Adam", hyper: [lr(0.001), rate("beta1", 0.9), rate("beta2", 0.999)], summary: "bias-corrected moments m and v; p −= lr_t·m / (√v + 1e-7)" },
];

/** A hyper-parameter's range as written in messages: (0, 1000000] or [0, 1). */
export const hyperRange = (h: HyperSpec) => `${h.exclusiveMin ? "(" : "["}${h.min}, ${h.max}${h.exclusiveMax ? ")" : "]"}`;

/** Is v a finite number inside h's range? (The file reader and the Train panel both ask.) */
export const inHyperRange = (h: HyperSpec, v: unknown): v is number =>
  typeof v === "number" && Number.isFinite(v) && v >= h.min && v <= h.max && !(h.exclusiveMin && v === h.min) && !(h.exclusiveMax && v === h.max);

export function optimizerSpec(type: string): OptimizerSpec | undefined {
  return OPTIMIZERS.find((o) => o.type === type);
}

/** The full settings of an optimizer: given values over defaults. */
export function resolveHyper(type: string, given: Record<string, unknown> = {}): Record<string, number> {
  const spec = optimizerSpec(type);
  if (!spec) throw new Error(`unknown optimizer "${type}"`);
  const h: Record<string, number> = {};
  for (const s of spec.hyper) h[s.name] = typeof given[s.name] === "number" ? (given[s.name] as number) : s.default;
  return h;
}

export interface Optimizer {
  /** Updates p in place from its gradient g; `key` names the parameter whose state to use. */
  update(key: string, p: Float64Array, g: Float64Array): void;
  /** Call once per training step, before the updates of that step. */
  beginStep(): void;
}

export function makeOptimizer(type: string, given?: Record<string, unknown>): Optimizer {
  const h = resolveHyper(type, given);
  const states = new Map<string, Float64Array[]>();
  const state = (key: string, n: number, count: number): Float64Array[] => {
    let s = states.get(key);
    if (!s) states.set(key, (s = Array.from({ length: count }, () => new Float64Array(n))));
    return s;
  };
  let t = 0;
  const EPS = 1e-7;
  const step = (update: (key: string, p: Float64Array, g: Float64Array) => void): Optimizer => ({ update, beginStep: () => void t++ });
  switch (type) {
    case "SGD":
      return step((_, p, g) => {
        for (let i = 0; i < p.length; i++) p[i] -= h.lr * g[i];
      });
    case "Momentum":
      return step((key, p, g) => {
        const [v] = state(key, p.length, 1);
        for (let i = 0; i < p.length; i++) {
          v[i] = h.momentum * v[i] - h.lr * g[i];
          p[i] += v[i];
        }
      });
    case "Nesterov":
      return step((key, p, g) => {
        const [v] = state(key, p.length, 1);
        const m = h.momentum;
        for (let i = 0; i < p.length; i++) {
          v[i] *= m;
          v[i] -= h.lr * g[i];
          p[i] += m * m * v[i];
          p[i] -= (1 + m) * h.lr * g[i];
        }
      });
    case "AdaGrad":
      return step((key, p, g) => {
        const [s] = state(key, p.length, 1);
        for (let i = 0; i < p.length; i++) {
          s[i] += g[i] * g[i];
          p[i] -= (h.lr * g[i]) / (Math.sqrt(s[i]) + EPS);
        }
      });
    case "RMSprop":
      return step((key, p, g) => {
        const [s] = state(key, p.length, 1);
        const d = h.decay_rate;
        for (let i = 0; i < p.length; i++) {
          s[i] *= d;
          s[i] += (1 - d) * g[i] * g[i];
          p[i] -= (h.lr * g[i]) / (Math.sqrt(s[i]) + EPS);
        }
      });
    case "Adam":
      return step((key, p, g) => {
        const [m, v] = state(key, p.length, 2);
        const { beta1: b1, beta2: b2 } = h;
        const lrT = (h.lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
        for (let i = 0; i < p.length; i++) {
          m[i] += (1 - b1) * (g[i] - m[i]);
          v[i] += (1 - b2) * (g[i] ** 2 - v[i]);
          p[i] -= (lrT * m[i]) / (Math.sqrt(v[i]) + EPS);
        }
      });
    default:
      throw new Error(`unknown optimizer "${type}"`);
  }
}
