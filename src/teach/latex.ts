// The explanation of any node, typeset: its forward rule and each input's backward rule from the
// registry with the run's numbers, one element worked out in full, the shapes of every factor,
// and the chain from the differentiated scalar down to this node (with the Branch rule's sum at a
// fan-out). Every line comes as LaTeX (for KaTeX and "Copy as LaTeX") and as plain text (for
// screen readers and the tests, which re-evaluate the arithmetic it shows). No DOM, no React.
import type { Program } from "../engine/executor";
import type { GraphDoc } from "../engine/graph";
import { broadcastIndex, type Shape, type Tensor } from "../engine/tensor";
import { flat, isIndexOf, latexName, num, prod, unflat, type Both, type ElementArgs, type Ex, type Worked } from "../engine/ops/worked";
import { t } from "../i18n/core";
import { inScript } from "../notation/scripts";
import { context, evalArithmetic, filledIn, formatNumber, isScalar, ruleText, substitute, sumLine, type Ctx, type Sym } from "./explain";

export type LineKind = "forward" | "backward" | "chain" | "fanOut" | "given" | "note";

export interface MathLine extends Both {
  kind: LineKind;
  /** a line of words, not mathematics (a note): typeset as text */
  prose?: boolean;
}

export interface NodeExplanation {
  /** "mul (Mul)" */
  who: string;
  /** what is differentiated: ∂L/∂· or ∂z/∂· */
  heading: Both;
  /** its name alone: L, or the chosen node's */
  of: string;
  lines: MathLine[];
  /** the element of this node's output that is worked out (one index per axis), or null for a scalar */
  element: number[] | null;
  /** the node's error, as the engine wrote it */
  error?: string;
}

export interface ExplainOptions {
  /** the learner's picked element (store.picked) */
  picked?: { node: string; index: number[] } | null;
  /** both passes (clicking a node), or only the one the stepping is at */
  phase?: "forward" | "backward" | "both";
}

// ---- plain rule text → LaTeX ----------------------------------------------------------------

const FUNCS: Record<string, string> = { tanh: "\\tanh", exp: "\\exp", ln: "\\ln", log: "\\log", sin: "\\sin", cos: "\\cos", tan: "\\tan", sqrt: "\\sqrt", sigmoid: "\\sigma", abs: "\\mathrm{abs}", max: "\\max", min: "\\min", pi: "\\pi" };

/** The registry's plain rule text as LaTeX: ⊙ · × ᵀ − ² Σ, ^(…), names; prose in parentheses is dropped. */
export function toLatex(text: string): string {
  // prose: a parenthesis with two words side by side ("(the formula does not read it)"), not a
  // formula's own ("tanh(h_prev · Wh + x · Wx + b)", which a count of spaces took for prose)
  let s = text.replace(/\s*\((?=[^()]*[A-Za-z]{2,} +[A-Za-z]{2,})[^()]*\)/g, "");
  s = s.replace(/(\d+(?:\.\d+)?)e([+-−]?\d+)/g, (_, m: string, e: string) => `${m === "1" ? "" : `${m} \\times `}10^{${e.replace("−", "-")}}`);
  // ^(…) and ^x → ^{…}
  for (;;) {
    const i = s.indexOf("^(");
    if (i < 0) break;
    let d = 0, j = i + 1;
    for (; j < s.length; j++) {
      if (s[j] === "(") d++;
      else if (s[j] === ")" && --d === 0) break;
    }
    s = `${s.slice(0, i)}^{${s.slice(i + 2, j)}}${s.slice(j + 1)}`;
  }
  s = s.replace(/\^\s*([−-]?[\p{L}\p{Nd}_.]+)/gu, "^{$1}");
  s = s.replace(/Σ_(rows?)/g, "\\sum_{@$1@}").replace(/Σ/g, "\\sum ");
  s = s.replace(/(?<![\\@\p{L}\p{Nd}_])([\p{L}](?:(?!ᵀ)[\p{L}\p{Nd}_])*)(ᵀ?)/gu, (_, name: string, tr: string) => {
    const n = FUNCS[name] ?? (/^\d/.test(name) ? name : latexName(name));
    return tr ? `${n}^{\\top}` : n;
  });
  return s
    .replaceAll("⊙", "\\odot ")
    .replaceAll("·", "\\cdot ")
    .replaceAll("×", "\\times ")
    .replaceAll("*", "\\cdot ")
    .replaceAll("−", "-")
    .replaceAll("²", "^{2}")
    .replaceAll("′", "'")
    .replaceAll("ᵢ", "_i")
    .replace(/@(\w+)@/g, "\\mathrm{$1}")
    .replace(/\s+/g, " ")
    .trim();
}

/** Numbers in LaTeX: the minus sign as LaTeX writes it, × as \times, 1e−7 as 10^{-7}. */
const numLatex = (s: string) => sciLatex(s).replaceAll("×", "\\times ").replaceAll("·", "\\cdot ");
const sciLatex = (s: string) =>
  s.replaceAll("−", "-").replace(/(\d+(?:\.\d+)?)e([+-]?\d+)/g, (_, m: string, e: string) => `${m === "1" ? "" : `${m} \\times `}10^{${e.replace("+", "")}}`);

// ---- worked elements: an expression with numbers, printed -------------------------------------

/** sums longer than this show their first and last terms around … */
export const MAX_TERMS = 8;

/**
 * Brackets around worked numbers. KaTeX breaks a line that is too long only after a relation or an
 * operator at its top level, and a \\left…\\right pair is one piece it never breaks: plain brackets
 * keep a long sum inside them breakable after its +; only a fraction, which they would not fit, gets
 * the stretching pair.
 */
const parens = (inner: string) => (inner.includes("\\frac") ? `\\left(${inner}\\right)` : `(${inner})`);

function printEx(e: Ex, digits: number, latex: boolean, top = true): string {
  const n = (v: number) => {
    const s = plainDigits(v, digits);
    const out = latex ? sciLatex(s) : s;
    return v < 0 && !top ? `(${out})` : out;
  };
  const wrap = (x: Ex) => (x.k === "sum" || x.k === "sub" ? (latex ? parens(printEx(x, digits, latex, true)) : `(${printEx(x, digits, latex, true)})`) : printEx(x, digits, latex, false));
  // a product inside a sum is one piece: a long line breaks between the terms, never inside one ("0.5255 ·" / "(−0.348)")
  const term = (x: Ex, t: boolean) => (latex && x.k === "prod" ? `{${printEx(x, digits, latex, t)}}` : printEx(x, digits, latex, t));
  switch (e.k) {
    case "n":
      return n(e.v);
    case "sum": {
      const xs = e.xs.map((x, i) => term(x, top && i === 0));
      const shown = xs.length > MAX_TERMS ? [...xs.slice(0, 3), latex ? "\\cdots" : "…", ...xs.slice(-2)] : xs;
      return shown.join(" + ");
    }
    case "prod":
      return e.xs.map(wrap).join(latex ? " \\cdot " : " · ");
    case "sub":
      return `${term(e.a, top)} ${latex ? "-" : "−"} ${e.b.k === "prod" ? term(e.b, false) : wrap(e.b)}`;
    case "div":
      // a fraction of numbers is set as one; a long numerator over a fraction bar would shrink to unreadable
      if (latex && e.a.k !== "sum" && e.a.k !== "sub" && e.a.k !== "neg" && countTerms(e.a) <= 3) return `\\frac{${printEx(e.a, digits, latex, true)}}{${printEx(e.b, digits, latex, true)}}`;
      if (latex) return `${e.a.k === "sum" || e.a.k === "sub" ? wrap(e.a) : printEx(e.a, digits, latex, top)} / ${e.b.k === "n" && e.b.v >= 0 ? printEx(e.b, digits, latex, false) : parens(printEx(e.b, digits, latex, true))}`;
      return `${e.a.k === "sum" || e.a.k === "sub" ? wrap(e.a) : printEx(e.a, digits, latex, top)} / ${e.b.k === "n" && e.b.v >= 0 ? printEx(e.b, digits, latex, false) : `(${printEx(e.b, digits, latex, true)})`}`;
    case "neg":
      return latex ? `-${parens(printEx(e.a, digits, latex, true))}` : `−(${printEx(e.a, digits, latex, true)})`;
    case "fn": {
      const f = latex ? { tanh: "\\tanh", exp: "\\exp", ln: "\\ln" }[e.f] : e.f;
      if (!latex) return `${f}(${printEx(e.a, digits, latex, true)})`;
      // a short argument is one piece (ln(0.751 + 10⁻⁷) never breaks); a long sum (tanh of a row times a column) breaks after its +
      const arg = parens(printEx(e.a, digits, latex, true));
      return countTerms(e.a) > 2 ? `${f}${arg}` : `${f}{${arg}}`;
    }
    case "sq":
      return e.a.k === "n" && e.a.v >= 0 ? `${n(e.a.v)}${latex ? "^{2}" : "²"}` : latex ? `\\left(${printEx(e.a, digits, latex, true)}\\right)^{2}` : `(${printEx(e.a, digits, latex, true)})²`;
  }
}

/** a number to this many significant digits, nothing else: arithmetic to redo, not a label */
const plainDigits = (v: number, digits: number) => (Number.isFinite(v) ? String(Number(v.toPrecision(digits))) : String(v)).replace("-", "−");

const countTerms = (e: Ex): number => (e.k === "sum" ? Math.max(e.xs.length, ...e.xs.map(countTerms)) : e.k === "n" ? 0 : "xs" in e ? Math.max(0, ...e.xs.map(countTerms)) : "b" in e ? Math.max(countTerms(e.a), countTerms(e.b)) : countTerms(e.a));

/** The fewest digits (from 4) that make the printed arithmetic re-evaluate to the shown result. */
function printWorked(e: Ex, result: number): { text: string; latex: string } {
  const shown = Number(formatNumber(result).replace("−", "-"));
  let d = 4;
  if (countTerms(e) <= MAX_TERMS)
    for (d of [4, 6, 8, 10, 17]) {
      const got = evalArithmetic(printEx(e, d, false));
      if (got === null || Math.abs(got - shown) <= 5e-4 * Math.abs(shown) + 1e-12 || close(got, result)) break;
    }
  return { text: printEx(e, d, false), latex: printEx(e, d, true) };
}

function close(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)) + 1e-12 || (Number.isNaN(a) && Number.isNaN(b));
}

// ---- shapes ---------------------------------------------------------------------------------

const shapeLatex = (s: Shape) => (s.length === 0 ? "()" : s.join("\\times "));
const shapeText = (s: Shape) => (s.length === 0 ? "()" : s.join("×"));

/** A rule with every tensor's shape under it, transposes marked: xᵀ (3×2) · g (2×4). */
function shapedRule(text: string, latexRule: string | undefined, syms: ReadonlyMap<string, Sym>): Both {
  // each symbol's shape once, where it first appears (a formula may name x five times)
  const seen = new Set<string>(), seenL = new Set<string>();
  const plain = text.replace(/(?<![\p{L}\p{Nd}_.])([\p{L}_](?:(?!ᵀ)[\p{L}\p{Nd}_])*)(ᵀ?)/gu, (tok, name: string, tr: string) => {
    const v = syms.get(name);
    if (!v || typeof v === "string" || isScalar(v) || seen.has(tok)) return tok;
    seen.add(tok);
    return `${tok} (${shapeText(tr ? [...v.shape].reverse() : v.shape)})`;
  });
  if (latexRule !== undefined) return { latex: latexRule, text: plain };
  const latex = toLatex(text).replace(/(\\mathrm\{[^}]+\}|[A-Za-z](?:_\{[^}]*\})?)(\^\{\\top\})?/g, (tok, base: string, tr: string | undefined, at: number, all: string) => {
    const name = nameOfLatex(base);
    const v = name === null ? undefined : syms.get(name);
    // a shape under a name in an exponent (Sigmoid's e^{−x}) would stand under the exponent: the name's shape is given where it is a factor
    if (!v || typeof v === "string" || isScalar(v) || seenL.has(tok) || inScript(all, at)) return tok;
    seenL.add(tok);
    return `\\underset{${shapeLatex(tr ? [...v.shape].reverse() : v.shape)}}{${tok}}`;
  });
  return { latex, text: plain };
}

/** which port a LaTeX name stands for (the inverse of latexName) */
function nameOfLatex(l: string): string | null {
  let m = /^\\mathrm\{(.+)\}$/.exec(l);
  if (m) return m[1].replace(/\\_/g, "_");
  m = /^([A-Za-z])_\{\\mathrm\{(.+)\}\}$/.exec(l);
  if (m) return `${m[1]}_${m[2]}`;
  m = /^([A-Z])_\{([a-z])\}$/.exec(l);
  if (m) return m[1] + m[2];
  return /^[A-Za-z]$/.test(l) ? l : null;
}

// ---- the explanation ------------------------------------------------------------------------

const idxText = (idx: readonly number[]) => (idx.length ? `[${idx.join(",")}]` : "");
const idxLatex = (idx: readonly number[]) => (idx.length ? `_{${idx.join(",")}}` : "");

/** `∂L/∂x` both ways; the name of what is differentiated first */
function partial(of: string, wrt: string): Both {
  return { latex: `\\frac{\\partial ${partName(of)}}{\\partial ${partName(wrt)}}`, text: `∂${of}/∂${wrt}` };
}
/** a name after ∂: a label of several words ("rnn · t = 2", an unrolled step) in parentheses, its spaces kept */
const partName = (name: string) => (/\s/.test(name.trim()) ? `(${latexName(name.trim())})` : latexName(name));

interface Elements {
  /** the element of this node's output (and of g) */
  out: number[];
  /** the element of each input port's gradient */
  port(name: string, shape: Shape): number[];
}

function elementsFor(c: Ctx, doc: GraphDoc, out: Tensor, picked: ExplainOptions["picked"]): Elements {
  const zero = (s: Shape) => s.map(() => 0);
  const mine = picked && picked.node === c.id && isIndexOf(out.shape, picked.index) ? picked.index : null;
  const ins = c.p.inEdges(c.id);
  return {
    out: mine ?? zero(out.shape),
    port(name, shape) {
      const i = c.op.inputs.findIndex((p) => p.name === name);
      const e = i < 0 ? null : ins[i];
      const source = e === null ? null : doc.edges.find((d) => d.id === e)?.source;
      if (picked && source && picked.node === source && isIndexOf(shape, picked.index)) return picked.index;
      if (mine && mine.length === shape.length && isIndexOf(shape, mine)) return mine;
      return zero(shape);
    },
  };
}

/** `lhs = rule = arithmetic = result` for an element an op's element rule works out */
function workedLines(lhs: Both, w: Worked, result: number, kind: LineKind): MathLine[] {
  const r = formatNumber(result);
  const printed = printWorked(w.value, result);
  const same = printed.text.replace(/[()]/g, "") === r || printed.text === w.rule.text;
  const lines: MathLine[] = [
    {
      kind,
      latex: `${lhs.latex} = ${w.rule.latex}${same ? "" : ` = ${printed.latex}`} = ${numLatex(r)}`,
      text: `${lhs.text} = ${w.rule.text}${same ? "" : ` = ${printed.text}`} = ${r}`,
    },
  ];
  for (const g of w.given ?? []) lines.push({ kind: "given", ...g });
  return lines;
}

/**
 * For an elementwise op without an element rule: the rule with the numbers of one element (each
 * input at its broadcast position), kept only when it re-evaluates to the engine's number; for
 * the gradient of a broadcast input, the sum over the positions it was copied to.
 */
function elementwiseWorked(c: Ctx, rule: string, what: string, idx: number[], out: Tensor, g: Tensor | null): { rule: Both; value: string } | null {
  if (!c.op.elementwise && c.rule === c.op.rule) return null;
  const ports = c.op.inputs.map((p) => p.name).filter((n) => c.syms.get(n) !== undefined);
  const shapeOf = (n: string) => (c.syms.get(n) as Tensor).shape;
  const maps = new Map(ports.map((n) => [n, broadcastIndex(shapeOf(n), out.shape)]));
  const whatShape = what === "out" ? out.shape : shapeOf(what);
  const target = flat(whatShape, idx);
  // the output positions this element is made at (one, or several for a broadcast input)
  const positions: number[] = [];
  if (what === "out") positions.push(target);
  else {
    const m = maps.get(what)!;
    for (let i = 0; i < m.length; i++) if (m[i] === target) positions.push(i);
  }
  if (positions.length === 0 || positions.length > MAX_TERMS) return null;
  const symsAt = (i: number) => {
    const s = new Map<string, Sym>();
    for (const [k, v] of c.syms) if (typeof v === "string") s.set(k, v);
    for (const n of ports) s.set(n, scalarOf((c.syms.get(n) as Tensor).data[maps.get(n)![i]]));
    if (c.op.role !== "sink") s.set("out", scalarOf(out.data[i]));
    if (g) s.set("g", scalarOf(g.data[i]));
    return s;
  };
  const parts = positions.map((i) => {
    const s = symsAt(i);
    const local = evalArithmetic(substitute(rule, s, "exact"));
    return { s, local };
  });
  if (parts.some((p) => p.local === null)) return null;
  const total = parts.reduce((a, p) => a + (p.local as number), 0);
  const actual = what === "out" ? out.data[target] : (c.p.edgeGrad(c.p.inEdges(c.id)[c.op.inputs.findIndex((p) => p.name === what)]!)?.data[target] ?? NaN);
  if (!close(total, actual)) return null;
  const texts = parts.map((p) => filledIn(rule, p.s, p.local as number).replaceAll("⊙", "×"));
  const at = (i: number) => idxText(unflat(out.shape, i));
  const ruleAt = (i: number) => rule.replace(/(?<![\p{L}\p{Nd}_.])([\p{L}_][\p{L}\p{Nd}_]*)/gu, (tok) => (ports.includes(tok) || tok === "g" || tok === "out" ? `${tok}${at(i)}` : tok));
  if (positions.length === 1) {
    const sr = isScalar(out) ? rule : ruleAt(positions[0]);
    return { rule: { text: sr, latex: toLatexIndexed(sr) }, value: texts[0] };
  }
  const sr = `Σ (${rule})`;
  return { rule: { text: sr, latex: `\\sum ${toLatex(`(${rule})`)}` }, value: texts.map((x) => `(${x})`).join(" + ") };
}

const scalarOf = (v: number): Tensor => ({ shape: [], data: new Float64Array([v]) });
/** `g[0,1] ⊙ b[0,1]` → `g_{0,1} \odot b_{0,1}` */
const toLatexIndexed = (s: string) => toLatex(s.replace(/\[([\d,]+)\]/g, "@$1@")).replace(/@([\d,]+)@/g, "_{$1}");

/** A rule line: numbers for all-scalar nodes, else shapes, then one element worked out. */
function ruleLines(c: Ctx, lhsName: string, what: string, text: string, latexRule: string | undefined, syms: ReadonlyMap<string, Sym>, result: Tensor, idx: number[], args: ElementArgs, kind: LineKind): MathLine[] {
  const lhs = { latex: latexName(lhsName), text: lhsName };
  const tensors = [...syms.values()].filter((v): v is Tensor => typeof v !== "string");
  const allScalar = isScalar(result) && tensors.every(isScalar);
  const ruleL = latexRule ?? toLatex(text);
  const lines: MathLine[] = [];
  const worked = c.rule.element?.(what, idx, args) ?? null;
  if (allScalar) {
    const r = formatNumber(result.data[0]);
    const filled = filledIn(text, syms, result.data[0]).replaceAll("⊙", "×");
    const got = evalArithmetic(filled);
    if (got !== null && (close(got, result.data[0]) || Math.abs(got - result.data[0]) <= 5e-4 * Math.abs(result.data[0]))) {
      const same = filled.replace(/[()]/g, "").replaceAll("−", "-") === r.replaceAll("−", "-") || filled === text;
      lines.push({ kind, latex: `${lhs.latex} = ${ruleL}${same ? "" : ` = ${numLatex(toLatex(filled))}`} = ${numLatex(r)}`, text: `${lhs.text} = ${text}${same ? "" : ` = ${filled}`} = ${r}` });
      return lines;
    }
    if (worked) return [{ kind, latex: `${lhs.latex} = ${ruleL}`, text: `${lhs.text} = ${text}` }, ...workedLines(lhs, worked, result.data[0], kind)];
    return [{ kind, latex: `${lhs.latex} = ${ruleL} = ${numLatex(r)}`, text: `${lhs.text} = ${text} = ${r}` }];
  }
  const shaped = shapedRule(text, latexRule, syms);
  const lhsShaped = isScalar(result) ? lhs : { latex: `\\underset{${shapeLatex(result.shape)}}{${lhs.latex}}`, text: `${lhs.text} (${shapeText(result.shape)})` };
  lines.push({ kind, latex: `${lhsShaped.latex} = ${shaped.latex}`, text: `${lhsShaped.text} = ${shaped.text}` });
  const k = flat(result.shape, idx);
  const value = result.data[k];
  const el = { latex: `${lhs.latex}${idxLatex(idx)}`, text: `${lhs.text}${idxText(idx)}` };
  if (worked) return [...lines, ...workedLines(el, worked, value, kind)];
  const ew = elementwiseWorked(c, text, what, idx, args.out, args.g);
  const r = formatNumber(value);
  if (ew && ew.value.replace(/[()]/g, "") !== r) lines.push({ kind, latex: `${el.latex} = ${ew.rule.latex} = ${numLatex(toLatex(ew.value))} = ${numLatex(r)}`, text: `${el.text} = ${ew.rule.text} = ${ew.value} = ${r}` });
  else lines.push({ kind, latex: `${el.latex} = ${numLatex(r)}`, text: `${el.text} = ${r}` });
  return lines;
}

/** The name of the scalar that is differentiated: the target node's, or L for the loss (the seeds). */
export function differentiated(p: Program, doc: GraphDoc): string {
  return p.target === null ? "L" : symbolOf(doc, p.target);
}

/**
 * A node's name as a symbol in ∂a/∂b: its label, without a shape written after it ("x_1 (N, D)"
 * is x_1); but a label that is a sentence or an equation ("RNN · t = 4", "x: 30 points") would
 * read as mathematics inside the fraction, so the node's id stands for it.
 */
export function symbolOf(doc: GraphDoc, id: string): string {
  const n = doc.nodes.find((x) => x.id === id);
  const label = (n && typeof n.data.label === "string" ? n.data.label : "").trim().replace(/\s+\([^()]*\)$/, "").trim();
  return !label || /[=:;]/.test(label) || label.length > 16 ? id : label;
}

const nameOf = symbolOf;

/** Where g comes from: the seed, the chain down one path, or the Branch rule's sum of shares. */
function chainLines(c: Ctx, doc: GraphDoc, L: string, idx: number[]): MathLine[] {
  const { p, id } = c;
  const name = symbolOf(doc, id);
  const g = p.grad(id);
  if (!g) return [];
  const k = flat(g.shape, idx);
  const el = isScalar(g) ? "" : idxText(idx), elL = isScalar(g) ? "" : idxLatex(idx);
  const d = partial(L, name);
  const dEl: Both = { latex: `${d.latex}${elL ? `\\Big|${elL}` : ""}`, text: `${d.text}${el}` };
  const shares = p.outEdges(id).map((e) => ({ e, t: p.edgeGrad(e) })).filter((s): s is { e: string; t: Tensor } => s.t !== null);
  const seeded = p.isSeeded(id);
  if (seeded && shares.length === 0) {
    const why = t(p.target === null ? "explainView.seedLoss" : "explainView.seedTarget");
    return [{ kind: "chain", latex: `${d.latex} = 1\\quad\\allowbreak\\text{(${why})}`, text: `${d.text} = 1 (${why})` }];
  }
  const whereTo = (e: string) => {
    const x = doc.edges.find((y) => y.id === e);
    return x ? { node: x.target, port: x.targetHandle } : { node: e, port: "" };
  };
  if (shares.length + (seeded ? 1 : 0) >= 2) {
    // the Branch rule: the shares of every edge leaving this node, plus its own seed
    const terms = [...shares.map((s) => s.t.data[k]), ...(seeded ? [1] : [])];
    const line = sumLine(terms, g.data[k]);
    const labels = [...shares.map((s) => { const w = whereTo(s.e); return `${nameOf(doc, w.node)}.${w.port}`; }), ...(seeded ? [t("explainView.seedTerm")] : [])];
    const [sumText, totalText] = line.split(" = ");
    const termTexts = sumText.split(/ (?=[+−] )/);
    const latexTerms = termTexts.map((x, i) => `\\underbrace{${numLatex(x.replace(/^[+−] /, "")).replace(/^/, "")}}_{\\text{${escapeText(labels[i] ?? "")}}}`);
    const joined = latexTerms.map((x, i) => (i === 0 ? x : `${termTexts[i].startsWith("−") ? "-" : "+"} ${x}`)).join(" ");
    return [
      {
        kind: "fanOut",
        latex: `${dEl.latex} = ${joined} = ${numLatex(totalText)}\\quad\\allowbreak\\text{(${escapeText(t("explainView.sumOfShares"))})}`,
        text: `${dEl.text} = ${t("explainView.sumOfShares")} = ${line}`,
      },
    ];
  }
  // one path: follow the single edge out while there is one, to the seed or to a fan-out
  const path: string[] = [id];
  let cur = id;
  for (let hop = 0; hop < 12; hop++) {
    const outs = p.outEdges(cur).filter((e) => p.edgeGrad(e) !== null);
    if (p.isSeeded(cur) || outs.length !== 1) break;
    cur = whereTo(outs[0]).node;
    path.push(cur);
  }
  const names = path.map((x) => nameOf(doc, x));
  const top = path[path.length - 1];
  // from the differentiated scalar down: ∂L/∂top, then each local derivative ∂(consumer)/∂(node)
  const factors: Both[] = [partial(L, names[names.length - 1]), ...names.slice(0, -1).map((n, i) => partial(names[i + 1], n)).reverse()];
  const v = formatNumber(g.data[k]);
  // scalars all the way: each local derivative is the share that came back over one unit of the consumer's gradient
  const scalars = path.every((x) => { const gx = p.grad(x); return gx !== null && isScalar(gx); });
  const numbers: number[] = [];
  if (scalars) {
    numbers.push(p.grad(top)!.data[0]);
    for (let i = path.length - 2; i >= 0; i--) {
      const e = p.outEdges(path[i]).find((x) => p.edgeGrad(x) !== null)!;
      const gc = p.grad(path[i + 1])!.data[0];
      numbers.push(gc === 0 ? NaN : p.edgeGrad(e)!.data[0] / gc);
    }
  }
  const withNumbers = scalars && factors.length > 1 && numbers.every(Number.isFinite);
  const worked = withNumbers ? printWorked(prod(...numbers.map(num)), g.data[0]) : null;
  const lines: MathLine[] = [
    {
      kind: "chain",
      // a long chain may break between its factors
      latex: `${dEl.latex} = ${factors.map((f) => f.latex).join("\\,\\allowbreak ")}${worked ? ` = ${worked.latex}` : ""} = ${numLatex(v)}`,
      text: `${dEl.text} = ${factors.map((f) => f.text).join(" · ")}${worked ? ` = ${worked.text}` : ""} = ${v}`,
    },
  ];
  // tensors: the gradient that reached each node on the way down, at this element where it has the same shape
  if (!withNumbers && path.length > 1) {
    const parts: Both[] = [];
    for (let i = path.length - 1; i >= 1; i--) {
      const gi = p.grad(path[i]);
      if (!gi) continue;
      const same = gi.shape.length === g.shape.length && gi.shape.every((d, a) => d === g.shape[a]);
      if (!isScalar(gi) && !same) continue;
      const d2 = partial(L, names[i]);
      const at = isScalar(gi) ? 0 : k;
      const el2 = isScalar(gi) ? { latex: "", text: "" } : { latex: `\\Big|${elL}`, text: el };
      parts.push({ latex: `${d2.latex}${el2.latex} = ${numLatex(formatNumber(gi.data[at]))}`, text: `${d2.text}${el2.text} = ${formatNumber(gi.data[at])}` });
    }
    if (parts.length) lines.push({ kind: "given", latex: parts.map((x) => x.latex).join(",\\quad\\allowbreak "), text: parts.map((x) => x.text).join(", ") });
  }
  return lines;
}

const escapeText = (s: string) => s.replace(/[\\{}$&#^_%~]/g, (ch) => `\\${ch}`);

function forwardSection(c: Ctx, doc: GraphDoc, els: Elements): MathLine[] {
  const { p, id, op, syms } = c;
  const out = p.value(id)!;
  const args: ElementArgs = { ins: insOf(c), out, g: null, params: paramsOf(c) };
  const text = ruleText(c);
  const m = /^out = ([^=;]*)$/.exec(text);
  const latexF = op.rule === c.rule ? op.rule.latex?.forward : undefined;
  if (m) return ruleLines(c, "out", "out", m[1], latexF?.replace(/^\\mathrm\{out\} = /, ""), syms, out, els.out, args, "forward");
  // a rule of several parts (y = softmax(x); out = …) or a source: the rule, then the value
  const tensors = [...syms.values()].filter((v): v is Tensor => typeof v !== "string");
  const allScalar = isScalar(out) && tensors.every(isScalar);
  const rl = shapedRule(text, latexF, syms);
  const lines: MathLine[] = [{ kind: "forward", latex: latexF ?? (allScalar ? toLatex(text) : rl.latex), text: allScalar ? text : rl.text }];
  const lhs = op.role === "sink" ? (op.inputs[0]?.name ?? "out") : "out";
  const el = isScalar(out) ? [] : els.out;
  const worked = c.rule.element?.("out", el, args) ?? null;
  const k = flat(out.shape, el);
  const head = { latex: `${latexName(lhs)}${idxLatex(el)}`, text: `${lhs}${idxText(el)}` };
  if (worked) lines.push(...workedLines(head, worked, out.data[k], "forward"));
  else lines.push({ kind: "forward", latex: `${isScalar(out) ? head.latex : `\\underset{${shapeLatex(out.shape)}}{${latexName(lhs)}}\\ni ${head.latex}`} = ${numLatex(formatNumber(out.data[k]))}`, text: `${isScalar(out) ? head.text : `${lhs} (${shapeText(out.shape)}): ${head.text}`} = ${formatNumber(out.data[k])}` });
  void doc;
  return lines;
}

const insOf = (c: Ctx): Record<string, Tensor> => Object.fromEntries([...c.syms].filter((e): e is [string, Tensor] => typeof e[1] !== "string"));
const paramsOf = (c: Ctx) => c.params;

function backwardSection(c: Ctx, doc: GraphDoc, L: string, els: Elements): MathLine[] {
  const { p, id, op, syms } = c;
  const lines: MathLine[] = [];
  const g = p.grad(id);
  if (g) lines.push(...chainLines(c, doc, L, els.out));
  const bsyms = new Map(syms);
  const out = p.value(id)!;
  if (op.role !== "sink") bsyms.set("out", out);
  if (g) bsyms.set("g", g);
  const args: ElementArgs = { ins: insOf(c), out, g, params: paramsOf(c) };
  const ins = p.inEdges(id);
  op.inputs.forEach((port, i) => {
    const e = ins[i];
    if (e === null) return;
    if (port.noGrad) {
      const s = t("explain.noGradInto", { port: port.name });
      lines.push({ kind: "note", prose: true, latex: `\\text{${escapeText(s)}}`, text: s });
      return;
    }
    const share = p.edgeGrad(e);
    if (!share) return;
    const text = ruleText(c, port.name);
    const latexB = op.rule === c.rule ? op.rule.latex?.backward?.[port.name] : undefined;
    const idx = els.port(port.name, share.shape);
    const dName = `d${port.name}`;
    if (text === undefined) {
      const k = flat(share.shape, idx);
      lines.push({ kind: "backward", latex: `${latexName(dName)}${idxLatex(idx)} = ${numLatex(formatNumber(share.data[k]))}`, text: `${dName}${idxText(idx)} = ${formatNumber(share.data[k])}` });
      return;
    }
    lines.push(...ruleLines(c, dName, port.name, text, latexB, bsyms, share, idx, args, "backward"));
  });
  return lines;
}

/** The whole explanation of one node. Throws for a node that is not in the document. */
export function explainNode(p: Program, doc: GraphDoc, id: string, opts: ExplainOptions = {}): NodeExplanation {
  const c = context(p, doc, id);
  const who = c.name === c.op.type ? c.op.type : `${c.name} (${c.op.type})`;
  const L = differentiated(p, doc);
  const heading: Both = { latex: `\\frac{\\partial ${latexName(L)}}{\\partial\\,\\cdot}`, text: `∂${L}/∂·` };
  const out = p.value(id);
  if (p.status(id) !== "ok" || !out) {
    const error = p.error(id);
    return error === null ? { who, heading, of: L, lines: [{ kind: "note", prose: true, latex: `\\text{${escapeText(t("explain.didNotRun"))}}`, text: t("explain.didNotRun") }], element: null } : { who, heading, of: L, lines: [], element: null, error };
  }
  const els = elementsFor(c, doc, out, opts.picked);
  const phase = opts.phase ?? "both";
  const lines: MathLine[] = [];
  if (phase !== "backward") lines.push(...forwardSection(c, doc, els));
  if (phase !== "forward") lines.push(...backwardSection(c, doc, L, els));
  if (phase !== "forward" && c.rule.note && p.grad(id)) {
    const s = t(`ops.${c.op.type}.note`, { defaultValue: c.rule.note });
    lines.push({ kind: "note", prose: true, latex: `\\text{${escapeText(s)}}`, text: s });
  }
  // a number the canvas marks approximate (≈4.900, where −0.7 × −7 is 4.8999…) is set as "≈ 4.900", not "= ≈4.900"
  const typeset = lines.map((l) => (l.latex.includes("≈") ? { ...l, latex: l.latex.replace(/=\s*≈\s*/g, "\\approx ") } : l));
  return { who, heading, of: L, lines: typeset, element: isScalar(out) ? null : els.out };
}
