// The built-in datasets: numpy's numbers (fixtures/make-dataset-fixtures.py, book 2's spiral among
// them), points and labels that agree, the file reader's checks, and a graph that trains on them.
import { describe, expect, it } from "vitest";
import { compile } from "./executor";
import { validateGraph } from "./format";
import { classCounts, DATASETS, DEFAULT_DATASET_SEED, makeDataset, type DatasetName } from "./datasets";
import { checkValue, describeGenerator, materialize, needsSeed, shapeOfValue, type Generator } from "./values";
import fixture from "./fixtures/datasets.json";

/** How many doubles lie between a and b (0: the same number). */
function ulps(a: number, b: number): number {
  const f = new Float64Array([a, b]);
  const i = new BigInt64Array(f.buffer);
  return Math.abs(Number(i[0] - i[1]));
}

describe("the datasets are numpy's", () => {
  it("has a case for every dataset", () => {
    expect(new Set(fixture.cases.map((c) => c.name))).toEqual(new Set(DATASETS.map((d) => d.name)));
  });

  for (const c of fixture.cases)
    it(`${c.name}(${c.n}, classes=${c.classes}, noise=${c.noise}, seed=${c.seed}): labels exactly, points to a few ulps`, () => {
      const { x, t } = makeDataset(c.name as DatasetName, c.n, c.classes, c.noise, c.seed);
      expect(Array.from(t)).toEqual(c.t);
      // JavaScript's Math.sin and Math.cos (fdlibm) are not the C library's numpy calls: at most an
      // ulp apart, which a product and a sum can make two or three
      const want = c.x.flat();
      let worst = 0;
      want.forEach((w, i) => (worst = Math.max(worst, ulps(x[i], w))));
      expect(worst).toBeLessThanOrEqual(4);
      // the noise and the draws themselves are numpy's to the bit: with no trigonometry, xor is exact
      if (c.name === "xor") expect(Array.from(x)).toEqual(want);
    });

  it("spiral(300, classes=3, seed=1984) is book 2's spiral.load_data()", () => {
    const book = fixture.cases.find((c) => c.name === "spiral" && c.seed === 1984)!;
    const p = materialize({ init: "spiral", shape: [300, 2], classes: 3, seed: 1984 });
    expect(p.shape).toEqual([300, 2]);
    p.data.forEach((v, i) => expect(ulps(v, book.x.flat()[i])).toBeLessThanOrEqual(4));
    const onehot = materialize({ init: "spiral", shape: [300, 3], seed: 1984, part: "onehot" });
    // the book's t is one-hot
    for (let i = 0; i < 300; i++) expect(Array.from(onehot.data.slice(3 * i, 3 * i + 3))).toEqual([0, 1, 2].map((j) => (j === book.t[i] ? 1 : 0)));
  });
});

describe("points and labels", () => {
  const points: Generator = { init: "moons", shape: [40, 2], seed: 5 };

  it("labels of the same fields are the same dataset's: each point's class", () => {
    for (const d of DATASETS) {
      const g: Generator = { init: d.name, shape: [30, 2], seed: 11, noise: 0.05 };
      const x = materialize(g), t = materialize({ ...g, shape: [30], part: "labels" });
      const made = makeDataset(d.name, 30, d.classes.default, 0.05, 11);
      expect(Array.from(x.data)).toEqual(Array.from(made.x));
      expect(Array.from(t.data)).toEqual(Array.from(made.t));
      expect(new Set(t.data).size).toBe(d.classes.default);
    }
  });

  it("classes split as evenly as whole numbers allow, class 0 first; xor's come from the points", () => {
    expect(classCounts(300, 3)).toEqual([100, 100, 100]);
    expect(classCounts(10, 3)).toEqual([3, 3, 4]);
    expect(classCounts(41, 2)).toEqual([20, 21]);
    const t = materialize({ init: "blobs", shape: [10], classes: 3, part: "labels" });
    expect(Array.from(t.data)).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2, 2]);
    const x = materialize({ init: "xor", shape: [50, 2] }), tx = materialize({ init: "xor", shape: [50], part: "labels" });
    for (let i = 0; i < 50; i++) expect(tx.data[i]).toBe(x.data[2 * i] * x.data[2 * i + 1] < 0 ? 1 : 0);
  });

  it("without a seed, seed 0: never one picked at random, so x and t agree", () => {
    expect(needsSeed(points)).toBe(false);
    expect(needsSeed({ init: "spiral", shape: [9, 2] })).toBe(false);
    expect(Array.from(materialize({ init: "spiral", shape: [9, 2] }).data)).toEqual(Array.from(materialize({ init: "spiral", shape: [9, 2], seed: DEFAULT_DATASET_SEED }).data));
    expect(Array.from(materialize(points).data)).not.toEqual(Array.from(materialize({ ...points, seed: 6 }).data));
  });

  it("scale multiplies the points; noise 0 gives the bare shape", () => {
    const a = materialize(points), b = materialize({ ...points, scale: 2 });
    a.data.forEach((v, i) => expect(b.data[i]).toBe(v * 2));
    const c = materialize({ init: "circles", shape: [8, 2], noise: 0 });
    expect(Array.from(c.data.slice(0, 2))).toEqual([1, 0]);
    for (let i = 4; i < 8; i++) expect(Math.hypot(c.data[2 * i], c.data[2 * i + 1])).toBeCloseTo(0.5, 15);
  });

  it("shapes and descriptions", () => {
    expect(shapeOfValue({ init: "spiral", shape: [300, 3], part: "onehot" })).toEqual([300, 3]);
    expect(describeGenerator({ init: "spiral", shape: [300, 2], classes: 3, seed: 1 })).toBe("spiral(300, classes=3, seed=1)");
    expect(describeGenerator({ init: "moons", shape: [300], noise: 0.2, part: "labels" })).toBe("labels(moons(300, noise=0.2))");
  });
});

describe("the file reader's checks of a dataset", () => {
  const bad: [Record<string, unknown>, string][] = [
    [{ init: "spiral", shape: [300] }, "v.shape: the points of spiral have the shape [N, 2], got [300]"],
    [{ init: "spiral", shape: [300, 2], part: "labels" }, "v.shape: the labels of spiral have the shape [N], got [300,2]"],
    [{ init: "spiral", shape: [300, 2], part: "onehot", classes: 4 }, "v.shape: the labels of spiral have the shape [N, 4] (one column per class), got [300,2]"],
    [{ init: "spiral", shape: [0, 2] }, "v.shape[0]: expected a whole number of points from 1 to 1000000, got 0"],
    [{ init: "spiral", shape: [2000000, 2] }, "v.shape[0]: expected a whole number of points from 1 to 1000000, got 2000000"],
    [{ init: "spiral", shape: [3, 2], part: "pts" }, 'v.part: expected one of "points", "labels", "onehot", got "pts"'],
    [{ init: "circles", shape: [3, 2], classes: 3 }, "v.classes: circles has 2 classes, got 3"],
    [{ init: "blobs", shape: [3, 2], classes: 1 }, "v.classes: expected a whole number from 2 to 100, got 1"],
    [{ init: "moons", shape: [3, 2], noise: -1 }, "v.noise: expected a number from 0 to 1000000, got -1"],
    [{ init: "moons", shape: [3, 2], seed: -1 }, "v.seed: expected a whole number from 0 to 4294967295"],
    [{ init: "moons", shape: [3], part: "labels", scale: 2 }, "v.scale: only a dataset's points can be scaled, not its labels"],
    [{ init: "moons", shape: [3, 2], scale: 1e308 }, "v.scale: 1e+308 makes numbers too large to be finite"],
    [{ init: "moons", shape: [3, 2], skip: 1 }, 'v.skip: a dataset has no field "skip" (it has: init, shape, seed, classes, noise, part, scale)'],
  ];
  for (const [g, msg] of bad) it(msg, () => expect(checkValue(g, "v")).toBe(msg));

  it("accepts the docs' example, and refuses other generators' dataset fields", () => {
    expect(checkValue({ init: "spiral", shape: [300, 2], classes: 3, seed: 1984 }, "v")).toBeNull();
    expect(checkValue({ init: "randn", shape: [3], classes: 3 }, "v")).toBe('v.classes: a generator has no field "classes" (it has: init, shape, seed, skip, scale, fill)');
    expect(checkValue({ init: "gauss", shape: [3] }, "v")).toBe('v.init: "gauss" is not a generator (use one of randn, rand, zeros, ones, full, eye, or a dataset: spiral, circles, moons, xor, blobs)');
  });
});

describe("a graph on a dataset", () => {
  it("x and t from the same dataset feed a classifier whose loss starts at ln 3", () => {
    const doc = validateGraph({
      format: "gradflow",
      version: 1,
      nodes: [
        { id: "x", type: "Input", data: { value: { init: "spiral", shape: [300, 2], classes: 3, seed: 1984 } } },
        { id: "t", type: "Input", data: { value: { init: "spiral", shape: [300], classes: 3, seed: 1984, part: "labels" } } },
        { id: "W", type: "Param", data: { value: { init: "zeros", shape: [2, 3] } } },
        { id: "mm", type: "MatMul", data: {} },
        { id: "L", type: "SoftmaxWithLoss", data: {} },
      ],
      edges: [
        { id: "e1", source: "x", target: "mm", targetHandle: "x" },
        { id: "e2", source: "W", target: "mm", targetHandle: "W" },
        { id: "e3", source: "mm", target: "L", targetHandle: "x" },
        { id: "e4", source: "t", target: "L", targetHandle: "t" },
      ],
    });
    const p = compile(doc).run();
    expect(p.loss).toBeCloseTo(Math.log(3), 6); // zero weights: every class 1/3 (the 1e-7 guard aside)
    expect(p.grad("W")!.shape).toEqual([2, 3]);
  });
});
