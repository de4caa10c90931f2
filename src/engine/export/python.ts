// What the NumPy and the PyTorch exports share (FORMAT.md section 5): the graph as Gradflow ran
// it (order, seeds, which node got a gradient), Python names made from node ids and labels,
// Python literals for numbers and tensors, the generators as numpy's legacy RandomState draws
// them, and the JSON lines the scripts print. Pure: the editor's `Export code` calls it too.
import { compile, resolveParams, type Program } from "../executor";
import type { GraphDoc } from "../graph";
import { getOp, type OpSpec, type PortSpec } from "../ops";
import type { Params } from "../ops/types";
import { isDatasetName } from "../datasets";
import { sameShape, sizeOf, toNested, type Nested, type Shape } from "../tensor";
import { describeGenerator, isGenerator, materialize, type Generator, type TensorValue } from "../values";

/** A graph that cannot be exported (too large to write out as a script). */
export class ExportError extends Error {
  override name = "ExportError";
}

export interface ExportOptions {
  /** differentiate this node's output instead of the file's seeds, as `run --target` (undefined: the file's own target) */
  target?: string | null;
}

/**
 * The most numbers a script writes out (tensors in the file, and the gradients a PyTorch script
 * checks): a script is for reading and running, and 2,000,000 numbers are already some 40 MB of text.
 */
export const MAX_SCRIPT_NUMBERS = 2_000_000;

/** How closely the exported scripts reproduce Gradflow's numbers (FORMAT.md section 5). */
export const RELATIVE_TOLERANCE = 1e-12;
/**
 * Below this fraction of the run's largest magnitude, a number is rounding noise: a gradient
 * that is zero in exact arithmetic (Σ softmax, seeded with ones) comes out as ±1e-17 in one
 * program and 0 in another, and no relative tolerance can compare noise.
 */
export const NOISE_FLOOR = 1e-13;

export interface InEdge {
  readonly edge: string;
  readonly source: string;
  readonly port: PortSpec;
}

export interface OutEdge {
  readonly edge: string;
  readonly target: string;
  readonly port: string;
}

/** One node as the exporters see it, after Gradflow has run the graph. */
export interface NodePlan {
  readonly id: string;
  readonly op: OpSpec;
  readonly data: Record<string, unknown>;
  /** the op's parameters with defaults filled in (tensors as stand-ins: read them from `data`) */
  readonly params: Params;
  readonly label: string | undefined;
  /** it ran (no error here or upstream) */
  readonly ok: boolean;
  /** why it did not run: its own error, or the node upstream that erred */
  readonly error: string | null;
  /** the shape of its output, when it ran */
  readonly shape: Shape | null;
  /** by input port; null: unconnected */
  readonly ins: readonly (InEdge | null)[];
  /** sorted by edge id: the order in which Gradflow adds their gradients up (the Branch rule) */
  readonly outs: readonly OutEdge[];
  /** backward starts here, with ones of its shape (a loss: 1) */
  readonly seeded: boolean;
  /** an Output that starts backward with its grad */
  readonly seedsInput: boolean;
  /** a gradient reached it (its gradient is not null in run's result) */
  readonly hasGrad: boolean;
  /** its backward ran, so every input port that takes a gradient got one */
  readonly ranBackward: boolean;
  /** the Python name of its value */
  readonly name: string;
}

export interface GraphPlan {
  readonly doc: GraphDoc;
  readonly program: Program;
  /** every node, in Gradflow's topological order */
  readonly nodes: readonly NodePlan[];
  readonly byId: ReadonlyMap<string, NodePlan>;
  /** the node differentiated instead of the seeds, or null */
  readonly target: string | null;
  /** the names already taken; exporters take theirs from it */
  readonly namer: Namer;
}

/** Runs the graph and gathers what an exporter needs; the names of values are taken first. */
export function planGraph(doc: GraphDoc, reserved: readonly string[], opts: ExportOptions = {}): GraphPlan {
  const program = compile(doc, opts.target !== undefined ? { target: opts.target } : {}).run();
  const docNode = new Map(doc.nodes.map((n) => [n.id, n]));
  const docEdge = new Map(doc.edges.map((e) => [e.id, e]));
  const namer = new Namer(reserved);
  const nodes = program.allIds.map((id): NodePlan => {
    const n = docNode.get(id)!;
    const op = getOp(n.type)!;
    const ok = program.status(id) === "ok";
    const value = program.value(id);
    const ins = program.inEdges(id).map((e, i): InEdge | null => (e === null ? null : { edge: e, source: docEdge.get(e)!.source, port: op.inputs[i] }));
    const outs = program.outEdges(id).map((e): OutEdge => ({ edge: e, target: docEdge.get(e)!.target, port: docEdge.get(e)!.targetHandle }));
    const seedsInput = op.role === "sink" && program.target === null;
    const hasGrad = op.role !== "sink" && program.grad(id) !== null;
    const label = typeof n.data.label === "string" ? n.data.label : undefined;
    return {
      id, op, data: n.data, params: resolveParams(op, n.data, true), label, ok,
      error: ok ? null : (program.error(id) ?? blockedBy(program, ins)),
      shape: value ? value.shape : null, ins, outs,
      seeded: program.isSeeded(id), seedsInput, hasGrad, ranBackward: ok && (hasGrad || seedsInput),
      // an Output's name only appears in comments and in dout_<name>: it takes no variable
      name: op.role === "sink" ? nameFor(id, label) : namer.take(nameFor(id, label)),
    };
  });
  return { doc, program, nodes, byId: new Map(nodes.map((n) => [n.id, n])), target: program.target, namer };
}

/** "blocked: x has an error", for a node downstream of one that erred */
function blockedBy(p: Program, ins: readonly (InEdge | null)[]): string {
  const bad = ins.find((e) => e && p.status(e.source) !== "ok");
  return bad ? `not run: its input ${bad.port.name} comes from ${JSON.stringify(bad.source)}, which did not run` : "not run";
}

/** How many numbers a script would write out for these tensors, checked against MAX_SCRIPT_NUMBERS. */
export function checkScriptSize(numbers: number): void {
  if (numbers > MAX_SCRIPT_NUMBERS)
    throw new ExportError(
      `the script would write out ${numbers.toLocaleString("en-US")} numbers, more than an exported script holds (${MAX_SCRIPT_NUMBERS.toLocaleString("en-US")}): use generators ({ "init": "randn", … }) for large tensors, or export the graph as a file`,
    );
}

/** How many numbers a tensor value writes out as a literal: a generator none, a dataset its numbers (it is written out). */
export function literalSize(v: unknown): number {
  if (typeof v === "number") return 1;
  if (Array.isArray(v)) return v.reduce((s: number, x) => s + literalSize(x), 0);
  if (isGenerator(v) && isDatasetName(v.init) && Array.isArray(v.shape)) return sizeOf(v.shape as number[]);
  return 0;
}

// ---- names ------------------------------------------------------------------------------

const KEYWORDS = [
  "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else",
  "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
  "return", "try", "while", "with", "yield", "match", "case", "type",
];
/** Python's builtins: a module-level name that shadows one would break the helpers that call it. */
const BUILTINS = [
  "abs", "all", "any", "ascii", "bin", "bool", "breakpoint", "bytearray", "bytes", "callable", "chr", "classmethod", "compile",
  "complex", "delattr", "dict", "dir", "divmod", "enumerate", "eval", "exec", "exit", "filter", "float", "format", "frozenset",
  "getattr", "globals", "hasattr", "hash", "help", "hex", "id", "input", "int", "isinstance", "issubclass", "iter", "len", "list",
  "locals", "map", "max", "memoryview", "min", "next", "object", "oct", "open", "ord", "pow", "print", "property", "quit", "range",
  "repr", "reversed", "round", "set", "setattr", "slice", "sorted", "staticmethod", "str", "sum", "super", "tuple", "vars", "zip",
  "Exception", "AssertionError", "ValueError", "TypeError",
];
/** What every exported script defines itself. */
const SCRIPT_NAMES = ["np", "json", "math", "sys", "show", "as_json", "from_json"];

/** A name as Python can have it: ASCII letters, digits and _, not starting with a digit or _, at most 40 characters. */
export function pythonName(text: string): string {
  let s = text.replace(/[^A-Za-z0-9_]+/g, "_").replace(/_+/g, "_").replace(/^_+|_+$/g, "");
  if (s === "") s = "node";
  // a leading digit is not allowed; a leading _ would make __builtins__ and friends possible
  if (/^[0-9]/.test(s)) s = `n${s}`;
  return s.slice(0, 40);
}

/** A node's name in the script: its label when the label is already a Python variable's name (`scores`, `h_next`), else its id made into one. */
export function nameFor(id: string, label: string | undefined): string {
  // a lower-case word only: "Linear" or "CELoss" as a variable would read like a class
  if (label !== undefined && /^[a-z][A-Za-z0-9_]{0,29}$/.test(label)) return label;
  return pythonName(id);
}

/** Hands out Python names, each once: a taken one gets _2, _3, …; keywords and builtins are never handed out. */
export class Namer {
  private readonly used = new Set<string>([...KEYWORDS, ...BUILTINS, ...SCRIPT_NAMES]);
  constructor(reserved: readonly string[] = []) {
    for (const r of reserved) this.used.add(r);
  }
  take(want: string): string {
    const base = pythonName(want);
    let name = base;
    for (let k = 2; this.used.has(name); k++) name = `${base}_${k}`;
    this.used.add(name);
    return name;
  }
}

// ---- literals ---------------------------------------------------------------------------

/** A finite number as Python reads it back to the same float64 (JS's shortest round-trip digits). */
export function pyNumber(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`not a finite number: ${x}`);
  if (Object.is(x, -0)) return "-0.0";
  return String(x);
}

/** A float literal: 10 → 10.0 */
export function pyFloat(x: number): string {
  const s = pyNumber(x);
  return /^-?\d+$/.test(s) ? `${s}.0` : s;
}

/** A string literal (JSON's escapes are Python's). */
export function pyString(s: string): string {
  return JSON.stringify(s);
}

/** A shape as a tuple: (5, 10), (3,), (). */
export function pyShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/** Text for a comment: one line, no control characters, not too long. */
export function commentText(s: string, max = 100): string {
  const one = s.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g, " ").trim();
  return one.length <= max ? one : `${one.slice(0, max - 1)}…`;
}

/** Nested lists of numbers, a row per line when long, indented under `indent`. */
export function pyNested(v: Nested, indent = ""): string {
  const flat = (x: Nested): string => (Array.isArray(x) ? `[${x.map(flat).join(", ")}]` : pyNumber(x));
  const one = flat(v);
  if (one.length <= 100 || !Array.isArray(v) || !Array.isArray(v[0])) return one;
  const inner = indent + " ";
  return `[${v.map((row, i) => (i ? inner : "") + pyNested(row, inner)).join(",\n")}]`;
}

/** Nested lists in which non-finite numbers are the strings "NaN", "Infinity", "-Infinity" (run's JSON). */
export function pyJsonTensor(v: unknown): string {
  if (v === null) return "None";
  if (Array.isArray(v)) return `[${v.map(pyJsonTensor).join(", ")}]`;
  if (typeof v === "string") return pyString(v);
  return pyNumber(v as number);
}

// ---- values -----------------------------------------------------------------------------

/**
 * Where numpy's global RandomState stands, so that a generator that continues the previous one's
 * stream (same seed, same kind, `skip` = what was drawn) is written without reseeding: as the
 * notebooks write `np.random.seed(1); x = randn(5, 10); W = randn(10, 3)`.
 */
export interface Stream {
  kind: "randn" | "rand";
  seed: number;
  drawn: number;
}

export interface ValueCode {
  /** statements before the value: seeding, skipping */
  readonly setup: string[];
  /** a numpy expression of the value (float64) */
  readonly expr: string;
  /** a short note for the value's comment (empty when none) */
  readonly note: string;
}

/** A tensor value of a file as numpy code; `stream` is updated by random generators. */
export function valueCode(v: TensorValue, state: { stream: Stream | null }, indent = ""): ValueCode {
  if (!isGenerator(v)) {
    if (typeof v === "number") return { setup: [], expr: `np.array(${pyFloat(v)})`, note: "" };
    return { setup: [], expr: `np.array(${pyNested(v, indent + "         ")}, dtype=float)`, note: "" };
  }
  const g = v as Generator;
  if (isDatasetName(g.init)) {
    // a dataset is written out as the numbers Gradflow made: exact, and no loop of draws to mirror
    const t = materialize(g);
    const expr = t.shape.length ? `np.array(${pyNested(toNested(t) as Nested, indent + "         ")}, dtype=float)` : `np.array(${pyFloat(t.data[0])})`;
    return { setup: [], expr, note: `the numbers of ${describeGenerator(g)}` };
  }
  const scale = g.scale ?? 1;
  const scaled = (e: string) => (scale === 1 ? e : `${e} * ${pyNumber(scale)}`);
  const shape = pyShape(g.shape);
  switch (g.init) {
    case "randn":
    case "rand": {
      // Gradflow draws from seed 0 when a generator has none (the editor and the command line write one first)
      const seed = g.seed ?? 0, skip = g.skip ?? 0, n = g.shape.reduce((a, b) => a * b, 1);
      const s = state.stream;
      const setup: string[] = [];
      let note: string;
      if (s && s.kind === g.init && s.seed === seed && s.drawn === skip && skip > 0) note = `continues the stream of np.random.seed(${seed})`;
      else {
        setup.push(`np.random.seed(${seed})`);
        if (skip > 0) setup.push(`np.random.${g.init}(${skip})  # skip: draw and throw away ${skip} numbers first`);
        note = "";
      }
      state.stream = { kind: g.init, seed, drawn: skip + n };
      // numpy's randn() without sizes gives one float; np.array makes every value an array
      const draw = g.shape.length ? `np.random.${g.init}(${g.shape.join(", ")})` : `np.array(np.random.${g.init}())`;
      return { setup, expr: scaled(draw), note };
    }
    case "zeros":
      return { setup: [], expr: `np.zeros(${shape})`, note: "" };
    case "ones":
      return { setup: [], expr: scaled(`np.ones(${shape})`), note: "" };
    case "full":
      return { setup: [], expr: `np.full(${shape}, ${scale === 1 ? pyNumber(g.fill ?? 0) : `${pyNumber(g.fill ?? 0)} * ${pyNumber(scale)}`})`, note: "" };
    case "eye":
      return { setup: [], expr: scaled(`np.eye(${g.shape[0]})`), note: "" };
  }
}

/** The Input and Param nodes as Python assignments, each value made by `wrap`(its numpy expression). */
export function sourceLines(plan: GraphPlan, state: { stream: Stream | null }, wrap: (expr: string) => string = (e) => e): string[] {
  const lines: string[] = [];
  for (const n of plan.nodes) {
    if (n.op.role !== "source") continue;
    if (!n.ok) {
      lines.push(`# ${n.name}: not made: ${commentText(n.error ?? "", 90)}`);
      continue;
    }
    const v = valueCode(n.data.value as TensorValue, state, " ".repeat(n.name.length + 3));
    const note = [describeNode(n), v.note].filter(Boolean).join("; ");
    lines.push(...v.setup, `${n.name} = ${wrap(v.expr)}  # ${note}`);
  }
  return lines;
}

/** The dout an Output starts backward with: its grad (broadcast to the value's shape, as Gradflow spreads it), or null for ones. */
export function seedValue(n: NodePlan, x: NodePlan, state: { stream: Stream | null }): { setup: string[]; expr: string; broadcast: boolean } | null {
  const grad = n.data.grad as TensorValue | undefined;
  if (grad === undefined || grad === null) return null;
  const v = valueCode(grad, state, "");
  const g = n.params.grad as { shape: readonly number[] };
  return { setup: v.setup, expr: v.expr, broadcast: !sameShape(g.shape, x.shape!) };
}

/** A short description of a node for a comment: its op, its label, and (for a gradient) where it goes. */
export function describeNode(n: NodePlan): string {
  const bits = [n.op.type];
  if (n.label !== undefined && n.label !== n.name) bits.push(`"${commentText(n.label, 50)}"`);
  if (n.id !== n.name) bits.push(`id ${commentText(JSON.stringify(n.id), 50)}`);
  return bits.join(", ");
}

/** Why backward starts where it does (FORMAT.md section 2), for the script's comment. */
export function seedReason(plan: GraphPlan, n: NodePlan): string {
  if (plan.target !== null) return `the file's target: backward differentiates ${n.name} alone, seeded with ones`;
  if (n.op.role === "loss") return `${n.name} (${n.op.type}) feeds nothing: backward starts here, with dout = 1`;
  return `${n.name} feeds nothing (the graph has no Output and no loss): backward starts here with ones`;
}

// ---- the JSON lines ---------------------------------------------------------------------

/** Python that prints one JSON line per node, as run writes its numbers (the same in both exports). */
export const SHOW_HELPERS = `def as_json(a):
    """A tensor as run writes it: nested lists of floats; NaN and the infinities as strings."""
    if a is None:
        return None

    def number(x):
        if math.isfinite(x):
            return x
        return "NaN" if math.isnan(x) else ("Infinity" if x > 0 else "-Infinity")

    def walk(v):
        return [walk(u) for u in v] if isinstance(v, list) else number(v)

    return walk(np.asarray(a, dtype=np.float64).tolist())


def show(node_id, value, grad):
    """One JSON line per node: {"id": …, "value": …, "grad": …}."""
    print(json.dumps({"id": node_id, "value": as_json(value), "grad": as_json(grad)}))`;

/** The comment that says what the printed lines hold. */
export const LINES_COMMENT = `# One JSON line per node, in the order Gradflow ran them: its value and dL/d(value), the numbers
# \`gradflow run\` gives as nodes[id].outputs.out and grads.out (null where a node got no gradient
# or did not run). An Output node has no value of its own: its line holds the value it shows (its
# input) and the gradient it starts backward with (dout; null when the graph differentiates a target).`;

/**
 * A script's first lines: the shebang, the graph's name, what the script is (`about`, comment lines),
 * what it prints (LINES_COMMENT), then its imports.
 */
export function scriptHead(doc: { name?: string }, about: readonly string[], imports: readonly string[]): string[] {
  return ["#!/usr/bin/env python3", `# ${commentText(doc.name ?? "A Gradflow graph", 90)}`, ...about, "#", ...LINES_COMMENT.split("\n"), ...imports];
}
