// Every message the engine (and the Value box's reader) can write reaches a Japanese learner in
// Japanese. The messages are the ones really produced: the engine's own tests' expected messages,
// graphs built to fail each op's plan and forward checks, files and typed values built to fail
// each check. A second test reads the sources and requires every message written there to be
// among those produced, so that a new message without a Japanese entry fails here.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { compile } from "../engine/executor";
import { FormatError, checkParam, parseGraph, validateGraph } from "../engine/format";
import { checkOptimizerState } from "../engine/optimizerState";
import type { GraphDoc, GraphEdge, GraphNode } from "../engine/graph";
import { gradCheck } from "../engine/gradcheck";
import { getOp } from "../engine/ops";
import { Trainer } from "../engine/train";
import { compileFormulaTree } from "../engine/formula";
import { installFormulas, parseFormulaText } from "../notation/formula";
import { parseValueText } from "../notation/valueText";
import { connect } from "../state/doc";
import { expandToScalars, rollUp, unrolledSteps, unrollRNN } from "../engine/transforms";
import { startTraining } from "../worker/trainClient";
import { ENTRIES, toJapanese } from "./engineMessages";
import { writtenMessages, writtenPattern } from "./messageSources";

installFormulas();

const src = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), "utf8");

// ---- the engine's tests: the messages they expect, exactly (`.toBe("…")`) ---------------------

const ENGINE_TESTS = ["engine/format.test.ts", "engine/hostile.test.ts", "engine/executor.test.ts", "engine/ops/ops.test.ts", "engine/gradcheck.test.ts", "engine/train.test.ts", "engine/optimizerState.test.ts", "engine/property.test.ts", "engine/schema.test.ts"];

function expectedInTests(path: string): string[] {
  const out: string[] = [];
  for (const m of src(path).matchAll(/\.toBe\(\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`$]*`)\s*\)/g)) {
    const lit = m[1];
    const text = lit.startsWith("'") || lit.startsWith("`") ? lit.slice(1, -1).replace(/\\(.)/g, "$1") : (JSON.parse(lit) as string);
    // a whole message: words, not a fragment (" — did you mean …") nor a formatted value
    if (/[A-Za-z]{3,} [A-Za-z]{2,}/.test(text) && !/^\s/.test(text) && !text.startsWith("the validator")) out.push(text);
  }
  return out;
}

/** What a case built to fail gives when it does not: the first test lists them. */
const NOT_REFUSED = "(not refused)";

// ---- graphs that fail each op's checks ---------------------------------------------------------

const node = (id: string, type: string, data: Record<string, unknown> = {}): GraphNode => ({ id, type, data });
const edge = (source: string, target: string, targetHandle: string): GraphEdge => ({ id: `${source}_${target}_${targetHandle}`, source, target, targetHandle });
const doc = (nodes: GraphNode[], edges: GraphEdge[], extra: Partial<GraphDoc> = {}): GraphDoc => ({ format: "gradflow", version: 1, nodes, edges, ...extra });

/** One `type` node fed by Inputs holding `values` on its ports in order; its error. */
function opError(type: string, values: unknown[], data: Record<string, unknown> = {}): string {
  const op = getOp(type)!;
  const nodes = [node("n", type, data)];
  const edges: GraphEdge[] = [];
  values.forEach((v, i) => {
    if (v === undefined) return;
    nodes.push(node(`i${i}`, "Input", { value: v }));
    edges.push(edge(`i${i}`, "n", op.inputs[i].name));
  });
  const p = compile(doc(nodes, edges)).run();
  const e = p.error("n");
  return e ?? `${NOT_REFUSED} ${type} on ${JSON.stringify(values)}`;
}

const zeros = (...shape: number[]) => ({ init: "zeros", shape });
const thrown = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return `${NOT_REFUSED} ${f.toString().slice(0, 100)}`;
};

function opMessages(): string[] {
  return [
    opError("Add", [zeros(2, 3), zeros(4)]),
    opError("Add", [zeros(5000, 1), zeros(1, 5000)]),
    opError("MatMul", [zeros(2), zeros(2, 2)]),
    opError("MatMul", [zeros(2, 3), 3]),
    opError("MatMul", [zeros(2, 3), zeros(4, 5)]),
    opError("MatMul", [zeros(2)]),
    opError("MatMul", []),
    opError("Affine", [zeros(2, 2), zeros(2, 3), zeros(2)]),
    opError("RNN", [zeros(1, 2), zeros(2, 3), zeros(2, 3), zeros(3, 3), zeros(3)]),
    opError("RNN", [zeros(2, 2), zeros(2, 3), zeros(2, 3), zeros(3, 2), zeros(3)]),
    opError("RNN", [zeros(2, 2), zeros(2, 2), zeros(2, 3), zeros(2, 2), zeros(3)]),
    opError("Repeat", [3]),
    opError("Repeat", [zeros(1, 2)], { axis: 2 }),
    opError("Sum", [3]),
    opError("Sum", [zeros(2)], { axis: -2 }),
    opError("Softmax", [3]),
    opError("SoftmaxWithLoss", [zeros(1, 1, 1), zeros(1)]),
    opError("SoftmaxWithLoss", [zeros(2, 3), zeros(2, 2)]),
    opError("SoftmaxWithLoss", [zeros(2, 3), [0, 3]]),
    opError("SigmoidWithLoss", [zeros(2, 2), zeros(4)]),
    opError("SigmoidWithLoss", [zeros(3), zeros(2)]),
    opError("SigmoidWithLoss", [zeros(2), [0, 2]]),
    opError("MSELoss", [zeros(2), zeros(1, 2)]),
    opError("Output", [zeros(2, 2)], { grad: [1, 2, 3] }),
    opError("Slice", [3]),
    opError("Slice", [zeros(2, 3)], { axis: 2 }),
    opError("Slice", [zeros(2, 3)], { index: 0, start: 1 }),
    opError("Slice", [zeros(2, 3)], { index: 5 }),
    opError("Slice", [zeros(2, 3)], { index: null, start: 2, stop: 1 }),
    opError("Concat", [3, zeros(2)]),
    opError("Concat", [zeros(2), zeros(2, 2)]),
    opError("Concat", [zeros(2), zeros(2)], { axis: 3 }),
    opError("Concat", [zeros(2, 3), zeros(3, 3)], { axis: 1 }),
    opError("Stack", [zeros(2), zeros(2)], { axis: 5 }),
    opError("Stack", [zeros(3), zeros(2)]),
    opError("Expr", [zeros(2)], { formula: "y^2" }),
    opError("Expr2", [zeros(2), zeros(2)], { formula: "a * c" }),
    opError("Expr2", [zeros(2), zeros(3)], { formula: "a * b" }),
    opError("Expr", [zeros(2)], { formula: "sinn(x)" }),
  ];
}

function graphMessages(): string[] {
  const x = node("x", "Input", { value: 2 });
  const big = (id: string) => node(id, "Input", { value: zeros(16_000_000) });
  return [
    // a value the file reader would refuse, met by the executor
    compile(doc([node("x", "Input", { value: [1, null] })], [])).run().error("x")!,
    thrown(() => compile(doc([node("a", "Tanh"), node("b", "Tanh")], [edge("a", "b", "x"), edge("b", "a", "x")]))),
    thrown(() => compile(doc([node("a", "Convolution")], []))),
    thrown(() => compile(doc([x], []), { target: "ghost" })),
    // past the run's budget, in GiB and in MiB
    thrown(() => compile(doc([big("a"), big("b"), big("c"), big("d"), node("m", "Add"), node("n", "Add")], [edge("a", "m", "a"), edge("b", "m", "b"), edge("c", "n", "a"), edge("d", "n", "b")]))),
    thrown(() => compile(doc([big("a"), big("b"), node("m", "Add")], [edge("a", "m", "a"), edge("b", "m", "b")]))),
    // wiring in the editor
    connect(doc([x, node("t", "Tanh")], []), { source: "x", target: "ghost", targetHandle: "x" }) as string,
    connect(doc([node("a", "Tanh"), node("b", "Tanh")], [edge("a", "b", "x")]), { source: "b", target: "a", targetHandle: "x" }) as string,
    connect(doc([x, node("t", "Tanh")], []), { source: "x", target: "t", targetHandle: "y" }) as string,
    // the gradient check and training
    gradCheck(doc([node("m", "MatMul")], [])).reason ?? "",
    gradCheck(doc([], [])).reason ?? "",
    ...[...gradCheck(doc([node("x", "Input", { value: zeros(1000) }), node("s", "Sum", { axis: null })], [edge("x", "s", "x")]), { maxPerNode: 10 }).nodes.values()].map((c) => c.note ?? ""),
    // y is not upstream of the target t
    ...[...gradCheck(doc([node("x", "Input", { value: 1 }), node("y", "Input", { value: 2 }), node("t", "Tanh")], [edge("x", "t", "x")], { target: "t" })).nodes.values()].map((c) => c.note ?? ""),
    thrown(() => new Trainer(doc([x], []), { type: "SGD", lr: 0.1 })),
    thrown(() => new Trainer(doc([node("W", "Param", { value: 1 }), node("m", "MatMul")], [edge("W", "m", "x")]), { type: "SGD", lr: 0.1 }).step()),
    thrown(() => new Trainer(doc([node("W", "Param", { value: 1e200 }), node("e", "Mul")], [edge("W", "e", "a"), edge("W", "e", "b")]), { type: "SGD", lr: 0.1 }).step()),
    // a finite loss whose update overflows a Param
    thrown(() => new Trainer(doc([node("W", "Param", { value: 1e-10 }), node("e", "Mul"), node("c", "Input", { value: 1e303 })], [edge("W", "e", "a"), edge("c", "e", "b")]), { type: "SGD", lr: 1e6 }).step()),
    // a node that is both a loss's input and its target
    ...[...gradCheck(doc([node("x", "Input", { value: [[1, 0]] }), node("l", "SoftmaxWithLoss")], [edge("x", "l", "x"), edge("x", "l", "t")])).nodes.values()].map((c) => c.note ?? ""),
  ].filter((m) => m !== "");
}

// ---- formulas: the text reader, and the engine's checks of a tree from outside ------------------

const X = { k: "var", name: "x" };
const deep = (n: number): unknown => (n === 0 ? X : { k: "neg", a: deep(n - 1) });
/** a balanced sum of 2^n leaves x + k: many parts, little depth */
const wide = (n: number, k = 1): unknown => (n === 0 ? { k: "add", a: X, b: { k: "num", v: k } } : { k: "add", a: wide(n - 1, 2 * k), b: wide(n - 1, 2 * k + 1) });
/** (…(wide ^ x) ^ x …) ^ x: each level's derivative copies everything below it */
const spine = (n: number): unknown => (n === 0 ? wide(6) : { k: "pow", a: spine(n - 1), b: X });

function formulaMessages(): string[] {
  const read = (text: string) => {
    const r = parseFormulaText(text);
    return typeof r === "string" ? r : `${NOT_REFUSED} formula ${text}`;
  };
  const tree = (t: unknown) => {
    const r = compileFormulaTree("", t as never, ["x"]);
    return typeof r === "string" ? r : `${NOT_REFUSED} tree ${JSON.stringify(t).slice(0, 80)}`;
  };
  return [
    read(""), read("x".repeat(600)), read("(".repeat(40) + "x" + ")".repeat(40)), read("x +"), read("sin"), read("x == 2"), read("a.b(x)"),
    read("sin(x, 2)"), read("x; 2"), read("y = x"), read("x[1]"), read("x ? 1 : 2"), read("[1, 2]"), read("foo(x)"), read("\"abc\""),
    tree({ k: "num", v: Infinity }), tree({ k: "const", name: "tau" }), tree({ k: "var", name: "1x" }), tree({ k: "huh" }), tree(3),
    tree(deep(70)), tree(wide(8)), tree(spine(50)),
  ];
}

// ---- the graph transforms' refusals (engine/transforms): each built to be refused ---------------

function transformMessages(): string[] {
  const why = (r: { ok: boolean; reason?: string }, what: string) => (r.ok ? `${NOT_REFUSED} ${what}` : r.reason!);
  const cellNodes = () => [
    node("x", "Input", { value: zeros(2, 3) }), node("h0", "Input", { value: zeros(2, 4) }), node("Wx", "Param", { value: zeros(3, 4) }),
    node("Wh", "Param", { value: zeros(4, 4) }), node("b", "Param", { value: zeros(4) }), node("rnn", "RNN"),
  ];
  const into = (id: string, x = "x", h = "h0", Wh = "Wh") => [edge(x, id, "x"), edge(h, id, "h_prev"), edge("Wx", id, "Wx"), edge(Wh, id, "Wh"), edge("b", id, "b")];
  const cell = (extra: Partial<GraphDoc> = {}) => doc(cellNodes(), into("rnn"), extra);
  const group = (nodes: string[]) => [{ id: "g", label: "G", nodes, collapsed: false }];
  const cycle = [node("t1", "Tanh"), node("t2", "Tanh")], cycleEdges = [edge("t1", "t2", "x"), edge("t2", "t1", "x")];
  const unrolled = (opts = {}) => {
    const u = unrollRNN(cell(), "rnn", 3, opts);
    if (!u.ok) throw new Error(u.reason);
    return u;
  };
  const fedOnward = (from: string) => {
    const u = unrolled(from === "hs" ? { stack: true } : {});
    const src = from === "hs" ? u.hs! : from;
    return why(rollUp({ ...u.doc, nodes: [...u.doc.nodes, node("o2", "Output")], edges: [...u.doc.edges, edge(src, "o2", "x")] }, u.groupId), `roll up with ${from} fed onward`);
  };
  const mm = (x: unknown, W: unknown, extra: Partial<GraphDoc> = {}) => doc([node("x", "Input", { value: x }), node("W", "Param", { value: W }), node("mm", "MatMul")], [edge("x", "mm", "x"), edge("W", "mm", "W")], extra);
  const one = (type: string, x: unknown) => doc([node("x", "Input", { value: x }), node("n", type)], [edge("x", "n", "x")]);
  return [
    why(unrollRNN(cell(), "ghost", 4), "unroll a missing node"),
    why(unrollRNN(cell(), "x", 4), "unroll an Input"),
    why(unrollRNN(cell(), "Wx", 4), "unroll a Param"),
    why(unrollRNN(cell(), "rnn", 1), "T = 1"),
    why(unrollRNN(cell({ groups: group(["rnn"]) }), "rnn", 4), "unroll in a group"),
    why(unrollRNN(doc(cellNodes(), into("rnn").filter((e) => e.targetHandle !== "b")), "rnn", 4), "unroll without b"),
    why(unrollRNN(doc([...cellNodes(), ...cycle], [...into("rnn"), ...cycleEdges]), "rnn", 4), "unroll in a graph with a cycle"),
    // the RNN errs itself, and one before it errs
    why(unrollRNN(doc([...cellNodes().filter((n) => n.id !== "Wh"), node("Wh", "Param", { value: zeros(3, 3) })], into("rnn")), "rnn", 4), "unroll an RNN that errs"),
    why(unrollRNN(doc([...cellNodes(), node("m", "MatMul")], [...into("rnn", "x", "m"), edge("h0", "m", "x")]), "rnn", 4), "unroll after an error"),
    why(unrollRNN(doc([...cellNodes(), node("xs", "Input", { value: zeros(2, 3, 3) }), node("s", "Slice", { axis: 1, index: 1 })], [...into("rnn", "s"), edge("xs", "s", "x")]), "rnn", 4), "T past the sequence"),
    why(unrollRNN(doc([...cellNodes(), node("tx", "Tanh")], [...into("rnn", "tx"), edge("x", "tx", "x")]), "rnn", 4), "x from a Tanh"),
    why(rollUp(cell(), "ghost"), "roll up a missing group"),
    why(unrolledSteps(cell({ groups: group(["rnn"]) }), "g"), "one RNN"),
    why(unrolledSteps(doc([...cellNodes(), node("r2", "RNN")], [...into("rnn"), ...into("r2")], { groups: group(["rnn", "r2"]) }), "g"), "two RNNs side by side"),
    why(unrolledSteps(doc([...cellNodes(), node("r2", "RNN"), node("r3", "RNN")], [...into("rnn"), ...into("r2", "x", "rnn"), ...into("r3", "x", "rnn")], { groups: group(["rnn", "r2", "r3"]) }), "g"), "h feeds two steps"),
    why(unrolledSteps(doc([...cellNodes(), node("Wh2", "Param", { value: zeros(4, 4) }), node("r2", "RNN")], [...into("rnn"), ...into("r2", "x", "rnn", "Wh2")], { groups: group(["rnn", "r2"]) }), "g"), "steps with two Wh"),
    fedOnward("rnn_2"),
    fedOnward("rnn"),
    fedOnward("hs"),
    why(expandToScalars(mm([[1]], [[1]]), "ghost"), "expand a missing node"),
    why(expandToScalars(one("Tanh", [1, 2]), "n"), "expand a Tanh"),
    why(expandToScalars(mm([[1]], [[1]], { groups: group(["mm"]) }), "mm"), "expand in a group"),
    why(expandToScalars(doc([...mm([[1]], [[1]]).nodes, ...cycle], [...mm([[1]], [[1]]).edges, ...cycleEdges]), "mm"), "expand in a graph with a cycle"),
    why(expandToScalars(doc(mm([[1]], [[1]]).nodes, mm([[1]], [[1]]).edges.filter((e) => e.targetHandle !== "W")), "mm"), "expand without W"),
    why(expandToScalars(doc([...mm([[1]], [[1]]).nodes, node("m0", "MatMul")], [edge("x", "m0", "x"), edge("m0", "mm", "x"), edge("W", "mm", "W")]), "mm"), "expand after an error"),
    why(expandToScalars(mm([[1, 2]], [[1, 2]]), "mm"), "expand a MatMul that errs"),
    why(expandToScalars(one("Sigmoid", zeros(4, 4)), "n"), "expand 16 numbers"),
    why(expandToScalars(mm(zeros(4, 1), zeros(1, 4)), "mm"), "expand into 16 numbers"),
    why(expandToScalars(one("Softmax", zeros(1, 1, 2)), "n"), "expand a 3-D Softmax"),
    why(expandToScalars(one("Softmax", [800, 1]), "n"), "expand a Softmax of 800"),
    why(expandToScalars(mm([[1]], [[1]], { lesson: { title: { en: "a", ja: "あ" }, steps: [{ text: { en: "a", ja: "あ" }, highlight: ["x_mm_x"] }] } }), "mm"), "expand an edge a lesson names"),
  ];
}

// ---- files the reader refuses, for the checks the engine's tests do not reach -------------------

function refusal(file: unknown): string {
  try {
    typeof file === "string" ? parseGraph(file) : validateGraph(file);
  } catch (e) {
    if (!(e instanceof FormatError)) throw e;
    return e.message;
  }
  return `${NOT_REFUSED} ${JSON.stringify(file).slice(0, 600)}`;
}
const good = () => ({
  format: "gradflow",
  version: 1,
  nodes: [
    { id: "x", type: "Input", data: { value: [[1, 2]] } },
    { id: "W", type: "Param", data: { value: [[1], [2]] } },
    { id: "m", type: "MatMul" },
  ],
  edges: [
    { id: "e1", source: "x", target: "m", targetHandle: "x" },
    { id: "e2", source: "W", target: "m", targetHandle: "W" },
  ],
});
const withFile = (change: (f: any) => void) => {
  const f: any = good();
  change(f);
  return refusal(f);
};
const lesson = (l: unknown) => withFile((f) => (f.lesson = l));
const state = (s: unknown, type = "Adam") => withFile((f) => (f.optimizer = { type, state: s }));

function fileMessages(): string[] {
  return [
    refusal("{ nodes: ["),
    // every way a file can fail to be JSON (format.test.ts holds their English)
    ...["", " \n ", '{\n  "format": "gradflow",\n  "nodes": [\n    {"id": "x",}\n  ]\n}', "[1, 2,]", '{"a" 1}', '{"a": 1 "b": 2}', '{"a": [1 2]}', '{"a": }', "{,}", "{\"a\": 'x'}", '{"a": True}', '{"a": NaN}', '{"a": 01}', '{"a": -Infinity}', '{"a": "x\ny"}', '{"a": "\\q"}', '{"a": "\\u12"}', '{"a": "abc', '{"a": [1, 2', '{"a":1}\n\n  x', "{} // a note", '{"😀": tru}'].map(refusal),
    withFile((f) => (f.format = "reactflow")),
    // a key the file does not have: missing, not "got undefined"
    lesson({ title: { en: "a", ja: "あ" }, steps: [{ text: { en: "a", ja: "あ" }, predict: { what: "grad" } }] }),
    lesson({ title: { en: "a", ja: "あ" }, steps: [{ text: { en: "a", ja: "あ" }, predict: { edge: "e1" } }] }),
    withFile((f) => (f.nodes[0].data.value = { init: "spiral" })),
    withFile((f) => (f.nodes[0].data.value = { init: "spiral", part: "labels" })),
    withFile((f) => (f.nodes[0].data.value = { init: "spiral", part: "onehot" })),
    withFile((f) => (f.version = 1.5)),
    withFile((f) => (f.nodes[0].data.value = { init: "randn", shape: [2], fill: 1 })),
    withFile((f) => (f.nodes[0].data.value = { init: "full", shape: [2], fill: 10, scale: 1e308 })),
    withFile((f) => (f.name = 3)),
    withFile((f) => (f.viewport = 3)),
    withFile((f) => (f.nodes[0].position = 3)),
    withFile((f) => (f.optimizer = 3)),
    // a long cycle is shown by its ends
    withFile((f) => {
      const ids = Array.from({ length: 8 }, (_, i) => `a_rather_long_node_name_${i}`);
      f.nodes.push(...ids.map((id) => ({ id, type: "Tanh" })));
      f.edges.push(...ids.map((id, i) => ({ id: `c${i}`, source: id, target: ids[(i + 1) % 8], targetHandle: "x" })));
    }),
    withFile((f) => (f.edges[0].sourceHandle = "y")),
    withFile((f) => (f.edges[0].targetHandle = 3)),
    withFile((f) => (f.edges[1].target = "x")),
    withFile((f) => f.nodes.push({ id: "o", type: "Output" }, { id: "t", type: "Tanh" }) && f.edges.push({ id: "e3", source: "o", target: "t", targetHandle: "x" })),
    withFile((f) => f.nodes.push({ id: "t", type: "Tanh" }, { id: "u", type: "Tanh" }) && f.edges.push({ id: "e3", source: "t", target: "u", targetHandle: "x" }, { id: "e4", source: "u", target: "t", targetHandle: "x" })),
    withFile((f) => (f.edges[1].id = "e1")),
    withFile((f) => (f.edges[1].id = "")),
    withFile((f) => (f.edges[0].target = 3)),
    withFile((f) => (f.edges = 3)),
    withFile((f) => (f.nodes[2].type = 3)),
    withFile((f) => (f.nodes[2].data = { label: 3 })),
    withFile((f) => (f.target = 3)),
    withFile((f) => (f.target = "ghost")),
    withFile((f) => f.nodes.push({ id: "o", type: "Output" }) && (f.target = "o")),
    withFile((f) => (f.groups = 3)),
    withFile((f) => (f.groups = [3])),
    withFile((f) => (f.groups = [{ id: "" }])),
    withFile((f) => (f.groups = [{ id: "g", nodes: ["x"] }, { id: "g", nodes: [] }])),
    withFile((f) => (f.groups = [{ id: "g", label: 3, nodes: [] }])),
    withFile((f) => (f.groups = [{ id: "g", nodes: 3 }])),
    withFile((f) => (f.groups = [{ id: "g", nodes: ["ghost"] }])),
    withFile((f) => (f.groups = [{ id: "g", nodes: ["x"] }, { id: "h", nodes: ["x"] }])),
    withFile((f) => (f.groups = [{ id: "g", nodes: [], collapsed: 1 }])),
    lesson(3),
    lesson({ title: 3, steps: [] }),
    lesson({ title: { en: "a", ja: "あ", de: "x" }, steps: [] }),
    lesson({ title: { en: "a" }, steps: [] }),
    lesson({ title: { en: "a", ja: "あ" }, steps: [] }),
    lesson({ title: { en: "a", ja: "あ" }, steps: [3] }),
    lesson({ title: { en: "a", ja: "あ" }, steps: [{ text: { en: "a", ja: "あ" }, highlight: 3 }] }),
    lesson({ title: { en: "a", ja: "あ" }, steps: [{ text: { en: "a", ja: "あ" }, highlight: ["ghost"] }] }),
    lesson({ title: { en: "a", ja: "あ" }, steps: [{ text: { en: "a", ja: "あ" }, predict: 3 }] }),
    lesson({ title: { en: "a", ja: "あ" }, steps: [{ text: { en: "a", ja: "あ" }, predict: { edge: "ghost", what: "grad" } }] }),
    lesson({ title: { en: "a", ja: "あ" }, steps: [{ text: { en: "a", ja: "あ" }, predict: { edge: "e1", what: "loss" } }] }),
    lesson({ title: { en: "a", ja: "あ" }, steps: [{ text: { en: "a", ja: "あ" }, find: "ghost" }] }),
    lesson({ title: { en: "a", ja: "あ" }, steps: [{ text: { en: "a", ja: "あ" }, find: 3 }] }),
    state(3),
    state({ t: 0, slots: {}, extra: 1 }),
    state({ t: -1, slots: {} }),
    state({ t: 0, slots: 3 }),
    state({ t: 0, slots: { X: {} } }),
    state({ t: 0, slots: { W: 3 } }),
    state({ t: 0, slots: { W: { m: [[0], [0]] } } }),
    state({ t: 0, slots: { W: { m: [[0], [0]], v: [0, 0] } } }),
    state({ t: 0, slots: { W: { m: [], v: [[0], [0]] } } }),
    state({ t: 0, slots: { W: { m: [[0], ["a"]], v: [[0], [0]] } } }),
    state({ t: 0, slots: { W: { m: [[0], [1e999]], v: [[0], [0]] } } }),
    state({ t: 0, slots: { W: { m: [[0], 1], v: [[0], [0]] } } }),
    state({ t: 0, slots: { W: { m: [[0], [0, 1]], v: [[0], [0]] } } }),
    state({ t: 0, slots: { W: { m: [[[[[[[[[0]]]]]]]]], v: [[0], [0]] } } }),
    checkOptimizerState("Adm", {}, new Map(), "optimizer.state") ?? "",
    withFile((f) => (f.nodes[2].data = { label: "mm", note: JSON.parse("{\"a\":".repeat(40) + "1" + "}".repeat(40)) })),
    checkParam({ name: "rate", kind: "number", default: 0.5, max: 1, doc: "" }, 2, "rate", "Dropout") ?? "",
    // an Expr's formula in a file, and datasets
    ...[3, "", "x".repeat(600)].map((formula) => withFile((f) => f.nodes.push({ id: "e", type: "Expr", data: { formula } }))),
    ...[
      { init: "spiral", shape: [4, 2], bogus: 1 }, { init: "spiral", shape: [4, 2], part: "half" }, { init: "spiral", shape: [4, 2], classes: 1 },
      { init: "moons", shape: [4, 2], classes: 3 }, { init: "spiral", shape: [4, 2], noise: -1 }, { init: "spiral", shape: [4] },
      { init: "spiral", shape: [4, 2], part: "labels" }, { init: "spiral", shape: [4, 2], part: "onehot" }, { init: "spiral", shape: [0, 2] },
      { init: "spiral", shape: [4], part: "labels", scale: 2 }, { init: "spiral", shape: [4, 2], scale: 1e308 },
    ].map((value) => withFile((f) => (f.nodes[0].data.value = value))),
  ];
}

// ---- what a learner types into the Value box -------------------------------------------------------

const TYPED = [
  "", "randm(5, 10)", "np.linalg.inv(3)", "[[1, 2, 3], [4, 5]]", "[[[1, 2]], [[1, 2, 3]]]", "[[1], [[2]]]", "[1, [2]]", "[[1], 2]", "[]",
  "[randn(3), randn(3)]", "randn()", "eye()", "full()", "full(2, 2, 7)", "eye(2, 3)", "randn(2.5)", "randn(100000, 100000)",
  "zeros(1, 1, 1, 1, 1, 1, 1, 1, 1)", "[[[[[[[[[1]]]]]]]]]", "randn(2, seed=-1)", "randn(2, sed=1)", "randn(2, foo=1)", "zeros(2, fill=1)",
  "randn(2, seed=1, seed=2)", "randn(seed=1, 2)", "randn(2, 3) + 1", "[1, 2] * [3, 4]", "1 / [1, 2]", "1/0", "1e400", "[1, NaN]", "x", "xx",
  "randn", "\"abc\"", "true", "x = 3", "f(x) = x^2", "1; 2", "1:3", "[1, 2][1]", "x.y", "5!", "randn(5, 10", "zeros((2, 3))", "[1, 2",
  "(1 + 2", "1 +", "1 2 3 )", "2 ==== 3", "{ \"init\": \"randm\", \"shape\": [2] }", "{ \"init\": \"randn\", \"shape\": [2], \"sede\": 1 }",
  "{ \"init\": \"randn\", \"shape\": [2], \"foo\": 1 }", "[".repeat(40) + "1" + "]".repeat(40), "\"x\".constructor(\"return 1\")", "sqrt(2, 3)",
  "array(1, 2)", "randn(2, seed + 1)", "randn(2, scale=[1])", "randn([2, 3], 4)", "full([2, 2], 7, 8)", "randn(2, shape=[2])",
  "foo(2)", "1 ? 2 : 3", "randn(2, x[1]=3)", "Pi", "1 . 2", "1 @ 2", "1 = 2", "randn([[2, 3]])", "randn(shape=zeros(2))", "randn(2, a.b=3)", "randn(2, seed=1.5)", "randn(2, skip=\"a\")",
  "spiral()", "moons()", "moons(2.5)", "labels(3)", "spiral(30, foo=1)", "spiral(30, classes=1.5)",
];

const typedMessages = () => TYPED.map((t) => parseValueText(t)).map((r, i) => (r.ok ? `${NOT_REFUSED} ${TYPED[i]}` : r.error));

// ---- the training worker failing, through the page's own client -------------------------------------

/** A Worker that fails as a browser's can: an error without a message, then a message that cannot be read. */
class FailingWorker {
  onerror: ((e: { message: string; preventDefault(): void }) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  onmessage: unknown = null;
  constructor(readonly fail: "error" | "messageerror") {}
  postMessage(): void {
    queueMicrotask(() => (this.fail === "error" ? this.onerror?.({ message: "", preventDefault() {} }) : this.onmessageerror?.()));
  }
  terminate(): void {}
}

async function workerMessages(): Promise<string[]> {
  const out: string[] = [];
  for (const fail of ["error", "messageerror"] as const) {
    vi.stubGlobal("Worker", class extends FailingWorker { constructor() { super(fail); } });
    out.push(await new Promise<string>((resolve) => startTraining(doc([], []), { type: "SGD", lr: 0.1 }, 1, { onProgress() {}, onDone: () => resolve(`${NOT_REFUSED} worker`), onError: resolve })));
    vi.unstubAllGlobals();
  }
  return out;
}

// ---- the sources: every message written there must be among those produced ----------------------

const SOURCES: [path: string, also?: RegExp][] = [
  ["engine/ops/arithmetic.ts"], ["engine/ops/io.ts"], ["engine/ops/losses.ts"], ["engine/ops/matrix.ts"], ["engine/ops/shape.ts"],
  ["engine/ops/softmax.ts"], ["engine/ops/unary.ts"], ["engine/ops/slicing.ts"], ["engine/ops/expr.ts"], ["engine/tensor.ts"],
  // the formula reader (the engine's checks of a tree, and the text reader on mathjs)
  ["engine/formula/index.ts"], ["engine/formula/tree.ts"], ["notation/formula.ts"],
  // the executor writes "missing input(s)" into a field
  ["engine/executor.ts", /Error = $/],
  ["engine/values.ts"], ["engine/format.ts"], ["engine/wiring.ts"], ["engine/jsonText.ts"], ["engine/optimizerState.ts"], ["engine/names.ts"],
  ["engine/train.ts"],
  // the gradient check's notes are fields of its report
  ["engine/gradcheck.ts", /note: $|note = $/],
  ["worker/trainClient.ts", /\|\| $/], ["worker/trainSession.ts"], ["state/doc.ts"], ["notation/valueText.ts"],
  // the graph transforms give their reasons through refuse(…)
  ["engine/transforms/unroll.ts", /refuse\($/], ["engine/transforms/scalars.ts", /refuse\($/],
];

/** Written in the sources but never shown to a learner, each with why. */
const NOT_SHOWN = [
  // Program's accessors, called with an id that is not in the graph: a programming error
  /^no node "|^no edge "/,
  // stateToJson, writing the page's own state: a programming error
  /^optimizer state: /,
  // a refusal inside mathjs's node classes, which the value reader never evaluates
  / is not available: value text is parsed, never evaluated$/,
  // the worker's checks of the page's own start message (the page sends whole numbers ≥ 1)
  /^reportEvery must be|^the number of steps must be|^paramsEveryMs must be/,
  // an op whose makeScratch takes more than its plan counted: a programming error the executor guards against
  /its scratch takes more than the numbers its plan counted$/,
  // Trainer with no loss and no error: a graph with a Param always seeds a node or an Output
  /^cannot train: nothing produces a loss$/,
  // no migration exists yet: version 1 is the first, and versions below it are refused
  /^version: no migration from version /,
  // a RangeError inside mathjs, which the bracket limit before it keeps from happening
  /^too deeply nested$/,
  // the same for a formula: its own bracket limit comes first
  /^the formula is nested too deeply$/,
  // Expr's rule for the step panel (a port its formula does not read), not a message
  /^0 \(the formula does not read it\)$/,
  // a node's label in the scalar graph (the rows stacked so far), not a message
  /^rows 0…x$/,
];

describe("engine messages in Japanese", () => {
  let corpus: string[] = [];
  beforeAll(async () => {
    corpus = [...new Set([...ENGINE_TESTS.flatMap(expectedInTests), ...opMessages(), ...graphMessages(), ...fileMessages(), ...typedMessages(), ...formulaMessages(), ...transformMessages(), ...(await workerMessages())])];
  });
  afterAll(() => vi.unstubAllGlobals());

  it("every case built to fail does fail, and there are many", () => {
    expect(corpus.filter((m) => m.startsWith(NOT_REFUSED))).toEqual([]);
    expect(corpus.length).toBeGreaterThan(250);
  });

  it("every message the engine produces has a Japanese entry", () => {
    const missing = corpus.filter((m) => !m.startsWith(NOT_REFUSED) && toJapanese(m) === null);
    expect(missing).toEqual([]);
  });

  it("what comes out is Japanese, with the numbers, shapes and names of the English", () => {
    for (const m of corpus) {
      const j = toJapanese(m);
      if (j === null) continue;
      expect(j, m).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      // every number and quoted name of the English is still there
      for (const token of m.match(/"[^"]*"|\(\d[\d, ]*\)|\d+(?:\.\d+)?/g) ?? []) expect(j, m).toContain(token);
    }
  });

  it("reads as the brief's example", () => {
    expect(toJapanese("MatMul: x is (2,3) but W is (4,5): inner sizes 3 and 4 differ")).toBe("MatMul: x は (2,3)、W は (4,5) で、内側のサイズ 3 と 4 が違います");
    expect(toJapanese("missing input W")).toBe("入力 W がつながっていません");
    expect(toJapanese('nodes[2].type: unknown op "Matmul" — did you mean "MatMul"?')).toBe('nodes[2].type: "Matmul" という演算はありません（もしかして "MatMul"？）');
    expect(toJapanese("something the engine never says")).toBeNull();
  });

  it("every message written in the sources is among those produced", () => {
    const unproduced: string[] = [];
    for (const [path, also] of SOURCES)
      for (const w of writtenMessages(path, src(path), also)) {
        const re = writtenPattern(w);
        const text = w.pieces.join("…");
        if (NOT_SHOWN.some((n) => n.test(w.pieces.join("x")))) continue;
        if (!corpus.some((m) => re.test(m))) unproduced.push(`${path}:${w.line} ${text}`);
      }
    expect(unproduced).toEqual([]);
  });

  it("the source reader finds the messages it should (a message it skipped could not fail the test above)", () => {
    const found = (path: string, also?: RegExp) => writtenMessages(path, src(path), also).map((w) => w.pieces.join("{}"));
    expect(found("engine/ops/matrix.ts")).toContain("{} is {} but {} is {}: inner sizes {} and {} differ");
    expect(found("engine/executor.ts", /Error = $/)).toContain("missing input{} {}");
    expect(found("engine/format.ts")).toContain('format: expected "gradflow", got {}');
    expect(found("engine/optimizerState.ts")).toContain(": expected a number, got {}");
    expect(found("notation/valueText.ts").length).toBeGreaterThan(45);
  });

  it("no entry is left unused (a stale entry would hide that its message changed)", () => {
    const used = new Set<string>();
    for (const m of corpus) toJapanese(m, used);
    expect(ENTRIES.map(([en]) => en).filter((p) => !used.has(p))).toEqual([]);
  });

  it("each entry's Japanese uses only the parts its English names", () => {
    const parts = (s: string) => new Set([...s.matchAll(/\{([A-Za-z]\w*)\}/g)].map((m) => m[1]));
    for (const [en, ja] of ENTRIES) for (const p of parts(ja)) expect(parts(en), `${en} → ${ja}`).toContain(p);
  });
});
