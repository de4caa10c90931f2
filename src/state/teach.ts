// Teaching state beside the document's store: Predict mode (asking before a gradient is revealed,
// the running score) and the lesson being played or written. The document stays in store.ts; a
// lesson is the document's `lesson`, saved through `commit` (one undo step, so Export JSON and Share
// link carry it). The checking itself is pure, in teach/predict.ts.
import { create } from "zustand";
import type { GraphDoc, Lesson, LessonStep } from "../engine/graph";
import type { Step } from "../teach/steps";
import { loadValueParser, valueParser } from "../notation/valueParserLoader";
import { checkPrediction, questionAtStep, questionFor, revealingStep, ruleLines, scored, type Question, type Score, type Verdict } from "../teach/predict";
import { setStepGate, useGraph } from "./store";
import { t } from "../i18n/core";

export interface Asking {
  question: Question;
  /** the stepping's k once revealed (the revealing step is steps[k - 1]) */
  k: number;
  step: Step;
  fromLesson: boolean;
  /** an answer that could not be read: its message (nothing scored) */
  problem: string | null;
}

export interface Answered {
  question: Question;
  verdict: Extract<Verdict, { kind: "checked" }>;
  /** the op's rule with its numbers: why the answer is what it is */
  lines: string[];
}

export interface Found {
  node: string;
  right: boolean;
}

export interface TeachState {
  predictOn: boolean;
  score: Score;
  asking: Asking | null;
  answered: Answered | null;
  /** steps whose question was answered or skipped, for the stepping on show (asked once) */
  done: { steps: readonly Step[] | null; ks: Set<number> };

  lessonOpen: boolean;
  /** which lesson plays: the document's, or the draft being written */
  source: "doc" | "draft";
  index: number;
  found: Found | null;
  /** a bug hunt's answer shown (after a right click, or Show me) */
  shown: boolean;
  editing: boolean;
  draft: Lesson;
  draftProblem: string | null;

  setPredict(on: boolean): void;
  check(text: string): void;
  skip(): void;

  openLesson(at?: number): void;
  closeLesson(): void;
  goTo(index: number): void;
  showAnswer(): void;
  startEditing(): void;
  /** back from a preview to the draft as it was */
  resumeEditing(): void;
  stopEditing(): void;
  setDraft(d: Lesson): void;
  addDraftStep(step: LessonStep): boolean;
  moveDraftStep(i: number, by: -1 | 1): void;
  deleteDraftStep(i: number): void;
  previewDraft(at: number): void;
  saveDraft(): boolean;
}

const emptyDraft = (doc: GraphDoc): Lesson => ({ title: { en: doc.name ?? "", ja: doc.name ?? "" }, steps: [] });

/** The lesson on show. */
export function currentLesson(s: Pick<TeachState, "source" | "draft">, doc: GraphDoc): Lesson | null {
  if (s.source === "draft") return s.draft.steps.length ? s.draft : null;
  return doc.lesson ?? null;
}

/**
 * The nodes (and edges) the lesson on screen rings: its step's highlight, and a bug hunt's answer
 * once shown. None while no lesson plays (the panel closed, or a lesson being written).
 */
export function lessonRings(s: Pick<TeachState, "source" | "draft" | "lessonOpen" | "editing" | "index" | "shown">, doc: GraphDoc): { ring: readonly string[]; answer: string | null } {
  const step = s.lessonOpen && !s.editing ? currentLesson(s, doc)?.steps[s.index] : undefined;
  if (!step) return { ring: [], answer: null };
  return { ring: step.highlight ?? [], answer: step.find && s.shown ? step.find : null };
}

/** true while a lesson drives the stepping itself (its own moves are not questions). */
let driving = false;
const drive = (f: () => void) => {
  driving = true;
  try {
    f();
  } finally {
    driving = false;
  }
};

export const useTeach = create<TeachState>()((set, get) => {
  const markDone = (steps: readonly Step[], k: number) => {
    const d = get().done;
    const ks = d.steps === steps ? new Set(d.ks) : new Set<number>();
    ks.add(k);
    set({ done: { steps, ks } });
  };

  const reveal = (a: Asking) => {
    const steps = useGraph.getState().stepping?.steps;
    if (steps) markDone(steps, a.k);
    drive(() => useGraph.getState().stepTo(a.k));
  };

  /** Puts the lesson's step on screen: its prediction held back by the stepping, or everything shown. */
  const present = (index: number) => {
    const g = useGraph.getState();
    const lesson = currentLesson(get(), g.doc);
    set({ index, found: null, shown: false, asking: null, answered: null });
    const step = lesson?.steps[index];
    if (!step?.predict) {
      if (g.stepping) g.stopStepping();
      return;
    }
    const program = g.derived.program;
    const question = program && questionFor(program, step.predict.edge, step.predict.what);
    if (!program || !question) {
      if (g.stepping) g.stopStepping();
      return;
    }
    drive(() => useGraph.getState().stepTo(0));
    const steps = useGraph.getState().stepping?.steps;
    const r = steps ? revealingStep(g.doc, steps, step.predict.edge, step.predict.what) : -1;
    if (!steps || r < 0) return;
    drive(() => useGraph.getState().stepTo(r));
    set({ asking: { question, k: r + 1, step: steps[r], fromLesson: true, problem: null } });
  };

  return {
    predictOn: false,
    score: { right: 0, asked: 0 },
    asking: null,
    answered: null,
    done: { steps: null, ks: new Set() },
    lessonOpen: false,
    source: "doc",
    index: 0,
    found: null,
    shown: false,
    editing: false,
    draft: { title: { en: "", ja: "" }, steps: [] },
    draftProblem: null,

    setPredict(on) {
      set({ predictOn: on, asking: on ? get().asking : get().asking?.fromLesson ? get().asking : null });
    },

    check(text) {
      const a = get().asking;
      if (!a) return;
      // answers are read by the value parser, which loads when first needed
      if (!valueParser()) {
        loadValueParser().then(
          () => get().check(text),
          (e: unknown) => set({ asking: { ...a, problem: t("toast.parserFailed", { reason: (e as Error).message }) } }),
        );
        return;
      }
      const v = checkPrediction(a.question, text);
      if (v.kind === "unreadable") {
        set({ asking: { ...a, problem: v.message } });
        return;
      }
      const program = useGraph.getState().derived.program;
      const lines = program ? ruleLines(program, useGraph.getState().doc, a.step) : [];
      set({ score: scored(get().score, v), asking: null, answered: { question: a.question, verdict: v, lines } });
      reveal(a);
    },

    skip() {
      const a = get().asking;
      if (!a) return;
      set({ asking: null, answered: null });
      reveal(a);
    },

    openLesson(at = 0) {
      set({ lessonOpen: true, source: "doc", editing: false });
      present(at);
    },

    closeLesson() {
      set({ lessonOpen: false, editing: false, source: "doc", asking: get().asking?.fromLesson ? null : get().asking, answered: null, found: null });
    },

    goTo(index) {
      const lesson = currentLesson(get(), useGraph.getState().doc);
      if (!lesson) return;
      present(Math.max(0, Math.min(lesson.steps.length - 1, index)));
    },

    showAnswer() {
      set({ shown: true });
    },

    startEditing() {
      const doc = useGraph.getState().doc;
      set({ lessonOpen: true, editing: true, source: "doc", draft: structuredClone(doc.lesson ?? emptyDraft(doc)), draftProblem: null, asking: null, answered: null });
    },

    resumeEditing() {
      set({ editing: true, source: "doc", asking: null, answered: null, found: null });
    },

    stopEditing() {
      set({ editing: false, source: "doc", draftProblem: null });
      if (!useGraph.getState().doc.lesson) set({ lessonOpen: false });
      else present(0);
    },

    setDraft(d) {
      set({ draft: d, draftProblem: null });
    },

    addDraftStep(step) {
      if (!step.text.en.trim() || !step.text.ja.trim()) {
        set({ draftProblem: t("lesson.needBoth") });
        return false;
      }
      set({ draft: { ...get().draft, steps: [...get().draft.steps, step] }, draftProblem: null });
      return true;
    },

    moveDraftStep(i, by) {
      const steps = [...get().draft.steps];
      const j = i + by;
      if (j < 0 || j >= steps.length) return;
      [steps[i], steps[j]] = [steps[j], steps[i]];
      set({ draft: { ...get().draft, steps } });
    },

    deleteDraftStep(i) {
      set({ draft: { ...get().draft, steps: get().draft.steps.filter((_, k) => k !== i) } });
    },

    previewDraft(at) {
      if (!get().draft.steps.length) return set({ draftProblem: t("lesson.noSteps") });
      set({ editing: false, source: "draft" });
      present(at);
    },

    saveDraft() {
      const d = get().draft;
      if (!d.title.en.trim() || !d.title.ja.trim()) {
        set({ draftProblem: t("lesson.needTitle") });
        return false;
      }
      if (!d.steps.length) {
        set({ draftProblem: t("lesson.noSteps") });
        return false;
      }
      const g = useGraph.getState();
      const ids = new Set([...g.doc.nodes.map((n) => n.id), ...g.doc.edges.map((e) => e.id)]);
      const missing = d.steps.flatMap((s) => [...(s.highlight ?? []), ...(s.predict ? [s.predict.edge] : []), ...(s.find ? [s.find] : [])]).find((id) => !ids.has(id));
      if (missing) {
        set({ draftProblem: t("lesson.missingId", { id: missing }) });
        return false;
      }
      g.commit({ ...g.doc, lesson: structuredClone(d) });
      set({ draftProblem: null });
      useGraph.getState().toast("info", t("lesson.saved", { count: d.steps.length }));
      return true;
    },
  };
});

// Predict holds back a backward step until it is answered; a lesson's question holds its own step.
setStepGate((from, to, steps) => {
  if (driving) return false;
  const s = useTeach.getState();
  const a = s.asking;
  if (a) {
    // stepping on past the question reveals it (a skip); stepping anywhere else leaves it
    useTeach.setState({ asking: null, answered: null });
    if (to === a.k) {
      const d = s.done;
      useTeach.setState({ done: { steps, ks: new Set([...(d.steps === steps ? d.ks : []), a.k]) } });
    }
    return false;
  }
  if (s.answered) useTeach.setState({ answered: null });
  if (!s.predictOn || to !== from + 1) return false;
  if (s.done.steps === steps && s.done.ks.has(to)) return false;
  const program = useGraph.getState().derived.program;
  const step = steps[to - 1];
  const question = program && step ? questionAtStep(program, step) : null;
  if (!question) return false;
  useTeach.setState({ asking: { question, k: to, step, fromLesson: false, problem: null } });
  return true;
});

// The panel follows the document's lesson: a document that comes in whole (an example, an import, a
// link: replaceDoc, which also moves the camera) opens its lesson or closes the one on show, and so
// does an Undo or Redo that takes the lesson away or brings it back. While a teacher writes, saving
// (or undoing a save) keeps the editor; a whole other graph coming in ends the writing.
useGraph.subscribe((g, prev) => {
  const replaced = g.doc !== prev.doc && g.viewportRequest !== prev.viewportRequest;
  if (!replaced && g.doc.lesson === prev.doc.lesson) return;
  queueMicrotask(() => {
    const teach = useTeach.getState();
    const writing = teach.editing || teach.source === "draft";
    if (writing && !replaced) return;
    if (writing) useTeach.setState({ editing: false, source: "doc" });
    if (useGraph.getState().doc.lesson) teach.openLesson(0);
    else if (useTeach.getState().lessonOpen) teach.closeLesson();
  });
});

// A bug hunt: the learner's click on a node is the answer.
useGraph.subscribe((g, prev) => {
  if (g.selectedNodes === prev.selectedNodes || g.selectedNodes.length !== 1) return;
  const s = useTeach.getState();
  if (!s.lessonOpen || s.editing || s.shown) return;
  const step = currentLesson(s, g.doc)?.steps[s.index];
  if (!step?.find) return;
  const node = g.selectedNodes[0];
  useTeach.setState({ found: { node, right: node === step.find }, shown: node === step.find });
});
