// The code export (FORMAT.md section 5), run for real: every example, every notebook case, some
// graphs made to be awkward and 150 random ones are exported to NumPy (and PyTorch, where torch
// imports), run with python3 in one process per export kind, and their JSON lines compared with
// Gradflow's run. Without Python, numpy or torch, those tests are skipped, and say so.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { EXAMPLES } from "../../examples";
import { compareWithRun, difference, findPython, parseLines, runScripts, type ScriptRun } from "../../testing/python";
import { LOSSES, randomGraph, STEP_OPS } from "../../testing/randomGraphs";
import { compile } from "../executor";
import { parseGraph } from "../format";
import type { GraphDoc } from "../graph";
import { OPS } from "../ops";
import { toRunResult, type RunResult } from "../result";
import { installFormulas } from "../../notation/formula";
import { exportCode, EXPORT_TARGETS } from "./index";
import { NUMPY_LAYERS } from "./numpy";
import { ExportError, MAX_SCRIPT_NUMBERS, nameFor, Namer, pythonName } from "./python";
import { TORCH_OPS } from "./pytorch";

vi.setConfig({ testTimeout: 60_000, hookTimeout: 300_000 });
installFormulas();

const CASES = join(__dirname, "..", "..", "..", "..", "shared", "cases");

interface Graph {
  name: string;
  doc: GraphDoc;
  /** every number Gradflow gives is exact (integer arithmetic, one correctly rounded division): the script's must equal it */
  exact?: boolean;
}

const graph = (name: string, nodes: GraphDoc["nodes"], edges: [string, string, string, string][], extra: Partial<GraphDoc> = {}): GraphDoc => ({
  format: "gradflow", version: 1, name, nodes,
  edges: edges.map(([id, source, target, targetHandle]) => ({ id, source, sourceHandle: "out", target, targetHandle })),
  ...extra,
});

/** Graphs made to be awkward: non-finite numbers, errors, ids that are no Python names, broadcast douts, a target. */
const SPECIAL: Graph[] = [
  {
    name: "non-finite numbers",
    doc: graph("Log of −1 and 0, 1/0", [
      { id: "x", type: "Input", data: { value: [-1, 0, 2] } },
      { id: "one", type: "Input", data: { value: 1 } },
      { id: "log", type: "Log", data: {} },
      { id: "relu", type: "ReLU", data: {} },
      { id: "inv", type: "Div", data: {} },
      { id: "o1", type: "Output", data: {} },
      { id: "o2", type: "Output", data: { grad: [1, 2, 3] } },
      { id: "o3", type: "Output", data: {} },
    ], [["a", "x", "log", "x"], ["b", "log", "relu", "x"], ["c", "one", "inv", "a"], ["d", "x", "inv", "b"], ["e", "log", "o1", "x"], ["f", "inv", "o2", "x"], ["g", "relu", "o3", "x"]]),
  },
  {
    name: "nodes that err",
    doc: graph("A shape error, what depends on it, a missing input", [
      { id: "x", type: "Input", data: { value: [[1, 2], [3, 4]] } },
      { id: "W", type: "Param", data: { value: [[1, 2], [3, 4], [5, 6]] } },
      { id: "mm", type: "MatMul", data: {} },
      { id: "after", type: "Tanh", data: {} },
      { id: "lonely", type: "Sigmoid", data: {} },
      { id: "fine", type: "Tanh", data: {} },
      { id: "o", type: "Output", data: {} },
    ], [["e1", "x", "mm", "x"], ["e2", "W", "mm", "W"], ["e3", "mm", "after", "x"], ["e4", "x", "fine", "x"], ["e5", "fine", "o", "x"]]),
  },
  {
    name: "ids that are not Python names",
    doc: graph("Awkward ids and labels", [
      { id: "class", type: "Input", data: { value: [1, 2], label: "t (one-hot)" } },
      { id: "1x", type: "Param", data: { value: [0.5, -1.5] } },
      { id: "my node", type: "Mul", data: { label: "Linear" } },
      { id: "dclass", type: "Add", data: { label: "line\nbreak" } },
      { id: "__proto__", type: "Tanh", data: { label: "scores" } },
      { id: "重み", type: "Exp", data: {} },
      { id: "x-y", type: "Sum", data: { axis: null, keepdims: false, label: "sum" } },
      { id: "print", type: "Sigmoid", data: {} },
    ], [["e 1", "class", "my node", "a"], ["e\"2", "1x", "my node", "b"], ["3", "my node", "dclass", "a"], ["4", "class", "dclass", "b"], ["5", "dclass", "__proto__", "x"], ["6", "__proto__", "重み", "x"], ["7", "重み", "x-y", "x"], ["8", "1x", "print", "x"]]),
  },
  {
    name: "douts that broadcast, two Outputs on one node",
    doc: graph("Output grads of other shapes", [
      { id: "x", type: "Input", data: { value: { init: "randn", shape: [2, 3], seed: 3 } } },
      { id: "s", type: "Sigmoid", data: {} },
      { id: "o1", type: "Output", data: { grad: 0.5 } },
      { id: "o2", type: "Output", data: { grad: [[1, 2, 3]] } },
      { id: "o3", type: "Output", data: { grad: { init: "rand", shape: [3], seed: 3, skip: 6 } } },
    ], [["e", "x", "s", "x"], ["f", "s", "o1", "x"], ["g", "s", "o2", "x"], ["h", "x", "o3", "x"]]),
  },
  {
    name: "a target with an Output and a loss",
    doc: graph("Differentiate the hidden layer", [
      { id: "x", type: "Input", data: { value: { init: "randn", shape: [4, 3], seed: 7 } } },
      { id: "W", type: "Param", data: { value: { init: "randn", shape: [3, 2], seed: 7, skip: 12 } } },
      { id: "h", type: "MatMul", data: {} },
      { id: "y", type: "Tanh", data: {} },
      { id: "t", type: "Input", data: { value: [0, 1, 1, 0] } },
      { id: "loss", type: "SoftmaxWithLoss", data: {} },
      { id: "o", type: "Output", data: {} },
    ], [["e1", "x", "h", "x"], ["e2", "W", "h", "W"], ["e3", "h", "y", "x"], ["e4", "y", "loss", "x"], ["e5", "t", "loss", "t"], ["e6", "y", "o", "x"]], { target: "h" }),
  },
  {
    name: "one sample: scores (C,) with a class index, and a loss that feeds on",
    doc: graph("SoftmaxWithLoss of one row, doubled", [
      { id: "x", type: "Param", data: { value: [0.5, -1, 2] } },
      { id: "t", type: "Input", data: { value: 2 } },
      { id: "loss", type: "SoftmaxWithLoss", data: {} },
      { id: "two", type: "Input", data: { value: 2 } },
      { id: "twice", type: "Mul", data: {} },
      { id: "y", type: "Input", data: { value: [[0.1], [0.9]] } },
      { id: "ty", type: "Input", data: { value: [0, 1] } },
      { id: "bce", type: "SigmoidWithLoss", data: {} },
    ], [["e1", "x", "loss", "x"], ["e2", "t", "loss", "t"], ["e3", "loss", "twice", "a"], ["e4", "two", "twice", "b"], ["e5", "y", "bce", "x"], ["e6", "ty", "bce", "t"]]),
  },
  {
    name: "Slice, Stack and Concat: a sequence taken apart and put back together",
    doc: graph("Time steps sliced, stacked, concatenated", [
      { id: "x", type: "Input", data: { value: { init: "randn", shape: [2, 4, 3], seed: 5 } } },
      { id: "first", type: "Slice", data: { axis: 1, index: 0 } },
      { id: "last", type: "Slice", data: { axis: 1, index: -1 } },
      { id: "mid", type: "Slice", data: { axis: 1, index: null, start: 1, stop: 3 } },
      { id: "tail", type: "Slice", data: { axis: -1, index: null, start: -2, stop: null } },
      { id: "st", type: "Stack", data: { axis: 1 } },
      { id: "st2", type: "Stack", data: { axis: 1 } },
      { id: "cat", type: "Concat", data: { axis: 1 } },
      { id: "cat2", type: "Concat", data: { axis: -1 } },
      { id: "act", type: "Tanh", data: {} },
      { id: "o", type: "Output", data: { grad: { init: "randn", shape: [2, 5, 5], seed: 6 } } },
    ], [
      ["e1", "x", "first", "x"], ["e2", "x", "last", "x"], ["e3", "x", "mid", "x"], ["e4", "first", "st", "a"], ["e5", "last", "st", "b"],
      ["e6", "st", "st2", "a"], ["e7", "first", "st2", "b"], ["e8", "st2", "cat", "a"], ["e9", "mid", "cat", "b"], ["e10", "cat", "tail", "x"],
      ["e11", "cat", "cat2", "a"], ["e12", "tail", "cat2", "b"], ["e13", "cat2", "act", "x"], ["e14", "act", "o", "x"],
    ]),
  },
  {
    name: "Expr and Expr2: formulas, broadcasting, an input a formula does not read",
    doc: graph("Formulas typed", [
      { id: "x", type: "Input", data: { value: { init: "randn", shape: [3, 2], seed: 2 } } },
      { id: "b", type: "Param", data: { value: { init: "rand", shape: [2], seed: 4 } } },
      { id: "f", type: "Expr", data: { formula: "x^2 * sin(x)" } },
      { id: "g", type: "Expr2", data: { formula: "a * exp(-b) + tanh(a) / (1 + b^2)" } },
      { id: "c", type: "Expr", data: { formula: "3 * pi" } },
      { id: "h", type: "Expr2", data: { formula: "sigmoid(a) + abs(a) - sqrt(a^2 + 1) + log(1 + e^a)" } },
      { id: "k", type: "Expr2", data: { formula: "a - cos(b) * tan(b / 2)" } },
      { id: "s", type: "Sum", data: { axis: null, keepdims: false } },
    ], [
      ["e1", "x", "f", "x"], ["e2", "f", "g", "a"], ["e3", "b", "g", "b"], ["e4", "x", "c", "x"], ["e5", "g", "h", "a"], ["e6", "c", "h", "b"],
      ["e7", "h", "k", "a"], ["e8", "b", "k", "b"], ["e9", "k", "s", "x"],
    ]),
  },
  {
    name: "datasets: points and labels of a spiral, one-hot moons",
    doc: graph("A net on a dataset", [
      { id: "x", type: "Input", data: { value: { init: "spiral", shape: [30, 2], seed: 1 } } },
      { id: "t", type: "Input", data: { value: { init: "spiral", shape: [30], seed: 1, part: "labels" } } },
      { id: "W", type: "Param", data: { value: { init: "randn", shape: [2, 3], seed: 3 } } },
      { id: "mm", type: "MatMul", data: {} },
      { id: "loss", type: "SoftmaxWithLoss", data: {} },
      { id: "m", type: "Input", data: { value: { init: "moons", shape: [10, 2], noise: 0.1, scale: 2 } } },
      { id: "mt", type: "Input", data: { value: { init: "moons", shape: [10, 2], part: "onehot" } } },
      { id: "W2", type: "Param", data: { value: { init: "randn", shape: [2, 2], seed: 3, skip: 6 } } },
      { id: "mm2", type: "MatMul", data: {} },
      { id: "loss2", type: "SoftmaxWithLoss", data: {} },
    ], [
      ["e1", "x", "mm", "x"], ["e2", "W", "mm", "W"], ["e3", "mm", "loss", "x"], ["e4", "t", "loss", "t"],
      ["e5", "m", "mm2", "x"], ["e6", "W2", "mm2", "W"], ["e7", "mm2", "loss2", "x"], ["e8", "mt", "loss2", "t"],
    ]),
  },
  { name: "an empty graph", doc: graph("Nothing yet", [], []) },
];

const EXACT = new Set(["mul", "add-mul-div", "repeat-sum", "matmul"]);
const caseFiles = readdirSync(CASES).filter((f) => f.endsWith(".json") && !f.endsWith(".expect.json")).sort();
const RANDOM = 150;

const GRAPHS: Graph[] = [
  ...EXAMPLES.map((e) => ({ name: `example ${e.id}`, doc: e.doc, exact: EXACT.has(e.id) })),
  ...caseFiles.map((f) => ({ name: `case ${f}`, doc: parseGraph(readFileSync(join(CASES, f), "utf8")), exact: ["add-mul-div.json", "matmul-dout.json", "repeat-sum.json"].includes(f) })),
  ...SPECIAL.map((g) => ({ ...g, name: `special: ${g.name}` })),
  ...Array.from({ length: RANDOM }, (_, k) => ({ name: `random graph ${k}`, doc: randomGraph(k) })),
];

/** Gradflow's run of a graph, as the command line writes it (JSON, so that NaN is "NaN"). */
function gradflowRun(doc: GraphDoc): { run: RunResult; ids: string[] } {
  const p = compile(doc).run();
  return { run: JSON.parse(JSON.stringify(toRunResult(p))) as RunResult, ids: p.allIds };
}

function expectPrintsGradflowsNumbers(g: Graph, r: ScriptRun | undefined): void {
  expect(r, `no run of ${g.name}`).toBeDefined();
  expect(r!.error, `${g.name} raised`).toBeNull();
  const { run, ids } = gradflowRun(g.doc);
  expect(compareWithRun(g.doc, parseLines(r!.stdout), run, ids, g.exact)).toEqual([]);
}

const numpyPython = findPython(["numpy"]);
const torchPython = findPython(["numpy", "torch"]);
if ("why" in numpyPython) console.warn(`SKIPPED: running the NumPy export of ${GRAPHS.length} graphs with python3 — ${numpyPython.why}`);
if ("why" in torchPython) console.warn(`SKIPPED: running the PyTorch export of ${GRAPHS.length} graphs with python3 — ${torchPython.why}`);

describe("the graphs exported", () => {
  it("cover every op, every Sum, both kinds of target, Outputs with grads, a file's target, fan-out and broadcasting", () => {
    const docs = GRAPHS.map((g) => g.doc);
    const nodes = docs.flatMap((d) => d.nodes);
    for (const op of [...STEP_OPS, ...LOSSES, "Input", "Param", "Output"]) expect(nodes.some((n) => n.type === op), op).toBe(true);
    // every op that computes, run without error somewhere (not only present)
    for (const op of OPS) {
      if (op.role === "source" || op.role === "sink") continue;
      expect(docs.some((d) => {
        const p = compile(d);
        return d.nodes.some((n) => n.type === op.type && p.status(n.id) === "ok");
      }), `${op.type} runs`).toBe(true);
    }
    for (const init of ["spiral", "moons"]) expect(nodes.some((n) => (n.data.value as { init?: string })?.init === init), init).toBe(true);
    for (const axis of [0, 1, -1, null]) for (const keepdims of [true, false]) expect(nodes.some((n) => n.type === "Sum" && n.data.axis === axis && n.data.keepdims === keepdims), `Sum ${axis} ${keepdims}`).toBe(true);
    for (const init of ["randn", "rand", "zeros", "ones", "full", "eye"]) expect(nodes.some((n) => (n.data.value as { init?: string })?.init === init), init).toBe(true);
    expect(nodes.some((n) => (n.data.value as { skip?: number })?.skip), "a generator with skip").toBe(true);
    const lossTargets = docs.flatMap((d) => d.nodes.filter((n) => n.type === "SoftmaxWithLoss").map((n) => {
      const t = d.edges.find((e) => e.target === n.id && e.targetHandle === "t")!.source;
      const x = d.edges.find((e) => e.target === n.id && e.targetHandle === "x")!.source;
      const p = compile(d);
      return p.value(t)!.shape.length === p.value(x)!.shape.length ? "one-hot" : "indices";
    }));
    expect(new Set(lossTargets)).toEqual(new Set(["one-hot", "indices"]));
    expect(nodes.filter((n) => n.type === "Output" && n.data.grad !== undefined).length).toBeGreaterThan(10);
    expect(docs.filter((d) => d.target !== undefined).length).toBeGreaterThan(10);
    expect(docs.filter((d) => d.nodes.some((n) => d.edges.filter((e) => e.source === n.id).length > 1)).length).toBeGreaterThan(50);
    // an elementwise op whose inputs have different shapes
    const broadcasts = docs.filter((d) => {
      const p = compile(d);
      return d.nodes.some((n) => ["Add", "Sub", "Mul", "Div"].includes(n.type) && new Set(d.edges.filter((e) => e.target === n.id).map((e) => JSON.stringify(p.value(e.source)?.shape))).size > 1);
    });
    expect(broadcasts.length).toBeGreaterThan(30);
  });
});

describe("NumPy export, run with python3", () => {
  let runs = new Map<string, ScriptRun>();
  beforeAll(() => {
    if (numpyPython.python) runs = runScripts(numpyPython.python, new Map(GRAPHS.map((g) => [g.name, exportCode(g.doc, "numpy")])));
  });

  for (const g of GRAPHS) it.skipIf(!numpyPython.python)(`${g.name}: prints Gradflow's numbers`, () => expectPrintsGradflowsNumbers(g, runs.get(g.name)));
});

describe("PyTorch export, run with python3 and torch", () => {
  let runs = new Map<string, ScriptRun>();
  const broken = "the check on a wrong gradient";
  beforeAll(() => {
    if (!torchPython.python) return;
    const scripts = new Map(GRAPHS.map((g) => [g.name, exportCode(g.doc, "pytorch")]));
    // the same script with one of Gradflow's numbers off by 1e-9: its check must fail
    const good = exportCode(EXAMPLES.find((e) => e.id === "linear-relu-celoss")!.doc, "pytorch");
    scripts.set(broken, good.replace(/("b": \[)(-?[\d.e-]+)/, (_, head: string, x: string) => `${head}${Number(x) * (1 + 1e-9)}`));
    expect(scripts.get(broken)).not.toBe(good);
    runs = runScripts(torchPython.python, scripts);
  });

  for (const g of GRAPHS)
    it.skipIf(!torchPython.python)(`${g.name}: prints Gradflow's numbers, and autograd's gradients pass the check`, () => expectPrintsGradflowsNumbers({ ...g, exact: false }, runs.get(g.name)));

  it.skipIf(!torchPython.python)("the check fails when a gradient is off by 1e-9", () => {
    expect(runs.get(broken)!.error).toMatch(/AssertionError: b: autograd gives .* where Gradflow gives/);
  });
});

describe("the exported code", () => {
  const mul = EXAMPLES.find((e) => e.id === "mul")!.doc;

  it("has a layer for every op that computes, in both exports", () => {
    for (const op of OPS) {
      if (op.role === "source" || op.role === "sink") continue;
      expect(NUMPY_LAYERS[op.type], op.type).toBeDefined();
      expect(TORCH_OPS[op.type], op.type).toBeDefined();
    }
    expect(EXPORT_TARGETS).toEqual(["numpy", "pytorch"]);
  });

  it("holds only the classes of the ops the graph uses, one instance per node, in the books' names", () => {
    const code = exportCode(mul, "numpy");
    expect(code.match(/^class \w+/gm)).toEqual(["class MulLayer"]);
    expect(code).toContain("mul_layer = MulLayer()");
    expect(code).toContain("dx, dy = mul_layer.backward(dmul)");
    const two = exportCode(EXAMPLES.find((e) => e.id === "two-layer")!.doc, "numpy");
    expect(two.match(/^class \w+/gm)).toEqual(["class Affine", "class Sigmoid", "class SoftmaxWithLoss"]);
    expect(two.match(/= Affine\(\)/g)).toHaveLength(2);
    expect(two).toMatch(/^def softmax\(x\):/m);
  });

  it("reseeds numpy only where a generator does not continue the stream before it", () => {
    const code = exportCode(EXAMPLES.find((e) => e.id === "linear-relu-celoss")!.doc, "numpy");
    expect(code.match(/^np\.random\.seed\(1\)$/gm)).toHaveLength(1);
    expect(code).toContain("x = np.random.randn(5, 10)");
    expect(code).toContain("W = np.random.randn(10, 3) * 0.4472135954999579");
    const affine = exportCode(EXAMPLES.find((e) => e.id === "affine")!.doc, "numpy");
    expect(affine.match(/^np\.random\.seed\(0\)$/gm)).toHaveLength(1);
    const apart = exportCode(graph("two streams", [
      { id: "a", type: "Input", data: { value: { init: "randn", shape: [3], seed: 5 } } },
      { id: "b", type: "Input", data: { value: { init: "randn", shape: [3], seed: 5, skip: 2 } } },
    ], []), "numpy");
    expect(apart).toContain("np.random.seed(5)\nnp.random.randn(2)  # skip");
  });

  it("sums fan-out gradients with += in edge-id order, the Branch rule", () => {
    const code = exportCode(EXAMPLES.find((e) => e.id === "add-mul-div")!.doc, "numpy");
    expect(code).toContain("dx = dx_from_add.copy()\ndx += dx_from_div\ndx += dx_from_mul");
  });

  it("makes Python names of ids and labels, each once", () => {
    expect(pythonName("my node")).toBe("my_node");
    expect(pythonName("1x")).toBe("n1x");
    expect(pythonName("__proto__")).toBe("proto");
    expect(pythonName("重み")).toBe("node");
    expect(nameFor("lin", "Linear")).toBe("lin");
    expect(nameFor("affine2", "scores")).toBe("scores");
    expect(nameFor("x", "x: 30 points (30, 2)")).toBe("x");
    const names = new Namer(["Affine"]);
    expect([names.take("x"), names.take("x"), names.take("class"), names.take("print"), names.take("Affine")]).toEqual(["x", "x_2", "class_2", "print_2", "Affine_2"]);
  });

  it("refuses a graph whose script would hold too many numbers", () => {
    const big = graph("big", [{ id: "x", type: "Input", data: { value: Array.from({ length: 1500 }, () => Array.from({ length: 1500 }, () => 1)) } }], []);
    expect(() => exportCode(big, "numpy")).toThrow(ExportError);
    expect(() => exportCode(big, "numpy")).toThrow(`the script would write out 2,250,000 numbers, more than an exported script holds (${MAX_SCRIPT_NUMBERS.toLocaleString("en-US")})`);
  });

  it("compares as it says: 1e-12 relative, noise below 1e-13 of the largest, exact where asked", () => {
    const loose = { exact: false, scale: 1 };
    expect(difference(1 + 1e-13, 1, loose)).toBeNull();
    expect(difference(1 + 1e-11, 1, loose)).toMatch(/relative difference 1\.00e-11/);
    expect(difference(3e-17, 0, loose)).toBeNull();
    expect(difference(3e-12, 0, loose)).not.toBeNull();
    expect(difference(1 + 2 ** -52, 1, { exact: true, scale: 1 })).toMatch(/exactly/);
    expect(difference("NaN", "NaN", loose)).toBeNull();
    expect(difference(0, "NaN", loose)).not.toBeNull();
    expect(difference([1, 2], [[1, 2]], loose)).not.toBeNull();
    expect(difference(null, [1], loose)).not.toBeNull();
    expect(difference([1], null, loose)).not.toBeNull();
  });
});
