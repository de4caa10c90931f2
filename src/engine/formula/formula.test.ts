// Formulas: read by the restricted mathjs (notation/formula.ts), checked, evaluated and
// differentiated here. The values and derivatives are replayed in an independent library, the
// full mathjs (its own evaluate and its own symbolic derivative), as micrograd's tests replay
// expressions in PyTorch.
import { all, create } from "mathjs";
import { describe, expect, it, vi } from "vitest";
import { RandomState } from "../random";
import { formulaTex, installFormulas, parseFormulaText, explainFormula } from "../../notation/formula";
import { checkFormulaTree, compileFormula, compileFormulaTree, formulaParserInstalled, formulaPython, formulaText, installFormulaParser, NOT_LOADED, TYPED_FUNCTIONS, type CompiledFormula, type FormulaNode } from ".";
import { randomFormula } from "./randomFormulas";

installFormulas();
vi.setConfig({ testTimeout: 60_000 });
const full = create(all);

const tree = (text: string): FormulaNode => {
  const t = parseFormulaText(text);
  if (typeof t === "string") throw new Error(`${text}: ${t}`);
  return t;
};
const compiled = (text: string, ports: string[]): CompiledFormula => {
  const c = compileFormula(text, ports);
  if (typeof c === "string") throw new Error(`${text}: ${c}`);
  return c;
};
const error = (text: string, ports = ["x"]): string => {
  const c = compileFormula(text, ports);
  if (typeof c !== "string") throw new Error(`${text} was accepted as ${c.text}`);
  return c;
};

const scope = (vals: Record<string, number>) => ({ ...vals, sigmoid: (x: number) => 1 / (1 + Math.exp(-x)), sign: Math.sign });

/**
 * What mathjs cannot differentiate, written out in what it can, matching parentheses:
 * sigmoid(u) → (1 / (1 + exp(-(u)))), sign(u) → (abs(u) / (u)) (u is never 0 in these formulas).
 */
function writeOut(f: string): string {
  const forms: Record<string, (u: string) => string> = { sigmoid: (u) => `(1 / (1 + exp(-(${u}))))`, sign: (u) => `(abs(${u}) / (${u}))` };
  let out = "", i = 0;
  outer: while (i < f.length) {
    for (const [name, form] of Object.entries(forms))
      if (f.startsWith(`${name}(`, i) && !/\w/.test(f[i - 1] ?? "")) {
        let depth = 0, j = i + name.length;
        for (; j < f.length; j++) {
          if (f[j] === "(") depth++;
          else if (f[j] === ")" && --depth === 0) break;
        }
        out += form(writeOut(f.slice(i + name.length + 1, j)));
        i = j + 1;
        continue outer;
      }
    out += f[i++];
  }
  return out;
}

const close = (got: number, want: number, rtol: number) => Math.abs(got - want) <= rtol * Math.max(1, Math.abs(want));

describe("reading formulas", () => {
  it("reads the issue's examples and writes them back", () => {
    expect(compiled("x^2 * sin(x)", ["x"]).text).toBe("x^2 * sin(x)");
    expect(compiled("a * exp(-b)", ["a", "b"]).text).toBe("a * exp(-b)");
    expect(compiled("2x + pi", ["x"]).text).toBe("2 * x + pi");
    expect(compiled("  -x^2 ", ["x"]).text).toBe("-x^2");
    expect(compiled("e^x", ["x"]).value([1])).toBe(Math.E);
    expect(compiled("1e-3 * x", ["x"]).value([2])).toBe(0.002);
  });

  it("names as the op's inputs; a formula may leave some out", () => {
    const c = compiled("a^2", ["a", "b"]);
    expect(c.uses).toEqual([true, false]);
    expect(c.partials.map((p) => p.text)).toEqual(["2 * a", "0"]);
    expect(compiled("3", ["x"]).uses).toEqual([false]);
  });

  const mistakes: [string, string | RegExp, string[]?][] = [
    ["sine(x)", 'unknown function "sine" — did you mean "sin"?'],
    ["foo(x)", `unknown function "foo" (known: ${TYPED_FUNCTIONS.join(", ")})`],
    ["sgn(x)", /^unknown function "sgn" — did you mean "si(g)?n"\?/],
    ["Sin(x)", 'unknown function "Sin" — did you mean "sin"?'],
    ["y * x", 'unknown name "y" in the formula: its input is x'],
    ["a * c", 'unknown name "c" in the formula: its inputs are a and b', ["a", "b"]],
    ["sin", "sin is a function: call it, like sin(x)"],
    ["sin(x, 2)", "sin takes one argument, like sin(x)"],
    ["x +", /^cannot read the formula: /],
    ["", /^the formula is empty/],
    ["   ", /^the formula is empty/],
    ["x = 2", /^a formula cannot assign/],
    ["f(x) = x", /^a formula cannot assign/],
    ["x; 2", /^one formula only/],
    ["x!", 'operator "!" is not allowed in a formula (use + - * / ^)'],
    ["x % 2", /^operator "%" is not allowed/],
    ["x == 1", /^operator "==" is not allowed/],
    ["x > 0 ? x : 0", /^conditions/],
    ["[1, 2]", /is not allowed in a formula/],
    ["x.y", /^indexing/],
    ['"x"', '"x" is text, not a number'],
    ["true", "true is not a number"],
    ["1e400 * x", "Infinity is not a finite number"],
    ["(".repeat(40) + "x" + ")".repeat(40), /nested too deeply/],
    ["x" + " + x".repeat(300), /longer than 500 characters|too long/],
  ];
  for (const [text, want, ports] of mistakes)
    it(`refuses ${JSON.stringify(text.length > 30 ? text.slice(0, 27) + "..." : text)}`, () => {
      const msg = error(text, ports);
      if (typeof want === "string") expect(msg).toBe(want);
      else expect(msg).toMatch(want);
      expect(msg).not.toContain("\n");
    });

  it("never reaches mathjs's own functions: they are unknown names, and leave no trace", () => {
    for (const f of ["import({}, {})", 'evaluate("1")', "parse(x)", "derivative(x, x)", "simplify(x)", "compile(x)", "createUnit(x)", "config(x)", "typed(x)", "constructor(x)", "toString(x)", "__proto__(x)"])
      expect(error(f)).toMatch(/^unknown function "\w+"/);
    for (const name of ["constructor", "toString", "__proto__", "i", "x2"]) expect(error(name)).toBe(`unknown name "${name}" in the formula: its input is x`);
    for (const name of ["Infinity", "NaN"]) expect(error(name)).toBe(`${name} is not a finite number`);
    expect(error("2 cm")).toMatch(/unknown name "cm"/);
    expect(compiled("pi", ["x"]).value([0])).toBe(Math.PI);
  });

  it("checks a tree from any parser against the whitelist before building anything from it", () => {
    const bad: unknown[] = [
      null, 3, { k: "call", name: "eval" }, { k: "fn", name: "constructor", a: { k: "num", v: 1 } },       { k: "num", v: Infinity }, { k: "num", v: "1" }, { k: "var", name: "x; alert(1)" }, { k: "const", name: "tau" }, { k: "add", a: { k: "num", v: 1 } },
    ];
    for (const t of bad) expect(checkFormulaTree(t), JSON.stringify(t)).not.toBeNull();
    let deep: FormulaNode = { k: "var", name: "x" };
    for (let i = 0; i < 100; i++) deep = { k: "neg", a: deep };
    expect(checkFormulaTree(deep)).toMatch(/nested too deeply/);
    expect(compileFormulaTree("?", { k: "fn", name: "eval", a: { k: "var", name: "x" } } as unknown as FormulaNode, ["x"])).toBe('unknown function "eval"');
    expect(checkFormulaTree(tree("x^2 * sin(x)"))).toBeNull();
  });

  it("says so when no reader is installed, and reads again once one is", () => {
    installFormulaParser(null);
    try {
      expect(formulaParserInstalled()).toBe(false);
      expect(compileFormula("x^2", ["x"])).toBe(NOT_LOADED);
    } finally {
      installFormulas();
    }
    expect(formulaParserInstalled()).toBe(true);
    expect(compiled("x^2", ["x"]).value([3])).toBe(9);
  });
});

describe("derivatives", () => {
  const cases: [string, string[], string[]][] = [
    ["x^2 * sin(x)", ["x"], ["2 * x * sin(x) + x^2 * cos(x)"]],
    ["a * exp(-b)", ["a", "b"], ["exp(-b)", "-(a * exp(-b))"]],
    ["tanh(x)", ["x"], ["1 - tanh(x)^2"]],
    ["sigmoid(x)", ["x"], ["sigmoid(x) * (1 - sigmoid(x))"]],
    ["log(x)", ["x"], ["1 / x"]],
    ["sqrt(x)", ["x"], ["1 / (2 * sqrt(x))"]],
    ["abs(x)", ["x"], ["sign(x)"]],
    ["tan(x)", ["x"], ["1 + tan(x)^2"]],
    ["cos(2 * x)", ["x"], ["-(2 * sin(2 * x))"]],
    ["x^y", ["x", "y"], ["y * x^(y - 1)", "x^y * log(x)"]],
    ["a / b", ["a", "b"], ["1 / b", "-(a / b^2)"]],
    ["x^-1", ["x"], ["-x^-2"]],
    ["x - (x - 1)", ["x"], ["0"]],
  ];
  for (const [f, ports, want] of cases)
    it(`∂(${f})`, () => expect(compiled(f, ports).partials.map((p) => p.text)).toEqual(want));

  it("gives the registry ops' own numbers where the formula is one of them: tanh, exp, sigmoid's forward", () => {
    const rs = new RandomState(3);
    const tanh = compiled("tanh(x)", ["x"]), exp = compiled("exp(x)", ["x"]), sig = compiled("sigmoid(x)", ["x"]);
    for (let i = 0; i < 200; i++) {
      const x = 8 * rs.double() - 4, t = Math.tanh(x);
      expect(tanh.partials[0].at([x])).toBe(1 - t * t); // the Tanh op's 1 − out²
      expect(exp.partials[0].at([x])).toBe(Math.exp(x));
      expect(sig.value([x])).toBe(1 / (1 + Math.exp(-x)));
    }
  });
});

describe("random formulas over the whole whitelist", () => {
  const rs = new RandomState(2024);
  const formulas = Array.from({ length: 300 }, (_, i) => {
    const ports = i % 2 ? ["a", "b"] : ["x"];
    return { text: randomFormula(rs, ports, 1 + (i % 4)), ports };
  });

  it("use every function, and every one reads back from its own text into the same tree", () => {
    const used = new Set<string>();
    for (const { text, ports } of formulas) {
      const c = compiled(text, ports);
      for (const m of c.text.matchAll(/(\w+)\(/g)) used.add(m[1]);
      expect(tree(c.text), text).toEqual(c.tree);
      for (const p of c.partials) if (p.text !== "0") expect(tree(p.text), p.text).toEqual(p.tree);
    }
    expect([...used].sort()).toEqual([...TYPED_FUNCTIONS].sort());
  });

  it("evaluate as mathjs's own evaluate does, and differentiate as mathjs's own derivative does", () => {
    const pts = new RandomState(7);
    let compared = 0;
    for (const { text, ports } of formulas) {
      const c = compiled(text, ports);
      const expanded = writeOut(c.text);
      const d = ports.map((p) => full.derivative(expanded, p, { simplify: false }));
      for (let k = 0; k < 3; k++) {
        const vals = ports.map(() => 0.5 + pts.double());
        const named = Object.fromEntries(ports.map((p, i) => [p, vals[i]]));
        const want = full.evaluate(c.text, scope(named)) as number;
        expect(close(c.value(vals), want, 1e-13), `${text} at ${vals}: ${c.value(vals)} vs mathjs ${want}`).toBe(true);
        ports.forEach((p, i) => {
          const dw = d[i].evaluate(named) as number;
          const got = c.partials[i].at(vals);
          expect(Number.isFinite(got), `∂${p} ${text}`).toBe(true);
          expect(close(got, dw, 1e-9), `∂${p} of ${text} at ${vals}: ${got} (${c.partials[i].text}) vs mathjs ${dw} (${d[i].toString()})`).toBe(true);
          compared++;
        });
      }
    }
    expect(compared).toBe(3 * formulas.reduce((n, f) => n + f.ports.length, 0));
  });
});

describe("the explanation's texts", () => {
  it("the formula and each partial, as text and as LaTeX", () => {
    const e = explainFormula("x^2 * sin(x)", ["x"]);
    if (typeof e === "string") throw new Error(e);
    expect(e.forward).toEqual({ text: "x^2 * sin(x)", tex: "{ x}^{2}\\cdot\\sin\\left( x\\right)" });
    expect(e.partials[0].text).toBe("2 * x * sin(x) + x^2 * cos(x)");
    expect(e.partials[0].tex).toBe("2\\cdot x\\cdot\\sin\\left( x\\right)+{ x}^{2}\\cdot\\cos\\left( x\\right)");
    expect(formulaTex(tree("sigmoid(a) / b"))).toBe("\\frac{\\mathrm{sigmoid}\\left( a\\right)}{ b}");
    expect(explainFormula("y", ["x"])).toBe('unknown name "y" in the formula: its input is x');
  });

  it("writes back what mathjs reads into the same tree, for any tree", () => {
    const t: FormulaNode = { k: "sub", a: { k: "num", v: -2 }, b: { k: "sub", a: { k: "neg", a: { k: "neg", a: { k: "var", name: "x" } } }, b: { k: "pow", a: { k: "num", v: -3 }, b: { k: "pow", a: { k: "var", name: "x" }, b: { k: "num", v: -0.5 } } } } };
    expect(formulaText(t)).toBe("-2 - (-(-x) - (-3)^x^-0.5)");
    expect(tree(formulaText(t))).toEqual(t);
  });
});

describe("formulas as Python, for the code export", () => {
  it("writes NumPy and PyTorch with ** for ^ and sigmoid written out for NumPy", () => {
    const c = compiled("x^2 * sin(x) - sigmoid(-x)^-1 + pi", ["x"]);
    expect(formulaPython(c.tree)).toBe("x**2 * np.sin(x) - (1 / (1 + np.exp(-(-x))))**-1 + 3.141592653589793");
    expect(formulaPython(c.tree, "torch")).toBe("x**2 * torch.sin(x) - (torch.sigmoid(-x))**-1 + 3.141592653589793");
    // d/dx of −σ(−x)^−1 is −σ(−x)^−2 · σ′(−x), the two minus signs of the chain rule cancelled
    expect(formulaPython(c.partials[0].tree)).toBe("2 * x * np.sin(x) + x**2 * np.cos(x) - (1 / (1 + np.exp(-(-x))))**-2 * ((1 / (1 + np.exp(-(-x)))) * (1 - (1 / (1 + np.exp(-(-x))))))");
  });

  it("keeps the tree's operations: without sigmoid and constants, the NumPy text is the formula's own with ** for ^", () => {
    const rs = new RandomState(99);
    for (let i = 0; i < 200; i++) {
      const c = compiled(randomFormula(rs, ["a", "b"], 3), ["a", "b"]);
      for (const t of [c.tree, ...c.partials.map((p) => p.tree)]) {
        const py = formulaPython(t);
        if (/sigmoid|pi|\be\b/.test(formulaText(t))) continue;
        expect(tree(py.replaceAll("np.", "").replaceAll("**", "^"))).toEqual(t);
      }
    }
  });
});
