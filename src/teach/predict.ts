// Predict, then reveal: the learner types what an edge will carry before it is shown, and is told
// how close it was. Pure: the question is built from a run, the answer read with the value parser
// (src/notation/valueText.ts), and the verdict worded through i18n, so the page and the tests share it.
//
// The rule for "right": a number is right when it is within 0.5% of the true one (1e-9 absolute
// for numbers near zero), or when it rounds to the same 4 significant digits the canvas shows;
// a shape is right when every size matches. A tensor is answered with its shape, one element
// (element [0, …, 0], the one the step panel works out), or all of it (every element by the rule).
import type { Program } from "../engine/executor";
import type { GraphDoc } from "../engine/graph";
import { formatShape, fromNested, sameShape, type Tensor } from "../engine/tensor";
import { isGenerator } from "../engine/values";
import { fmt, isScalar } from "../notation/numbers";
import { valueParser } from "../notation/valueParserLoader";
import { t } from "../i18n/core";
import { engineText } from "../i18n/engineMessages";
import { explainStep } from "./explain";
import type { Step } from "./steps";

export type PredictWhat = "value" | "grad" | "shape";

export const RELATIVE_TOLERANCE = 0.005;
export const ABSOLUTE_TOLERANCE = 1e-9;

export interface Question {
  edge: string;
  what: PredictWhat;
  /** what the edge carries: its value, or its gradient (this edge's share) */
  truth: Tensor;
}

export type Verdict =
  /** the answer was read and compared */
  | { kind: "checked"; right: boolean; /** one line: what was typed against what it is */ message: string; expected: string }
  /** the answer is not an answer to this question: nothing is scored */
  | { kind: "unreadable"; message: string };

/** The question for an edge, or null when the run has nothing there to ask (an edge that carries no gradient). */
export function questionFor(p: Program, edge: string, what: PredictWhat): Question | null {
  const truth = what === "grad" ? p.edgeGrad(edge) : p.edgeValue(edge);
  return truth ? { edge, what, truth } : null;
}

/** Close enough to count as the same number: 0.5% (1e-9 near zero), or the same 4 digits the canvas shows. */
export function closeEnough(given: number, truth: number): boolean {
  if (!Number.isFinite(given) || !Number.isFinite(truth)) return given === truth;
  if (Math.abs(given - truth) <= Math.max(ABSOLUTE_TOLERANCE, RELATIVE_TOLERANCE * Math.abs(truth))) return true;
  return fmt(given) === fmt(truth);
}

/** `(2, 3)`, `(3,)`, `()`, `2×3`, `2 x 3`: a shape as a learner writes it, or null when the text is not one. */
export function readShape(text: string): number[] | null {
  const s = text.trim();
  const paren = /^\(\s*((?:\d+\s*,\s*)*\d*\s*,?)\s*\)$/.exec(s);
  if (paren) return paren[1].split(",").map((x) => x.trim()).filter((x) => x !== "").map(Number);
  if (/^\d+(\s*[×xX*]\s*\d+)+$/.test(s)) return s.split(/[×xX*]/).map((x) => Number(x.trim()));
  return null;
}

/** What people type, made plain: full-width digits (NFKC), the typographic minus, a decimal comma in a lone number. */
function normalize(text: string): string {
  let s = text.normalize("NFKC").replaceAll("−", "-").trim();
  if (/^-?\d+,\d+$/.test(s)) s = s.replace(",", ".");
  return s;
}

const index0 = (shape: readonly number[]) => `[${shape.map(() => 0).join(", ")}]`;

/** Checks one typed answer against the question. */
export function checkPrediction(q: Question, typed: string): Verdict {
  const text = normalize(typed);
  if (text === "") return { kind: "unreadable", message: t("predict.empty") };
  const truthShape = formatShape(q.truth.shape);
  const scalar = isScalar(q.truth);
  const shape = readShape(text);

  if (q.what === "shape") {
    if (!shape) return { kind: "unreadable", message: t("predict.wantShape", { example: "(2, 3)" }) };
    const right = sameShape(shape, q.truth.shape);
    return { kind: "checked", right, expected: truthShape, message: t(right ? "predict.rightShape" : "predict.wrongShape", { given: formatShape(shape), expected: truthShape }) };
  }

  if (shape) {
    if (scalar) return { kind: "unreadable", message: t("predict.scalarNotShape") };
    const right = sameShape(shape, q.truth.shape);
    return { kind: "checked", right, expected: truthShape, message: t(right ? "predict.rightShape" : "predict.wrongShape", { given: formatShape(shape), expected: truthShape }) };
  }

  // the value parser loads with the page's first value box or question (state/teach.ts waits for it)
  const parser = valueParser();
  if (!parser) return { kind: "unreadable", message: t("predict.loading") };
  const parsed = parser.parseValueText(text);
  if (!parsed.ok) return { kind: "unreadable", message: t("predict.unreadable", { reason: engineText(parsed.error) }) };
  if (isGenerator(parsed.value)) return { kind: "unreadable", message: t("predict.noGenerator") };
  const given = fromNested(parsed.value);

  if (isScalar(given)) {
    const x = given.data[0];
    const truth = q.truth.data[0];
    const expected = fmt(truth);
    const right = closeEnough(x, truth);
    if (scalar) return { kind: "checked", right, expected, message: t(right ? "predict.rightNumber" : "predict.wrongNumber", { given: fmt(x), expected }) };
    // one element of a tensor: element [0, …, 0]
    const at = index0(q.truth.shape);
    return { kind: "checked", right, expected, message: t(right ? "predict.rightElement" : "predict.wrongElement", { given: fmt(x), expected, at, shape: truthShape }) };
  }

  // a whole tensor typed out
  if (scalar) return { kind: "unreadable", message: t("predict.wantNumber", { shape: formatShape(given.shape) }) };
  if (!sameShape(given.shape, q.truth.shape))
    return { kind: "checked", right: false, expected: truthShape, message: t("predict.wrongShape", { given: formatShape(given.shape), expected: truthShape }) };
  let wrong = -1;
  for (let i = 0; i < given.data.length && wrong < 0; i++) if (!closeEnough(given.data[i], q.truth.data[i])) wrong = i;
  if (wrong < 0) return { kind: "checked", right: true, expected: truthShape, message: t("predict.rightAll", { count: given.data.length }) };
  const at = `[${unravel(wrong, q.truth.shape).join(", ")}]`;
  return { kind: "checked", right: false, expected: fmt(q.truth.data[wrong]), message: t("predict.wrongAt", { at, given: fmt(given.data[wrong]), expected: fmt(q.truth.data[wrong]) }) };
}

function unravel(flat: number, shape: readonly number[]): number[] {
  const idx: number[] = [];
  for (let a = shape.length - 1; a >= 0; a--) {
    idx.unshift(flat % shape[a]);
    flat = Math.floor(flat / shape[a]);
  }
  return idx;
}

/** What the learner is asked, in words: "the gradient dx flowing back along x → mul". */
export function promptFor(doc: GraphDoc, q: Question): string {
  const e = doc.edges.find((x) => x.id === q.edge);
  const where = e ? `${e.source} → ${e.target}.${e.targetHandle}` : q.edge;
  if (q.what === "shape") return t("predict.askShape", { where });
  const key = q.what === "grad" ? "predict.askGrad" : "predict.askValue";
  return isScalar(q.truth) ? t(key, { where }) : `${t(key, { where })} ${t("predict.tensorHint", { shape: "(2, 3)", at: index0(q.truth.shape) })}`;
}

/**
 * The step that reveals what is asked: a value (and its shape) appears with its source's forward
 * step, a gradient with its target's backward step. Returns its index in `steps`, or -1.
 */
export function revealingStep(doc: GraphDoc, steps: readonly Step[], edge: string, what: PredictWhat): number {
  const e = doc.edges.find((x) => x.id === edge);
  if (!e) return -1;
  return what === "grad" ? steps.findIndex((s) => s.kind === "backward" && s.nodeId === e.target) : steps.findIndex((s) => s.kind === "forward" && s.nodeId === e.source);
}

/** While stepping backward, the question a step asks: the first gradient it reveals, or null when it reveals none. */
export function questionAtStep(p: Program, step: Step): Question | null {
  if (step.kind !== "backward") return null;
  for (const e of p.inEdges(step.nodeId)) if (e !== null && p.edgeGrad(e) !== null) return questionFor(p, e, "grad");
  return null;
}

/** The gap explained with the op's rule: the lines of the step that reveals the answer. */
export function ruleLines(p: Program, doc: GraphDoc, step: Step): string[] {
  try {
    const x = explainStep(p, doc, step);
    return x.fanOut ? [...x.lines, x.fanOut] : x.lines;
  } catch {
    return [];
  }
}

export interface Score {
  right: number;
  asked: number;
}

export const scored = (s: Score, v: Verdict): Score => (v.kind === "checked" ? { right: s.right + (v.right ? 1 : 0), asked: s.asked + 1 } : s);
