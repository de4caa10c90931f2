import { describe, expect, it } from "vitest";
import { compileFormula, formulaParserInstalled, installFormulaParser } from "../engine/formula";
import { EXAMPLES } from "../examples";
import { loadFormulas, usesFormulas } from "./formulaLoader";

describe("loading the formula reader when a graph needs it", () => {
  it("knows which documents have an Expr", () => {
    expect(usesFormulas({ nodes: [{ id: "f", type: "Expr2", data: {} }] })).toBe(true);
    expect(usesFormulas({ nodes: [{ id: "x", type: "Input", data: {} }, { id: "n", type: "NoSuchOp", data: {} }] })).toBe(false);
    for (const ex of EXAMPLES) expect(usesFormulas(ex.doc), ex.id).toBe(ex.doc.nodes.some((n) => n.type.startsWith("Expr")));
  });

  // the first import of mathjs inside a test takes seconds on a busy machine
  it("installs it, once, and then formulas compile", { timeout: 60_000 }, async () => {
    installFormulaParser(null);
    expect(compileFormula("x^2", ["x"])).toMatch(/not loaded/);
    await loadFormulas();
    expect(formulaParserInstalled()).toBe(true);
    await loadFormulas();
    const c = compileFormula("x^2", ["x"]);
    expect(typeof c === "string" ? c : c.partials[0].text).toBe("2 * x");
  });
});
