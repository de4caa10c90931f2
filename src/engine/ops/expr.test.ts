// Expr and Expr2: a formula's numbers and its derivative's, broadcasting like Add and Mul, the
// node errors a learner reads, and the rule the step panel shows. (Their backward is checked
// against finite differences, on the defaults and on random formulas, in registry.test.ts.)
import { describe, expect, it } from "vitest";
import { nested, run } from "./testGraph";
import { installFormulas } from "../../notation/formula";
import { resolveParams } from "../executor";
import { validateGraph } from "../format";
import { installFormulaParser } from "../formula";
import type { Nested } from "../tensor";
import { getOp } from ".";
import { ruleOf } from "./types";

installFormulas();

const unary = (type: string, x: Nested, data: Record<string, unknown> = {}) => run([["x", "Input", { value: x }], ["f", type, data]], ["x -> f.x"]);
const expr2 = (a: Nested, b: Nested, formula?: string) =>
  run([["a", "Input", { value: a }], ["b", "Input", { value: b }], ["f", "Expr2", formula ? { formula } : {}]], ["a -> f.a", "b -> f.b"]);

const XS = [[-2.5, -1, -0.3], [0, 0.7, 3.2]];

describe("Expr", () => {
  it("computes the issue's x^2 * sin(x), and its derivative 2x sin x + x² cos x", () => {
    const p = unary("Expr", XS);
    XS.flat().forEach((x, i) => {
      expect(p.value("f")!.data[i]).toBe(x ** 2 * Math.sin(x));
      expect(p.grad("x")!.data[i]).toBe(2 * x * Math.sin(x) + x ** 2 * Math.cos(x));
    });
  });

  it("as tanh(x) and exp(x), gives the Tanh and Exp ops' numbers to the bit", () => {
    for (const [formula, op] of [["tanh(x)", "Tanh"], ["exp(x)", "Exp"]]) {
      const e = unary("Expr", XS, { formula }), o = unary(op, XS);
      expect(nested(e.value("f"))).toEqual(nested(o.value("f")));
      expect(nested(e.grad("x"))).toEqual(nested(o.grad("x")));
    }
    // sigmoid's forward too; its backward multiplies in another order than the op's (g ⊙ (1 − out)) ⊙ out
    expect(nested(unary("Expr", XS, { formula: "sigmoid(x)" }).value("f"))).toEqual(nested(unary("Sigmoid", XS).value("f")));
  });

  it("a constant formula has the input's shape, and no gradient but 0", () => {
    const p = unary("Expr", XS, { formula: "2 * pi" });
    expect(nested(p.value("f"))).toEqual(XS.map((r) => r.map(() => 2 * Math.PI)));
    expect(nested(p.grad("x"))).toEqual(XS.map((r) => r.map(() => 0)));
  });

  it("says what is wrong with the formula at the node, and the rest of the graph runs", () => {
    const err = (formula: string) => unary("Expr", XS, { formula }).error("f");
    expect(err("sine(x)")).toBe('Expr: unknown function "sine" — did you mean "sin"?');
    expect(err("x * y")).toBe('Expr: unknown name "y" in the formula: its input is x');
    expect(err("x +")).toMatch(/^Expr: cannot read the formula: /);
    expect(err("import(x)")).toMatch(/^Expr: unknown function "import"/);
    const p = run([["x", "Input", { value: 2 }], ["f", "Expr", { formula: "x^" }], ["t", "Tanh"]], ["x -> f.x", "x -> t.x"]);
    expect(p.status("f")).toBe("error");
    expect(p.value("t")!.data[0]).toBe(Math.tanh(2));
  });

  it("is a node error, not a crash, before the formula reader is installed", () => {
    installFormulaParser(null);
    try {
      expect(unary("Expr", 1).error("f")).toBe("Expr: formulas cannot be read yet: the formula reader is not loaded");
    } finally {
      installFormulas();
    }
    expect(unary("Expr", 1).error("f")).toBeNull();
  });

  it("the file reader takes a formula as a non-empty string of at most 500 characters", () => {
    const file = (formula: unknown) => () => validateGraph({ format: "gradflow", version: 1, nodes: [{ id: "f", type: "Expr", data: { formula } }], edges: [] });
    expect(file("x + 1")).not.toThrow();
    expect(file("x + y")).not.toThrow(); // a node error, as a shape is
    expect(file(3)).toThrow('nodes[0].data.formula: expected a formula as a string, like "x^2 * sin(x)", got 3');
    expect(file("")).toThrow("nodes[0].data.formula: the formula is empty");
    expect(file("x+".repeat(300) + "x")).toThrow("nodes[0].data.formula: the formula has 601 characters, more than the limit 500");
  });

  it("its rule, for the step panel, is the node's own formula and derivative", () => {
    const op = getOp("Expr")!;
    expect(ruleOf(op, resolveParams(op, {}))).toEqual({ forward: "out = x^2 * sin(x)", backward: { x: "g ⊙ (2 * x * sin(x) + x^2 * cos(x))" }, note: op.rule.note });
    expect(ruleOf(op, resolveParams(op, { formula: "y" }))).toBe(op.rule);
    const op2 = getOp("Expr2")!;
    expect(ruleOf(op2, resolveParams(op2, { formula: "a^2" })).backward).toEqual({ a: "g ⊙ (2 * a)", b: "0 (the formula does not read it)" });
    expect(ruleOf(getOp("Add")!, {})).toBe(getOp("Add")!.rule);
  });
});

describe("Expr2", () => {
  it("computes a * exp(-b) with both partials", () => {
    const p = expr2([[1, 2], [3, 4]], [[0.5, -1], [2, 0]]);
    expect(nested(p.value("f"))).toEqual([[Math.exp(-0.5), 2 * Math.exp(1)], [3 * Math.exp(-2), 4]]);
    expect(nested(p.grad("a"))).toEqual([[Math.exp(-0.5), Math.exp(1)], [Math.exp(-2), 1]]);
    expect(nested(p.grad("b"))).toEqual([[-Math.exp(-0.5), -(2 * Math.exp(1))], [-(3 * Math.exp(-2)), -4]]);
  });

  it("broadcasts like Mul: the same numbers, and a bias-like b sums its gradient over the rows", () => {
    const a = [[1, 2, 3], [4, 5, 6]], b = [0.5, -2, 3];
    const e = expr2(a, b, "a * b");
    const m = run([["a", "Input", { value: a }], ["b", "Input", { value: b }], ["f", "Mul"]], ["a -> f.a", "b -> f.b"]);
    expect(nested(e.value("f"))).toEqual(nested(m.value("f")));
    expect(nested(e.grad("a"))).toEqual(nested(m.grad("a")));
    expect(nested(e.grad("b"))).toEqual(nested(m.grad("b")));
    expect(nested(e.grad("b"))).toEqual([5, 7, 9]);
    expect(expr2([[1, 2]], [[1], [2], [3]], "a - b").value("f")!.shape).toEqual([3, 2]);
    expect(expr2([[1, 2, 3]], [1, 2], "a - b").error("f")).toBe("Expr2: a (1,3) and b (2,) cannot broadcast");
  });

  it("an input the formula does not read gets a gradient of zeros, of its shape", () => {
    const p = expr2([[1, 2]], [3, 4], "sin(a)");
    expect(nested(p.grad("b"))).toEqual([0, 0]);
    expect(nested(p.grad("a"))).toEqual([[Math.cos(1), Math.cos(2)]]);
  });
});
