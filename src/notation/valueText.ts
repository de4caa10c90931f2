// Text ↔ tensor values, for the inspector and anything else that reads what people type (no DOM,
// no React: it sits beside the engine, not in the view). What a learner may type:
//   10   -2.5   1/3   2^-1   sqrt(2)   pi   e               numbers (constant arithmetic only)
//   [1, 2, 3]   [[1, 2], [3, 4]]   [1, 2; 3, 4]            nested lists (rectangular)
//   randn(5, 10)   rand(3)   zeros(2, 3)   ones(2)   eye(3)   generators, shape as sizes…
//   zeros([2, 3])   full([2, 2], 7)   full(2, 2, fill=7)      …or as one list (full: then the fill)
//   randn(5, 10, seed=1, skip=50, scale=0.5)                named arguments: `name=value`
//   randn(5, 10, seed: 1)                                   (`name: value` is accepted too)
//   randn(10, 3) * sqrt(2/10)   -ones(2)   [1, 2] / 3       a constant factor scales a value
//   np.random.randn(5, 10)   np.zeros(3)   np.array([1, 2])  numpy's prefixes, as pasted from a notebook
//   { "init": "randn", "shape": [2, 3], "seed": 1 }         a generator as graph files write it
//   spiral(300, classes=3, noise=0.2, seed=1)               a dataset's points (N, 2): spiral, circles, moons, xor, blobs
//   labels(spiral(300, classes=3, seed=1))                  …and the same dataset's labels (N,), or onehot(…) (N, C)
// The text goes through a mathjs instance that can only parse (no evaluate, import, units…):
// we walk its syntax tree ourselves and accept only the forms above, so nothing in the text
// can run. A randn/rand without a seed stays seedless: the editor picks one (values.ts needsSeed).
import {
  create,
  factory,
  createAccessorNode,
  createArrayNode,
  createAssignmentNode,
  createBlockNode,
  createConditionalNode,
  createConstantNode,
  createFunctionAssignmentNode,
  createFunctionNode,
  createIndexNode,
  createIsBounded,
  createNode,
  createNumber,
  createNumeric,
  createObjectNode,
  createOperatorNode,
  createParenthesisNode,
  createParse,
  createRangeNode,
  createRelationalNode,
  createResultSet,
  createSymbolNode,
  createTyped,
  type FactoryFunction,
  type MathNode,
} from "mathjs";
import { didYouMean as nearest } from "../engine/names";
import { MAX_SEED } from "../engine/random";
import { formatShape } from "../engine/tensor";
import { checkValue, datasetShape, INITS, isGenerator, MAX_SKIP, type Generator, type InitKind, type TensorValue } from "../engine/values";
import { DATASET_NAMES, DATASET_PARTS, datasetSpec, isDatasetName, type DatasetName, type DatasetPart } from "../engine/datasets";

// mathjs ships these raw factories (lib/esm/factoriesAny.js) but types only the *Dependencies
// bundles, and those would drag matrices and arithmetic into the bundle for `subset`.
declare module "mathjs" {
  export const createParse: FactoryFunction<unknown>, createNumeric: FactoryFunction<unknown>, createNumber: FactoryFunction<unknown>;
  export const createTyped: FactoryFunction<unknown>, createNode: FactoryFunction<unknown>, createIsBounded: FactoryFunction<unknown>;
  export const createResultSet: FactoryFunction<unknown>, createAccessorNode: FactoryFunction<unknown>, createArrayNode: FactoryFunction<unknown>;
  export const createAssignmentNode: FactoryFunction<unknown>, createBlockNode: FactoryFunction<unknown>, createConditionalNode: FactoryFunction<unknown>;
  export const createConstantNode: FactoryFunction<unknown>, createFunctionAssignmentNode: FactoryFunction<unknown>, createFunctionNode: FactoryFunction<unknown>;
  export const createIndexNode: FactoryFunction<unknown>, createObjectNode: FactoryFunction<unknown>, createOperatorNode: FactoryFunction<unknown>;
  export const createParenthesisNode: FactoryFunction<unknown>, createRangeNode: FactoryFunction<unknown>, createRelationalNode: FactoryFunction<unknown>;
  export const createSymbolNode: FactoryFunction<unknown>;
}

/** Node classes ask for `subset` and `size` only to evaluate; ours never do, so they get a refusal. */
const unavailable = (name: string) => factory(name, [], () => () => {
  throw new Error(`${name} is not available: value text is parsed, never evaluated`);
});

let parser: ((text: string) => MathNode) | null = null;
/** Built on first use: the inspector may never be opened. */
export function parseMath(text: string): MathNode {
  if (!parser) {
    const math = create(
      {
        createParse, createNumeric, createNumber, createTyped, createNode, createIsBounded, createResultSet,
        createAccessorNode, createArrayNode, createAssignmentNode, createBlockNode, createConditionalNode,
        createConstantNode, createFunctionAssignmentNode, createFunctionNode, createIndexNode, createObjectNode,
        createOperatorNode, createParenthesisNode, createRangeNode, createRelationalNode, createSymbolNode,
        subset: unavailable("subset"),
        size: unavailable("size"),
      },
      { number: "number" },
    );
    parser = math.parse as (text: string) => MathNode;
  }
  return parser(text);
}

export type ParsedValue = { ok: true; value: TensorValue } | { ok: false; error: string };

/** Thrown inside the walk; its message is what the learner reads. */
class ValueTextError extends Error {}
const fail = (msg: string): never => {
  throw new ValueTextError(msg);
};

/** What a piece of text stands for while it is being read. */
type Val = { kind: "num"; v: number } | { kind: "list"; v: unknown[]; shape: number[] } | { kind: "gen"; g: Generator };

// Maps, not object literals: "constructor" or "__proto__" typed in must not find Object's members.
const CONSTANTS = new Map([["pi", Math.PI], ["e", Math.E]]);
const MATH = new Map<string, (x: number) => number>([["sqrt", Math.sqrt], ["exp", Math.exp], ["log", Math.log]]);
const FUNCTIONS = [...INITS, ...MATH.keys(), "array", ...DATASET_NAMES, ...DATASET_PARTS];
const NAMED = ["seed", "skip", "scale", "fill", "shape"];
const DATASET_NAMED = ["classes", "noise", "seed", "scale"];
const FIELDS = ["init", ...NAMED, "classes", "noise", "part"];
const MAX_NESTING = 32;
const HELP = "type a number, a list like [[1, 2], [3, 4]], or a generator like randn(5, 10)";

/** Parses what a learner types: `[[1, 2], [3, 4]]`, `10`, `randn(5, 10, seed=1)`, `zeros(3)`, ... */
export function parseValueText(text: string): ParsedValue {
  const src = text.trim();
  if (src === "") return { ok: false, error: `empty: ${HELP}` };
  try {
    const fast = parseJson(src);
    if (fast !== undefined) return { ok: true, value: fast };
    checkNesting(src);
    let tree: MathNode;
    try {
      tree = parseMath(src);
    } catch (e) {
      const msg = (e as Error).message;
      return { ok: false, error: /\(\s*\(/.test(src) ? `${msg}: write a shape as zeros(2, 3) or zeros([2, 3])` : `cannot read it: ${msg}` };
    }
    const value = toValue(read(unwrap(tree)));
    const err = checkValue(value, "value");
    if (err) fail(err.replace(/^value(: |\.)/, ""));
    return { ok: true, value };
  } catch (e) {
    if (e instanceof ValueTextError) return { ok: false, error: e.message };
    if (e instanceof RangeError) return { ok: false, error: "too deeply nested" };
    throw e;
  }
}

/** Plain JSON (a pasted matrix, a generator object) needs no expression parser; anything odd falls through for a better message. */
function parseJson(src: string): TensorValue | undefined {
  if (!/^[[{\d-]/.test(src)) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(src);
  } catch {
    return undefined;
  }
  return (typeof v === "number" || Array.isArray(v) || isGenerator(v)) && checkValue(v, "value") === null ? (v as TensorValue) : undefined;
}

/** mathjs parses recursively: refuse absurd nesting before it can exhaust the stack. */
function checkNesting(src: string): void {
  let depth = 0;
  for (const c of src) {
    if (c === "(" || c === "[" || c === "{") {
      if (++depth > MAX_NESTING) fail(`too deeply nested (more than ${MAX_NESTING} brackets)`);
    } else if (c === ")" || c === "]" || c === "}") depth--;
  }
}

/** A trailing newline makes mathjs wrap the value in a block of one. */
function unwrap(node: MathNode): MathNode {
  if (node.type !== "BlockNode") return node;
  const blocks = (node as unknown as { blocks: { node: MathNode }[] }).blocks;
  if (blocks.length !== 1) fail(`one value only (no ";" or several lines): ${HELP}`);
  return blocks[0].node;
}

function toValue(v: Val): TensorValue {
  if (v.kind === "num") return v.v;
  if (v.kind === "list") return v.v as TensorValue;
  return v.g;
}

/** Short text of a node for messages. */
const show = (node: MathNode): string => {
  const s = node.toString();
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
};

function finite(x: number, node: MathNode): number {
  if (!Number.isFinite(x)) fail(node.type === "ConstantNode" ? `${x} is not a finite number` : `${show(node)} gives ${x}, not a finite number`);
  return x;
}

function read(node: MathNode): Val {
  switch (node.type) {
    case "ConstantNode": {
      const v = (node as unknown as { value: unknown }).value;
      if (typeof v === "number") return { kind: "num", v: finite(v, node) };
      if (typeof v === "string") return fail(`"${v}" is text, not a number`);
      return fail(`${String(v)} is not a number`);
    }
    case "ParenthesisNode":
      return read((node as unknown as { content: MathNode }).content);
    case "SymbolNode": {
      const name = (node as unknown as { name: string }).name;
      const c = CONSTANTS.get(name);
      if (c !== undefined) return { kind: "num", v: c };
      if (FUNCTIONS.includes(name))
        return fail(`${name} is a function: call it, like ${name === "eye" ? "eye(3)" : isDatasetName(name) ? `${name}(300)` : DATASET_PARTS.includes(name as DatasetPart) ? `${name}(spiral(300))` : `${name}(2, 3)`}`);
      return fail(`unknown name "${name}"${didYouMean(name, [...CONSTANTS.keys()])} (${HELP})`);
    }
    case "OperatorNode":
      return operator(node as unknown as { op: string; fn: string; args: MathNode[] }, node);
    case "ArrayNode":
      return list((node as unknown as { items: MathNode[] }).items.map(read));
    case "FunctionNode":
      return call(node as unknown as { fn: MathNode; args: MathNode[] });
    case "ObjectNode":
      return generatorObject((node as unknown as { properties: Record<string, MathNode> }).properties);
    case "AssignmentNode":
      return fail(`"=" only names an argument, as in randn(5, 10, seed=1)`);
    case "FunctionAssignmentNode":
      return fail(`defining functions is not supported here: ${HELP}`);
    case "RangeNode":
      return fail(`ranges like 1:3 are not supported here: write the list, [1, 2, 3]`);
    case "AccessorNode":
    case "IndexNode":
      return fail(`indexing (${show(node)}) is not supported here: ${HELP}`);
    default:
      return fail(`${show(node)} is not a value: ${HELP}`);
  }
}

function operator(op: { op: string; fn: string; args: MathNode[] }, node: MathNode): Val {
  const args = op.args.map(read);
  const [a, b] = args;
  const num = (x: number) => ({ kind: "num", v: finite(x, node) }) as const;
  switch (op.fn) {
    case "unaryMinus":
      return scaled(a, -1, node);
    case "unaryPlus":
      return a;
    case "add":
    case "subtract":
    case "pow":
      if (a.kind !== "num" || b.kind !== "num")
        return fail(`${op.op} works on numbers only here: a tensor can only be scaled, like randn(3) * 0.5`);
      return num(op.fn === "add" ? a.v + b.v : op.fn === "subtract" ? a.v - b.v : a.v ** b.v);
    case "multiply":
      if (a.kind === "num") return scaled(b, a.v, node);
      if (b.kind === "num") return scaled(a, b.v, node);
      return fail(`only a number can scale a tensor (${show(node)}): multiplying tensors is a Mul or MatMul node's job`);
    case "divide":
      if (b.kind !== "num") return fail(`only a number can divide here (${show(node)}): dividing by a tensor is a Div node's job`);
      if (a.kind === "num") return num(a.v / b.v);
      return scaled(a, finite(1 / b.v, node), node);
    default:
      return fail(`operator "${op.op}" is not supported here (use + - * / ^)`);
  }
}

/** A value times a constant: numbers and lists multiply through, a generator records its scale. */
function scaled(v: Val, k: number, node: MathNode): Val {
  if (v.kind === "num") return { kind: "num", v: finite(v.v * k, node) };
  if (v.kind === "list") {
    const mul = (x: unknown): unknown => (Array.isArray(x) ? x.map(mul) : finite((x as number) * k, node));
    return { kind: "list", v: v.v.map(mul), shape: v.shape };
  }
  return { kind: "gen", g: { ...v.g, scale: finite((v.g.scale ?? 1) * k, node) } };
}

/** A list literal: every item a number, or every item a list of one shape. */
function list(items: Val[]): Val {
  if (items.length === 0) return fail("an empty list is not a tensor");
  const first = items[0];
  if (items.some((x) => x.kind === "gen")) return fail("a generator cannot go inside a list: write randn(2, 3), not [randn(3), randn(3)]");
  if (first.kind === "num") {
    if (items.some((x) => x.kind !== "num")) return fail("cannot mix numbers and lists in one list");
    return { kind: "list", v: items.map((x) => (x as { v: number }).v), shape: [items.length] };
  }
  const shape = (first as { shape: number[] }).shape;
  for (const x of items) {
    if (x.kind === "num") return fail("cannot mix numbers and lists in one list");
    const s = (x as { shape: number[] }).shape;
    if (s.length !== shape.length) return fail(`rows have different depths (${formatShape(shape)} and ${formatShape(s)})`);
    if (s[0] !== shape[0]) return fail(`rows have different lengths (${shape[0]} and ${s[0]})`);
    if (s.some((d, i) => d !== shape[i])) return fail(`rows have different shapes (${formatShape(shape)} and ${formatShape(s)})`);
  }
  return { kind: "list", v: items.map((x) => (x as { v: unknown[] }).v), shape: [items.length, ...shape] };
}

/** The called name: `randn`, or numpy's `np.random.randn`, `np.zeros`, `numpy.eye`. */
function functionName(fn: MathNode): string {
  if (fn.type === "SymbolNode") return (fn as unknown as { name: string }).name;
  const parts: string[] = [];
  let n: MathNode = fn;
  while (n.type === "AccessorNode") {
    const { object, index } = n as unknown as { object: MathNode; index: { dimensions: MathNode[]; dotNotation: boolean } };
    const key = index.dimensions[0] as unknown as { value: unknown };
    if (!index.dotNotation || typeof key.value !== "string") fail(`indexing (${show(fn)}) is not supported here: ${HELP}`);
    parts.unshift(key.value as string);
    n = object;
  }
  if (n.type === "SymbolNode") parts.unshift((n as unknown as { name: string }).name);
  else fail(`${show(fn)} is not a function name: ${HELP}`);
  const name = parts[parts.length - 1];
  const prefix = parts.slice(0, -1).join(".");
  const numpy = ["np", "numpy", "np.random", "numpy.random"];
  if (!numpy.includes(prefix)) fail(`unknown function "${parts.join(".")}"${didYouMean(name, FUNCTIONS)}`);
  return name;
}

function call(node: { fn: MathNode; args: MathNode[] }): Val {
  const name = functionName(node.fn);
  if (!FUNCTIONS.includes(name)) return fail(`unknown function "${name}"${didYouMean(name, FUNCTIONS) || ` (known: ${FUNCTIONS.join(", ")})`}`);
  const positional: { val: Val; node: MathNode }[] = [];
  const named = new Map<string, { val: Val; node: MathNode }>();
  for (const arg of node.args) {
    const kw = namedArg(arg);
    if (!kw) {
      if (named.size) fail(`${name}: a plain argument cannot follow a named one`);
      positional.push({ val: readArg(arg), node: arg });
      continue;
    }
    if (named.has(kw.name)) fail(`${name}: ${kw.name} is given twice`);
    named.set(kw.name, { val: readArg(kw.value), node: kw.value });
  }
  if (isDatasetName(name)) return dataset(name, positional, named);
  if (DATASET_PARTS.includes(name as DatasetPart)) return datasetPart(name as DatasetPart, positional, named);
  const math = MATH.get(name);
  if (math) {
    if (positional.length !== 1 || named.size || positional[0].val.kind !== "num") fail(`${name} takes one number, like ${name}(2)`);
    const x = (positional[0].val as { v: number }).v;
    return { kind: "num", v: finite(math(x), node as unknown as MathNode) };
  }
  if (name === "array") {
    if (positional.length !== 1 || named.size) fail("array takes one list, like array([1, 2])");
    return positional[0].val;
  }
  return generator(name as InitKind, positional, named);
}

/** An argument; `[]` is allowed here, as the shape of a 0-d tensor (`randn([])`). */
function readArg(node: MathNode): Val {
  if (node.type === "ArrayNode" && (node as unknown as { items: MathNode[] }).items.length === 0) return { kind: "list", v: [], shape: [0] };
  return read(node);
}

/** `seed=1` (an assignment) or `seed: 1` (a range, to mathjs) → the argument's name and value. */
function namedArg(arg: MathNode): { name: string; value: MathNode } | null {
  if (arg.type === "AssignmentNode") {
    const a = arg as unknown as { object: MathNode; index: unknown; value: MathNode };
    if (a.object.type !== "SymbolNode" || a.index) fail(`${show(arg)}: a named argument is written like seed=1`);
    return { name: (a.object as unknown as { name: string }).name, value: a.value };
  }
  if (arg.type === "RangeNode") {
    const r = arg as unknown as { start: MathNode; end: MathNode; step: MathNode | null };
    if (r.start.type !== "SymbolNode" || r.step) return null; // 1:3 is a range: read() says so
    return { name: (r.start as unknown as { name: string }).name, value: r.end };
  }
  return null;
}

function whole(v: Val, what: string, min: number, max: number): number {
  if (v.kind !== "num" || !Number.isInteger(v.v) || v.v < min || v.v > max)
    return fail(`${what} must be a whole number from ${min} to ${max}, got ${describeVal(v)}`);
  return v.v;
}

function numberArg(v: Val, what: string): number {
  return v.kind === "num" ? v.v : fail(`${what} must be a number, got ${describeVal(v)}`);
}

const describeVal = (v: Val): string => (v.kind === "num" ? String(v.v) : v.kind === "list" ? `a list of shape ${formatShape(v.shape)}` : `${v.g.init}(...)`);

/** A list of sizes: [2, 3], or [] for a 0-d tensor. */
function shapeFrom(v: Val, init: string): number[] {
  if (v.kind === "list" && v.shape.length === 1) return v.v.map((d) => sizeOf({ kind: "num", v: d as number }, init));
  if (v.kind === "num") return [sizeOf(v, init)];
  return fail(`${init}: a shape is sizes like ${init}(2, 3) or one list like ${init}([2, 3]), not ${describeVal(v)}`);
}

function sizeOf(v: Val, init: string): number {
  if (v.kind !== "num" || !Number.isInteger(v.v) || v.v < 1) return fail(`${init}: sizes must be whole numbers ≥ 1, got ${describeVal(v)}`);
  return v.v;
}

function generator(init: InitKind, positional: { val: Val; node: MathNode }[], named: Map<string, { val: Val; node: MathNode }>): Val {
  for (const k of named.keys()) if (!NAMED.includes(k)) fail(`${init} has no argument "${k}"${didYouMean(k, NAMED) || ` (it takes ${NAMED.join(", ")})`}`);
  if (named.has("fill") && init !== "full") fail(`only full takes a fill (${init} fills with ${init === "zeros" ? "0" : init === "ones" ? "1" : "random numbers"})`);
  let shape: number[] | undefined;
  let fill = named.get("fill")?.val;
  const shapeArg = named.get("shape")?.val;
  if (shapeArg) {
    if (positional.length) fail(`${init}: give the shape once, either as sizes or as shape=[...]`);
    shape = shapeFrom(shapeArg, init);
  } else if (positional.length && positional[0].val.kind === "list") {
    shape = shapeFrom(positional[0].val, init);
    const rest = positional.slice(1);
    if (init === "full" && rest.length === 1 && !fill) fill = rest[0].val;
    else if (rest.length) fail(`${init}: after the shape list ${init === "full" ? "comes only the fill" : "no more sizes"}: ${init === "full" ? "full([2, 2], 7)" : `${init}([2, 3])`}`);
  } else if (positional.length) {
    shape = positional.map((p) => sizeOf(p.val, init));
  }
  if (!shape) return fail(`${init} needs a shape, like ${init === "eye" ? "eye(3)" : init === "full" ? "full(2, 2, fill=7)" : `${init}(5, 10)`}`);
  if (init === "eye" && shape.length === 1) shape = [shape[0], shape[0]];
  if (init === "eye" && (shape.length !== 2 || shape[0] !== shape[1])) return fail(`eye needs one size n (an n×n identity), like eye(3); got ${formatShape(shape)}`);

  const g: Generator = { init, shape };
  if (init === "full") {
    if (!fill) return fail("full needs the number to fill with: full(2, 2, fill=7) or full([2, 2], 7)");
    g.fill = numberArg(fill, "fill");
  }
  const seed = named.get("seed")?.val, skip = named.get("skip")?.val, scale = named.get("scale")?.val;
  if (seed) g.seed = whole(seed, "seed", 0, MAX_SEED);
  if (skip) g.skip = whole(skip, "skip", 0, MAX_SKIP);
  if (scale) g.scale = numberArg(scale, "scale");
  return { kind: "gen", g };
}

/** `spiral(300, classes=3, noise=0.2, seed=1)`: a dataset's points. */
function dataset(name: DatasetName, positional: { val: Val; node: MathNode }[], named: Map<string, { val: Val; node: MathNode }>): Val {
  for (const k of named.keys()) if (!DATASET_NAMED.includes(k)) fail(`${name} has no argument "${k}"${didYouMean(k, DATASET_NAMED) || ` (it takes ${DATASET_NAMED.join(", ")})`}`);
  if (positional.length !== 1) return fail(`${name} takes the number of points, like ${name}(300)${datasetSpec(name)!.classes.max > 2 ? ` or ${name}(300, classes=4)` : ""}`);
  const n = positional[0].val;
  if (n.kind !== "num" || !Number.isInteger(n.v) || n.v < 1) return fail(`${name}: the number of points must be a whole number ≥ 1, got ${describeVal(n)}`);
  const g: Generator = { init: name, shape: [n.v, 2] };
  const classes = named.get("classes")?.val, noise = named.get("noise")?.val, seed = named.get("seed")?.val, scale = named.get("scale")?.val;
  if (classes) g.classes = whole(classes, "classes", 1, 1_000_000);
  if (noise) g.noise = numberArg(noise, "noise");
  if (seed) g.seed = whole(seed, "seed", 0, MAX_SEED);
  if (scale) g.scale = numberArg(scale, "scale");
  return { kind: "gen", g };
}

/** `labels(spiral(300, seed=1))`: the same dataset's labels (or points, or one-hot labels). */
function datasetPart(part: DatasetPart, positional: { val: Val; node: MathNode }[], named: Map<string, unknown>): Val {
  const inner = positional.length === 1 && !named.size ? positional[0].val : null;
  if (!inner || inner.kind !== "gen" || !isDatasetName(inner.g.init) || inner.g.part !== undefined)
    return fail(`${part} takes a dataset, like ${part}(spiral(300, seed=1))`);
  const g = inner.g;
  return { kind: "gen", g: { ...g, part, shape: datasetShape(part, g.shape[0], g.classes ?? datasetSpec(g.init)!.classes.default) } };
}

/** `{ "init": "randn", "shape": [2, 3], "seed": 1 }`: the file's own form of a generator. */
function generatorObject(props: Record<string, MathNode>): Val {
  const g: Record<string, unknown> = {};
  // mathjs stores a "__proto__" key by assigning it, which swaps the object's prototype
  if (Object.getPrototypeOf(props) !== Object.prototype) fail('a generator has no field "__proto__"');
  for (const [k, node] of Object.entries(props)) {
    if (!FIELDS.includes(k)) fail(`a generator has no field "${k}"${didYouMean(k, FIELDS) || ` (it has: ${FIELDS.join(", ")})`}`);
    if ((k === "init" || k === "part") && node.type === "ConstantNode") {
      g[k] = (node as unknown as { value: unknown }).value;
      continue;
    }
    const v = readArg(node);
    g[k] = v.kind === "list" && v.shape[0] === 0 ? [] : toValue(v);
  }
  const err = checkValue(g, "value");
  if (err) fail(err.replace(/^value\./, ""));
  return { kind: "gen", g: g as unknown as Generator };
}

/** ` — did you mean "randn"?` for a near miss (case, or at most two letters off), else "". */
function didYouMean(name: string, known: readonly string[]): string {
  // a short name is easily near a wrong one ("foo" is two letters from "log"): one letter off, below four
  const near = nearest(name, known, Math.min(2, name.length - 2));
  return near ? ` — did you mean "${near}"?` : "";
}

export { formatValueText } from "./valueFormat";
