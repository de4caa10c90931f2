// Formulas as learners type them (`x^2 * sin(x)`, `a * exp(-b)`), read by the value parser's
// restricted mathjs: it can only parse. The syntax tree is walked here and turned into the
// engine's own formula tree, accepting only numbers, pi and e, names, + − * / ^, unary minus
// and the whitelisted functions; anything else (assignments, indexing, units, strings, other
// functions, mathjs's own names) is refused with one line. Nothing is evaluated: the engine
// builds closures from the checked tree (engine/formula). Also: the LaTeX of any formula tree
// (a derivative, for the explanation), through the same instance's node classes.
import type { MathNode } from "mathjs";
import { didYouMean as nearest } from "../engine/names";
import { compileFormula, formulaText, installFormulaParser, TYPED_FUNCTIONS, type CompiledFormula, type FormulaNode } from "../engine/formula";
import { MAX_FORMULA_LENGTH } from "../engine/ops/types";
import { parseMath } from "./valueText";

class FormulaError extends Error {}
const fail = (msg: string): never => {
  throw new FormulaError(msg);
};

const MAX_NESTING = 32;
const CONSTANT_NAMES = new Set(["pi", "e"]);
const OPERATORS = new Map([["add", "add"], ["subtract", "sub"], ["multiply", "mul"], ["divide", "div"], ["pow", "pow"]] as const);

const show = (node: MathNode): string => {
  const s = node.toString();
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
};

/** ` — did you mean "sin"?` for a near miss, else "". */
function didYouMean(name: string, known: readonly string[]): string {
  // a short name is easily near a wrong one ("foo" is two letters from "log"): one letter off, below four
  const near = nearest(name, known, Math.min(2, name.length - 2));
  return near ? ` — did you mean "${near}"?` : "";
}

/** Reads a formula into the engine's tree, or says what is wrong. */
export function parseFormulaText(text: string): FormulaNode | string {
  const src = text.trim();
  if (src === "") return "the formula is empty: type one, like x^2 * sin(x)";
  if (src.length > MAX_FORMULA_LENGTH) return `the formula is longer than ${MAX_FORMULA_LENGTH} characters`;
  try {
    let depth = 0;
    for (const c of src) {
      if (c === "(" || c === "[" || c === "{") {
        if (++depth > MAX_NESTING) fail(`the formula is nested too deeply (more than ${MAX_NESTING} brackets)`);
      } else if (c === ")" || c === "]" || c === "}") depth--;
    }
    let tree: MathNode;
    try {
      tree = parseMath(src);
    } catch (e) {
      return `cannot read the formula: ${(e as Error).message}`;
    }
    return toTree(tree);
  } catch (e) {
    if (e instanceof FormulaError) return e.message;
    if (e instanceof RangeError) return "the formula is nested too deeply";
    throw e;
  }
}

function toTree(node: MathNode): FormulaNode {
  switch (node.type) {
    case "ConstantNode": {
      const v = (node as unknown as { value: unknown }).value;
      if (typeof v !== "number") return fail(typeof v === "string" ? `"${v}" is text, not a number` : `${String(v)} is not a number`);
      if (!Number.isFinite(v)) return fail(`${v} is not a finite number`);
      return { k: "num", v };
    }
    case "SymbolNode": {
      const name = (node as unknown as { name: string }).name;
      if (CONSTANT_NAMES.has(name)) return { k: "const", name: name as "pi" | "e" };
      if (TYPED_FUNCTIONS.includes(name)) return fail(`${name} is a function: call it, like ${name}(x)`);
      return { k: "var", name };
    }
    case "ParenthesisNode":
      return toTree((node as unknown as { content: MathNode }).content);
    case "OperatorNode": {
      const { fn, op, args } = node as unknown as { fn: string; op: string; args: MathNode[] };
      if (fn === "unaryPlus") return toTree(args[0]);
      if (fn === "unaryMinus") {
        const a = toTree(args[0]);
        // -3 is the number −3, so that a formula written back reads into the same tree
        return a.k === "num" ? { k: "num", v: -a.v } : { k: "neg", a };
      }
      const k = OPERATORS.get(fn as never);
      if (!k || args.length !== 2) return fail(`operator "${op}" is not allowed in a formula (use + - * / ^)`);
      return { k, a: toTree(args[0]), b: toTree(args[1]) };
    }
    case "FunctionNode": {
      const { fn, args } = node as unknown as { fn: MathNode; args: MathNode[] };
      if (fn.type !== "SymbolNode") return fail(`${show(node)} is not a function call a formula can make`);
      const name = (fn as unknown as { name: string }).name;
      if (!TYPED_FUNCTIONS.includes(name)) return fail(`unknown function "${name}"${didYouMean(name, TYPED_FUNCTIONS) || ` (known: ${TYPED_FUNCTIONS.join(", ")})`}`);
      if (args.length !== 1) return fail(`${name} takes one argument, like ${name}(x)`);
      return { k: "fn", name, a: toTree(args[0]) };
    }
    case "BlockNode":
      return fail("one formula only (no \";\" or several lines)");
    case "AssignmentNode":
    case "FunctionAssignmentNode":
      return fail("a formula cannot assign: write only the right-hand side, like x^2 * sin(x)");
    case "AccessorNode":
    case "IndexNode":
      return fail(`indexing (${show(node)}) is not allowed in a formula`);
    case "ConditionalNode":
      return fail("conditions (? :) are not allowed in a formula");
    default:
      return fail(`${show(node)} is not allowed in a formula: use numbers, the inputs, + - * / ^ and ${TYPED_FUNCTIONS.join(", ")}`);
  }
}

/** Gives the engine this reader; the page, the worker and the command line call it before running a graph with an Expr. */
export function installFormulas(): void {
  installFormulaParser(parseFormulaText);
}

/**
 * LaTeX for a formula tree: the tree is written as text (which reads back into the same tree)
 * and typeset by mathjs's node classes. A function mathjs does not know (sigmoid, sign) comes out
 * as \mathrm{sigmoid}.
 */
export function formulaTex(tree: FormulaNode): string {
  return parseMath(formulaText(tree)).toTex({ parenthesis: "auto", implicit: "hide" });
}

/** What the explanation view shows for an Expr node: the formula and each partial, as text and as LaTeX. */
export interface FormulaExplanation {
  forward: { text: string; tex: string };
  partials: { port: string; text: string; tex: string }[];
}

/** The formula of an op with these inputs, explained; or what is wrong with it. */
export function explainFormula(text: string, ports: readonly string[]): FormulaExplanation | string {
  installFormulas();
  const c: CompiledFormula | string = compileFormula(text, ports);
  if (typeof c === "string") return c;
  return {
    forward: { text: c.text, tex: formulaTex(c.tree) },
    partials: c.partials.map((p) => ({ port: p.port, text: p.text, tex: formulaTex(p.tree) })),
  };
}
