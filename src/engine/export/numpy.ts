// `gradflow export --to numpy` (FORMAT.md section 5): the graph as a Python script in the
// notebooks' own style. One class per layer with forward and backward (as the books name them),
// one instance per node, forward in Gradflow's topological order, then backward in reverse with
// the fan-out gradients added up in edge-id order (the Branch rule), from the seeds of FORMAT.md
// section 2. Every rule is OPS.md's, written so that numpy does the same float64 operations in the
// same order wherever it can; what remains (BLAS's dot products, pairwise sums, the last bit of
// exp) keeps the numbers within 1e-12 of Gradflow's.
import { compileFormula, formulaPython, type CompiledFormula } from "../formula";
import type { GraphDoc } from "../graph";
import type { Params } from "../ops/types";
import {
  checkScriptSize, commentText, scriptHead, describeNode, literalSize, planGraph, pyShape, pyString, seedReason, seedValue, SHOW_HELPERS, sourceLines,
  type ExportOptions, type GraphPlan, type NodePlan, type Stream,
} from "./python";

/** A helper function that some layers call. */
interface Helper {
  readonly name: string;
  readonly source: string;
}

/** How one op is written as a layer: one object per op, keyed by its type (the registry's order). */
export interface NumpyLayer {
  /** the class, as the books name the layer */
  readonly className: string;
  /** the class's Python source */
  readonly source: string;
  readonly helpers?: readonly Helper[];
  /** the constructor's arguments, from the node's parameters */
  init?(p: Params): string;
}

const UNBROADCAST: Helper = {
  name: "unbroadcast",
  source: `def unbroadcast(grad, shape):
    """Sums a gradient back to an input's shape: over the axes that broadcasting put in front,
    and over the axes where the input had size 1 and was stretched."""
    while grad.ndim > len(shape):
        grad = grad.sum(axis=0)
    for axis, size in enumerate(shape):
        if size == 1 and grad.shape[axis] != 1:
            grad = grad.sum(axis=axis, keepdims=True)
    return grad`,
};

const SOFTMAX: Helper = {
  name: "softmax",
  source: `def softmax(x):
    """Along the last axis, as e^(x − max) / Σ e^(x − max): subtracting the max keeps e^x finite."""
    x = x - x.max(axis=-1, keepdims=True)
    x = np.exp(x)
    return x / x.sum(axis=-1, keepdims=True)`,
};

/** AddLayer, SubLayer, MulLayer, DivLayer: two inputs with numpy broadcasting. */
function arithmetic(className: string, doc: string, forward: string, da: string, db: string, keep: "shapes" | "values"): NumpyLayer {
  const store = keep === "shapes"
    ? `        self.a_shape, self.b_shape = a.shape, b.shape`
    : `        self.a, self.b = a, b
        self.a_shape, self.b_shape = a.shape, b.shape`;
  return {
    className,
    helpers: [UNBROADCAST],
    source: `class ${className}:
    """${doc} Backward sums each gradient back to its input's shape."""

    def __init__(self):
        self.a_shape = None
        self.b_shape = None

    def forward(self, a, b):
${store}
        return ${forward}

    def backward(self, dout):
        da = unbroadcast(${da}, self.a_shape)
        db = unbroadcast(${db}, self.b_shape)
        return da, db`,
  };
}

/** Sigmoid, Tanh, Exp: they differentiate through their own output, as the books keep self.out. */
function throughOut(className: string, doc: string, forward: string, dx: string): NumpyLayer {
  return {
    className,
    source: `class ${className}:
    """${doc}"""

    def __init__(self):
        self.out = None

    def forward(self, x):
        out = ${forward}
        self.out = out
        return out

    def backward(self, dout):
        dx = ${dx}
        return dx`,
  };
}

/** An Expr node's formula, compiled for its ports (the node ran, so it compiles). */
function compiledFor(p: Params, ports: readonly string[]): CompiledFormula {
  const c = compileFormula(p.formula as string, ports);
  if (typeof c === "string") throw new Error(`the formula does not compile: ${c}`);
  return c;
}

/** f and each partial as Python lambdas of the ports; None for a port the formula does not read (its gradient is zeros). */
function formulaArgs(p: Params, ports: readonly string[]): string {
  const c = compiledFor(p, ports);
  const args = ports.join(", ");
  const parts = c.partials.map((d, i) => `d${d.port}=${c.uses[i] ? `lambda ${args}: ${formulaPython(d.tree)}` : "None"}`);
  return [`f=lambda ${args}: ${formulaPython(c.tree)}`, ...parts].join(", ");
}

export const NUMPY_LAYERS: Readonly<Record<string, NumpyLayer>> = {
  Add: arithmetic("AddLayer", "out = a + b.", "a + b", "dout * 1", "dout * 1", "shapes"),
  Sub: arithmetic("SubLayer", "out = a − b.", "a - b", "dout * 1", "-dout", "shapes"),
  Mul: arithmetic("MulLayer", "out = a ⊙ b: each input's gradient is dout times the other.", "a * b", "dout * self.b", "dout * self.a", "values"),
  Div: arithmetic("DivLayer", "out = a / b.", "a / b", "dout / self.b", "dout * (-self.a / self.b ** 2)", "values"),
  Exp: throughOut("Exp", "out = e^x; its gradient is itself.", "np.exp(x)", "dout * self.out"),
  Log: {
    className: "Log",
    source: `class Log:
    """out = ln x."""

    def __init__(self):
        self.x = None

    def forward(self, x):
        self.x = x
        return np.log(x)

    def backward(self, dout):
        dx = dout / self.x
        return dx`,
  },
  Sigmoid: throughOut("Sigmoid", "out = 1 / (1 + e^(−x)).", "1 / (1 + np.exp(-x))", "dout * (1.0 - self.out) * self.out"),
  Tanh: throughOut("Tanh", "out = tanh x.", "np.tanh(x)", "dout * (1.0 - self.out ** 2)"),
  ReLU: {
    className: "Relu",
    source: `class Relu:
    """out = x where x > 0, else 0: a gate that the gradient passes only where it was open."""

    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = x > 0  # where the input is positive
        return np.where(self.mask, x, 0.0)

    def backward(self, dout):
        dx = np.where(self.mask, dout, 0.0)
        return dx`,
  },
  Softmax: {
    className: "Softmax",
    helpers: [SOFTMAX],
    source: `class Softmax:
    """Probabilities along the last axis."""

    def __init__(self):
        self.out = None

    def forward(self, x):
        self.out = softmax(x)
        return self.out

    def backward(self, dout):
        dx = self.out * (dout - np.sum(dout * self.out, axis=-1, keepdims=True))
        return dx`,
  },
  Repeat: {
    className: "Repeat",
    init: (p) => `repeats=${p.repeats}, axis=${p.axis}`,
    source: `class Repeat:
    """np.repeat: each slice along an axis copied \`repeats\` times, (1, D) → (N, D)."""

    def __init__(self, repeats, axis):
        self.repeats, self.axis = repeats, axis
        self.x_shape = None

    def forward(self, x):
        self.x_shape = x.shape
        return np.repeat(x, self.repeats, axis=self.axis)

    def backward(self, dout):
        # every copy used x, so x collects the sum of the copies' gradients: Sum is Repeat's backward
        axis = self.axis % len(self.x_shape)
        copies = self.x_shape[:axis] + (self.x_shape[axis], self.repeats) + self.x_shape[axis + 1:]
        dx = np.sum(dout.reshape(copies), axis=axis + 1)
        return dx`,
  },
  Sum: {
    className: "Sum",
    init: (p) => `axis=${p.axis === null ? "None" : p.axis}, keepdims=${p.keepdims ? "True" : "False"}`,
    source: `class Sum:
    """np.sum(x, axis, keepdims), axis None for all axes: (N, D) → (1, D)."""

    def __init__(self, axis, keepdims):
        self.axis, self.keepdims = axis, keepdims
        self.x_shape = None

    def forward(self, x):
        self.x_shape = x.shape
        return np.sum(x, axis=self.axis, keepdims=self.keepdims)

    def backward(self, dout):
        if not self.keepdims:  # put the summed axes back, with size 1
            dout = np.expand_dims(dout, tuple(range(len(self.x_shape))) if self.axis is None else self.axis)
        # each x was added once into the sum, so each receives its gradient: Repeat is Sum's backward
        dx = np.broadcast_to(dout, self.x_shape).copy()
        return dx`,
  },
  MatMul: {
    className: "MatMul",
    source: `class MatMul:
    """out = x · W. Each gradient has its input's shape: that is where the transposes go."""

    def __init__(self):
        self.x = None
        self.W = None

    def forward(self, x, W):
        self.x, self.W = x, W
        out = np.dot(x, W)
        return out

    def backward(self, dout):
        dx = np.dot(dout, self.W.T)
        dW = np.dot(self.x.T, dout)
        return dx, dW`,
  },
  Transpose: {
    className: "Transpose",
    source: `class Transpose:
    """xᵀ: the axes reversed (a matrix's rows and columns swapped)."""

    def forward(self, x):
        return x.T

    def backward(self, dout):
        dx = dout.T
        return dx`,
  },
  Affine: {
    className: "Affine",
    source: `class Affine:
    """A fully connected layer: out = x · W + b."""

    def __init__(self):
        self.x = None
        self.W = None
        self.b_shape = None

    def forward(self, x, W, b):
        self.x, self.W, self.b_shape = x, W, b.shape
        out = np.dot(x, W) + b
        return out

    def backward(self, dout):
        dx = np.dot(dout, self.W.T)
        dW = np.dot(self.x.T, dout)
        db = np.sum(dout, axis=0).reshape(self.b_shape)  # b was added to every row
        return dx, dW, db`,
  },
  RNN: {
    className: "RNN",
    source: `class RNN:
    """One step of a recurrent cell: h_next = tanh(h_prev · Wh + x · Wx + b)."""

    def __init__(self):
        self.cache = None

    def forward(self, x, h_prev, Wx, Wh, b):
        t = np.dot(h_prev, Wh) + np.dot(x, Wx) + b
        h_next = np.tanh(t)
        self.cache = (x, h_prev, Wx, Wh, b.shape, h_next)
        return h_next

    def backward(self, dh_next):
        x, h_prev, Wx, Wh, b_shape, h_next = self.cache
        dt = dh_next * (1 - h_next ** 2)  # through tanh; the rest is two Affine layers sharing dt
        db = np.sum(dt, axis=0).reshape(b_shape)
        dWh = np.dot(h_prev.T, dt)
        dh_prev = np.dot(dt, Wh.T)
        dWx = np.dot(x.T, dt)
        dx = np.dot(dt, Wx.T)
        return dx, dh_prev, dWx, dWh, db`,
  },
  Slice: {
    className: "Slice",
    init: (p) => `axis=${p.axis}, index=${p.index === null ? "None" : p.index}, start=${p.start === null ? "None" : p.start}, stop=${p.stop === null ? "None" : p.stop}`,
    source: `class Slice:
    """x[index] along an axis (the axis dropped), or x[start:stop] (the axis kept): (N, T, D) → (N, D)."""

    def __init__(self, axis, index, start, stop):
        self.axis = axis
        self.key = index if index is not None else slice(start, stop)
        self.x_shape = None

    def where(self, ndim):
        return (slice(None),) * (self.axis % ndim) + (self.key,)

    def forward(self, x):
        self.x_shape = x.shape
        return x[self.where(x.ndim)].copy()

    def backward(self, dout):
        # the numbers not taken did not affect out: their gradient is 0
        dx = np.zeros(self.x_shape)
        dx[self.where(len(self.x_shape))] = dout
        return dx`,
  },
  Concat: {
    className: "Concat",
    init: (p) => `axis=${p.axis}`,
    source: `class Concat:
    """np.concatenate([a, b], axis): (N, 2, H) and (N, 1, H) → (N, 3, H)."""

    def __init__(self, axis):
        self.axis = axis
        self.na = None

    def forward(self, a, b):
        self.axis = self.axis % a.ndim
        self.na = a.shape[self.axis]
        return np.concatenate([a, b], axis=self.axis)

    def backward(self, dout):
        # each input gets back its own part of dout
        da, db = np.split(dout, [self.na], axis=self.axis)
        return da.copy(), db.copy()`,
  },
  Stack: {
    className: "Stack",
    init: (p) => `axis=${p.axis}`,
    source: `class Stack:
    """np.stack([a, b], axis) for a and b of one shape; a that already has the axis gets b appended."""

    def __init__(self, axis):
        self.axis = axis
        self.na = None

    def forward(self, a, b):
        self.axis = self.axis % (b.ndim + 1)
        if a.shape == b.shape:
            self.na = None
            return np.stack([a, b], axis=self.axis)
        self.na = a.shape[self.axis]
        return np.concatenate([a, np.expand_dims(b, self.axis)], axis=self.axis)

    def backward(self, dout):
        # each input gets back the gradient of its own slices
        if self.na is None:
            return np.take(dout, 0, axis=self.axis), np.take(dout, 1, axis=self.axis)
        da, db = np.split(dout, [self.na], axis=self.axis)
        return da.copy(), np.squeeze(db, axis=self.axis)`,
  },
  Expr: {
    className: "Expr",
    init: (p) => formulaArgs(p, ["x"]),
    source: `class Expr:
    """out = f(x), a formula applied to each element; backward: dout ⊙ f′(x), its derivative."""

    def __init__(self, f, dx):
        self.f, self.df = f, dx
        self.x = None

    def forward(self, x):
        self.x = x
        return np.broadcast_to(self.f(x), x.shape).astype(float)

    def backward(self, dout):
        if self.df is None:  # the formula does not read x
            return np.zeros(self.x.shape)
        dx = dout * np.broadcast_to(self.df(self.x), dout.shape)
        return dx`,
  },
  Expr2: {
    className: "Expr2",
    helpers: [UNBROADCAST],
    init: (p) => formulaArgs(p, ["a", "b"]),
    source: `class Expr2:
    """out = f(a, b), a formula applied elementwise with broadcasting; each input's gradient is
    dout ⊙ its partial derivative, summed back to its shape."""

    def __init__(self, f, da, db):
        self.f, self.da, self.db = f, da, db
        self.a = None
        self.b = None

    def forward(self, a, b):
        self.a, self.b = a, b
        return np.broadcast_to(self.f(a, b), np.broadcast_shapes(a.shape, b.shape)).astype(float)

    def backward(self, dout):
        def grad(df, shape):
            if df is None:  # the formula does not read this input
                return np.zeros(shape)
            return unbroadcast(dout * np.broadcast_to(df(self.a, self.b), dout.shape), shape)

        return grad(self.da, self.a.shape), grad(self.db, self.b.shape)`,
  },
  SoftmaxWithLoss: {
    className: "SoftmaxWithLoss",
    helpers: [SOFTMAX],
    source: `class SoftmaxWithLoss:
    """Softmax, then cross entropy with targets t: one-hot rows, or class indices (N,).
    L = −(1/N) Σ ln(y[i, t_i] + 1e-7). Backward: (y − t) · dout / N. The target gets no gradient."""

    def __init__(self):
        self.y = None  # softmax's output
        self.t = None  # each row's class
        self.x_shape = None

    def forward(self, x, t):
        one_hot = t.shape == x.shape
        self.x_shape = x.shape
        x = x.reshape(-1, x.shape[-1])  # scores (C,) are one row
        self.y = softmax(x)
        # a one-hot row is read as the index of its largest entry
        self.t = t.reshape(x.shape).argmax(axis=1) if one_hot else t.reshape(-1).astype(int)
        batch_size = self.y.shape[0]
        return -np.sum(np.log(self.y[np.arange(batch_size), self.t] + 1e-7)) / batch_size

    def backward(self, dout=1):
        batch_size = self.y.shape[0]
        dx = self.y.copy()
        dx[np.arange(batch_size), self.t] -= 1
        dx *= dout
        dx = dx / batch_size
        return dx.reshape(self.x_shape)`,
  },
  SigmoidWithLoss: {
    className: "SigmoidWithLoss",
    source: `class SigmoidWithLoss:
    """Sigmoid, then binary cross entropy with targets t in [0, 1].
    L = −(1/N) Σ [t ln(y + 1e-7) + (1 − t) ln(1 − y + 1e-7)]. Backward: (y − t) · dout / N."""

    def __init__(self):
        self.y = None
        self.t = None

    def forward(self, x, t):
        self.t = t.reshape(x.shape)
        self.y = 1 / (1 + np.exp(-x))
        batch_size = self.y.size
        return -np.sum(self.t * np.log(self.y + 1e-7) + (1 - self.t) * np.log(1 - self.y + 1e-7)) / batch_size

    def backward(self, dout=1):
        batch_size = self.y.size
        dx = (self.y - self.t) * dout / batch_size
        return dx`,
  },
  MSELoss: {
    className: "MSELoss",
    source: `class MSELoss:
    """Mean squared error: L = mean((x − t)²). Backward: 2 (x − t) · dout / n, n the number of elements."""

    def __init__(self):
        self.x = None
        self.t = None

    def forward(self, x, t):
        self.x, self.t = x, t
        return np.mean((x - t) ** 2)

    def backward(self, dout=1):
        dx = (self.x - self.t) * (2 * dout / self.x.size)
        return dx`,
  },
};

/** Every name a NumPy script defines at the top level besides the graph's own. */
const NUMPY_RESERVED = [...Object.values(NUMPY_LAYERS).map((l) => l.className), "unbroadcast", "softmax"];

/** The layer of an op that computes (not a source, not an Output). */
function layerOf(n: NodePlan): NumpyLayer {
  const layer = NUMPY_LAYERS[n.op.type];
  if (!layer) throw new Error(`no NumPy layer for op ${n.op.type}`);
  return layer;
}

/** The names of the gradients in the backward pass, and where each edge's share goes. */
export interface GradNames {
  /** node id → the name of dL/d(its value) */
  readonly grad: Map<string, string>;
  /** edge id → the name its target's backward writes the edge's share into */
  readonly share: Map<string, string>;
  /** Output node id → the name of the dout it starts backward with */
  readonly seed: Map<string, string>;
}

/** Names d<node> for gradients, d<node>_from_<target> for the shares of a node that fans out. */
export function nameGradients(plan: GraphPlan): GradNames {
  const grad = new Map<string, string>(), share = new Map<string, string>(), seed = new Map<string, string>();
  const outputs = plan.nodes.filter((n) => n.ranBackward && n.seedsInput);
  for (const n of outputs) seed.set(n.id, plan.namer.take(outputs.length === 1 ? "dout" : `dout_${n.name}`));
  for (const n of plan.nodes) if (n.hasGrad) grad.set(n.id, plan.namer.take(`d${n.name}`));
  for (const n of plan.nodes) {
    if (!n.hasGrad) continue;
    const flowing = n.outs.filter((e) => carriesGrad(plan, e.target, e.port));
    const direct = n.outs.length === 1 && !n.seeded;
    for (const e of flowing) {
      const target = plan.byId.get(e.target)!;
      const twice = n.outs.filter((o) => o.target === e.target).length > 1;
      share.set(e.edge, direct ? grad.get(n.id)! : plan.namer.take(`d${n.name}_from_${target.name}${twice ? `_${e.port}` : ""}`));
    }
  }
  return { grad, share, seed };
}

/** Whether the target's backward sends a gradient along this edge. */
function carriesGrad(plan: GraphPlan, target: string, port: string): boolean {
  const t = plan.byId.get(target)!;
  return t.ranBackward && !t.op.inputs.find((p) => p.name === port)!.noGrad;
}

/** The lines that add a node's gradient up from its seed and its edges' shares, in edge-id order. */
export function accumulate(plan: GraphPlan, n: NodePlan, names: GradNames, onesLike: (v: string) => string, copy: (v: string) => string): string[] {
  const g = names.grad.get(n.id)!;
  const flowing = n.outs.filter((e) => carriesGrad(plan, e.target, e.port));
  if (n.outs.length === 1 && !n.seeded) return []; // its one edge's share is its gradient
  const lines: string[] = [];
  const parts = flowing.map((e) => names.share.get(e.edge)!);
  if (n.seeded) {
    lines.push(`# ${seedReason(plan, n)}`);
    lines.push(`${g} = ${n.op.role === "loss" ? "np.array(1.0)" : onesLike(n.name)}`);
  } else if (parts.length > 1) {
    const edges = flowing.map((e) => e.edge);
    lines.push(`# the Branch rule: ${n.name} feeds ${flowing.length} edges (${edges.map((e) => commentText(e, 20)).join(", ")}), so its gradient is the sum of what they send back`);
    lines.push(`${g} = ${copy(parts.shift()!)}`);
  } else {
    lines.push(`${g} = ${parts.shift()!}`);
  }
  for (const p of parts) lines.push(`${g} += ${p}`);
  return lines;
}

/** The script that `gradflow export --to numpy` writes. */
export function exportNumpy(doc: GraphDoc, opts: ExportOptions = {}): string {
  checkScriptSize(doc.nodes.reduce((s, n) => s + literalSize(n.data.value) + literalSize(n.data.grad), 0));
  const plan = planGraph(doc, NUMPY_RESERVED, opts);
  const ran = plan.nodes.filter((n) => n.ok);
  const layers = new Map<string, string>(); // node id → its layer instance
  for (const n of ran) if (n.op.role !== "source" && n.op.role !== "sink") layers.set(n.id, plan.namer.take(`${n.name}_layer`));
  const names = nameGradients(plan);
  const state: { stream: Stream | null } = { stream: null };
  const out: string[] = [];
  const push = (...lines: string[]) => out.push(...lines);

  push(
    ...scriptHead(
      doc,
      [
        "# exported from Gradflow as NumPy code, in the style of the notebooks it grew from: one class per",
        "# layer with forward and backward, one instance per node, forward in topological order and then",
        "# backward in reverse. Every input arrives by a wire, so forward takes all of a layer's inputs",
        "# (the books hand W and b to __init__) and backward returns a gradient for each. Needs numpy only.",
      ],
      [
        "import json",
        "import math",
        "",
        "import numpy as np",
        "",
      ],
    ),
  );

  // ---- the layers the graph uses, and their helpers
  const used = [...new Set(ran.filter((n) => layers.has(n.id)).map((n) => n.op.type))];
  const helpers = new Map<string, string>();
  for (const t of used) for (const h of NUMPY_LAYERS[t].helpers ?? []) helpers.set(h.name, h.source);
  push("", "# ---- the layers this graph uses ----------------------------------------------------", "");
  for (const src of [...helpers.values(), ...used.map((t) => NUMPY_LAYERS[t].source), SHOW_HELPERS]) push("", src, "", "");

  // ---- data and parameters
  push("# ---- the data and parameters (Input and Param nodes) --------------------------------");
  push(...sourceLines(plan, state));

  // ---- one layer instance per node
  push("", "# ---- one layer per node ---------------------------------------------------------------");
  for (const n of ran) {
    const layer = layers.get(n.id);
    if (!layer) continue;
    const l = layerOf(n);
    push(`${layer} = ${l.className}(${l.init ? l.init(n.params) : ""})  # ${describeNode(n)}`);
  }

  // ---- forward
  push("", "# ---- forward, in topological order ------------------------------------------------------");
  for (const n of plan.nodes) {
    if (n.op.role === "source") continue;
    if (!n.ok) {
      push(`# ${n.name}: not run: ${commentText(n.error ?? "", 90)}`);
      continue;
    }
    const args = n.ins.map((e) => plan.byId.get(e!.source)!.name);
    if (n.op.role === "sink") push(`# ${n.name} shows ${args[0]}`);
    else push(`${n.name} = ${layers.get(n.id)}.forward(${args.join(", ")})`);
  }

  // ---- backward
  push("", "# ---- backward, in reverse order -----------------------------------------------------------");
  if (plan.target !== null) push(`# the file's target: backward differentiates ${plan.byId.get(plan.target)!.name} alone; Outputs and losses start nothing`);
  for (let i = plan.nodes.length - 1; i >= 0; i--) {
    const n = plan.nodes[i];
    if (!n.ok) continue;
    if (n.hasGrad) push(...accumulate(plan, n, names, (v) => `np.ones_like(${v})`, (v) => `${v}.copy()`));
    if (!n.ranBackward || n.op.role === "source") continue;
    if (n.op.role === "sink") {
      const dout = names.seed.get(n.id)!;
      const x = plan.byId.get(n.ins[0]!.source)!;
      const seed = seedValue(n, x, state);
      const expr = !seed ? `np.ones_like(${x.name})` : seed.broadcast ? `np.broadcast_to(${seed.expr}, ${pyShape(x.shape!)})` : seed.expr;
      push(`# ${n.name} starts backward with ${seed ? "its grad" : "ones"}: the notebooks' dout`, ...(seed?.setup ?? []), `${dout} = ${expr}`);
      push(`${names.share.get(n.ins[0]!.edge)} = ${dout}`);
      continue;
    }
    const got = n.ins.filter((e) => !e!.port.noGrad).map((e) => names.share.get(e!.edge)!);
    const skipped = n.ins.filter((e) => e!.port.noGrad).map((e) => e!.port.name);
    const note = skipped.length ? `  # ${skipped.join(", ")} gets no gradient` : "";
    push(`${got.join(", ")} = ${layers.get(n.id)}.backward(${names.grad.get(n.id)})${note}`);
  }

  // ---- the lines
  push("", "# ---- the numbers: one JSON line per node ----------------------------------------------------");
  for (const n of plan.nodes) push(showLine(plan, n, names));
  return out.join("\n") + "\n";
}

/** show("id", value, grad) for one node. */
function showLine(plan: GraphPlan, n: NodePlan, names: GradNames): string {
  const id = pyString(n.id);
  if (!n.ok) return `show(${id}, None, None)  # did not run`;
  if (n.op.role === "sink") return `show(${id}, ${plan.byId.get(n.ins[0]!.source)!.name}, ${names.seed.get(n.id) ?? "None"})`;
  return `show(${id}, ${n.name}, ${names.grad.get(n.id) ?? "None"})`;
}
