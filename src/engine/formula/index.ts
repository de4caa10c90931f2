// Formulas for the Expr ops: text → a checked tree → functions of the inputs and of their
// partial derivatives. The engine imports no parser (it stays free of mathjs, boundary.test.ts):
// the text is read by whatever `installFormulaParser` was given, which in Gradflow is
// notation/formula.ts on the restricted, parse-only mathjs of the value parser (the page, the
// worker and the command line install it, lazily, when a graph holds an Expr). Whatever it gives
// back is checked against the whitelist here before anything is built from it, and the
// functions built are closures over the tree: no `eval`, no `Function`.
import { derivative } from "./derive";
import { checkFormulaTree, CONSTANTS, formulaFunction, formulaText, freeVariables, nodeCount, type FormulaNode } from "./tree";

export { derivative, simplify } from "./derive";
export { checkFormulaTree, formulaPython, formulaText, freeVariables, FUNCTIONS, TYPED_FUNCTIONS, type FormulaNode } from "./tree";

/** Reads a formula's text: its tree, or what is wrong in a learner's words. */
export type FormulaParser = (text: string) => FormulaNode | string;

let parser: FormulaParser | null = null;

/** Gives the engine its formula reader (notation/formula.ts installFormulas does); null takes it away. */
export function installFormulaParser(p: FormulaParser | null): void {
  if (parser !== p) cache.clear();
  parser = p;
}

export const formulaParserInstalled = (): boolean => parser !== null;

export const NOT_LOADED = "formulas cannot be read yet: the formula reader is not loaded";

/** A function of the inputs' values, one number each, in the op's port order. */
export type Evaluator = (v: ArrayLike<number>) => number;

export interface Partial {
  readonly port: string;
  /** ∂f/∂port, simplified */
  readonly tree: FormulaNode;
  readonly text: string;
  readonly at: Evaluator;
}

export interface CompiledFormula {
  /** as typed */
  readonly source: string;
  readonly tree: FormulaNode;
  /** the formula written back (`x^2 * sin(x)`) */
  readonly text: string;
  /** the op's input ports, in order: the formula's variables */
  readonly ports: readonly string[];
  /** which ports the formula reads */
  readonly uses: readonly boolean[];
  readonly value: Evaluator;
  /** one per port, in port order */
  readonly partials: readonly Partial[];
}

/** A derivative larger than this is refused rather than built (a product of many factors grows). */
export const MAX_DERIVATIVE_NODES = 20_000;

/** Closures over the tree; a variable reads its port's slot. */
function compileTree(n: FormulaNode, slot: ReadonlyMap<string, number>): Evaluator {
  switch (n.k) {
    case "num": {
      const c = n.v;
      return () => c;
    }
    case "const": {
      const c = CONSTANTS.get(n.name)!;
      return () => c;
    }
    case "var": {
      const i = slot.get(n.name)!;
      return (v) => v[i];
    }
    case "neg": {
      const a = compileTree(n.a, slot);
      return (v) => -a(v);
    }
    case "fn": {
      const f = formulaFunction(n.name)!.f, a = compileTree(n.a, slot);
      return (v) => f(a(v));
    }
    default: {
      const a = compileTree(n.a, slot), b = compileTree(n.b, slot);
      switch (n.k) {
        case "add":
          return (v) => a(v) + b(v);
        case "sub":
          return (v) => a(v) - b(v);
        case "mul":
          return (v) => a(v) * b(v);
        case "div":
          return (v) => a(v) / b(v);
        case "pow":
          return (v) => Math.pow(a(v), b(v));
      }
    }
  }
}

/** "its input is x", "its inputs are a and b" */
function inputsText(ports: readonly string[]): string {
  if (ports.length === 1) return `its input is ${ports[0]}`;
  return `its inputs are ${ports.slice(0, -1).join(", ")} and ${ports[ports.length - 1]}`;
}

/** A checked tree as a CompiledFormula for these ports, or what is wrong. */
export function compileFormulaTree(source: string, tree: FormulaNode, ports: readonly string[]): CompiledFormula | string {
  const bad = checkFormulaTree(tree);
  if (bad) return bad;
  const vars = freeVariables(tree);
  const unknown = vars.find((v) => !ports.includes(v));
  if (unknown !== undefined) return `unknown name "${unknown}" in the formula: ${inputsText(ports)}`;
  const slot = new Map(ports.map((p, i) => [p, i]));
  const partials: Partial[] = [];
  for (const port of ports) {
    const d = derivative(tree, port);
    if (nodeCount(d) > MAX_DERIVATIVE_NODES) return `the formula's derivative in ${port} is too large to build; write it shorter`;
    partials.push({ port, tree: d, text: formulaText(d), at: compileTree(d, slot) });
  }
  return { source, tree, text: formulaText(tree), ports: [...ports], uses: ports.map((p) => vars.includes(p)), value: compileTree(tree, slot), partials };
}

const cache = new Map<string, CompiledFormula | string>();

/**
 * The formula `text` of an op whose inputs are `ports`: compiled, or what is wrong (it does not
 * parse, it calls an unknown function, it names something that is not an input). Remembered, so
 * that planning a graph again on every edit does not differentiate again.
 */
export function compileFormula(text: string, ports: readonly string[]): CompiledFormula | string {
  if (!parser) return NOT_LOADED;
  const key = `${ports.join(",")}\u0000${text}`;
  const hit = cache.get(key);
  if (hit !== undefined) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const parsed = parser(text);
  const result = typeof parsed === "string" ? parsed : compileFormulaTree(text, parsed, ports);
  cache.set(key, result);
  if (cache.size > 128) cache.delete(cache.keys().next().value!);
  return result;
}
