// Formulas as Gradflow holds them: a small tree of numbers, the constants pi and e, the op's
// input names, + − * / ^, unary minus and a whitelist of functions. Text is read into this tree
// by an injected parser (notation/formula.ts, on the restricted mathjs); everything after that
// (checking, evaluating, differentiating, writing back) happens here, on the tree, so nothing a
// learner types is ever run as code.

export type BinaryKind = "add" | "sub" | "mul" | "div" | "pow";

export type FormulaNode =
  | { readonly k: "num"; readonly v: number }
  | { readonly k: "const"; readonly name: "pi" | "e" }
  | { readonly k: "var"; readonly name: string }
  | { readonly k: "neg"; readonly a: FormulaNode }
  | { readonly k: BinaryKind; readonly a: FormulaNode; readonly b: FormulaNode }
  | { readonly k: "fn"; readonly name: string; readonly a: FormulaNode };

export const CONSTANTS: ReadonlyMap<string, number> = new Map([["pi", Math.PI], ["e", Math.E]]);

// ---- the functions: one object each, in one list --------------------------------------------

export interface FormulaFunction {
  readonly name: string;
  /** a learner may type it (all of them may: sign, which abs′ writes, too, so that a derivative can be typed back) */
  readonly typed: boolean;
  readonly f: (x: number) => number;
  /** f′(u) as a formula in u; the chain rule multiplies it by u′ */
  readonly derivative: (u: FormulaNode) => FormulaNode;
}

const num = (v: number): FormulaNode => ({ k: "num", v });
const fn = (name: string, a: FormulaNode): FormulaNode => ({ k: "fn", name, a });
const bin = (k: BinaryKind, a: FormulaNode, b: FormulaNode): FormulaNode => ({ k, a, b });

/** The same sigmoid as the Sigmoid op, to the bit. */
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

// Derivatives are written as the registry's own ops write them (Tanh: 1 − out², Sigmoid:
// out·(1 − out)), so an Expr of tanh(x) gives the Tanh op's numbers.
export const FUNCTIONS: readonly FormulaFunction[] = [
  { name: "exp", typed: true, f: Math.exp, derivative: (u) => fn("exp", u) },
  { name: "log", typed: true, f: Math.log, derivative: (u) => bin("div", num(1), u) },
  { name: "sin", typed: true, f: Math.sin, derivative: (u) => fn("cos", u) },
  { name: "cos", typed: true, f: Math.cos, derivative: (u) => ({ k: "neg", a: fn("sin", u) }) },
  { name: "tan", typed: true, f: Math.tan, derivative: (u) => bin("add", num(1), bin("pow", fn("tan", u), num(2))) },
  { name: "tanh", typed: true, f: Math.tanh, derivative: (u) => bin("sub", num(1), bin("pow", fn("tanh", u), num(2))) },
  { name: "sqrt", typed: true, f: Math.sqrt, derivative: (u) => bin("div", num(1), bin("mul", num(2), fn("sqrt", u))) },
  // 0 at 0, as numpy's and PyTorch's abs give it
  { name: "abs", typed: true, f: Math.abs, derivative: (u) => fn("sign", u) },
  { name: "sigmoid", typed: true, f: sigmoid, derivative: (u) => bin("mul", fn("sigmoid", u), bin("sub", num(1), fn("sigmoid", u))) },
  // the whitelist of issue 13 and sign, which abs′ writes; its derivative is 0 (away from 0, where it jumps)
  { name: "sign", typed: true, f: Math.sign, derivative: () => num(0) },
];

const byName = new Map(FUNCTIONS.map((f) => [f.name, f]));
export const formulaFunction = (name: string): FormulaFunction | undefined => byName.get(name);
/** the names a learner may call, in the list's order */
export const TYPED_FUNCTIONS: readonly string[] = FUNCTIONS.filter((f) => f.typed).map((f) => f.name);

// ---- checking a tree that came from outside ---------------------------------------------------

/** Bounds on a formula, so that differentiating it stays small work. */
export const MAX_FORMULA_NODES = 400;
export const MAX_FORMULA_DEPTH = 64;

const BINARY = new Set<string>(["add", "sub", "mul", "div", "pow"]);
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

/**
 * What is wrong with a tree a parser gave (any value), or null: only the kinds above, finite
 * numbers, variable names that are identifiers, typed functions, within the bounds.
 */
export function checkFormulaTree(t: unknown): string | null {
  let count = 0;
  const walk = (n: unknown, depth: number): string | null => {
    if (++count > MAX_FORMULA_NODES) return `the formula is too long (more than ${MAX_FORMULA_NODES} parts)`;
    if (depth > MAX_FORMULA_DEPTH) return `the formula is nested too deeply (more than ${MAX_FORMULA_DEPTH} levels)`;
    if (!isObj(n)) return "not a formula";
    switch (n.k) {
      case "num":
        return typeof n.v === "number" && Number.isFinite(n.v) ? null : `${String(n.v)} is not a finite number`;
      case "const":
        return n.name === "pi" || n.name === "e" ? null : "an unknown constant";
      case "var":
        return typeof n.name === "string" && /^[A-Za-z_][A-Za-z0-9_]*$/.test(n.name) ? null : "a variable must be a name";
      case "neg":
        return walk(n.a, depth + 1);
      case "fn": {
        const f = typeof n.name === "string" ? byName.get(n.name) : undefined;
        if (!f || !f.typed) return `unknown function "${String(n.name)}"`;
        return walk(n.a, depth + 1);
      }
      default:
        if (typeof n.k !== "string" || !BINARY.has(n.k)) return "not a formula";
        return walk(n.a, depth + 1) ?? walk(n.b, depth + 1);
    }
  };
  return walk(t, 0);
}

/** The variables a formula reads, in the order they first appear. */
export function freeVariables(n: FormulaNode, into: string[] = []): string[] {
  switch (n.k) {
    case "var":
      if (!into.includes(n.name)) into.push(n.name);
      break;
    case "num":
    case "const":
      break;
    case "neg":
    case "fn":
      freeVariables(n.a, into);
      break;
    default:
      freeVariables(n.a, into);
      freeVariables(n.b, into);
  }
  return into;
}

export const nodeCount = (n: FormulaNode): number =>
  n.k === "num" || n.k === "const" || n.k === "var" ? 1 : n.k === "neg" || n.k === "fn" ? 1 + nodeCount(n.a) : 1 + nodeCount(n.a) + nodeCount(n.b);

// ---- writing a tree as text -------------------------------------------------------------------

// Binding strength, as mathjs (and the usual convention) reads text: ^ binds tighter than a
// unary minus (−x^2 is −(x^2)), which binds tighter than * and /.
const PREC: Record<FormulaNode["k"], number> = { add: 1, sub: 1, mul: 2, div: 2, neg: 3, pow: 4, fn: 5, var: 5, const: 5, num: 5 };
const SYMBOL: Record<BinaryKind, string> = { add: "+", sub: "-", mul: "*", div: "/", pow: "^" };

const precOf = (n: FormulaNode) => (n.k === "num" && (n.v < 0 || Object.is(n.v, -0)) ? PREC.neg : PREC[n.k]);

/** A number as the parser reads it back exactly: shortest round-trip digits. */
const numberText = (v: number) => (Object.is(v, -0) ? "-0" : String(v));

/**
 * The formula as text that reads back into the same tree (so also into the same numbers):
 * `x^2 * sin(x)`, `2 * x * sin(x) + x^2 * cos(x)`. Parentheses only where the tree needs them,
 * including around a right operand of the same strength (a − (b − c), a + (b + c)).
 */
export function formulaText(n: FormulaNode): string {
  const wrap = (c: FormulaNode, ok: boolean) => (ok ? formulaText(c) : `(${formulaText(c)})`);
  switch (n.k) {
    case "num":
      return numberText(n.v);
    case "const":
    case "var":
      return n.name;
    case "fn":
      return `${n.name}(${formulaText(n.a)})`;
    case "neg":
      // -(-x) and -(-2) keep their parentheses: "--x" is not a formula
      return `-${wrap(n.a, precOf(n.a) > PREC.neg)}`;
    case "pow":
      // right-associative: x^y^z is x^(y^z); a unary minus may follow ^ (x^-1)
      return `${wrap(n.a, precOf(n.a) > PREC.pow)}^${wrap(n.b, precOf(n.b) >= PREC.neg)}`;
    default: {
      const p = PREC[n.k];
      return `${wrap(n.a, precOf(n.a) >= p)} ${SYMBOL[n.k]} ${wrap(n.b, precOf(n.b) > p)}`;
    }
  }
}

// ---- writing a tree as Python, for the code export (FORMAT.md section 5) ----------------------

const PYTHON: Record<"np" | "torch", Record<string, (a: string) => string>> = {
  np: { sigmoid: (a) => `1 / (1 + np.exp(-(${a})))` },
  torch: { sigmoid: (a) => `torch.sigmoid(${a})` },
};

/**
 * The formula as a NumPy (or PyTorch) expression of its variables: `x**2 * np.sin(x)`. Python
 * binds ** as the formula binds ^ (tighter than a unary minus on its left, right-associative), so
 * the text keeps the tree's operations in its order; pi and e are written as their doubles.
 */
export function formulaPython(n: FormulaNode, lib: "np" | "torch" = "np"): string {
  const wrap = (c: FormulaNode, ok: boolean) => (ok ? formulaPython(c, lib) : `(${formulaPython(c, lib)})`);
  switch (n.k) {
    case "num":
      return Object.is(n.v, -0) ? "-0.0" : String(n.v);
    case "const":
      return String(CONSTANTS.get(n.name));
    case "var":
      return n.name;
    case "fn": {
      const special = PYTHON[lib][n.name];
      return special ? `(${special(formulaPython(n.a, lib))})` : `${lib}.${n.name}(${formulaPython(n.a, lib)})`;
    }
    case "neg":
      return `-${wrap(n.a, precOf(n.a) > PREC.neg)}`;
    case "pow":
      return `${wrap(n.a, precOf(n.a) > PREC.pow)}**${wrap(n.b, precOf(n.b) >= PREC.neg)}`;
    default: {
      const p = PREC[n.k];
      return `${wrap(n.a, precOf(n.a) >= p)} ${SYMBOL[n.k]} ${wrap(n.b, precOf(n.b) > p)}`;
    }
  }
}
