import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { formatValueText, parseValueText } from "./valueText";
import { checkValue, INITS, MAX_SKIP, needsSeed, type Generator, type TensorValue } from "../engine/values";
import type { Nested } from "../engine/tensor";
import { MAX_SEED } from "../engine/random";
import { DATASET_PARTS, DATASETS } from "../engine/datasets";

const ok = (text: string): TensorValue => {
  const r = parseValueText(text);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(text)} to parse, got: ${r.error}`);
  return r.value;
};
const error = (text: string): string => {
  const r = parseValueText(text);
  if (r.ok) throw new Error(`expected ${JSON.stringify(text)} to be refused, got ${JSON.stringify(r.value)}`);
  return r.error;
};

describe("parseValueText: the forms a learner types", () => {
  const forms: [string, TensorValue][] = [
    ["10", 10],
    ["-2.5", -2.5],
    ["  7 \n", 7],
    ["1e-3", 0.001],
    ["[1, 2, 3]", [1, 2, 3]],
    ["[[1, 2], [3, 4]]", [[1, 2], [3, 4]]],
    ["[[1, 2],\n [3, 4]]", [[1, 2], [3, 4]]],
    ["[1, 2; 3, 4]", [[1, 2], [3, 4]]],
    ["[[[1], [2]], [[3], [4]]]", [[[1], [2]], [[3], [4]]]],
    ["[-1, 1/4, 2^-1]", [-1, 0.25, 0.5]],
    ["randn(5, 10)", { init: "randn", shape: [5, 10] }],
    ["randn(5, 10, seed=1)", { init: "randn", shape: [5, 10], seed: 1 }],
    ["randn(5, 10, seed: 1)", { init: "randn", shape: [5, 10], seed: 1 }],
    ["randn([5, 10], seed=1)", { init: "randn", shape: [5, 10], seed: 1 }],
    ["randn(shape=[5, 10])", { init: "randn", shape: [5, 10] }],
    ["randn(10, 3, seed=1, skip=50, scale=0.5)", { init: "randn", shape: [10, 3], seed: 1, skip: 50, scale: 0.5 }],
    ["rand(3)", { init: "rand", shape: [3] }],
    ["rand(3, seed=4294967295)", { init: "rand", shape: [3], seed: 4294967295 }],
    ["zeros(2, 3)", { init: "zeros", shape: [2, 3] }],
    ["zeros([2, 3])", { init: "zeros", shape: [2, 3] }],
    ["ones(2)", { init: "ones", shape: [2] }],
    ["eye(3)", { init: "eye", shape: [3, 3] }],
    ["eye(3, 3)", { init: "eye", shape: [3, 3] }],
    ["full(2, 2, fill=7)", { init: "full", shape: [2, 2], fill: 7 }],
    ["full([2, 2], 7)", { init: "full", shape: [2, 2], fill: 7 }],
    ["full([2, 2], fill: -1.5)", { init: "full", shape: [2, 2], fill: -1.5 }],
    ["randn([])", { init: "randn", shape: [] }],
    // numpy's spelling, pasted from a notebook
    ["np.random.randn(5, 10)", { init: "randn", shape: [5, 10] }],
    ["numpy.zeros(3)", { init: "zeros", shape: [3] }],
    ["np.array([[1, 2], [3, 4]])", [[1, 2], [3, 4]]],
    // the file's own form
    ['{ "init": "randn", "shape": [2, 3], "seed": 1 }', { init: "randn", shape: [2, 3], seed: 1 }],
    ['{ "init": "full", "shape": [2], "fill": 2 * 3 }', { init: "full", shape: [2], fill: 6 }],
    // datasets: points, and the same dataset's labels
    ["spiral(300, classes=3, seed=1984)", { init: "spiral", shape: [300, 2], classes: 3, seed: 1984 }],
    ["labels(spiral(300, classes=3, seed=1984))", { init: "spiral", shape: [300], classes: 3, seed: 1984, part: "labels" }],
    ["onehot(spiral(300, classes=4))", { init: "spiral", shape: [300, 4], classes: 4, part: "onehot" }],
    ["onehot(moons(10))", { init: "moons", shape: [10, 2], part: "onehot" }],
    ["points(xor(50, noise=0.1))", { init: "xor", shape: [50, 2], noise: 0.1, part: "points" }],
    ["circles(200, noise: 0.05) * 2", { init: "circles", shape: [200, 2], noise: 0.05, scale: 2 }],
    ["blobs(30, classes=5, seed=2, scale=0.5)", { init: "blobs", shape: [30, 2], classes: 5, seed: 2, scale: 0.5 }],
    ['{ "init": "moons", "shape": [10], "part": "labels" }', { init: "moons", shape: [10], part: "labels" }],
  ];
  for (const [text, value] of forms) it(JSON.stringify(text), () => expect(ok(text)).toEqual(value));

  it("reads constant arithmetic: 1/3, 2^-1, sqrt(2), pi, e, exp, log, 50%", () => {
    expect(ok("1/3")).toBe(1 / 3);
    expect(ok("2^-1")).toBe(0.5);
    expect(ok("sqrt(2)")).toBe(Math.SQRT2);
    expect(ok("pi")).toBe(Math.PI);
    expect(ok("-e")).toBe(-Math.E);
    expect(ok("2pi")).toBe(2 * Math.PI);
    expect(ok("exp(1) - log(1)")).toBe(Math.E);
    expect(ok("(1 + 2) * 3")).toBe(9);
    expect(ok("50%")).toBe(0.5);
  });

  it("a constant factor scales: randn(10, 3) * 0.5 is scale 0.5, and factors multiply", () => {
    expect(ok("randn(10, 3) * 0.5")).toEqual({ init: "randn", shape: [10, 3], scale: 0.5 });
    expect(ok("0.5 * randn(10, 3, seed=2)")).toEqual({ init: "randn", shape: [10, 3], seed: 2, scale: 0.5 });
    expect(ok("randn(4) / 4")).toEqual({ init: "randn", shape: [4], scale: 0.25 });
    expect(ok("-ones(2)")).toEqual({ init: "ones", shape: [2], scale: -1 });
    expect(ok("randn(2, scale=3) * 2")).toEqual({ init: "randn", shape: [2], scale: 6 });
    expect(ok("2 * [1, -2]")).toEqual([2, -4]);
    expect(ok("-[[1], [2]]")).toEqual([[-1], [-2]]);
    expect(ok("[3, 6] / 3")).toEqual([1, 2]);
  });

  it("writes the notebook's Linear(10, 3) weight exactly as the graph files do", () => {
    // np.random.seed(1); x = randn(5, 10); W = randn(10, 3) * np.sqrt(2/10)
    expect(ok("randn(10, 3, seed=1, skip=50) * sqrt(2/10)")).toEqual({ init: "randn", shape: [10, 3], seed: 1, skip: 50, scale: 0.4472135954999579 });
  });

  it("does not invent a seed: the editor picks one", () => {
    for (const text of ["randn(5, 10)", "rand(3) * 2", "np.random.rand(2, 2)"]) {
      const v = ok(text);
      expect(v).not.toHaveProperty("seed");
      expect(needsSeed(v)).toBe(true);
    }
    expect(needsSeed(ok("randn(5, 10, seed=0)"))).toBe(false);
  });

  it("reads a large pasted matrix", () => {
    const m = Array.from({ length: 200 }, (_, i) => Array.from({ length: 200 }, (_, j) => (i - j) / 7));
    expect(ok(JSON.stringify(m))).toEqual(m);
    expect(ok(formatValueText(m))).toEqual(m);
  });
});

describe("parseValueText: one clear line for every mistake", () => {
  const mistakes: [string, string | RegExp][] = [
    ["", /^empty: type a number/],
    ["randm(5, 10)", 'unknown function "randm" — did you mean "randn"?'],
    ["Randn(5)", 'unknown function "Randn" — did you mean "randn"?'],
    ["zeroes(2)", 'unknown function "zeroes" — did you mean "zeros"?'],
    ["np.linalg.inv(3)", 'unknown function "np.linalg.inv"'],
    ["[[1, 2, 3], [4, 5]]", "rows have different lengths (3 and 2)"],
    ["[[[1, 2]], [[1, 2, 3]]]", "rows have different shapes ((1,2) and (1,3))"],
    ["[1, [2]]", "cannot mix numbers and lists in one list"],
    ["[]", "an empty list is not a tensor"],
    ["[randn(3), randn(3)]", /^a generator cannot go inside a list/],
    ["randn()", /^randn needs a shape/],
    ["zeros()", /^zeros needs a shape/],
    ["full(2, 2, 7)", /^full needs the number to fill with/],
    ["eye(2, 3)", /^eye needs one size n/],
    ["randn(2.5)", "randn: sizes must be whole numbers ≥ 1, got 2.5"],
    ["randn(0, 3)", "randn: sizes must be whole numbers ≥ 1, got 0"],
    ["randn(100000, 100000)", "10000000000 elements is too large (limit 16777216)"],
    ["zeros(1, 1, 1, 1, 1, 1, 1, 1, 1)", /9 axes is too many \(limit 8\)/],
    ["[[[[[[[[[1]]]]]]]]]", /more than 8 axes/],
    ["randn(2, seed=-1)", "seed must be a whole number from 0 to 4294967295, got -1"],
    ["randn(2, seed=1.5)", "seed must be a whole number from 0 to 4294967295, got 1.5"],
    ["randn(2, skip=1e12)", `skip must be a whole number from 0 to ${MAX_SKIP}, got 1000000000000`],
    ["randn(2, sed=1)", 'randn has no argument "sed" — did you mean "seed"?'],
    ["zeros(2, fill=1)", /^only full takes a fill/],
    ["randn(2, seed=1, seed=2)", "randn: seed is given twice"],
    ["randn(seed=1, 2)", "randn: a plain argument cannot follow a named one"],
    ["randn(2, 3) + 1", /^\+ works on numbers only here/],
    ["[1, 2] * [3, 4]", /^only a number can scale a tensor/],
    ["randn(2) * randn(2)", /^only a number can scale a tensor/],
    ["1 / [1, 2]", /^only a number can divide here/],
    ["1/0", "1 / 0 gives Infinity, not a finite number"],
    ["1e400", "Infinity is not a finite number"],
    ["[1, NaN]", "NaN is not a finite number"],
    ["sqrt(-1)", "sqrt(-1) gives NaN, not a finite number"],
    ["x", /^unknown name "x"/],
    ["randn", "randn is a function: call it, like randn(2, 3)"],
    ['"abc"', '"abc" is text, not a number'],
    ["true", "true is not a number"],
    ["x = 3", /^"=" only names an argument/],
    ["f(x) = x^2", /^defining functions is not supported/],
    ["1; 2", /^one value only/],
    ["1:3", /^ranges like 1:3 are not supported/],
    ["[1, 2][1]", /^indexing/],
    ["5!", 'operator "!" is not supported here (use + - * / ^)'],
    ["randn(5, 10", /^cannot read it: /],
    ["zeros((2, 3))", /write a shape as zeros\(2, 3\) or zeros\(\[2, 3\]\)$/],
    ['{ "init": "randm", "shape": [2] }', /^init: "randm" is not a generator/],
    ["[".repeat(500) + "1" + "]".repeat(500), /^too deeply nested/],
    ["spiral()", "spiral takes the number of points, like spiral(300) or spiral(300, classes=4)"],
    ["moons(10, 2)", "moons takes the number of points, like moons(10)".replace("10", "300")],
    ["spiral(2.5)", "spiral: the number of points must be a whole number ≥ 1, got 2.5"],
    ["spiral(300, clases=3)", 'spiral has no argument "clases" — did you mean "classes"?'],
    ["spiral(300, skip=3)", 'spiral has no argument "skip" (it takes classes, noise, seed, scale)'],
    ["circles(300, classes=3)", "classes: circles has 2 classes, got 3"],
    ["labels(randn(3))", "labels takes a dataset, like labels(spiral(300, seed=1))"],
    ["labels(labels(spiral(3)))", "labels takes a dataset, like labels(spiral(300, seed=1))"],
    ["labels(spiral(300)) * 2", "scale: only a dataset's points can be scaled, not its labels"],
    ["spiral", "spiral is a function: call it, like spiral(300)"],
    ["spiral(300) + 1", /^\+ works on numbers only here/],
  ];
  for (const [text, want] of mistakes)
    it(JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}...` : text), () => {
      const msg = error(text);
      if (typeof want === "string") expect(msg).toBe(want);
      else expect(msg).toMatch(want);
      expect(msg).not.toContain("\n");
    });
});

describe("parseValueText: the text cannot reach mathjs itself", () => {
  const dangerous = [
    "import({}, {})",
    'import({ pi: 3 }, { override: true })',
    'evaluate("1")',
    'createUnit("x")',
    'parse("1")',
    'simplify("x + x")',
    'derivative("x^2", "x")',
    'compile("1")',
    'config({ number: "BigNumber" })',
    'create({})',
    "typed()",
    'reviver("x")',
  ];
  for (const text of dangerous)
    it(`refuses ${text}`, () => expect(error(text)).toMatch(/^unknown function "\w+"/));

  it("refuses them inside a value too, and they leave no trace", () => {
    expect(error("[1, evaluate(\"2\")]")).toBe('unknown function "evaluate" (known: randn, rand, zeros, ones, full, eye, sqrt, exp, log, array, spiral, circles, moons, xor, blobs, points, labels, onehot)');
    expect(error("randn(2, seed=import({}, {}))")).toMatch(/^unknown function "import"/);
    error('import({ pi: 3 }, { override: true })');
    expect(ok("pi")).toBe(Math.PI);
    error('createUnit("foo")');
    expect(error("2 foo")).toMatch(/^unknown name "foo"/);
    error('config({ number: "BigNumber" })');
    expect(typeof ok("0.1")).toBe("number");
  });

  it("refuses mathjs's own names and members", () => {
    expect(error("Infinity * 0")).toMatch(/not a finite number/);
    expect(error("i")).toMatch(/^unknown name "i"/);
    expect(error("5 cm")).toMatch(/^unknown name "cm"/);
    expect(error("np.constructor(1)")).toMatch(/^unknown function "constructor"/);
    for (const name of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
      expect(error(name)).toMatch(new RegExp(`^unknown name "${name}"`));
      expect(error(`${name}(1)`)).toMatch(new RegExp(`^unknown function "${name}"`));
    }
    expect(error('{ "init": "randn", "shape": [2], "__proto__": { "seed": 1 } }')).toMatch(/^a generator has no field "__proto__"/);
    expect(error('"x".constructor("return 1")')).toMatch(/is not a function name/);
    expect(error("x.y")).toMatch(/^indexing/);
  });
});

// ---- round trips -----------------------------------------------------------------------

const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
const shapeArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 3 });

function nestedOf(shape: number[]): fc.Arbitrary<Nested> {
  if (shape.length === 0) return finite;
  const [n, ...rest] = shape;
  return fc.array(nestedOf(rest), { minLength: n, maxLength: n });
}
const nestedArb: fc.Arbitrary<Nested> = shapeArb.chain(nestedOf);

const generatorArb: fc.Arbitrary<Generator> = fc
  .tuple(
    fc.constantFrom(...INITS),
    fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 0, maxLength: 4 }),
    fc.integer({ min: 1, max: 50 }),
    fc.option(fc.integer({ min: 0, max: MAX_SEED }), { nil: undefined }),
    fc.option(fc.integer({ min: 0, max: MAX_SKIP }), { nil: undefined }),
    // a scale and fill whose numbers stay finite (the file reader refuses the others)
    fc.option(fc.double({ min: -1e150, max: 1e150, noNaN: true }), { nil: undefined }),
    fc.double({ min: -1e150, max: 1e150, noNaN: true }),
  )
  .map(([init, shape, n, seed, skip, scale, fill]) => {
    const g: Generator = { init, shape: init === "eye" ? [n, n] : shape };
    if (init === "full") g.fill = fill;
    if (seed !== undefined) g.seed = seed;
    if (skip !== undefined) g.skip = skip;
    if (scale !== undefined) g.scale = scale;
    return g;
  });

const datasetArb: fc.Arbitrary<Generator> = fc
  .tuple(
    fc.constantFrom(...DATASETS),
    fc.integer({ min: 1, max: 1000 }),
    fc.option(fc.integer({ min: 2, max: 6 }), { nil: undefined }),
    fc.option(fc.double({ min: 0, max: 10, noNaN: true }), { nil: undefined }),
    fc.option(fc.integer({ min: 0, max: MAX_SEED }), { nil: undefined }),
    fc.option(fc.constantFrom(...DATASET_PARTS), { nil: undefined }),
    fc.option(fc.double({ min: -1e10, max: 1e10, noNaN: true }), { nil: undefined }),
  )
  .map(([d, n, classes, noise, seed, part, scale]) => {
    const g: Generator = { init: d.name, shape: [n, 2] };
    const c = d.classes.min === d.classes.max ? undefined : classes;
    if (c !== undefined) g.classes = c;
    if (noise !== undefined) g.noise = noise;
    if (seed !== undefined) g.seed = seed;
    if (part !== undefined) {
      g.part = part;
      g.shape = part === "points" ? [n, 2] : part === "labels" ? [n] : [n, c ?? d.classes.default];
    }
    if (scale !== undefined && (part ?? "points") === "points") g.scale = scale;
    return g;
  });

describe("formatValueText", () => {
  it("writes compact lists and generators with every field they have", () => {
    expect(formatValueText([[1, 2], [3, 4]])).toBe("[[1, 2], [3, 4]]");
    expect(formatValueText(-0.5)).toBe("-0.5");
    expect(formatValueText(-0)).toBe("-0");
    expect(formatValueText({ init: "randn", shape: [5, 10], seed: 1 })).toBe("randn(5, 10, seed=1)");
    expect(formatValueText({ init: "randn", shape: [10, 3], seed: 1, skip: 50, scale: 0.4472135954999579 })).toBe(
      "randn(10, 3, seed=1, skip=50, scale=0.4472135954999579)",
    );
    expect(formatValueText({ init: "full", shape: [2, 2], fill: 7 })).toBe("full(2, 2, fill=7)");
    expect(formatValueText({ init: "eye", shape: [3, 3] })).toBe("eye(3)");
    expect(formatValueText({ init: "zeros", shape: [] })).toBe("zeros([])");
    expect(formatValueText({ init: "ones", shape: [2], skip: 0, scale: 1 })).toBe("ones(2, skip=0, scale=1)");
  });

  it("round-trips every nested value, through JSON's fast path and through mathjs", () => {
    fc.assert(
      fc.property(nestedArb, (v) => {
        expect(checkValue(v, "v")).toBeNull();
        const text = formatValueText(v);
        expect(ok(text)).toEqual(v);
        expect(ok(`np.array(${text})`)).toEqual(v); // not JSON: the mathjs path
      }),
      { numRuns: 300 },
    );
  });

  it("round-trips every generator", () => {
    fc.assert(
      fc.property(generatorArb, (g) => {
        expect(checkValue(g, "g")).toBeNull();
        expect(ok(formatValueText(g))).toEqual(g);
      }),
      { numRuns: 500 },
    );
  });

  it("round-trips every dataset, points and labels", () => {
    fc.assert(
      fc.property(datasetArb, (g) => {
        expect(checkValue(g, "g")).toBeNull();
        expect(ok(formatValueText(g))).toEqual(g);
      }),
      { numRuns: 500 },
    );
    expect(formatValueText({ init: "spiral", shape: [300], classes: 3, seed: 1984, part: "labels" })).toBe("labels(spiral(300, classes=3, seed=1984))");
  });

  it("is a fixed point on what it writes", () => {
    for (const text of ["randn(5, 10, seed=1)", "[[1, 2], [3, 4]]", "full(2, 2, fill=7)", "eye(3)", "0.1", "labels(spiral(300, classes=3, seed=1984))", "moons(100, noise=0.2)"])
      expect(formatValueText(ok(text))).toBe(text);
  });
});

describe("parseValueText on anything", () => {
  const tokens = ["randn", "rand", "zeros", "full", "eye", "(", ")", "[", "]", ",", ";", "=", ":", "*", "/", "-", "^", "seed", "fill", "1", "2", "0.5", "1e9", "pi", "np", ".", "{", "}", '"init"', '"randn"', " "];
  it("never throws, and every value it accepts passes checkValue", () => {
    const soup = fc.array(fc.constantFrom(...tokens), { maxLength: 14 }).map((t) => t.join(""));
    fc.assert(
      fc.property(fc.oneof(soup, fc.string({ maxLength: 30 })), (text) => {
        const r = parseValueText(text);
        if (r.ok) expect(checkValue(r.value, "value")).toBeNull();
        else expect(r.error.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });
});
