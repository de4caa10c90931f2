// The step panel's text: an op's local rule from the registry with the run's numbers filled in.
// Nothing here names an op: symbols are read off the rule text and resolved through the op's
// ports, `g`, `out` and its parameters. Scalars get the rule with numbers substituted and the
// result; tensors get shapes and one example element (with its arithmetic when the rule is
// elementwise, which is found out by evaluating it, never assumed).
import { resolveParams, type Program } from "../engine/executor";
import type { GraphDoc, GraphEdge } from "../engine/graph";
import { getOp, type OpSpec } from "../engine/ops";
import { ruleOf, type Rule } from "../engine/ops/types";
import { formatShape, type Tensor } from "../engine/tensor";
import { fmt } from "../notation/numbers";
import { t } from "../i18n/core";
import { FUNCTIONS } from "../engine/formula";
import type { Step } from "./steps";

export interface Explanation {
  title: string;
  lines: string[];
  /** at a node whose gradient is the sum of several shares: that sum, written out */
  fanOut?: string;
  /** the node's error as the engine wrote it (also the one line), for the panel to show in the learner's language */
  error?: string;
}

/** Numbers as the canvas writes them (4 significant digits), so the panel and the edges agree. */
export const formatNumber = fmt;

// ---- symbols -------------------------------------------------------------------------------

export type Sym = Tensor | string;

/** one number, shown as a number on the canvas too: () or (1,) */
export const isScalar = (t: Tensor) => t.data.length === 1 && t.shape.length <= 1;

/** How a symbol is written: shape (tensor rule), number (scalar rule), element 0 exactly (checking). */
type Mode = "shape" | "number" | "exact";

const IDENT = /(?<![\p{L}\p{Nd}_.])[\p{L}_][\p{L}\p{Nd}_]*/gu;
const T = "ᵀ";

function wrapNeg(s: string): string {
  return /^[-−]/.test(s) ? `(${s})` : s;
}

/** A single number written alone (maybe in parentheses), in one spelling of the minus sign. */
const bare = (s: string) => s.replace(/[()]/g, "").replaceAll("−", "-");

/**
 * Replaces every whole identifier that names a symbol; `xᵀ` is x transposed. Parameters are
 * replaced only inside parentheses (`np.sum(x, axis, keepdims)`), not in prose ("along the axis").
 * `digits` is how precisely numbers are written.
 */
export function substitute(text: string, syms: ReadonlyMap<string, Sym>, mode: Mode, digits = 4): string {
  return text.replace(IDENT, (tok, offset: number) => {
    const transposed = tok.endsWith(T);
    const name = transposed ? tok.slice(0, -T.length) : tok;
    const v = syms.get(name);
    if (v === undefined) return tok;
    if (typeof v === "string") return depth(text, offset) > 0 ? v : tok;
    if (mode === "exact") return wrapNeg(String(v.data[0]));
    if (mode === "number" || isScalar(v)) return wrapNeg(formatDigits(v.data[0], digits));
    const shape = transposed ? [...v.shape].reverse() : v.shape;
    return `${tok} ${formatShape(shape)}`;
  });
}

function depth(text: string, offset: number): number {
  let d = 0;
  for (let i = 0; i < offset; i++) d += text[i] === "(" ? 1 : text[i] === ")" ? -1 : 0;
  return d;
}

/** Like formatNumber with more significant digits, for arithmetic that 4 digits would falsify. */
export function formatDigits(x: number, digits: number): string {
  if (digits <= 4 || !Number.isFinite(x) || x === 0) return formatNumber(x);
  return String(Number(x.toPrecision(digits))).replace("-", "−");
}

/**
 * The rule with numbers in it, written with as few digits (from 4) as keep its arithmetic true:
 * `1 × 0.9999546 × (1 − 0.9999546)` rather than `1 × 1 × (1 − 1)` for 0.0000454.
 */
export function filledIn(rule: string, syms: ReadonlyMap<string, Sym>, result: number): string {
  let text = "";
  for (const d of [4, 6, 8, 10, 17]) {
    text = numeric(substitute(rule, syms, "number", d));
    const got = evalArithmetic(text);
    if (got === null || Math.abs(got - result) <= 5e-4 * Math.abs(result) || (Number.isNaN(got) && Number.isNaN(result))) break;
  }
  return text;
}

/** ⊙ of numbers is plain multiplication. */
const numeric = (s: string) => s.replaceAll("⊙", "×");

/** A non-tensor parameter as the (numpy-style) rule text writes it. */
function paramText(v: unknown): string {
  if (v === null) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  return String(v);
}

// ---- a small evaluator, to check that substituted arithmetic really gives the result --------

/** Evaluates + − × ⊙ · / ^ ², parentheses, e, pi, ln and the formulas' functions (tanh, exp, sin, …), implicit products; null otherwise. */
export function evalArithmetic(text: string): number | null {
  const toks = text.replace(/[×⊙·]/g, "*").replace(/−/g, "-").match(/\d+(?:\.\d*)?(?:e[+-]?\d+)?|[a-z]+|[-+*/^²()]|\S/gi) ?? [];
  let i = 0;
  // ln, and the functions an Expr's formula may call (its derivative writes them too)
  const FN: Record<string, (x: number) => number> = { ln: Math.log, ...Object.fromEntries(FUNCTIONS.map((f) => [f.name, f.f])) };
  const fail = () => {
    throw new Error("not arithmetic");
  };
  const startsPrimary = (t: string | undefined) => t !== undefined && (/^[\d(]/.test(t) || /^[a-z]/i.test(t));
  const primary = (): number => {
    const t = toks[i++];
    if (t === undefined) return fail();
    if (/^\d/.test(t)) return Number(t);
    if (t === "(") {
      const v = expr();
      if (toks[i++] !== ")") fail();
      return v;
    }
    if (t === "e") return Math.E;
    if (t === "pi") return Math.PI;
    if (t in FN) return FN[t](power());
    return fail();
  };
  const postfix = (): number => {
    let v = primary();
    while (toks[i] === "²") {
      i++;
      v *= v;
    }
    return v;
  };
  const power = (): number => {
    const b = postfix();
    if (toks[i] !== "^") return b;
    i++;
    return b ** unary();
  };
  const unary = (): number => {
    if (toks[i] === "-") {
      i++;
      return -unary();
    }
    return power();
  };
  const term = (): number => {
    let v = unary();
    for (;;) {
      const t = toks[i];
      if (t === "*") (i++, (v *= unary()));
      else if (t === "/") (i++, (v /= unary()));
      else if (startsPrimary(t)) v *= unary();
      else return v;
    }
  };
  const expr = (): number => {
    let v = term();
    for (;;) {
      const t = toks[i];
      if (t === "+") (i++, (v += term()));
      else if (t === "-") (i++, (v -= term()));
      else return v;
    }
  };
  try {
    const v = expr();
    return i === toks.length ? v : null;
  } catch {
    return null;
  }
}

function close(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)) || (Number.isNaN(a) && Number.isNaN(b));
}

// ---- lines ---------------------------------------------------------------------------------

const index0 = (t: Tensor) => (isScalar(t) ? "" : `[${t.shape.map(() => 0).join(",")}]`);

/** `lhs = rule = numbers = result` for scalars, dropping a link that repeats the one before. */
function scalarLine(lhs: string, rule: string, syms: ReadonlyMap<string, Sym>, result: Tensor): string {
  const r = formatNumber(result.data[0]);
  const filled = filledIn(rule, syms, result.data[0]);
  return filled === rule || bare(filled) === bare(r) ? `${lhs} = ${rule} = ${r}` : `${lhs} = ${rule} = ${filled} = ${r}`;
}

/** `e.g. out[0,0] = 0.3 × 2 = 0.6`, the arithmetic shown only when it checks out. */
function example(lhs: string, rule: string | null, syms: ReadonlyMap<string, Sym>, result: Tensor): string {
  const r = formatNumber(result.data[0]);
  const head = `${lhs}${index0(result)}`;
  if (rule !== null) {
    const got = evalArithmetic(substitute(rule, syms, "exact"));
    const elementSyms = new Map([...syms].map(([k, v]) => [k, typeof v === "string" ? v : ({ shape: [], data: v.data.subarray(0, 1) } as Tensor)]));
    const shown = filledIn(rule, elementSyms, result.data[0]);
    if (got !== null && close(got, result.data[0]) && bare(shown) !== bare(r)) return `${head} = ${shown} = ${r}`;
  }
  return `${head} = ${r}`;
}

/** A rule line: numbers for scalars, shapes and one element for tensors. */
function ruleLine(lhs: string, rule: string, syms: ReadonlyMap<string, Sym>, result: Tensor): string {
  const tensors = [...syms.values()].filter((v): v is Tensor => typeof v !== "string");
  if (isScalar(result) && tensors.every(isScalar)) return scalarLine(lhs, rule, syms, result);
  const shaped = substitute(rule, syms, "shape");
  if (isScalar(result)) return `${lhs} = ${shaped} = ${formatNumber(result.data[0])}`;
  return `${lhs} ${formatShape(result.shape)} = ${shaped}; ${t("explain.eg")} ${example(lhs, rule, syms, result)}`;
}

/** The value of a result line without a rule to fill in. */
function valueLine(lhs: string, v: Tensor): string {
  return isScalar(v) ? `${lhs} = ${formatNumber(v.data[0])}` : `${lhs} ${formatShape(v.shape)}; ${t("explain.eg")} ${example(lhs, null, new Map(), v)}`;
}

/** `a + b − c`, negative terms written as subtraction. */
function sumText(terms: readonly number[], digits = 4): string {
  const f = (x: number) => formatDigits(x, digits);
  return terms.map((x, i) => (i === 0 ? f(x) : x < 0 ? ` − ${f(-x)}` : ` + ${f(x)}`)).join("");
}

/**
 * `a + b + c = total` written with as few digits (from 4) as make the sum add up when a reader
 * checks it: `1 − 0.025 + 10 = 10.975`, not `= 10.97`.
 */
export function sumLine(terms: readonly number[], total: number): string {
  let line = "";
  for (const d of [4, 6, 8]) {
    const shown = terms.map((x) => Number(formatDigits(x, d).replace("−", "-")));
    const totalText = formatDigits(total, d);
    line = `${sumText(terms, d)} = ${totalText}`;
    const sum = shown.reduce((a, b) => a + b, 0);
    // the shown total must be the shown terms' sum rounded to the shown digits (a tie counts as wrong)
    const unit = total === 0 ? 0 : 10 ** (Math.floor(Math.log10(Math.abs(total))) - d + 1);
    if (!Number.isFinite(total) || Math.abs(sum - Number(totalText.replace("−", "-"))) < 0.5 * unit * (1 - 1e-9) || (total === 0 && sum === 0)) break;
  }
  return line;
}

// ---- the explanation -----------------------------------------------------------------------

export interface Ctx {
  p: Program;
  id: string;
  op: OpSpec;
  name: string;
  /** ports (input values) and non-tensor parameters */
  syms: Map<string, Sym>;
  edges: ReadonlyMap<string, GraphEdge>;
  /** the op's rule for this node's parameters (an Expr's: its own formula and derivatives) */
  rule: Rule;
  /** the node's parameters, defaults filled in (tensor parameters as their shapes) */
  params: Record<string, unknown>;
}

export function context(p: Program, doc: GraphDoc, id: string): Ctx {
  const node = doc.nodes.find((n) => n.id === id);
  const op = node && getOp(node.type);
  if (!node || !op) throw new Error(`no node "${id}" in the document`);
  const label = typeof node.data.label === "string" && node.data.label.trim() ? node.data.label.trim() : null;
  const syms = new Map<string, Sym>();
  for (const s of op.params) if (s.kind !== "tensor") syms.set(s.name, paramText(node.data[s.name] === undefined ? s.default : node.data[s.name]));
  const ins = p.inEdges(id);
  op.inputs.forEach((port, i) => {
    const e = ins[i];
    const v = e === null ? null : p.edgeValue(e);
    if (v) syms.set(port.name, v);
  });
  const params = resolveParams(op, node.data, true);
  return { p, id, op, name: label ?? id, syms, edges: new Map(doc.edges.map((e) => [e.id, e])), rule: ruleOf(op, params), params };
}

function forwardLines(c: Ctx): string[] {
  const { p, id, op, syms } = c;
  const out = p.value(id)!;
  // a sink shows its input; everything else computes `out`
  const lhs = op.role === "sink" ? (op.inputs[0]?.name ?? "out") : "out";
  const forward = ruleText(c);
  const m = /^out = ([^=;]*)$/.exec(forward);
  if (m) return [ruleLine("out", m[1], syms, out)];
  const tensors = [...syms.values()].filter((v): v is Tensor => typeof v !== "string");
  const filled = isScalar(out) && tensors.every(isScalar) ? numeric(substitute(forward, syms, "number")) : substitute(forward, syms, "shape");
  return [filled, valueLine(lhs, out)];
}

/** Where this node's g comes from: the seed, one edge, or the sum over fan-out. */
function gradOrigin({ p, id, name, edges }: Ctx): { line: string; fanOut?: string } | null {
  const g = p.grad(id);
  if (!g) return null;
  const shares = p
    .outEdges(id)
    .map((e) => ({ e, t: p.edgeGrad(e) }))
    .filter((s): s is { e: string; t: Tensor } => s.t !== null);
  const seeded = p.isSeeded(id);
  // `mul.a`: the node and port an edge goes into
  const whereTo = (e: string) => {
    const d = edges.get(e);
    return d ? `${d.target}.${d.targetHandle}` : e;
  };
  const gText = isScalar(g) ? `g = ∂${name} = ${formatNumber(g.data[0])}` : `g = ∂${name} ${formatShape(g.shape)}`;
  const eg = isScalar(g) ? "" : `; ${t("explain.eg")} g${index0(g)} = ${formatNumber(g.data[0])}`;
  const count = shares.length + (seeded ? 1 : 0);
  if (count < 2) {
    const why = seeded ? t("explain.seed") : t("explain.arrives", { from: whereTo(shares[0].e) });
    return { line: `${gText} (${why})${eg}` };
  }
  const line = `${gText} (${t("explain.fanOut", { count })})${eg}`;
  const terms = [...shares.map((s) => s.t.data[0]), ...(seeded ? [1] : [])];
  if (isScalar(g)) return { line, fanOut: `∂${name} = ${sumLine(terms, g.data[0])}` };
  const parts = [...shares.map((s) => `∂(${whereTo(s.e)})`), ...(seeded ? [t("explain.seedTerm")] : [])];
  return { line, fanOut: `∂${name} ${formatShape(g.shape)} = ${parts.join(" + ")}; ${t("explain.eg")} ∂${name}${index0(g)} = ${sumLine(terms, g.data[0])}` };
}

function backwardLines(c: Ctx): { lines: string[]; fanOut?: string } {
  const { p, id, op, syms } = c;
  const lines: string[] = [];
  const origin = gradOrigin(c);
  if (origin) lines.push(origin.line);
  const bsyms = new Map(syms);
  const out = p.value(id);
  if (out && op.role !== "sink") bsyms.set("out", out);
  const g = p.grad(id);
  if (g) bsyms.set("g", g);
  const ins = p.inEdges(id);
  op.inputs.forEach((port, i) => {
    const e = ins[i];
    if (e === null) return;
    if (port.noGrad) {
      lines.push(t("explain.noGradInto", { port: port.name }));
      return;
    }
    const share = p.edgeGrad(e);
    if (!share) return;
    const rule = ruleText(c, port.name);
    lines.push(rule === undefined ? valueLine(`d${port.name}`, share) : ruleLine(`d${port.name}`, rule, bsyms, share));
  });
  if (c.rule.note) lines.push(t(`ops.${op.type}.note`));
  return { lines, fanOut: origin?.fanOut };
}

/**
 * A rule's text in the learner's language: the registry's formula, or its translation where the
 * rule has words in it ("g where x > 0, else 0"). The symbols stay as they are, so substitution works.
 */
export function ruleText(c: Ctx): string;
export function ruleText(c: Ctx, port: string): string | undefined;
export function ruleText({ op, rule }: Ctx, port?: string): string | undefined {
  const en = port === undefined ? rule.forward : rule.backward[port];
  if (en === undefined) return undefined;
  // a node's own rule (an Expr's formula and its derivatives) is formulas, written out as they are
  if (rule !== op.rule) return en;
  return t(port === undefined ? `ops.${op.type}.rule.forward` : `ops.${op.type}.rule.backward.${port}`, { defaultValue: en });
}

export function explainStep(p: Program, doc: GraphDoc, step: Step): Explanation {
  const c = context(p, doc, step.nodeId);
  const who = c.name === c.op.type ? c.op.type : `${c.name} (${c.op.type})`;
  const title = t("explain.title", { phase: t(step.kind === "forward" ? "explain.forward" : "explain.backward"), who });
  if (p.status(c.id) !== "ok") {
    const error = p.error(c.id);
    return error === null ? { title, lines: [t("explain.didNotRun")] } : { title, lines: [error], error };
  }
  if (step.kind === "forward") return { title, lines: forwardLines(c) };
  const { lines, fanOut } = backwardLines(c);
  return fanOut === undefined ? { title, lines } : { title, lines, fanOut };
}
