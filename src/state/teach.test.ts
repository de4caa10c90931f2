// Predict mode and lessons driven headless, through the store as the page drives it.
import { beforeEach, describe, expect, it } from "vitest";
import { emptyDoc } from "./doc";
import { useGraph } from "./store";
import { lessonRings, useTeach } from "./teach";
import { EXAMPLES } from "../examples";
import { getLesson } from "../lessons";

const g = () => useGraph.getState();
const teach = () => useTeach.getState();
const example = (id: string) => structuredClone(EXAMPLES.find((e) => e.id === id)!.doc);
/** the panel opens a microtask after the document comes in */
const settle = () => new Promise<void>((r) => queueMicrotask(r));

beforeEach(async () => {
  useTeach.setState({ predictOn: false, score: { right: 0, asked: 0 }, asking: null, answered: null, lessonOpen: false, editing: false, source: "doc", index: 0 });
  g().replaceDoc(emptyDoc(), { history: false });
  await settle();
});

describe("Predict mode", () => {
  it("holds a backward step until it is answered, scores it, then reveals it", () => {
    g().replaceDoc(example("add-mul-div"));
    teach().setPredict(true);
    g().stepTo(5);
    g().stepBy(1);
    expect(g().stepping!.k).toBe(5);
    expect(teach().asking?.question.edge).toBe("xd");
    expect(g().derived.edges.get("xd")!.grad).toBeNull();
    teach().check("nonsense +");
    expect(teach().asking?.problem).toMatch(/^Cannot read that/);
    expect(teach().score).toEqual({ right: 0, asked: 0 });
    teach().check("0.05");
    expect(teach().score).toEqual({ right: 1, asked: 1 });
    expect(g().stepping!.k).toBe(6);
    expect(g().derived.edges.get("xd")!.grad!.data[0]).toBe(0.05);
    expect(teach().answered?.lines.join(" ")).toContain("0.05");
  });

  it("Play waits at a question; stepping on past it reveals it unscored; off by default", () => {
    g().replaceDoc(example("mul"));
    g().stepTo(3);
    g().stepBy(1);
    expect(g().stepping!.k).toBe(4);
    teach().setPredict(true);
    g().stepTo(3);
    g().setPlaying(true);
    g().stepBy(1);
    expect(g().stepping).toMatchObject({ k: 3, playing: false });
    g().stepBy(1);
    expect(g().stepping!.k).toBe(4);
    expect(teach().asking).toBeNull();
    expect(teach().score).toEqual({ right: 0, asked: 0 });
  });
});

describe("lessons", () => {
  it("a document with a lesson opens the panel; a lesson's prediction holds its edge back until answered", async () => {
    g().replaceDoc(structuredClone(getLesson("computational-graph")!.doc));
    await settle();
    expect(teach().lessonOpen).toBe(true);
    teach().goTo(2);
    expect(teach().asking).toMatchObject({ fromLesson: true, question: { edge: "xm", what: "grad" } });
    expect(g().derived.edges.get("xm")!.grad).toBeNull();
    teach().check("20");
    expect(teach().answered?.verdict.right).toBe(true);
    expect(g().derived.edges.get("xm")!.grad!.data[0]).toBe(20);
    // a step without a question shows everything
    teach().goTo(3);
    expect(g().stepping).toBeNull();
  });

  it("a bug hunt: a click on the wrong node, then the right one", async () => {
    g().replaceDoc(structuredClone(getLesson("bug-output-grad")!.doc));
    await settle();
    g().select(["mm"], []);
    expect(teach().found).toEqual({ node: "mm", right: false });
    g().select(["o"], []);
    expect(teach().found).toEqual({ node: "o", right: true });
    expect(teach().shown).toBe(true);
    // the answer is ringed now (the canvas's outline, and the zoomed-out picture)
    expect(lessonRings(teach(), g().doc).answer).toBe("o");
  });

  it("rings the step's highlights while the lesson plays, and nothing when it is closed or being written", async () => {
    g().replaceDoc(structuredClone(getLesson("two-layer")!.doc));
    await settle();
    expect(lessonRings(teach(), g().doc)).toEqual({ ring: ["x", "affine1", "sigmoid", "affine2", "loss"], answer: null });
    teach().goTo(1);
    expect(lessonRings(teach(), g().doc).ring).toEqual(["W2"]);
    teach().startEditing();
    expect(lessonRings(teach(), g().doc).ring).toEqual([]);
    teach().stopEditing();
    teach().closeLesson();
    expect(lessonRings(teach(), g().doc).ring).toEqual([]);
  });

  it("a teacher's draft is saved into the document as one undo step; bad drafts change nothing and say why", async () => {
    g().replaceDoc(example("mul"));
    await settle();
    teach().startEditing();
    teach().setDraft({ title: { en: "", ja: "" }, steps: [] });
    expect(teach().addDraftStep({ text: { en: "only English", ja: " " } })).toBe(false);
    expect(teach().draftProblem).toBe("Write the step's text in both English and Japanese.");
    expect(teach().saveDraft()).toBe(false);
    expect(teach().draftProblem).toBe("Give the lesson a title in both English and Japanese.");
    teach().setDraft({ title: { en: "Mul", ja: "乗算" }, steps: [] });
    expect(teach().saveDraft()).toBe(false);
    expect(teach().draftProblem).toBe("The lesson has no steps yet.");
    expect(teach().addDraftStep({ text: { en: "a", ja: "あ" }, highlight: ["x"] })).toBe(true);
    expect(teach().addDraftStep({ text: { en: "b", ja: "い" }, predict: { edge: "xm", what: "grad" } })).toBe(true);
    teach().moveDraftStep(1, -1);
    expect(teach().draft.steps.map((s) => s.text.en)).toEqual(["b", "a"]);
    const before = g().doc;
    expect(teach().saveDraft()).toBe(true);
    expect(g().doc.lesson!.steps.map((s) => s.text.en)).toEqual(["b", "a"]);
    await settle();
    expect(teach().editing).toBe(true);
    g().undo();
    expect(g().doc).toBe(before);
    // a whole new document ends the writing
    g().replaceDoc(emptyDoc());
    await settle();
    expect(teach()).toMatchObject({ editing: false, lessonOpen: false });
  });
});
