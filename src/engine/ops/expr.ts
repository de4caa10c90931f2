// Expr and Expr2: elementwise ops whose forward is a formula the learner types and whose backward
// is its symbolic derivative (engine/formula). Ports are fixed per op in the registry, and every
// port must be wired, so the formula's variables are the op's port names: Expr reads one input,
// x (`x^2 * sin(x)`); Expr2 reads two, a and b (`a * exp(-b)`), broadcast against each other as
// Add and Mul do. A formula that does not parse, calls an unknown function or names anything
// but the inputs is the node's error. (Fixed ports a, b, c of which a formula uses some would
// leave ports that must still be wired to something; two ops keep every port meaningful.)
import { broadcastIndex, broadcastShapes, checkSize, fillWith, formatShape, sameShape, sizeOf, type Shape } from "../tensor";
import { compileFormula, TYPED_FUNCTIONS, type CompiledFormula } from "../formula";
import { defineOp, type Kernel, type Planned, type PortSpec, type Rule } from "./types";

interface ExprScratch {
  c: CompiledFormula;
  /** per input, the element it reads for each output element; null when every input has the output's shape */
  maps: Int32Array[] | null;
  /** one element's input values, in port order */
  vals: Float64Array;
}

function planExpr(ports: readonly PortSpec[], shapes: readonly Shape[], formula: string): Planned<ExprScratch> | string {
  const c = compileFormula(formula, ports.map((p) => p.name));
  if (typeof c === "string") return c;
  let shape: Shape = shapes[0];
  for (let i = 1; i < shapes.length; i++) {
    const b = broadcastShapes(shape, shapes[i]);
    if (!b) return `${ports.slice(0, i + 1).map((p, j) => `${p.name} ${formatShape(shapes[j])}`).join(" and ")} cannot broadcast`;
    shape = b;
  }
  const big = checkSize(shape); // before the index maps, which have the result's size
  if (big) return big;
  const vals = new Float64Array(shapes.length);
  if (shapes.every((s) => sameShape(s, shape))) return { shape, scratch: { c, maps: null, vals } };
  return { shape, scratchSize: shapes.length * (sizeOf(shape) + 1), makeScratch: (): ExprScratch => ({ c, maps: shapes.map((s) => broadcastIndex(s, shape)), vals }) };
}

/** Reads element i of every input into vals. */
function gather(k: Kernel<ExprScratch>, i: number): Float64Array {
  const { maps, vals } = k.scratch, ins = k.ins;
  if (maps) for (let j = 0; j < ins.length; j++) vals[j] = ins[j].data[maps[j][i]];
  else for (let j = 0; j < ins.length; j++) vals[j] = ins[j].data[i];
  return vals;
}

function forwardExpr(k: Kernel<ExprScratch>): void {
  const o = k.out.data, f = k.scratch.c.value;
  for (let i = 0; i < o.length; i++) o[i] = f(gather(k, i));
}

function backwardExpr(k: Kernel<ExprScratch>): void {
  const { c, maps } = k.scratch, gd = k.g.data;
  for (let j = 0; j < k.gIns.length; j++) {
    const d = k.gIns[j];
    if (!d) continue;
    const dd = d.data;
    // a port the formula does not read gets no gradient: zeros
    if (maps || !c.uses[j]) fillWith(dd, 0);
    if (!c.uses[j]) continue;
    const df = c.partials[j].at;
    if (!maps) for (let i = 0; i < gd.length; i++) dd[i] = gd[i] * df(gather(k, i));
    else {
      const m = maps[j];
      for (let i = 0; i < gd.length; i++) dd[m[i]] += gd[i] * df(gather(k, i));
    }
  }
}

/** The rule with this node's formula and its derivatives in it, for the step panel. */
function formulaRule(ports: readonly PortSpec[], formula: string, general: Rule): Rule {
  const c = compileFormula(formula, ports.map((p) => p.name));
  if (typeof c === "string") return general;
  return {
    forward: `out = ${c.text}`,
    backward: Object.fromEntries(c.partials.map((p) => [p.port, p.text === "0" ? "0 (the formula does not read it)" : `g ⊙ (${p.text})`])),
    note: general.note,
  };
}

const X: readonly PortSpec[] = [{ name: "x", doc: "any shape" }];
const AB: readonly PortSpec[] = [
  { name: "a", doc: "any shape" },
  { name: "b", doc: "broadcasts against a" },
];

const FUNCTIONS_DOC = `numbers, pi, e, + - * / ^ and ${TYPED_FUNCTIONS.join(", ")}`;

const exprRule: Rule = {
  forward: "out = f(x), the formula typed",
  backward: { x: "g ⊙ f′(x), the formula's derivative" },
  note: "The backward is the formula differentiated symbolically, then evaluated at each element: the chain rule done on paper, here for you.",
};

export const Expr = defineOp({
  type: "Expr",
  group: "Arithmetic",
  summary: "f(x), a formula you type: x^2 * sin(x)",
  addition: true,
  inputs: X,
  params: [{ name: "formula", kind: "formula", default: "x^2 * sin(x)", doc: `a formula in x: ${FUNCTIONS_DOC}` }],
  rule: exprRule,
  ruleFor: (p) => formulaRule(X, p.formula, exprRule),
  plan: (shapes, p) => planExpr(X, shapes, p.formula),
  forward: forwardExpr,
  backward: backwardExpr,
});

const expr2Rule: Rule = {
  forward: "out = f(a, b), the formula typed",
  backward: { a: "g ⊙ ∂f/∂a", b: "g ⊙ ∂f/∂b" },
  note: "Each input's gradient is the formula's partial derivative in it; a broadcast input sums it over the copies, as in Add and Mul.",
};

export const Expr2 = defineOp({
  type: "Expr2",
  group: "Arithmetic",
  summary: "f(a, b), a formula of two inputs you type: a * exp(-b)",
  addition: true,
  inputs: AB,
  params: [{ name: "formula", kind: "formula", default: "a * exp(-b)", doc: `a formula in a and b: ${FUNCTIONS_DOC}` }],
  rule: expr2Rule,
  ruleFor: (p) => formulaRule(AB, p.formula, expr2Rule),
  plan: (shapes, p) => planExpr(AB, shapes, p.formula),
  forward: forwardExpr,
  backward: backwardExpr,
});
