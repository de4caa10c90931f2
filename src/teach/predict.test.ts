import { describe, expect, it } from "vitest";
import { compile } from "../engine/executor";
import { EXAMPLES } from "../examples";
import { fromNested, scalar } from "../engine/tensor";
import { checkPrediction, closeEnough, promptFor, questionAtStep, questionFor, readShape, revealingStep, ruleLines, scored, type Question } from "./predict";
import { buildSteps } from "./steps";

const example = (id: string) => EXAMPLES.find((e) => e.id === id)!.doc;
const q = (truth: number | number[][] | number[], what: Question["what"] = "grad"): Question => ({ edge: "e", what, truth: typeof truth === "number" ? scalar(truth) : fromNested(truth) });
const verdict = (question: Question, text: string) => {
  const v = checkPrediction(question, text);
  return v.kind === "checked" ? (v.right ? "right" : "wrong") : "unreadable";
};

describe("reading answers of each kind", () => {
  it("a scalar: plain, negative with either minus, full-width digits, a decimal comma, an expression", () => {
    expect(verdict(q(20), "20")).toBe("right");
    expect(verdict(q(-0.025), "-0.025")).toBe("right");
    expect(verdict(q(-0.025), "−0.025")).toBe("right");
    expect(verdict(q(20), "２０")).toBe("right");
    expect(verdict(q(0.05), "0,05")).toBe("right");
    expect(verdict(q(0.05), "1/20")).toBe("right");
    expect(verdict(q(20), "10")).toBe("wrong");
  });

  it("a tensor: its shape, its element [0, 0], or all of it", () => {
    const m = q([[14, 32], [32, 77]]);
    expect(verdict(m, "(2, 2)")).toBe("right");
    expect(verdict(m, "2x2")).toBe("right");
    expect(verdict(m, "(2, 3)")).toBe("wrong");
    expect(verdict(m, "14")).toBe("right");
    expect(verdict(m, "32")).toBe("wrong");
    expect(verdict(m, "[[14, 32], [32, 77]]")).toBe("right");
    const wrongOne = checkPrediction(m, "[[14, 32], [32, 78]]");
    expect(wrongOne).toMatchObject({ kind: "checked", right: false });
    expect((wrongOne as { message: string }).message).toBe("Not quite: element [1, 1] is 77, you said 78.");
    expect(checkPrediction(m, "[1, 2, 3]")).toMatchObject({ kind: "checked", right: false, message: "Not quite: you said (3,), the shape is (2,2)." });
  });

  it("a shape question takes shapes only, including (3,) and ()", () => {
    expect(readShape("(3,)")).toEqual([3]);
    expect(readShape("()")).toEqual([]);
    expect(readShape("( 20 , 10 )")).toEqual([20, 10]);
    expect(readShape("20 × 10")).toEqual([20, 10]);
    expect(readShape("20")).toBeNull();
    expect(readShape("(2, -3)")).toBeNull();
    expect(verdict(q([0.1, 0.2, 0.3], "shape"), "(3,)")).toBe("right");
    expect(verdict(q([0.1, 0.2, 0.3], "shape"), "(3)")).toBe("right");
    expect(verdict(q(5, "shape"), "()")).toBe("right");
    expect(verdict(q([0.1, 0.2, 0.3], "shape"), "(1, 3)")).toBe("wrong");
  });
});

describe("the tolerance for rounding", () => {
  it("within 0.5% is right, past it is wrong", () => {
    expect(closeEnough(20.09, 20)).toBe(true);
    expect(closeEnough(20.099, 20)).toBe(true); // just inside 0.5%
    expect(closeEnough(20.101, 20)).toBe(false); // just past it (and 20.10 is not what the canvas shows for 20)
    expect(closeEnough(20.11, 20)).toBe(false);
    expect(closeEnough(-0.0249, -0.025)).toBe(true);
    expect(closeEnough(0.025, -0.025)).toBe(false);
  });

  it("what the canvas shows (4 significant digits) is right even where 0.5% is tighter than the rounding", () => {
    // σ(10)'s gradient 4.5395807735907655e-05 shows as 0.00004540
    expect(closeEnough(0.0000454, 4.5395807735907655e-5)).toBe(true);
    expect(closeEnough(0, 4.5395807735907655e-5)).toBe(false);
  });

  it("near zero, 1e-9 absolute", () => {
    expect(closeEnough(1e-10, 0)).toBe(true);
    expect(closeEnough(0, 0)).toBe(true);
    expect(closeEnough(1e-8, 0)).toBe(false);
  });
});

describe("answers of the wrong kind get a clear message and no score", () => {
  it.each([
    ["", "Type a number first (or press Reveal)."],
    ["   ", "Type a number first (or press Reveal)."],
    ["randn(2, 2)", "Type the numbers themselves, not a generator such as randn(…)."],
    ["(2, 3)", "This one is a single number, not a tensor: type the number."],
    ["[1, 2]", "This is a single number, but you typed a tensor of shape (2,)."],
  ])("%j for a scalar", (text, message) => {
    const v = checkPrediction(q(20), text);
    expect(v).toEqual({ kind: "unreadable", message });
    expect(scored({ right: 1, asked: 2 }, v)).toEqual({ right: 1, asked: 2 });
  });

  it("a number for a shape question", () => {
    expect(checkPrediction(q([[1, 2]], "shape"), "2")).toEqual({ kind: "unreadable", message: "This asks for the shape, written like (2, 3)." });
  });

  it("text the parser cannot read says what the parser says", () => {
    const v = checkPrediction(q(20), "twenty");
    expect(v.kind).toBe("unreadable");
    expect((v as { message: string }).message).toMatch(/^Cannot read that: /);
  });

  it("the score counts checked answers only", () => {
    let s = { right: 0, asked: 0 };
    s = scored(s, checkPrediction(q(20), "20"));
    s = scored(s, checkPrediction(q(20), "19"));
    s = scored(s, checkPrediction(q(20), "abc +"));
    expect(s).toEqual({ right: 1, asked: 2 });
  });
});

describe("questions from a run", () => {
  it("Mul's backward step asks dx = y = 20, and the gap is explained with Mul's rule", () => {
    const doc = example("mul");
    const p = compile(doc).run();
    const steps = buildSteps(p);
    const back = steps.findIndex((s) => s.kind === "backward" && s.nodeId === "mul");
    const question = questionAtStep(p, steps[back])!;
    expect(question.edge).toBe("xm");
    expect(question.truth.data[0]).toBe(20);
    expect(promptFor(doc, question)).toBe("What gradient flows back along x → mul.a?");
    const v = checkPrediction(question, "10");
    expect(v).toMatchObject({ kind: "checked", right: false, message: "Not quite: you said 10, it is 20." });
    expect(ruleLines(p, doc, steps[back]).join("\n")).toContain("20");
    expect(revealingStep(doc, steps, "xm", "grad")).toBe(back);
    expect(revealingStep(doc, steps, "xm", "value")).toBe(steps.findIndex((s) => s.kind === "forward" && s.nodeId === "x"));
    expect(questionAtStep(p, steps[0])).toBeNull();
  });

  it("an edge with no gradient has no gradient question; its value can still be asked", () => {
    const p = compile(example("linear-relu-celoss")).run();
    expect(questionFor(p, "et", "grad")).toBeNull();
    expect(questionFor(p, "et", "shape")?.truth.shape).toEqual([5, 3]);
  });

  it("a tensor's prompt says how to answer it", () => {
    const doc = example("matmul");
    const p = compile(doc).run();
    expect(promptFor(doc, questionFor(p, "e1", "grad")!)).toBe("What gradient flows back along x → mm.x? It is a tensor: type its shape like (2, 3), or its element [0, 0].");
  });

  it("a shape question asks the tensor's shape, which its gradient shares (a lesson asks it as the shape of dx)", () => {
    const doc = example("matmul");
    const p = compile(doc).run();
    expect(promptFor(doc, questionFor(p, "e1", "shape")!)).toBe("What shape does the tensor along x → mm.x have? (Its value and its gradient have the same shape.)");
  });
});
