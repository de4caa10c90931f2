// Every built-in lesson against the engine: its file reads back as it is, every id it names exists,
// every number its texts quote (in English and in Japanese) is the one the engine computes, and
// every prediction it asks has the engine's answer, which the checker takes as right.
import { describe, expect, it } from "vitest";
import { compile, type Program } from "../engine/executor";
import { parseGraph } from "../engine/format";
import type { GraphDoc } from "../engine/graph";
import { formatShape, type Tensor } from "../engine/tensor";
import { Trainer } from "../engine/train";
import { fmt, isScalar } from "../notation/numbers";
import { graphFromLink, graphToLink } from "../notation/link";
import { checkPrediction, questionFor, revealingStep } from "../teach/predict";
import { buildSteps } from "../teach/steps";
import { LESSONS, LESSON_SOURCES, type LessonSource } from ".";

const SHAPE = /\((?:\d+(?:,\s*\d+)+,?|\d+,|)\)/g;
const NUMBER = /(?<![A-Za-z_\d.])[−-]?\d+(?:\.\d+)?(?:e[−-]?\d+)?/g;

/** The shapes and numbers a text quotes, as written (shapes without spaces). */
export function quotedTokens(text: string): string[] {
  const shapes = [...text.matchAll(SHAPE)].map((m) => m[0].replace(/\s/g, ""));
  const rest = text.replace(SHAPE, " ");
  return [...shapes, ...[...rest.matchAll(NUMBER)].map((m) => m[0])];
}
const norm = (token: string) => token.replace(/\s/g, "");

type Resolved = { shape: number[] } | { number: number };

function tensorAt(p: Program, id: string, what: "value" | "grad"): Tensor | null {
  if (p.hasNode(id)) return what === "value" ? p.value(id) : p.grad(id);
  return what === "value" ? p.edgeValue(id) : p.edgeGrad(id);
}

function flatIndex(shape: readonly number[], idx: number[]): number {
  let k = 0;
  for (let a = 0; a < shape.length; a++) k = k * shape[a] + (idx[a] ?? 0);
  return k;
}

function resolve(src: LessonSource, run: Program, fixed: Program | null, ref: string): Resolved {
  if (ref === "loss") return { number: run.loss! };
  if (ref.startsWith("train:")) {
    const [, type, lr, steps, param] = ref.split(":");
    const trainer = new Trainer(src.doc, { type, lr: Number(lr) });
    for (let i = 0; i < Number(steps); i++) trainer.step();
    return { number: trainer.params().get(param)!.data[0] };
  }
  let p = run;
  if (ref.startsWith("fixed:")) {
    if (!fixed) throw new Error(`${ref}: the lesson has no fixed graph`);
    p = fixed;
    ref = ref.slice("fixed:".length);
  }
  const m = /^([\w-]+)\.(value|grad|shapeT|shape)(?:\[([\d, ]+)\])?(?:\*(-?[\d.]+))?$/.exec(ref);
  if (!m) throw new Error(`cannot read the reference ${ref}`);
  const [, id, what, index, times] = m;
  const t = tensorAt(p, id, what === "grad" ? "grad" : "value");
  if (!t) throw new Error(`${ref}: the engine has nothing there`);
  const idx = index ? index.split(",").map((x) => Number(x.trim())) : [];
  if (what === "shape") return index ? { number: t.shape[idx[0]] } : { shape: [...t.shape] };
  if (what === "shapeT") return { shape: [...t.shape].reverse() };
  return { number: t.data[flatIndex(t.shape, idx)] * (times ? Number(times) : 1) };
}

/** A number as written is the engine's: exactly (to float64 rounding, 1e-12 relative), as the canvas writes it, or rounded to the 4 or more digits written. */
function sameNumber(written: string, v: number): boolean {
  const plain = written.replaceAll("−", "-");
  const n = Number(plain);
  if (Math.abs(n - v) <= 1e-12 * Math.abs(v) || fmt(v) === written || fmt(v).replaceAll("−", "-") === plain) return true;
  const digits = plain.replace(/^-/, "").replace(".", "").replace(/^0+/, "").length;
  return digits >= 4 && Number(v.toPrecision(digits)) === n;
}

describe.each(LESSON_SOURCES.map((s) => [s.id, s] as const))("lesson %s", (_id, src) => {
  const lesson = LESSONS.find((l) => l.id === src.id)!;
  const run = compile(lesson.doc).run();
  const fixed = src.fixed ? compile(src.fixed).run() : null;

  it("is a graph file that reads back with its lesson, also through a share link", () => {
    const text = JSON.stringify(lesson.doc);
    const read = parseGraph(text);
    expect(read.lesson).toEqual(lesson.doc.lesson);
    const made = graphToLink(lesson.doc, "https://gradflow.example/");
    expect(made.ok).toBe(true);
    const link = graphFromLink(made.ok ? made.link : "");
    expect(link.ok && link.doc.lesson).toEqual(lesson.doc.lesson);
  });

  it("names only nodes and edges that exist", () => {
    const ids = new Set([...lesson.doc.nodes.map((n) => n.id), ...lesson.doc.edges.map((e) => e.id)]);
    const nodes = new Set(lesson.doc.nodes.map((n) => n.id));
    for (const step of src.steps) {
      for (const h of step.highlight ?? []) expect(ids, `highlight ${h}`).toContain(h);
      if (step.predict) expect(lesson.doc.edges.map((e) => e.id)).toContain(step.predict.edge);
      if (step.find) expect(nodes, `find ${step.find}`).toContain(step.find);
    }
  });

  it("quotes in both languages only numbers the engine computes", () => {
    const texts = [src.title, ...src.steps.map((s) => s.text)];
    texts.forEach((text, i) => {
      const q = i === 0 ? {} : (src.steps[i - 1].q ?? {});
      const keys = new Map(Object.entries(q).map(([k, ref]) => [norm(k), ref]));
      for (const lang of ["en", "ja"] as const) {
        const tokens = quotedTokens(text[lang]);
        for (const tok of tokens) expect(keys.has(tok) || src.plain.map(norm).includes(tok), `${lang} text ${i} quotes ${tok}, which nothing accounts for: ${text[lang]}`).toBe(true);
        for (const k of keys.keys()) expect(tokens, `${lang} text ${i} should quote ${k}`).toContain(k);
      }
      for (const [written, ref] of keys) {
        const r = resolve(src, run, fixed, ref);
        if ("shape" in r) expect(formatShape(r.shape), `${written} ← ${ref}`).toBe(written);
        else expect(sameNumber(written, r.number), `${written} ← ${ref} = ${r.number}`).toBe(true);
      }
    });
  });

  it("asks predictions the engine answers, and the checker takes the engine's answer as right", () => {
    const steps = run && buildSteps(run);
    for (const step of src.steps) {
      if (!step.predict) continue;
      const { edge, what } = step.predict;
      const question = questionFor(run, edge, what);
      expect(question, `${edge} ${what}`).not.toBeNull();
      const truth = question!.truth;
      const answer = what === "shape" ? formatShape(truth.shape) : fmt(truth.data[0]);
      expect(checkPrediction(question!, answer)).toMatchObject({ kind: "checked", right: true });
      const wrong = what === "shape" ? formatShape([...truth.shape, 7]) : String(truth.data[0] * 2 + 1);
      expect(checkPrediction(question!, wrong)).toMatchObject({ kind: "checked", right: false });
      expect(isScalar(truth) || what !== "value").toBe(true);
      // the stepping can hold it back: some step reveals it
      expect(revealingStep(lesson.doc, steps, edge, what)).toBeGreaterThanOrEqual(0);
    }
  });

  if (src.steps.some((s) => s.find))
    it("is a bug hunt: broken on purpose, and its fixed graph runs without an error", () => {
      expect(fixed).not.toBeNull();
      for (const id of fixed!.allIds) expect(fixed!.error(id), id).toBeNull();
      const broken = (doc: GraphDoc) => JSON.stringify(doc) !== JSON.stringify(src.fixed);
      expect(broken(src.doc)).toBe(true);
    });
});

describe("the list", () => {
  it("has unique ids, texts in both languages, and follows the notebooks with at least two bug hunts", () => {
    expect(new Set(LESSONS.map((l) => l.id)).size).toBe(LESSONS.length);
    for (const l of LESSONS) for (const s of l.doc.lesson!.steps) expect(s.text.en.length * s.text.ja.length).toBeGreaterThan(0);
    expect(LESSONS.filter((l) => l.doc.lesson!.steps.some((s) => s.find)).length).toBeGreaterThanOrEqual(2);
    expect(LESSONS.slice(0, 10).map((l) => l.id)).toEqual(["computational-graph", "branch", "repeat-sum", "matmul", "sigmoid-tanh", "affine", "softmax-cross-entropy", "two-layer", "optimizers", "rnn"]);
  });

  it("the token reader finds shapes, negative numbers and numbers next to Japanese, not digits inside names", () => {
    expect(quotedTokens("x (2, 3) · W2 = −0.025 と 20倍、b1 (3,) σ(10)")).toEqual(["(2,3)", "(3,)", "−0.025", "20", "10"]);
  });
});
