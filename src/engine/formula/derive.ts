// Symbolic differentiation of a formula tree, and the few simplifications that keep a derivative
// readable (2 * x rather than 2 * x^(2 - 1) * 1). mathjs has a `derivative`, but it needs
// `simplify`, which needs the whole evaluating mathjs (its constant folding calls functions by
// name); it knows no sigmoid, and writes tan′ as sec², tanh′ as sech² and abs′ as abs(x)/x (NaN at
// 0), none of them in the whitelist. The rules here are the textbook ones, written as Gradflow's
// ops write theirs, on trees that were checked against the whitelist first.
import { formulaFunction, type BinaryKind, type FormulaNode } from "./tree";

const num = (v: number): FormulaNode => ({ k: "num", v });
const isNum = (n: FormulaNode, v?: number): n is { k: "num"; v: number } => n.k === "num" && (v === undefined || n.v === v);

/** Folds two numbers when the result is a finite number (never into Infinity or NaN). */
function fold(k: BinaryKind, a: number, b: number): FormulaNode | null {
  const v = k === "add" ? a + b : k === "sub" ? a - b : k === "mul" ? a * b : k === "div" ? a / b : Math.pow(a, b);
  return Number.isFinite(v) ? num(v === 0 ? 0 : v) : null;
}

// Constructors that simplify as they build. Only rewrites that keep every finite value:
// 0 + u, u · 1, u^1, −(−u) and folding of numbers. (0 · u → 0 drops a NaN of u where u is
// infinite: a derivative's structural zero, as every autodiff library treats it.)
export const mk = {
  neg(a: FormulaNode): FormulaNode {
    // a structural zero stays 0 (not −0), as 0 · u does
    if (isNum(a)) return num(a.v === 0 ? 0 : -a.v);
    if (a.k === "neg") return a.a;
    return { k: "neg", a };
  },
  bin(k: BinaryKind, a: FormulaNode, b: FormulaNode): FormulaNode {
    if (isNum(a) && isNum(b)) {
      const f = fold(k, a.v, b.v);
      if (f) return f;
    }
    switch (k) {
      case "add":
        if (isNum(a, 0)) return b;
        if (isNum(b, 0)) return a;
        if (b.k === "neg") return mk.bin("sub", a, b.a);
        break;
      case "sub":
        if (isNum(b, 0)) return a;
        if (isNum(a, 0)) return mk.neg(b);
        if (b.k === "neg") return mk.bin("add", a, b.a);
        break;
      case "mul":
        if (isNum(a, 0) || isNum(b, 0)) return num(0);
        if (isNum(a, 1)) return b;
        if (isNum(b, 1)) return a;
        if (isNum(a, -1)) return mk.neg(b);
        if (isNum(b, -1)) return mk.neg(a);
        // a number in front: 2 * x rather than x * 2; and −u · v as −(u · v)
        if (isNum(b) && !isNum(a)) return mk.bin("mul", b, a);
        if (a.k === "neg") return mk.neg(mk.bin("mul", a.a, b));
        if (b.k === "neg") return mk.neg(mk.bin("mul", a, b.a));
        break;
      case "div":
        if (isNum(a, 0)) return num(0);
        if (isNum(b, 1)) return a;
        if (a.k === "neg") return mk.neg(mk.bin("div", a.a, b));
        break;
      case "pow":
        if (isNum(b, 0)) return num(1);
        if (isNum(b, 1)) return a;
        break;
    }
    return { k, a, b };
  },
  add: (a: FormulaNode, b: FormulaNode) => mk.bin("add", a, b),
  sub: (a: FormulaNode, b: FormulaNode) => mk.bin("sub", a, b),
  mul: (a: FormulaNode, b: FormulaNode) => mk.bin("mul", a, b),
  div: (a: FormulaNode, b: FormulaNode) => mk.bin("div", a, b),
  pow: (a: FormulaNode, b: FormulaNode) => mk.bin("pow", a, b),
};

/** Does the formula depend on x? */
export function dependsOn(n: FormulaNode, x: string): boolean {
  switch (n.k) {
    case "var":
      return n.name === x;
    case "num":
    case "const":
      return false;
    case "neg":
    case "fn":
      return dependsOn(n.a, x);
    default:
      return dependsOn(n.a, x) || dependsOn(n.b, x);
  }
}

/** The simplifying constructors applied bottom-up: a tree as mk would have built it. */
export function simplify(n: FormulaNode): FormulaNode {
  switch (n.k) {
    case "num":
    case "const":
    case "var":
      return n;
    case "neg":
      return mk.neg(simplify(n.a));
    case "fn":
      return { k: "fn", name: n.name, a: simplify(n.a) };
    default:
      return mk.bin(n.k, simplify(n.a), simplify(n.b));
  }
}

/** ∂n/∂x, simplified. */
export function derivative(n: FormulaNode, x: string): FormulaNode {
  switch (n.k) {
    case "num":
    case "const":
      return num(0);
    case "var":
      return num(n.name === x ? 1 : 0);
    case "neg":
      return mk.neg(derivative(n.a, x));
    case "add":
      return mk.add(derivative(n.a, x), derivative(n.b, x));
    case "sub":
      return mk.sub(derivative(n.a, x), derivative(n.b, x));
    case "mul":
      // (uv)′ = u′v + uv′
      return mk.add(mk.mul(derivative(n.a, x), n.b), mk.mul(n.a, derivative(n.b, x)));
    case "div": {
      // (u/v)′ = u′/v − u·v′/v², as the Div op's two rules (g / b and −g ⊙ a / b²)
      const da = derivative(n.a, x), db = derivative(n.b, x);
      return mk.sub(mk.div(da, n.b), mk.div(mk.mul(n.a, db), mk.pow(n.b, num(2))));
    }
    case "pow": {
      const da = derivative(n.a, x), db = derivative(n.b, x);
      // u^c: c · u^(c − 1) · u′
      if (!dependsOn(n.b, x)) return mk.mul(mk.mul(n.b, mk.pow(n.a, mk.sub(n.b, num(1)))), da);
      // c^v: c^v · log(c) · v′
      if (!dependsOn(n.a, x)) return mk.mul(mk.mul(n, { k: "fn", name: "log", a: n.a }), db);
      // u^v: u^v · (v′ · log(u) + v · u′ / u)
      return mk.mul(n, mk.add(mk.mul(db, { k: "fn", name: "log", a: n.a }), mk.div(mk.mul(n.b, da), n.a)));
    }
    case "fn": {
      const f = formulaFunction(n.name);
      if (!f) throw new Error(`unknown function "${n.name}"`);
      const outer = simplify(f.derivative(n.a)), inner = derivative(n.a, x);
      // f′(u) = 1 / w (log, sqrt): u′ / w reads better than 1 / w * u′
      if (outer.k === "div" && isNum(outer.a, 1)) return mk.div(inner, outer.b);
      return mk.mul(outer, inner);
    }
  }
}
