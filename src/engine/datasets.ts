// Built-in datasets of 2-D points with class labels, as a kind of generator (values.ts): one
// object per dataset, in one list, read by the file reader, the value parser, the schema and the
// docs. Each draws from numpy's legacy RandomState under its seed, in the order written here, so
// fixtures/make-dataset-fixtures.py rebuilds every one in numpy. A graph's x Input takes the
// points and its t Input the labels of the same dataset: the same fields with `part: "labels"`
// (or "onehot") make the same draws and keep only the labels, so the two always agree. A dataset
// without a seed uses seed 0: data is not an initialisation, and x and t must not pick two seeds.
import { RandomState } from "./random";

export interface DatasetSpec {
  readonly name: string;
  /** what it looks like, in a learner's words */
  readonly summary: string;
  /** how many classes it has by default, and what it allows (min = max: fixed) */
  readonly classes: { readonly default: number; readonly min: number; readonly max: number };
  /** the standard deviation of the Gaussian noise, by default */
  readonly noise: number;
  /**
   * Fills the points x (N × 2, row-major) and the class of each, t (N), from rs. Classes are
   * contiguous blocks: class j has counts[j] points.
   */
  make(counts: readonly number[], noise: number, rs: RandomState, x: Float64Array, t: Float64Array): void;
}

/** How N points split into C classes: as evenly as whole numbers allow, the larger blocks last. */
export function classCounts(n: number, classes: number): number[] {
  return Array.from({ length: classes }, (_, j) => Math.floor(((j + 1) * n) / classes) - Math.floor((j * n) / classes));
}

/** numpy's linspace(0, stop, n, endpoint)[i] */
const linspace = (i: number, n: number, stop: number, endpoint: boolean) => {
  const div = endpoint ? n - 1 : n;
  if (div <= 0) return 0;
  return endpoint && i === n - 1 ? stop : i * (stop / div);
};

/** Adds noise · randn to every coordinate, row by row (x then y), when there is noise. */
function jitter(x: Float64Array, noise: number, rs: RandomState): void {
  if (noise === 0) return;
  for (let i = 0; i < x.length; i++) x[i] += noise * rs.gauss();
}

export const DATASETS = [
  {
    name: "spiral",
    summary: "arms of a spiral, one per class (book 2's spiral.load_data: 3 arms of 100 points under seed 1984)",
    classes: { default: 3, min: 2, max: 100 },
    noise: 0.2,
    // book 2, dataset/spiral.py, line for line, with N points split into the arms
    make(counts, noise, rs, x, t) {
      let ix = 0;
      counts.forEach((n, j) => {
        for (let i = 0; i < n; i++, ix++) {
          const rate = i / n;
          const radius = 1.0 * rate;
          const theta = j * 4.0 + 4.0 * rate + rs.gauss() * noise;
          x[2 * ix] = radius * Math.sin(theta);
          x[2 * ix + 1] = radius * Math.cos(theta);
          t[ix] = j;
        }
      });
    },
  },
  {
    name: "circles",
    summary: "a circle of radius 1 (class 0) around one of radius 0.5 (class 1), as scikit-learn's make_circles",
    classes: { default: 2, min: 2, max: 2 },
    noise: 0.05,
    make([nOut, nIn], noise, rs, x, t) {
      for (let i = 0; i < nOut; i++) {
        const a = linspace(i, nOut, 2 * Math.PI, false);
        x[2 * i] = Math.cos(a);
        x[2 * i + 1] = Math.sin(a);
        t[i] = 0;
      }
      for (let i = 0; i < nIn; i++) {
        const a = linspace(i, nIn, 2 * Math.PI, false), k = nOut + i;
        x[2 * k] = Math.cos(a) * 0.5;
        x[2 * k + 1] = Math.sin(a) * 0.5;
        t[k] = 1;
      }
      jitter(x, noise, rs);
    },
  },
  {
    name: "moons",
    summary: "two interleaving half circles, as scikit-learn's make_moons",
    classes: { default: 2, min: 2, max: 2 },
    noise: 0.1,
    make([nOut, nIn], noise, rs, x, t) {
      for (let i = 0; i < nOut; i++) {
        const a = linspace(i, nOut, Math.PI, true);
        x[2 * i] = Math.cos(a);
        x[2 * i + 1] = Math.sin(a);
        t[i] = 0;
      }
      for (let i = 0; i < nIn; i++) {
        const a = linspace(i, nIn, Math.PI, true), k = nOut + i;
        x[2 * k] = 1 - Math.cos(a);
        x[2 * k + 1] = 1 - Math.sin(a) - 0.5;
        t[k] = 1;
      }
      jitter(x, noise, rs);
    },
  },
  {
    name: "xor",
    summary: "points uniform in the square [−1, 1)², class 1 where x and y have opposite signs",
    classes: { default: 2, min: 2, max: 2 },
    noise: 0,
    make([n0, n1], noise, rs, x, t) {
      // np.random.rand(N, 2) * 2 - 1; the class comes from the point, not from a block
      for (let i = 0; i < x.length; i++) x[i] = rs.double() * 2 - 1;
      for (let i = 0; i < n0 + n1; i++) t[i] = x[2 * i] * x[2 * i + 1] < 0 ? 1 : 0;
      jitter(x, noise, rs);
    },
  },
  {
    name: "blobs",
    summary: "Gaussian blobs, one per class, their centres evenly on the unit circle",
    classes: { default: 3, min: 2, max: 100 },
    noise: 0.3,
    make(counts, noise, rs, x, t) {
      let ix = 0;
      counts.forEach((n, j) => {
        const a = (2 * Math.PI * j) / counts.length;
        const cx = Math.cos(a), cy = Math.sin(a);
        for (let i = 0; i < n; i++, ix++) {
          x[2 * ix] = cx + noise * rs.gauss();
          x[2 * ix + 1] = cy + noise * rs.gauss();
          t[ix] = j;
        }
      });
    },
  },
] as const satisfies readonly DatasetSpec[];

export type DatasetName = (typeof DATASETS)[number]["name"];
export const DATASET_NAMES: readonly DatasetName[] = DATASETS.map((d) => d.name);
const byName = new Map<string, DatasetSpec>(DATASETS.map((d) => [d.name, d]));
export const datasetSpec = (name: unknown): DatasetSpec | undefined => (typeof name === "string" ? byName.get(name) : undefined);
export const isDatasetName = (name: unknown): name is DatasetName => datasetSpec(name) !== undefined;

/** What a dataset generator gives: the points (N, 2), the class of each (N,), or the classes one-hot (N, C). */
export const DATASET_PARTS = ["points", "labels", "onehot"] as const;
export type DatasetPart = (typeof DATASET_PARTS)[number];

/** The seed of a dataset that names none. */
export const DEFAULT_DATASET_SEED = 0;
/** The largest noise a file may ask for: far beyond any picture, and still finite. */
export const MAX_NOISE = 1e6;

export interface Dataset {
  /** (N × 2), row-major */
  x: Float64Array;
  /** the class of each point */
  t: Float64Array;
}

/** N points of a dataset with these settings (checked by values.ts checkValue). */
export function makeDataset(name: DatasetName, n: number, classes: number, noise: number, seed: number): Dataset {
  const spec = byName.get(name)!;
  const x = new Float64Array(2 * n), t = new Float64Array(n);
  spec.make(classCounts(n, classes), noise, new RandomState(seed), x, t);
  return { x, t };
}
