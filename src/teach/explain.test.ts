import { describe, expect, it } from "vitest";
import { compile, resolveParams } from "../engine/executor";
import { OPS } from "../engine/ops";
import { ruleOf } from "../engine/ops/types";
import type { Shape } from "../engine/tensor";
import { evalArithmetic, explainStep, formatNumber } from "./explain";
import { buildSteps } from "./steps";
import { installFormulas } from "../notation/formula";
import { doc, edge, findShapes, node, TENSORS, tinyGraph } from "./testGraphs";

// Expr's formula is read by the parser the page installs
installFormulas();

const text = (e: { lines: string[]; fanOut?: string }) => [...e.lines, e.fanOut ?? ""].join("\n");





describe.each(OPS.map((op) => [op.type, op] as const))("%s's rule renders with numbers", (_, op) => {
  const cases: [string, Shape[]][] = [];
  const t = op.inputs.length ? findShapes(op, TENSORS) : [[2, 3]];
  if (t) cases.push(["tensors", t]);
  const s = op.inputs.length ? findShapes(op, [[]]) : [[]];
  if (s) cases.push(["scalars", s]);

  it("has a valid tiny graph", () => {
    expect(t).not.toBeNull();
  });

  it.each(cases)("on %s", (kind, shapes) => {
    const { doc: d, p } = tinyGraph(op, shapes);
    expect(p.status("n")).toBe("ok");
    const steps = buildSteps(p).filter((st) => st.nodeId === "n");
    expect(steps.map((st) => st.kind)).toEqual(["forward", "backward"]);

    const fwd = explainStep(p, d, steps[0]);
    expect(fwd.title).toContain(op.type);
    const out = p.value("n")!;
    expect(text(fwd)).toContain(formatNumber(out.data[0]));

    const bwd = explainStep(p, d, steps[1]);
    expect(bwd.title).toMatch(/^Backward/);
    const ins = p.inEdges("n");
    let shares = 0;
    op.inputs.forEach((port, i) => {
      const share = p.edgeGrad(ins[i]!);
      if (port.noGrad) {
        expect(share).toBeNull();
        expect(text(bwd)).toContain(`no gradient flows into ${port.name}`);
        return;
      }
      expect(share).not.toBeNull();
      shares++;
      const line = bwd.lines.find((l) => l.startsWith(`d${port.name} `));
      expect(line, `a line for d${port.name}`).toBeDefined();
      expect(line).toContain(`= ${formatNumber(share!.data[0])}`);
      if (kind === "scalars") {
        // `dx = rule = numbers = result`: the node's rule as written (ruleOf: an Expr's is its own
        // formula's derivative), and its numbers really give the result
        const parts = line!.split(" = ");
        expect(parts[1]).toBe(ruleOf(op, resolveParams(op, d.nodes.find((n) => n.id === "n")!.data, true)).backward[port.name]);
        if (parts.length === 4) {
          const v = evalArithmetic(parts[2]);
          if (v !== null) expect(Math.abs(v - share!.data[0])).toBeLessThanOrEqual(5e-4 * Math.abs(share!.data[0]) + 1e-12);
        }
      } else expect(line).toMatch(/^d\w+ \([\d,]*\) = .*; e\.g\. d\w+\[0(,0)*\] = /);
    });
    if (op.inputs.length === 0) {
      expect(bwd.lines[0]).toMatch(/^g = ∂n /);
      expect(bwd.lines[0]).toContain(formatNumber(p.grad("n")!.data[0]));
    }
    expect(shares).toBe(Object.keys(op.rule.backward).length);
  });
});

const addMulDiv = (ids = ["xa", "ya", "xm", "ym", "xd", "yd"]) =>
  doc(
    [node("x", "Input", { value: 10 }), node("y", "Input", { value: 20 }), node("add", "Add"), node("mul", "Mul"), node("div", "Div")],
    [edge(ids[0], "x", "add", "a"), edge(ids[1], "y", "add", "b"), edge(ids[2], "x", "mul", "a"), edge(ids[3], "y", "mul", "b"), edge(ids[4], "x", "div", "a"), edge(ids[5], "y", "div", "b")],
  );

describe("explainStep", () => {
  it("fills the notebooks' Mul example in", () => {
    const d = addMulDiv();
    const p = compile(d).run();
    expect(explainStep(p, d, { kind: "forward", nodeId: "mul" }).lines).toEqual(["out = a ⊙ b = 10 × 20 = 200"]);
    const b = explainStep(p, d, { kind: "backward", nodeId: "mul" });
    expect(b.title).toBe("Backward: mul (Mul)");
    expect(b.lines).toContain("da = g ⊙ b = 1 × 20 = 20");
    expect(b.lines).toContain("db = g ⊙ a = 1 × 10 = 10");
    expect(b.lines[0]).toBe("g = ∂mul = 1 (the seed: backward starts here)");
    expect(explainStep(p, d, { kind: "backward", nodeId: "div" }).lines).toContain("db = −g ⊙ a / b² = −1 × 10 / 20² = −0.025");
  });

  it("writes a fan-out gradient as the sum of its edges' shares, in the executor's order", () => {
    const d = addMulDiv(["e1", "f1", "e2", "f2", "e3", "f3"]);
    const p = compile(d).run();
    const x = explainStep(p, d, { kind: "backward", nodeId: "x" });
    expect(x.fanOut).toBe("∂x = 1 + 20 + 0.05 = 21.05");
    expect(x.lines[0]).toBe("g = ∂x = 21.05 (the sum of 3 shares: fan-out)");
    expect(explainStep(p, d, { kind: "backward", nodeId: "y" }).fanOut).toBe("∂y = 1 + 10 − 0.025 = 10.975");
    // with the case file's edge ids, the shares come in id order: xa, xd, xm
    const d2 = addMulDiv();
    expect(explainStep(compile(d2).run(), d2, { kind: "backward", nodeId: "x" }).fanOut).toBe("∂x = 1 + 0.05 + 20 = 21.05");
    expect(explainStep(p, d, { kind: "backward", nodeId: "mul" }).fanOut).toBeUndefined();
  });

  it("sums fan-out at any node, not only at sources", () => {
    // h = tanh(0) = 0 feeds Exp and an Output: 1 from the Output's seed edge, e^0 = 1 through Exp
    const d = doc(
      [node("x", "Input", { value: 0 }), node("h", "Tanh"), node("ex", "Exp"), node("o1", "Output"), node("o2", "Output")],
      [edge("a", "x", "h", "x"), edge("b", "h", "ex", "x"), edge("c", "h", "o1", "x"), edge("d", "ex", "o2", "x")],
    );
    const p = compile(d).run();
    const h = explainStep(p, d, { kind: "backward", nodeId: "h" });
    expect(h.fanOut).toBe("∂h = 1 + 1 = 2");
    expect(h.lines).toContain("dx = g ⊙ (1 − out²) = 2 × (1 − 0²) = 2");
    // x ⊙ x: both ports come from x, so x collects both shares of ln's gradient
    const d2 = doc([node("x", "Input", { value: 2 }), node("m", "Mul"), node("l", "Log")], [edge("a", "x", "m", "a"), edge("b", "x", "m", "b"), edge("c", "m", "l", "x")]);
    expect(explainStep(compile(d2).run(), d2, { kind: "backward", nodeId: "x" }).fanOut).toBe("∂x = 0.5 + 0.5 = 1");
  });

  it("sums tensor shares element by element", () => {
    const d = doc(
      [node("x", "Input", { value: [[1, 2]] }), node("s", "Sigmoid"), node("m", "Mul")],
      [edge("a", "x", "s", "x"), edge("b", "x", "m", "a"), edge("c", "x", "m", "b")],
    );
    const p = compile(d).run();
    const e = explainStep(p, d, { kind: "backward", nodeId: "x" });
    const sg = 1 / (1 + Math.exp(-1));
    expect(e.fanOut).toBe(`∂x (1,2) = ∂(s.x) + ∂(m.a) + ∂(m.b); e.g. ∂x[0,0] = ${formatNumber(sg * (1 - sg))} + 1 + 1 = ${formatNumber(sg * (1 - sg) + 2)}`);
  });

  it("gives tensors' shapes and one element", () => {
    const d = doc(
      [node("x", "Input", { value: [[1, 2], [3, 4]] }), node("W", "Param", { value: [[1, 2, 3], [4, 5, 6]] }), node("mm", "MatMul"), node("o", "Output", { grad: [[1, 2, 3], [4, 5, 6]] })],
      [edge("e1", "x", "mm", "x"), edge("e2", "W", "mm", "W"), edge("e3", "mm", "o", "x")],
    );
    const p = compile(d).run();
    const b = explainStep(p, d, { kind: "backward", nodeId: "mm" });
    expect(b.lines).toContain("dx (2,2) = g (2,3) · Wᵀ (3,2); e.g. dx[0,0] = 14");
    expect(b.lines).toContain("dW (2,3) = xᵀ (2,2) · g (2,3); e.g. dW[0,0] = 13");
    expect(b.lines[0]).toBe("g = ∂mm (2,3) (arrives from o.x); e.g. g[0,0] = 1");
    expect(explainStep(p, d, { kind: "forward", nodeId: "mm" }).lines).toEqual(["out (2,3) = x (2,2) · W (2,3); e.g. out[0,0] = 9"]);
  });

  it("shows an element's arithmetic only when the rule really is elementwise", () => {
    const d = doc(
      [node("a", "Input", { value: [[1, 2], [3, 4]] }), node("b", "Input", { value: [[5, 6], [7, 8]] }), node("m", "Mul"), node("mm", "MatMul")],
      [edge("e1", "a", "m", "a"), edge("e2", "b", "m", "b"), edge("e3", "a", "mm", "x"), edge("e4", "b", "mm", "W")],
    );
    const p = compile(d).run();
    expect(explainStep(p, d, { kind: "forward", nodeId: "m" }).lines).toEqual(["out (2,2) = a (2,2) ⊙ b (2,2); e.g. out[0,0] = 1 × 5 = 5"]);
    // 1 · 5 would also be a number, but not out[0,0] = 1·5 + 2·7 = 19
    expect(explainStep(p, d, { kind: "forward", nodeId: "mm" }).lines).toEqual(["out (2,2) = x (2,2) · W (2,2); e.g. out[0,0] = 19"]);
  });

  it("writes enough digits to keep the arithmetic true", () => {
    const d = doc([node("x", "Input", { value: 10 }), node("s", "Sigmoid")], [edge("e", "x", "s", "x")]);
    const p = compile(d).run();
    expect(explainStep(p, d, { kind: "backward", nodeId: "s" }).lines).toContain("dx = g ⊙ out ⊙ (1 − out) = 1 × 0.9999546 × (1 − 0.9999546) = 0.00004540");
  });

  it("puts parameters into calls but not into prose, and the label into the title", () => {
    const d = doc(
      [node("x", "Input", { value: [[1, 2, 3]] }), node("r", "Repeat", { axis: 0, repeats: 4, label: "copies" }), node("s", "Sum"), node("o", "Output")],
      [edge("a", "x", "r", "x"), edge("b", "r", "s", "x"), edge("c", "s", "o", "x")],
    );
    const p = compile(d).run();
    const f = explainStep(p, d, { kind: "forward", nodeId: "r" });
    expect(f.title).toBe("Forward: copies (Repeat)");
    expect(f.lines).toEqual(["out (4,3) = np.repeat(x (1,3), 4, 0); e.g. out[0,0] = 1"]);
    expect(explainStep(p, d, { kind: "forward", nodeId: "s" }).lines[0]).toBe("out (1,3) = np.sum(x (4,3), 0, True); e.g. out[0,0] = 4");
    expect(explainStep(p, d, { kind: "backward", nodeId: "s" }).lines).toContain("dx (4,3) = g (1,3) copied back along the axis; e.g. dx[0,0] = 1");
    expect(explainStep(p, d, { kind: "backward", nodeId: "r" }).lines[0]).toBe("g = ∂copies (4,3) (arrives from s.x); e.g. g[0,0] = 1");
  });

  it("says that a loss's target gets no gradient", () => {
    const d = doc(
      [node("x", "Input", { value: [[1, 2, 3]] }), node("t", "Input", { value: [2] }), node("loss", "SoftmaxWithLoss")],
      [edge("a", "x", "loss", "x"), edge("b", "t", "loss", "t")],
    );
    const p = compile(d).run();
    const f = explainStep(p, d, { kind: "forward", nodeId: "loss" });
    expect(f.lines).toEqual(["y = softmax(x (1,3)); out = −(1/N) Σ ln(y[i, tᵢ] + 1e-7)", `out = ${formatNumber(p.value("loss")!.data[0])}`]);
    const b = explainStep(p, d, { kind: "backward", nodeId: "loss" });
    expect(b.lines).toContain("no gradient flows into t (a target is not differentiated)");
    expect(b.lines[1]).toBe(`dx (1,3) = 1 ⊙ (y − onehot(2)) / N; e.g. dx[0,0] = ${formatNumber(Math.exp(1) / (Math.exp(1) + Math.exp(2) + Math.exp(3)))}`);
  });

  it("explains a node that did not run by its error", () => {
    const d = doc([node("x", "Input", { value: [1, 2] }), node("mm", "MatMul")], [edge("a", "x", "mm", "x")]);
    const p = compile(d).run();
    expect(explainStep(p, d, { kind: "forward", nodeId: "mm" }).lines).toEqual(["missing input W"]);
  });
});

describe("evalArithmetic", () => {
  it.each([
    ["1 × 20", 20],
    ["−1 × 10 / 20²", -0.025],
    ["1 / (1 + e^(−2))", 1 / (1 + Math.exp(-2))],
    ["tanh 0.5", Math.tanh(0.5)],
    ["2 (3 − 1) / 1", 4],
    ["(−2)²", 4],
    ["−2²", -4],
    ["1.5e-3 ⊙ 2", 0.003],
    ["ln 1", 0],
  ])("%s = %d", (s, v) => {
    expect(evalArithmetic(s)).toBeCloseTo(v, 12);
  });
  it.each(["g · W", "3 where 3 > 0, else 0", "mean((3 − 1)²)", "1 +", "(2", "np.sum(2, None, True)"])("%s is not arithmetic", (s) => {
    expect(evalArithmetic(s)).toBeNull();
  });
});
