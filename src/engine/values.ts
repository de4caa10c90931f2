// Tensor values as graph files write them: a number, rectangular nested arrays, or a generator
// object ({ init: "randn", shape: [5, 10], seed: 1 }). Validation checks the size before anything
// is allocated, so a hostile file cannot make us take memory.
import { fillRandom } from "./random";
import { quote } from "./jsonText";
import { MAX_AXES, MAX_ELEMENTS, full, sizeOf, type Nested, type Tensor } from "./tensor";

export const INITS = ["randn", "rand", "zeros", "ones", "full", "eye"] as const;
export type InitKind = (typeof INITS)[number];

export interface Generator {
  init: InitKind;
  shape: number[];
  seed?: number;
  skip?: number;
  scale?: number;
  fill?: number;
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
  for (const k of Object.keys(g)) if (!GENERATOR_KEYS.has(k)) return `${path}.${k}: a generator has no field "${k}" (it has: ${[...GENERATOR_KEYS].join(", ")})`;
  if (!INITS.includes(g.init as InitKind)) return `${path}.init: ${quote(g.init)} is not a generator (use one of ${INITS.join(", ")})`;
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
  const args: string[] = g.shape.map(String);
  if (g.init === "full") args.push(`fill=${g.fill}`);
  if (g.seed !== undefined) args.push(`seed=${g.seed}`);
  if (g.skip) args.push(`skip=${g.skip}`);
  if (g.scale !== undefined && g.scale !== 1) args.push(`scale=${g.scale}`);
  return `${g.init}(${args.join(", ")})`;
}
