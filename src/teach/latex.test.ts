import { readFileSync } from "node:fs";
import katex from "katex";
import { describe, expect, it } from "vitest";
import { compile, resolveParams, type Program } from "../engine/executor";
import { validateGraph } from "../engine/format";
import { OPS } from "../engine/ops";
import { evalEx, flat, unflat } from "../engine/ops/worked";
import { sizeOf, type Shape } from "../engine/tensor";
import { installFormulas } from "../notation/formula";
import { doc, edge, findShapes, node, TENSORS, tinyGraph } from "./testGraphs";
import { evalArithmetic } from "./explain";
import { explainNode, MAX_TERMS, toLatex, type MathLine, type NodeExplanation } from "./latex";
import { readableScripts } from "../notation/scripts";
import { EXAMPLES } from "../examples";

installFormulas();





const shownNumber = (s: string) => {
  const x = s.trim().replace(/^≈/, "");
  return /^[−-]?\d+(\.\d+)?(e[−+-]?\d+)?$/.test(x) ? Number(x.replace("−", "-")) : null;
};

/**
 * Every `= …` link of a line that is arithmetic re-evaluates to the number the line ends with
 * (within the rounding of 4 shown digits). Returns how many links were checked.
 */
function checkArithmetic(l: MathLine): number {
  if (l.kind === "given" || l.kind === "note") return 0;
  const parts = l.text.split(" = ");
  const result = shownNumber(parts[parts.length - 1]);
  if (result === null) return 0;
  let checked = 0;
  for (const part of parts.slice(1, -1)) {
    const v = evalArithmetic(part);
    if (v === null) continue;
    expect(Math.abs(v - result), `${l.text}: ${part} gives ${v}`).toBeLessThanOrEqual(6e-4 * Math.abs(result) + 1e-9);
    checked++;
  }
  return checked;
}

function typesets(e: NodeExplanation) {
  for (const l of [e.heading, ...e.lines]) expect(() => katex.renderToString(l.latex, { throwOnError: true, strict: "ignore" }), l.latex).not.toThrow();
}

/** the line that works out the element of `d<port>` (or `out`): `lhs[i,j] = … = number` */
const workedLine = (e: NodeExplanation, lhs: string) =>
  e.lines.findLast((l) => (l.text.startsWith(`${lhs}[`) || l.text.startsWith(`${lhs} = `)) && shownNumber(l.text.split(" = ").at(-1)!) !== null);

describe.each(OPS.map((op) => [op.type, op] as const))("%s explained with numbers", (_, op) => {
  const cases: [string, Shape[]][] = [];
  const tensors = op.inputs.length ? findShapes(op, TENSORS) : [[2, 3]];
  if (tensors) cases.push(["tensors", tensors]);
  const scalars = op.inputs.length ? findShapes(op, [[]]) : [[]];
  if (scalars) cases.push(["scalars", scalars]);

  it("has a tiny graph", () => expect(cases.length).toBeGreaterThan(0));

  it.each(cases)("on %s: every line typesets and its arithmetic re-evaluates to the number shown", (kind, shapes) => {
    const { doc: d, p } = tinyGraph(op, shapes);
    expect(p.status("n")).toBe("ok");
    const e = explainNode(p, d, "n");
    if (process.env.DBG) console.log(e.lines.map((l) => l.text).join("\n"));
    typesets(e);
    let checked = 0;
    for (const l of e.lines) checked += checkArithmetic(l);
    const out = p.value("n")!;
    // the forward result is there, with the engine's number
    expect(e.lines.some((l) => l.kind === "forward" && l.text.endsWith(` = ${fmt(out.data[0])}`))).toBe(true);
    const formula = op.params.some((q) => q.kind === "formula");
    const computes = !!op.rule.element || !!op.elementwise || formula;
    const ins = p.inEdges("n");
    op.inputs.forEach((port, i) => {
      const share = p.edgeGrad(ins[i]!);
      if (port.noGrad) return expect(e.lines.some((l) => l.text.includes(`no gradient flows into ${port.name}`))).toBe(true);
      const line = workedLine(e, `d${port.name}`);
      expect(line, `a line for d${port.name}`).toBeDefined();
      expect(line!.text.endsWith(` = ${fmt(share!.data[0])}`), line!.text).toBe(true);
      // an op that computes shows its arithmetic, unless the sum is long enough to be elided
      if (computes && kind === "tensors" && !line!.text.includes("…")) expect(checkArithmetic(line!) + (line!.text.split(" = ").length >= 4 ? 0 : 1), line!.text).toBeGreaterThan(0);
    });
    // an elementwise op's element is always worked out: its rule with the element's numbers
    if (op.elementwise || formula) expect(checked).toBeGreaterThan(0);
  });

  if (op.rule.element && tensors) {
    it("its element rule gives the engine's number at every element of the output and of each gradient", () => {
      const { doc: d, p } = tinyGraph(op, tensors);
      const n = d.nodes.find((x) => x.id === "n")!;
      const ins: Record<string, ReturnType<Program["value"]> & object> = {};
      const edges = p.inEdges("n");
      op.inputs.forEach((port, i) => (ins[port.name] = p.edgeValue(edges[i]!)!));
      const out = p.value("n")!, g = p.grad("n")!;
      const args = { ins, out, g, params: resolveParams(op, n.data, true) };
      const targets: [string, { shape: readonly number[]; data: Float64Array }][] = [["out", out]];
      op.inputs.forEach((port, i) => {
        if (!port.noGrad) targets.push([port.name, p.edgeGrad(edges[i]!)!]);
      });
      for (const [what, t] of targets)
        for (let k = 0; k < sizeOf(t.shape); k++) {
          const w = op.rule.element!(what, unflat(t.shape, k), args);
          expect(w, `${what}${unflat(t.shape, k)}`).not.toBeNull();
          const v = evalEx(w!.value);
          expect(Math.abs(v - t.data[k]), `${what}[${unflat(t.shape, k)}]: ${v} vs ${t.data[k]}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(t.data[k])));
          expect(flat(t.shape, unflat(t.shape, k))).toBe(k);
        }
    });
  }
});

const fmt = (x: number) => explainNumber(x);
import { formatNumber as explainNumber } from "./explain";

const readCase = (name: string) => validateGraph(JSON.parse(readFileSync(`../shared/cases/${name}.json`, "utf8")));
const expected = (name: string) => JSON.parse(readFileSync(`../shared/cases/${name}.expect.json`, "utf8"));

describe("the notebook cases", () => {
  it("add-mul-div: Mul's da = g·b = 1 × 20 = 20, and x's gradient as the Branch rule's sum", () => {
    const d = readCase("add-mul-div");
    const p = compile(d).run();
    const mul = explainNode(p, d, "mul");
    typesets(mul);
    expect(mul.lines.map((l) => l.text)).toContain("da = g ⊙ b = 1 × 20 = 20");
    expect(mul.lines.find((l) => l.text.startsWith("da"))!.latex).toBe("\\mathrm{da} = g \\odot b = 1 \\times 20 = 20");
    expect(expected("add-mul-div").edges.xm.grad).toBe(20);
    const x = explainNode(p, d, "x");
    const fan = x.lines.find((l) => l.kind === "fanOut")!;
    expect(fan.text).toMatch(/= 21\.05$/);
    expect(fan.text).toContain("1 + 0.05 + 20");
    expect(fan.latex).toContain("\\underbrace{20}_{\\text{mul.a}}");
  });

  it("matmul-dout: dx[0,0] = Σₕ g[0,h]·W[0,h] = 1 · 1 + 2 · 2 + 3 · 3 = 14, shapes with the transpose marked", () => {
    const d = readCase("matmul-dout");
    const p = compile(d).run();
    const mm = explainNode(p, d, "mm");
    typesets(mm);
    const texts = mm.lines.map((l) => l.text);
    expect(texts).toContain("dx[0,0] = Σₕ g[0,h]·W[0,h] = 1 · 1 + 2 · 2 + 3 · 3 = 14");
    expect(expected("matmul-dout").edges.e1.grad[0][0]).toBe(14);
    expect(texts).toContain("dx (2×2) = g (2×3) · Wᵀ (3×2)");
    expect(texts).toContain("dW (2×3) = xᵀ (2×2) · g (2×3)");
    expect(mm.lines.find((l) => l.text.startsWith("dW ("))!.latex).toContain("\\underset{2\\times 2}{x^{\\top}}");
    // another element, picked by the learner on the matrix of x's gradient
    const picked = explainNode(p, d, "mm", { picked: { node: "x", index: [1, 1] } });
    expect(picked.lines.map((l) => l.text)).toContain("dx[1,1] = Σₕ g[1,h]·W[1,h] = 4 · 4 + 5 · 5 + 6 · 6 = 77");
    expect(expected("matmul-dout").edges.e1.grad[1][1]).toBe(77);
  });

  it("linear-relu-celoss: SoftmaxWithLoss's (y − t)/N with N = 5 and the row", () => {
    const d = readCase("linear-relu-celoss");
    const p = compile(d).run();
    const loss = explainNode(p, d, "loss");
    typesets(loss);
    const dx = loss.lines.find((l) => l.text.startsWith("dx[0,0]"))!;
    expect(dx.text).toMatch(/^dx\[0,0\] = g·\(y\[0,0\] − t\[0,0\]\) \/ N = \(0\.751 − 1\) · 1 \/ 5 = −0\.04981$/);
    const given = loss.lines.filter((l) => l.kind === "given").map((l) => l.text);
    expect(given).toContain("N = 5");
    expect(given).toContain("y[0,:] = (0.750956, 0.124522, 0.124522)");
    expect(given).toContain("t[0,:] = (1, 0, 0)");
  });

  it("a sum of many terms shows its first and last terms around … and the total", () => {
    const d = readCase("linear-relu-celoss");
    const p = compile(d).run();
    const id = d.nodes.find((n) => n.type === "Affine")!.id;
    const lin = explainNode(p, d, id);
    const out = lin.lines.find((l) => l.text.startsWith("out[0,0]"))!;
    // ten products and b: the first three, …, the last two, then b
    expect(out.text.split(" = ")[2].split(" + ").length).toBe(3 + 1 + 2 + 1);
    expect(out.text).toContain(" + … + ");
    expect(out.latex).toContain("\\cdots");
    expect(out.text.endsWith(` = ${fmt(p.value(id)!.data[0])}`)).toBe(true);
    expect(MAX_TERMS).toBeLessThan(10);
  });
});

describe("the chain", () => {
  const scalarChain = (target?: string) =>
    doc(
      [node("x", "Input", { value: 3 }), node("y", "Input", { value: 4 }), node("m", "Mul"), node("s", "Sigmoid"), node("t2", "Tanh")],
      [edge("e1", "x", "m", "a"), edge("e2", "y", "m", "b"), edge("e3", "m", "s", "x"), edge("e4", "s", "t2", "x")],
      target,
    );

  it("is the product down the path from the differentiated scalar, each local derivative with its number", () => {
    const d = scalarChain();
    const p = compile(d).run();
    const e = explainNode(p, d, "x");
    const chain = e.lines.find((l) => l.kind === "chain")!;
    expect(chain.text).toMatch(/^∂L\/∂x = ∂L\/∂t2 · ∂t2\/∂s · ∂s\/∂m · ∂m\/∂x = 1 · [\d.]+ · [\d.e−]+ · 4 = /);
    expect(checkArithmetic(chain)).toBe(1);
    expect(chain.text.endsWith(` = ${fmt(p.grad("x")!.data[0])}`)).toBe(true);
  });

  it("names the chosen target instead of L, and starts from its seed", () => {
    const d = scalarChain("s");
    const p = compile(d).run();
    const e = explainNode(p, d, "x");
    expect(e.heading.text).toBe("∂s/∂·");
    expect(e.of, "the heading names what is differentiated, in words too").toBe("s");
    const chain = e.lines.find((l) => l.kind === "chain")!;
    expect(chain.text).toMatch(/^∂s\/∂x = ∂s\/∂s · ∂s\/∂m · ∂m\/∂x = 1 · /);
    expect(chain.text.endsWith(` = ${fmt(p.grad("x")!.data[0])}`)).toBe(true);
    expect(explainNode(p, d, "s").lines.find((l) => l.kind === "chain")!.text).toBe("∂s/∂s = 1 (the seed: this node's output is differentiated)");
  });
});

describe("the chain's names", () => {
  it("are labels that read as symbols; a label that is an equation or a sentence gives way to the id, a shape after it is dropped", () => {
    // the unrolled RNN's labels: "RNN · t = 2" inside ∂/∂ read as an equation, "x_1 (N, D)" as a product
    const d = doc(
      [node("x", "Input", { value: 3, label: "x_1 (N, D)" }), node("m", "Tanh", { label: "RNN · t = 2" }), node("s", "Sigmoid", { label: "x: the last step" }), node("q", "Tanh", { label: "f(x, y)" })],
      [edge("e1", "x", "m", "x"), edge("e2", "m", "s", "x"), edge("e3", "s", "q", "x")],
    );
    const p = compile(d).run();
    const chain = explainNode(p, d, "x").lines.find((l) => l.kind === "chain")!;
    expect(chain.text).toMatch(/^∂L\/∂x_1 = ∂L\/∂f\(x, y\) · ∂f\(x, y\)\/∂s · ∂s\/∂m · ∂m\/∂x_1 = /);
    expect(chain.latex).not.toContain("=4");
    expect(chain.latex).not.toMatch(/\\partial [^}]*= 2/);
    expect(explainNode(p, d, "x").who).toBe("x_1 (N, D) (Input)");
    expect(checkArithmetic(chain)).toBe(1);
  });
});

describe("an approximate number", () => {
  it("is set as ≈ 4.900, not = ≈4.900 (−0.7 × −7 is 4.8999… in floating point)", () => {
    const d = doc([node("a", "Input", { value: -0.7 }), node("b", "Input", { value: -7 }), node("m", "Mul")], [edge("e1", "a", "m", "a"), edge("e2", "b", "m", "b")]);
    const p = compile(d).run();
    const e = explainNode(p, d, "m");
    const out = e.lines.find((l) => l.kind === "forward")!;
    expect(out.text).toBe("out = a ⊙ b = (−0.7) × (−7) = ≈4.900");
    expect(out.latex).toMatch(/\\approx 4\.900$/);
    for (const l of e.lines) expect(l.latex).not.toMatch(/=\s*≈/);
    typesets(e);
  });
});

describe("names of several words", () => {
  it("keep their spaces, in parentheses after ∂; an unrolled step's label (an equation) gives way to its id", () => {
    const d = EXAMPLES.find((e) => e.id === "rnn-unrolled")!.doc;
    const p = compile(d).run();
    const chain = explainNode(p, d, "rnn").lines.find((l) => l.kind === "chain")!;
    expect(chain.latex).toContain("\\partial \\mathrm{rnn\\_2}");
    const two = doc([node("x", "Input", { value: 3, label: "hidden state" }), node("m", "Tanh")], [edge("e1", "x", "m", "x")]);
    const twoChain = explainNode(compile(two).run(), two, "x").lines.find((l) => l.kind === "chain")!;
    expect(twoChain.latex).toContain("\\partial (\\mathrm{hidden\\ state})");
    expect(() => katex.renderToString(twoChain.latex, { throwOnError: true })).not.toThrow();
    // no bare space inside \mathrm (KaTeX drops it), only "\ "
    expect(chain.latex).not.toMatch(/\\mathrm\{[^}]*[^\\] /);
    expect(() => katex.renderToString(chain.latex, { throwOnError: true })).not.toThrow();
  });
});

describe("toLatex", () => {
  it("is given no prose: a rule with words in it is typeset by hand (math mode would run the words together)", () => {
    // two words side by side ("slices where", "with b"), outside a parenthesis toLatex drops; a
    // function applied to a name ("ln x", "Σ_rows g") is math, and Expr's rule is its formula's own
    const prose = (text: string) =>
      text
        .replace(/\s*\((?=[^()]*[A-Za-z]{2,} +[A-Za-z]{2,})[^()]*\)/g, "")
        .match(/[A-Za-z'_Σ]{2,} +[A-Za-z']+/g)
        ?.filter((m) => !/^(ln|tanh|log|exp|sin|cos|Σ_rows?) /.test(m)) ?? [];
    const found: string[] = [];
    for (const op of Object.values(OPS)) {
      if (op.type === "Expr" || op.type === "Expr2") continue;
      const r = op.rule;
      if (r.latex?.forward === undefined && prose(r.forward).length) found.push(`${op.type} forward: ${r.forward}`);
      for (const [port, text] of Object.entries(r.backward)) if (r.latex?.backward?.[port] === undefined && prose(text).length) found.push(`${op.type} d${port}: ${text}`);
    }
    expect(found).toEqual([]);
  });

  it("converts the registry's plain rules", () => {
    expect(toLatex("g · Wᵀ")).toBe("g \\cdot W^{\\top}");
    expect(toLatex("−g ⊙ a / b²")).toBe("-g \\odot a / b^{2}");
    expect(toLatex("1 / (1 + e^(−x))")).toBe("1 / (1 + e^{-x})");
    expect(toLatex("dt · Whᵀ")).toBe("\\mathrm{dt} \\cdot W_{h}^{\\top}");
    expect(toLatex("h_prevᵀ · dt")).toBe("h_{\\mathrm{prev}}^{\\top} \\cdot \\mathrm{dt}");
    expect(toLatex("Σ_rows g")).toBe("\\sum_{\\mathrm{rows}} g");
    expect(toLatex("0 (the formula does not read it)")).toBe("0");
    // a formula in parentheses is kept, however many spaces it has (the RNN's forward read "out = tanh")
    expect(toLatex("out = tanh(h_prev · Wh + x · Wx + b)")).toBe("\\mathrm{out} = \\tanh(h_{\\mathrm{prev}} \\cdot W_{h} + x \\cdot W_{x} + b)");
  });
});

describe("a long line on a narrow panel", () => {
  /** the pieces KaTeX sets a line in, as the explanation shows it: a line may break between two, never inside one */
  const pieces = (latex: string) =>
    katex
      .renderToString(readableScripts(`\\displaystyle ${latex}`), { output: "html", strict: "ignore" })
      .split('<span class="katex-base">')
      .slice(1)
      .map((p) => p.replace(/<[^>]*>/g, "").replace(/\u200b/g, ""));
  const lineOf = (example: string, id: string, start: string) => {
    const d = EXAMPLES.find((e) => e.id === example)!.doc;
    const l = explainNode(compile(d).run(), d, id).lines.find((x) => x.text.startsWith(start));
    expect(l, `${example}/${id}: ${start}`).toBeDefined();
    return l!;
  };

  it("breaks after each term of a worked sum, so that its result shows: Affine's out[0,0] and dx[0,0], CELoss's sum of logs", () => {
    for (const [example, id, start, terms] of [
      ["two-layer", "affine1", "out[0,0]", 3],
      ["two-layer", "affine2", "out[0,0]", 6],
      ["two-layer", "affine1", "dx[0,0]", 5],
      ["linear-relu-celoss", "loss", "out = ", 5],
    ] as const) {
      const l = lineOf(example, id, start);
      const ps = pieces(l.latex);
      expect(ps.length, `${l.text}: ${ps.join(" | ")}`).toBeGreaterThan(terms);
      // "= 0.3111" is a piece of its own: at worst it starts the last line
      expect(ps.at(-1)!.replace("−", "-"), l.text).toBe(l.text.split(" = ").at(-1)!.replace("−", "-"));
      // a product is not split between lines: "0.5255·" then "(−0.348)"
      for (const p of ps) expect(p, l.text).not.toMatch(/⋅$/);
    }
  });

  it("is made of short pieces in every example (a piece of more than 40 characters could not fit a narrow panel)", () => {
    for (const ex of EXAMPLES) {
      const p = compile(ex.doc).run();
      for (const n of ex.doc.nodes) {
        const e = explainNode(p, ex.doc, n.id);
        for (const l of e.lines) if (!l.prose) for (const piece of pieces(l.latex)) expect(piece.length, `${ex.id}/${n.id}: ${piece} in ${l.text}`).toBeLessThanOrEqual(40);
      }
    }
  });
});

describe("readableScripts", () => {
  it("sets a script inside a script at script size, not half size (8.5 px in a 14 px line), and leaves the rest as it is", () => {
    expect(readableScripts("y_{i,t_i}")).toBe("y_{i,t_{\\scriptstyle i}}");
    expect(readableScripts("e^{-x_{0,0}}")).toBe("e^{-x_{\\scriptstyle 0,0}}");
    expect(readableScripts("e^{-\\underset{2\\times 3}{x}}")).toBe("e^{-\\underset{\\scriptstyle 2\\times 3}{x}}");
    const plain = "\\mathrm{out}_{0,0} = \\sum_{k} x_{0,k}\\,W_{k,0} + b_{0} = \\underset{2\\times 3}{x} + \\frac{\\partial L}{\\partial x}\\Big|_{0,0}";
    expect(readableScripts(plain)).toBe(plain);
  });

  it("gives LaTeX that typesets, for every line of every example", () => {
    for (const ex of EXAMPLES) {
      const p = compile(ex.doc).run();
      for (const n of ex.doc.nodes)
        for (const l of explainNode(p, ex.doc, n.id).lines) expect(() => katex.renderToString(readableScripts(`\\displaystyle ${l.latex}`), { throwOnError: true, strict: "ignore" }), l.latex).not.toThrow();
    }
  });
});
