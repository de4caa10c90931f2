// Tensor values as graph files write them: a number, rectangular nested arrays, or a generator
// object ({ init: "randn", shape: [5, 10], seed: 1 }). Validation checks the size before anything
// is allocated, so a hostile file cannot make us take memory.
import { DATASET_NAMES, DATASET_PARTS, DEFAULT_DATASET_SEED, datasetSpec, isDatasetName, makeDataset, MAX_NOISE, type DatasetName, type DatasetPart } from "./datasets";
import { fillRandom } from "./random";
import { quote } from "./jsonText";
import { MAX_AXES, MAX_ELEMENTS, full, sizeOf, type Nested, type Tensor } from "./tensor";

export const INITS = ["randn", "rand", "zeros", "ones", "full", "eye"] as const;
export type InitKind = (typeof INITS)[number];

export interface Generator {
  init: InitKind | DatasetName;
  shape: number[];
  seed?: number;
  skip?: number;
  scale?: number;
  fill?: number;
  /** a dataset's (datasets.ts): how many classes */
  classes?: number;
  /** a dataset's: the standard deviation of its noise */
  noise?: number;
  /** a dataset's: what it gives, its points (N, 2) by default, or their labels */
  part?: DatasetPart;
}

export type TensorValue = Nested | Generator;

const GENERATOR_KEYS = new Set(["init", "shape", "seed", "skip", "scale", "fill"]);
/** A generous bound so that a file cannot ask us to draw and discard numbers for minutes. */
export const MAX_SKIP = 100_000_000;

export function isGenerator(v: unknown): v is Generator {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isWhole(v: unknown, min: number, max: number): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;
}

const tooLarge = (n: number) => `${n} elements is too large (limit ${MAX_ELEMENTS})`;

/** What is wrong with a tensor value, as "path: message", or null. */
export function checkValue(v: unknown, path: string): string | null {
  if (typeof v === "number") return Number.isFinite(v) ? null : `${path}: ${v} is not a finite number`;
  if (Array.isArray(v)) return checkNested(v, path);
  if (!isGenerator(v)) return `${path}: expected a number, nested arrays of numbers, or a generator like { "init": "randn", "shape": [2, 3] }`;
  const g = v as unknown as Record<string, unknown>;
  if (isDatasetName(g.init)) return checkDataset(g, path);
  for (const k of Object.keys(g)) if (!GENERATOR_KEYS.has(k)) return `${path}.${k}: a generator has no field "${k}" (it has: ${[...GENERATOR_KEYS].join(", ")})`;
  if (!INITS.includes(g.init as InitKind)) return `${path}.init: ${quote(g.init)} is not a generator (use one of ${INITS.join(", ")}, or a dataset: ${DATASET_NAMES.join(", ")})`;
  if (!Array.isArray(g.shape)) return `${path}.shape: expected a list of sizes like [2, 3]`;
  if (g.shape.length > MAX_AXES) return `${path}.shape: ${g.shape.length} axes is too many (limit ${MAX_AXES})`;
  let n = 1;
  for (let i = 0; i < g.shape.length; i++) {
    if (!isWhole(g.shape[i], 1, Number.MAX_SAFE_INTEGER)) return `${path}.shape[${i}]: expected a whole number ≥ 1, got ${quote(g.shape[i])}`;
    n *= g.shape[i] as number;
  }
  if (n > MAX_ELEMENTS) return `${path}: ${tooLarge(n)}`;
  if (g.init === "eye" && (g.shape.length !== 2 || g.shape[0] !== g.shape[1])) return `${path}.shape: eye needs a square shape [n, n]`;
  if (g.seed !== undefined && !isWhole(g.seed, 0, 2 ** 32 - 1)) return `${path}.seed: expected a whole number from 0 to 4294967295`;
  if (g.skip !== undefined && !isWhole(g.skip, 0, MAX_SKIP)) return `${path}.skip: expected a whole number from 0 to ${MAX_SKIP}`;
  if (g.scale !== undefined && !(typeof g.scale === "number" && Number.isFinite(g.scale))) return `${path}.scale: expected a finite number`;
  if (g.init === "full" && !(typeof g.fill === "number" && Number.isFinite(g.fill))) return `${path}.fill: full needs a finite number to fill with`;
  if (g.init !== "full" && g.fill !== undefined) return `${path}.fill: only init "full" takes a fill`;
  // every number made must be finite, like every number written in a file: randn draws less than
  // 10 in magnitude (the polar method's largest is about 8.6), rand less than 1
  const made = g.init === "full" ? (g.fill as number) * ((g.scale as number | undefined) ?? 1) : ((g.scale as number | undefined) ?? 1) * (g.init === "randn" ? 10 : 1);
  if (!Number.isFinite(made)) return `${path}.scale: ${g.scale} makes numbers too large to be finite`;
  return null;
}

const DATASET_KEYS = ["init", "shape", "seed", "classes", "noise", "part", "scale"];
/** The most points a dataset may have: generating them is a loop over the points. */
export const MAX_DATASET_POINTS = 1_000_000;

/** The shape a dataset generator's part has: (N, 2) points, (N,) labels, (N, C) one-hot labels. */
export function datasetShape(part: DatasetPart, n: number, classes: number): number[] {
  return part === "points" ? [n, 2] : part === "labels" ? [n] : [n, classes];
}

/** A dataset generator (datasets.ts): its fields, the shape its part has, finite numbers. */
function checkDataset(g: Record<string, unknown>, path: string): string | null {
  const spec = datasetSpec(g.init)!;
  const name = spec.name;
  for (const k of Object.keys(g)) if (!DATASET_KEYS.includes(k)) return `${path}.${k}: a dataset has no field "${k}" (it has: ${DATASET_KEYS.join(", ")})`;
  if (g.part !== undefined && !DATASET_PARTS.includes(g.part as DatasetPart)) return `${path}.part: expected one of ${DATASET_PARTS.map((p) => `"${p}"`).join(", ")}, got ${quote(g.part)}`;
  const part = (g.part as DatasetPart | undefined) ?? "points";
  const { min, max } = spec.classes;
  if (g.classes !== undefined && !isWhole(g.classes, min, max))
    return `${path}.classes: ${min === max ? `${name} has ${min} classes` : `expected a whole number from ${min} to ${max}`}, got ${quote(g.classes)}`;
  const classes = (g.classes as number | undefined) ?? spec.classes.default;
  if (g.noise !== undefined && !(typeof g.noise === "number" && g.noise >= 0 && g.noise <= MAX_NOISE)) return `${path}.noise: expected a number from 0 to ${MAX_NOISE}, got ${quote(g.noise)}`;
  if (g.seed !== undefined && !isWhole(g.seed, 0, 2 ** 32 - 1)) return `${path}.seed: expected a whole number from 0 to 4294967295`;
  const shape = g.shape;
  const n = Array.isArray(shape) ? shape[0] : undefined;
  const want = typeof n === "number" ? datasetShape(part, n, classes) : null;
  const form = part === "points" ? "[N, 2]" : part === "labels" ? "[N]" : `[N, ${classes}] (one column per class)`;
  if (shape === undefined) return `${path}.shape: missing (the ${part === "points" ? "points" : "labels"} of ${name} have the shape ${form})`;
  if (!Array.isArray(shape) || !want || shape.length !== want.length || shape.some((d, i) => d !== want[i]))
    return `${path}.shape: the ${part === "points" ? "points" : "labels"} of ${name} have the shape ${form}, got ${quote(shape)}`;
  if (!isWhole(n, 1, MAX_DATASET_POINTS)) return `${path}.shape[0]: expected a whole number of points from 1 to ${MAX_DATASET_POINTS}, got ${quote(n)}`;
  if (n! * want[want.length - 1] > MAX_ELEMENTS) return `${path}: ${tooLarge(n! * want[want.length - 1])}`;
  if (g.scale !== undefined) {
    if (part !== "points") return `${path}.scale: only a dataset's points can be scaled, not its labels`;
    if (!(typeof g.scale === "number" && Number.isFinite(g.scale))) return `${path}.scale: expected a finite number`;
  }
  // points lie within about 2 of the origin, plus the noise (randn draws less than 10 in magnitude)
  const noise = (g.noise as number | undefined) ?? spec.noise;
  if (!Number.isFinite(((g.scale as number | undefined) ?? 1) * (3 + 10 * noise))) return `${path}.scale: ${g.scale} makes numbers too large to be finite`;
  return null;
}

/** A checked dataset generator as a tensor: its points, its labels, or its labels one-hot. */
function materializeDataset(g: Generator & { init: DatasetName }): Tensor {
  const spec = datasetSpec(g.init)!;
  const part = g.part ?? "points", n = g.shape[0], classes = g.classes ?? spec.classes.default;
  const { x, t } = makeDataset(g.init, n, classes, g.noise ?? spec.noise, g.seed ?? DEFAULT_DATASET_SEED);
  if (part === "labels") return { shape: [n], data: t };
  if (part === "onehot") {
    const data = new Float64Array(n * classes);
    for (let i = 0; i < n; i++) data[i * classes + t[i]] = 1;
    return { shape: [n, classes], data };
  }
  if (g.scale !== undefined && g.scale !== 1) for (let i = 0; i < x.length; i++) x[i] *= g.scale;
  return { shape: [n, 2], data: x };
}

function checkNested(v: unknown[], path: string): string | null {
  // the shape is read off the first elements, then every element must agree with it
  const shape: number[] = [];
  let probe: unknown = v;
  while (Array.isArray(probe)) {
    if (probe.length === 0) return `${path}: an empty list is not a tensor`;
    shape.push(probe.length);
    if (shape.length > MAX_AXES) return `${path}: more than ${MAX_AXES} axes`;
    probe = probe[0];
  }
  const n = sizeOf(shape);
  if (n > MAX_ELEMENTS) return `${path}: ${tooLarge(n)}`;
  const walk = (x: unknown, depth: number, p: string): string | null => {
    if (depth === shape.length) {
      if (typeof x !== "number") return `${p}: expected a number, got ${quote(x)}`;
      return Number.isFinite(x) ? null : `${p}: ${x} is not a finite number`;
    }
    if (!Array.isArray(x)) return `${p}: expected a list of ${shape[depth]}, got ${quote(x)}`;
    if (x.length !== shape[depth]) return `${p}: has ${x.length} entries but the others have ${shape[depth]} (a tensor must be rectangular)`;
    for (let i = 0; i < x.length; i++) {
      const e = walk(x[i], depth + 1, `${p}[${i}]`);
      if (e) return e;
    }
    return null;
  };
  return walk(v, 0, path);
}

/** The shape a checked value will have, without making it. */
export function shapeOfValue(v: TensorValue): number[] {
  if (isGenerator(v)) return [...v.shape];
  const shape: number[] = [];
  let probe: Nested = v;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0];
  }
  return shape;
}

/** A checked value as a tensor. A generator without a seed needs one chosen first (`withSeeds`). */
export function materialize(v: TensorValue): Tensor {
  const shape = shapeOfValue(v);
  const t = full(shape, 0);
  materializeInto(v, t.data);
  return t;
}

/** Writes a checked value's numbers into dst (of its size, row-major), without making a tensor first. */
export function materializeInto(v: TensorValue, dst: Float64Array): void {
  if (!isGenerator(v)) {
    if (typeof v === "number") dst[0] = v;
    else flattenInto(v, dst);
    return;
  }
  if (isDatasetName(v.init)) {
    dst.set(materializeDataset(v as Generator & { init: DatasetName }).data);
    return;
  }
  const scale = v.scale ?? 1;
  switch (v.init) {
    case "randn":
    case "rand":
      return fillRandom(dst, v.init, v.seed ?? 0, v.skip ?? 0, scale);
    case "zeros":
      return void dst.fill(0);
    case "ones":
      return void dst.fill(scale);
    case "full":
      return void dst.fill((v.fill ?? 0) * scale);
    case "eye": {
      const n = v.shape[0];
      dst.fill(0);
      for (let i = 0; i < n; i++) dst[i * n + i] = scale;
    }
  }
}

/** Nested arrays' numbers in row-major order. */
function flattenInto(v: Nested[], dst: Float64Array): void {
  let k = 0;
  const walk = (x: Nested[]): void => {
    if (typeof x[0] === "number") for (let i = 0; i < x.length; i++) dst[k++] = x[i] as number;
    else for (let i = 0; i < x.length; i++) walk(x[i] as Nested[]);
  };
  walk(v);
}

/** Does this value draw random numbers without saying from which seed? */
export function needsSeed(v: unknown): boolean {
  return isGenerator(v) && (v.init === "randn" || v.init === "rand") && v.seed === undefined;
}

/** How a generator is written in the inspector: randn(5, 10, seed=1). */
export function describeGenerator(g: Generator): string {
  if (isDatasetName(g.init)) {
    const args = [String(g.shape[0])];
    if (g.classes !== undefined) args.push(`classes=${g.classes}`);
    if (g.noise !== undefined) args.push(`noise=${g.noise}`);
    if (g.seed !== undefined) args.push(`seed=${g.seed}`);
    if (g.scale !== undefined && g.scale !== 1) args.push(`scale=${g.scale}`);
    const call = `${g.init}(${args.join(", ")})`;
    return g.part === "labels" || g.part === "onehot" ? `${g.part}(${call})` : call;
  }
  const args: string[] = g.shape.map(String);
  if (g.init === "full") args.push(`fill=${g.fill}`);
  if (g.seed !== undefined) args.push(`seed=${g.seed}`);
  if (g.skip) args.push(`skip=${g.skip}`);
  if (g.scale !== undefined && g.scale !== 1) args.push(`scale=${g.scale}`);
  return `${g.init}(${args.join(", ")})`;
}
