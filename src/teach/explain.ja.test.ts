// The step panel in Japanese: the words around the formulas translate, the formulas and their
// numbers stay as they are, and a rule with words in it still gets its numbers filled in.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compile } from "../engine/executor";
import type { GraphDoc, GraphEdge, GraphNode } from "../engine/graph";
import { setLanguage } from "../i18n/core";
import { ja } from "../i18n/ja";
import { explainStep } from "./explain";

const node = (id: string, type: string, data: Record<string, unknown> = {}): GraphNode => ({ id, type, data });
const edge = (id: string, source: string, target: string, targetHandle: string): GraphEdge => ({ id, source, target, targetHandle });
const doc = (nodes: GraphNode[], edges: GraphEdge[]): GraphDoc => ({ format: "gradflow", version: 1, nodes, edges });

describe("explanations in Japanese", () => {
  beforeAll(() => setLanguage("ja"));
  afterAll(() => setLanguage("en"));

  it("Mul: the title and note in Japanese, the rule and its numbers as in English", () => {
    const d = doc([node("x", "Input", { value: 10 }), node("y", "Input", { value: 20 }), node("mul", "Mul")], [edge("xm", "x", "mul", "a"), edge("ym", "y", "mul", "b")]);
    const p = compile(d).run();
    const f = explainStep(p, d, { kind: "forward", nodeId: "mul" });
    expect(f.title).toBe("順伝播: mul (Mul)");
    expect(f.lines).toEqual(["out = a ⊙ b = 10 × 20 = 200"]);
    const b = explainStep(p, d, { kind: "backward", nodeId: "mul" });
    expect(b.title).toBe("逆伝播: mul (Mul)");
    expect(b.lines).toContain("da = g ⊙ b = 1 × 20 = 20");
    expect(b.lines).toContain(ja.ops.Mul.note);
    expect(b.lines[0]).toContain("シード: 逆伝播はここから始まる");
  });

  it("ReLU: a worded rule, translated, still has its numbers put in", () => {
    const d = doc([node("x", "Input", { value: 3 }), node("r", "ReLU")], [edge("e", "x", "r", "x")]);
    const p = compile(d).run();
    expect(explainStep(p, d, { kind: "forward", nodeId: "r" }).lines[0]).toBe("out = x > 0 なら x 、そうでなければ 0 = 3 > 0 なら 3 、そうでなければ 0 = 3");
  });

  it("a tensor's example element is introduced in Japanese, and a fan-out sums its shares", () => {
    const d = doc([node("x", "Input", { value: [1, 2] }), node("a", "Tanh"), node("b", "Exp")], [edge("xa", "x", "a", "x"), edge("xb", "x", "b", "x")]);
    const p = compile(d).run();
    const f = explainStep(p, d, { kind: "forward", nodeId: "a" });
    expect(f.lines.join("\n")).toContain("; 例: out[0] = ");
    const b = explainStep(p, d, { kind: "backward", nodeId: "x" });
    expect(b.lines[0]).toContain("2 本の分岐の勾配の和");
  });

  it("a node that did not run keeps the engine's message, marked as its error", () => {
    const d = doc([node("x", "Input", { value: [1, 2] }), node("mm", "MatMul")], [edge("a", "x", "mm", "x")]);
    const e = explainStep(compile(d).run(), d, { kind: "forward", nodeId: "mm" });
    expect(e.error).toBe("missing input W");
  });
});
