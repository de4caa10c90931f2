// `gradflow export --to pytorch` (FORMAT.md section 5): the same graph with torch tensors
// (float64) and autograd instead of hand-written backward passes. Every Input and Param is a
// leaf with requires_grad, every other node keeps its gradient (retain_grad), and backward starts
// from Gradflow's seeds. The script prints the same JSON lines as the NumPy export, then asserts
// that each gradient autograd found equals the one Gradflow computed (written into the script).
import { compileFormula, formulaPython } from "../formula";
import type { GraphDoc } from "../graph";
import { tensorToJson } from "../result";
import { sizeOf } from "../tensor";
import {
  checkScriptSize, commentText, scriptHead, describeNode, literalSize, NOISE_FLOOR, planGraph, pyJsonTensor, pyShape, pyString,
  RELATIVE_TOLERANCE, seedReason, seedValue, SHOW_HELPERS, sourceLines, type ExportOptions, type NodePlan, type Stream,
} from "./python";

/** How one op is written with torch: the expression of its output from its inputs' names (port order). */
export interface TorchOp {
  expr(args: readonly string[], n: NodePlan): string;
  /** a function the expression calls, defined once at the top of the script */
  readonly helper?: { readonly name: string; readonly source: string };
}

const SOFTMAX_WITH_LOSS = {
  name: "softmax_with_loss",
  source: `def softmax_with_loss(x, t):
    """Softmax, then cross entropy: −(1/N) Σ ln(y[i, t_i] + 1e-7), t one-hot rows or class indices.
    Autograd differentiates torch's own cross entropy, whose gradient is (y − t)/N, the rule that
    Gradflow's backward gives; the books' 1e-7 inside ln changes the value only, and is added to it
    as a constant that autograd does not see. The target gets no gradient."""
    one_hot = t.shape == x.shape
    x = x.reshape(-1, x.shape[-1])  # scores (C,) are one row
    t = t.detach()
    labels = t.reshape(x.shape).argmax(dim=1) if one_hot else t.reshape(-1).long()
    exact = F.cross_entropy(x, labels)
    with torch.no_grad():
        y = torch.softmax(x, dim=1)
        books = -torch.log(y[torch.arange(x.shape[0]), labels] + 1e-7).sum() / x.shape[0]
    return exact + (books - exact.detach())`,
};

const SIGMOID_WITH_LOSS = {
  name: "sigmoid_with_loss",
  source: `def sigmoid_with_loss(x, t):
    """Sigmoid, then binary cross entropy: −(1/N) Σ [t ln(y + 1e-7) + (1 − t) ln(1 − y + 1e-7)].
    Autograd differentiates torch's binary cross entropy with logits, whose gradient is (y − t)/N;
    the books' 1e-7 changes the value only (a constant to autograd). The target gets no gradient."""
    t = t.detach().reshape(x.shape)
    exact = F.binary_cross_entropy_with_logits(x, t)
    with torch.no_grad():
        y = torch.sigmoid(x)
        books = -(t * torch.log(y + 1e-7) + (1 - t) * torch.log(1 - y + 1e-7)).sum() / y.numel()
    return exact + (books - exact.detach())`,
};

const MSE_LOSS = {
  name: "mse_loss",
  source: `def mse_loss(x, t):
    """Mean squared error, mean((x − t)²); the target gets no gradient."""
    return torch.mean((x - t.detach()) ** 2)`,
};

const FORMULA = {
  name: "formula",
  source: `def formula(f, *inputs):
    """f of the inputs, elementwise with broadcasting, for autograd to differentiate. An input the
    formula does not read still gets a gradient, zeros, as in Gradflow: torch.where never takes it."""
    out = f(*inputs)
    shape = torch.broadcast_shapes(*(x.shape for x in inputs))
    out = torch.broadcast_to(torch.as_tensor(out, dtype=torch.float64), shape)
    never = torch.zeros(shape, dtype=torch.bool)
    for x in inputs:
        out = torch.where(never, x, out)
    return out`,
};

/** An Expr node as a call of \`formula\` with a lambda of its ports. */
function formulaExpr(args: readonly string[], n: NodePlan, ports: readonly string[]): string {
  const c = compileFormula(n.params.formula as string, ports);
  if (typeof c === "string") throw new Error(`the formula does not compile: ${c}`);
  return `formula(lambda ${ports.join(", ")}: ${formulaPython(c.tree, "torch")}, ${args.join(", ")})`;
}

/** Slice's index or range as a Python subscript along its axis. */
function sliceKey(n: NodePlan, rank: number): string {
  const { axis, index, start, stop } = n.params as { axis: number; index: number | null; start: number | null; stop: number | null };
  const a = ((axis % rank) + rank) % rank;
  const key = index !== null ? String(index) : `${start ?? ""}:${stop ?? ""}`;
  return [...Array.from({ length: a }, () => ":"), key].join(", ");
}

const reversedAxes = (rank: number) => Array.from({ length: rank }, (_, i) => rank - 1 - i);

export const TORCH_OPS: Readonly<Record<string, TorchOp>> = {
  Add: { expr: ([a, b]) => `${a} + ${b}` },
  Sub: { expr: ([a, b]) => `${a} - ${b}` },
  Mul: { expr: ([a, b]) => `${a} * ${b}` },
  Div: { expr: ([a, b]) => `${a} / ${b}` },
  Exp: { expr: ([x]) => `torch.exp(${x})` },
  Log: { expr: ([x]) => `torch.log(${x})` },
  Sigmoid: { expr: ([x]) => `torch.sigmoid(${x})` },
  Tanh: { expr: ([x]) => `torch.tanh(${x})` },
  // torch.relu(NaN) is NaN; Gradflow's ReLU gives x where x > 0, else 0, NaN included
  ReLU: { expr: ([x]) => `torch.where(${x} > 0, ${x}, 0.0)` },
  Softmax: { expr: ([x]) => `torch.softmax(${x}, dim=-1)` },
  Repeat: { expr: ([x], n) => `torch.repeat_interleave(${x}, ${n.params.repeats}, dim=${n.params.axis})` },
  Sum: {
    expr: ([x], n) => {
      const { axis, keepdims } = n.params as { axis: number | null; keepdims: boolean };
      if (axis !== null) return `torch.sum(${x}, dim=${axis}, keepdim=${keepdims ? "True" : "False"})`;
      return keepdims ? `torch.sum(${x}).reshape(${pyShape(n.shape!.map(() => 1))})` : `torch.sum(${x})`;
    },
  },
  MatMul: { expr: ([x, W]) => `${x} @ ${W}` },
  Transpose: { expr: ([x], n) => (n.shape!.length === 2 ? `${x}.T` : `${x}.permute(${pyShape(reversedAxes(n.shape!.length))})`) },
  Affine: { expr: ([x, W, b]) => `${x} @ ${W} + ${b}` },
  RNN: { expr: ([x, h, Wx, Wh, b]) => `torch.tanh(${h} @ ${Wh} + ${x} @ ${Wx} + ${b})` },
  Slice: { expr: ([x], n) => `${x}[${sliceKey(n, n.params.index === null ? n.shape!.length : n.shape!.length + 1)}]` },
  Concat: { expr: ([a, b], n) => `torch.cat([${a}, ${b}], dim=${n.params.axis})` },
  // a and b of one shape: stack them; an a that has the axis already: append b
  Stack: { expr: ([a, b], n) => `(torch.stack([${a}, ${b}], dim=${n.params.axis}) if ${a}.shape == ${b}.shape else torch.cat([${a}, ${b}.unsqueeze(${n.params.axis})], dim=${n.params.axis}))` },
  Expr: { helper: FORMULA, expr: (args, n) => formulaExpr(args, n, ["x"]) },
  Expr2: { helper: FORMULA, expr: (args, n) => formulaExpr(args, n, ["a", "b"]) },
  SoftmaxWithLoss: { helper: SOFTMAX_WITH_LOSS, expr: ([x, t]) => `softmax_with_loss(${x}, ${t})` },
  SigmoidWithLoss: { helper: SIGMOID_WITH_LOSS, expr: ([x, t]) => `sigmoid_with_loss(${x}, ${t})` },
  MSELoss: { helper: MSE_LOSS, expr: ([x, t]) => `mse_loss(${x}, ${t})` },
};

const TORCH_RESERVED = ["torch", "F", FORMULA.name, "GRADFLOW_GRADS", "check_gradients", SOFTMAX_WITH_LOSS.name, SIGMOID_WITH_LOSS.name, MSE_LOSS.name];

const CHECK_HELPERS = `def from_json(v):
    """run's JSON numbers back to floats: float("NaN"), float("Infinity") read the strings."""
    return [from_json(u) for u in v] if isinstance(v, list) else float(v)


def check_gradients(grads):
    """Asserts that autograd's gradient of every node equals the one Gradflow computed: within
    ${RELATIVE_TOLERANCE} of the larger of the two; numbers below ${NOISE_FLOOR} of the largest gradient count as
    rounding noise (a gradient that is zero in exact arithmetic comes out as 1e-17 or as 0)."""
    flat = np.array([x for g in GRADFLOW_GRADS.values() if g is not None for x in np.ravel(from_json(g))])
    finite = np.abs(flat[np.isfinite(flat)])
    noise = ${NOISE_FLOOR} * (finite.max() if finite.size else 0.0)
    for node_id, got in grads.items():
        want = GRADFLOW_GRADS[node_id]
        if want is None or got is None:
            assert want is None and got is None, f"{node_id}: Gradflow has {'no' if want is None else 'a'} gradient, autograd {'none' if got is None else 'one'}"
            continue
        want = np.array(from_json(want), dtype=np.float64)
        got = got.detach().numpy()
        assert got.shape == want.shape, f"{node_id}: autograd's gradient is {got.shape}, Gradflow's {want.shape}"
        with np.errstate(invalid="ignore"):
            same = (got == want) | (np.isnan(got) & np.isnan(want))
            close = np.abs(got - want) <= ${RELATIVE_TOLERANCE} * np.maximum(np.abs(got), np.abs(want))
            tiny = (np.abs(got) <= noise) & (np.abs(want) <= noise)
        bad = ~(same | close | tiny)
        assert not bad.any(), f"{node_id}: autograd gives {got[bad][0]!r} where Gradflow gives {want[bad][0]!r}"`;

/** The script that `gradflow export --to pytorch` writes. */
export function exportPytorch(doc: GraphDoc, opts: ExportOptions = {}): string {
  const literals = doc.nodes.reduce((s, n) => s + literalSize(n.data.value) + literalSize(n.data.grad), 0);
  checkScriptSize(literals);
  const plan = planGraph(doc, TORCH_RESERVED, opts);
  const p = plan.program;
  const ran = plan.nodes.filter((n) => n.ok);
  // the gradients the script checks: every node that ran, but the Outputs (their dout is given, not computed)
  const checked = ran.filter((n) => n.op.role !== "sink");
  checkScriptSize(literals + checked.reduce((s, n) => s + (n.hasGrad ? sizeOf(n.shape!) : 0), 0));
  const state: { stream: Stream | null } = { stream: null };
  const out: string[] = [];
  const push = (...lines: string[]) => out.push(...lines);

  push(
    ...scriptHead(
      doc,
      [
        "# exported from Gradflow as PyTorch code: the same graph with float64 tensors, differentiated by",
        "# autograd. Every Input and Param is a leaf that requires a gradient, every other node keeps its",
        "# gradient (retain_grad), and backward starts where Gradflow's does. Random values are drawn with",
        "# numpy's legacy generator, as Gradflow draws them. At the end the script asserts that autograd's",
        "# gradients equal the ones Gradflow computed (GRADFLOW_GRADS). Needs torch and numpy.",
      ],
      [
        "import json",
        "import math",
        "import sys",
        "",
        "import numpy as np",
        "import torch",
        "import torch.nn.functional as F",
        "",
        "torch.set_default_dtype(torch.float64)",
        "",
      ],
    ),
  );
  const helpers = new Map<string, string>();
  for (const n of ran) {
    const h = TORCH_OPS[n.op.type]?.helper;
    if (h) helpers.set(h.name, h.source);
  }
  for (const src of [...helpers.values(), SHOW_HELPERS, CHECK_HELPERS]) push("", src, "", "");

  push("# ---- the data and parameters: leaves that autograd differentiates ---------------------------");
  push(...sourceLines(plan, state, (e) => `torch.tensor(${e}, requires_grad=True)`));

  push("", "# ---- forward, in topological order; retain_grad keeps each node's gradient -----------------");
  for (const n of plan.nodes) {
    if (n.op.role === "source") continue;
    if (!n.ok) {
      push(`# ${n.name}: not run: ${commentText(n.error ?? "", 90)}`);
      continue;
    }
    const args = n.ins.map((e) => plan.byId.get(e!.source)!.name);
    if (n.op.role === "sink") {
      push(`# ${n.name} shows ${args[0]}`);
      continue;
    }
    const op = TORCH_OPS[n.op.type];
    if (!op) throw new Error(`no PyTorch code for op ${n.op.type}`);
    push(`${n.name} = ${op.expr(args, n)}  # ${describeNode(n)}`, `${n.name}.retain_grad()`);
  }

  push("", "# ---- backward, from the seeds --------------------------------------------------------------");
  const seeds: [string, string][] = [];
  const douts = new Map<string, string>();
  const outputs = ran.filter((n) => n.ranBackward && n.seedsInput);
  for (const n of ran) {
    if (n.seeded) {
      push(`# ${seedReason(plan, n)}`);
      seeds.push([n.name, `torch.ones_like(${n.name})`]);
    }
  }
  for (const n of outputs) {
    const x = plan.byId.get(n.ins[0]!.source)!;
    const dout = plan.namer.take(outputs.length === 1 ? "dout" : `dout_${n.name}`);
    const seed = seedValue(n, x, state);
    const expr = !seed ? `torch.ones_like(${x.name})` : seed.broadcast ? `torch.broadcast_to(torch.tensor(${seed.expr}), ${pyShape(x.shape!)})` : `torch.tensor(${seed.expr})`;
    push(`# ${n.name} starts backward with ${seed ? "its grad" : "ones"}: the notebooks' dout`, ...(seed?.setup ?? []), `${dout} = ${expr}`);
    douts.set(n.id, dout);
    seeds.push([x.name, dout]);
  }
  if (seeds.length) push(`torch.autograd.backward([${seeds.map((s) => s[0]).join(", ")}], [${seeds.map((s) => s[1]).join(", ")}])`);
  else push("# nothing to differentiate: no node that ran starts backward");

  push("", "# ---- the numbers: one JSON line per node ----------------------------------------------------");
  for (const n of plan.nodes) {
    const id = pyString(n.id);
    if (!n.ok) push(`show(${id}, None, None)  # did not run`);
    else if (n.op.role === "sink") push(`show(${id}, ${plan.byId.get(n.ins[0]!.source)!.name}.detach(), ${douts.get(n.id) ?? "None"})`);
    else push(`show(${id}, ${n.name}.detach(), ${n.name}.grad)`);
  }

  push("", "# ---- the check: autograd's gradients are the ones Gradflow computed --------------------------");
  push("GRADFLOW_GRADS = {");
  for (const n of checked) push(`    ${pyString(n.id)}: ${pyJsonTensor(tensorToJson(p.grad(n.id)))},`);
  push("}");
  push(`check_gradients({${checked.map((n) => `${pyString(n.id)}: ${n.name}.grad`).join(", ")}})`);
  push(`print("autograd's gradients equal Gradflow's: ${checked.length} nodes checked", file=sys.stderr)`);
  return out.join("\n") + "\n";
}
