// The lesson panel: a lesson's steps one at a time (Previous / Next), its text in the learner's
// language, its highlights ringed on the canvas and kept in view, its question asked through the
// Predict box, its bug hunt answered by a click on a node; and the teacher's editor that writes one.
import { useEffect, useState } from "react";
import { useReactFlow } from "@xyflow/react";
import { inClearView, READABLE_ZOOM } from "../editor/readableView";
import { clearSides, coveredRects } from "../editor/overlays";
import type { LessonStep } from "../engine/graph";
import { useGraph } from "../state/store";
import { currentLesson, lessonRings, useTeach } from "../state/teach";
import { PALETTES } from "../editor/lowZoomDraw";
import { currentLanguage, useT } from "../i18n";

const btn =
  "inline-flex h-7 shrink-0 items-center justify-center gap-1 whitespace-nowrap rounded-md px-2 text-[13px] font-medium outline-none focus-visible:ring-2 focus-visible:ring-sky-400 disabled:cursor-not-allowed disabled:opacity-40";
const plainBtn = `${btn} text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-700`;
const mainBtn = `${btn} bg-sky-700 text-white hover:bg-sky-800`;
const field = "w-full rounded-md border border-slate-400 bg-white px-2 py-1 text-[13px] text-slate-900 outline-none focus-visible:ring-2 focus-visible:ring-sky-400 dark:border-slate-500 dark:bg-slate-800 dark:text-slate-100";

/** CSS that rings the highlighted nodes and edge labels (drawn by the canvas, ringed from here: the canvas stays the lesson's no concern). */
function ringCss(ids: readonly string[], answer: string | null): string {
  const q = (id: string) => JSON.stringify(id);
  const rules = ids.map((id) => `.react-flow__node[data-id=${q(id)}] .gf-node, [data-testid="edge-label"][data-edge-id=${q(id)}] { outline: 3px solid var(--gf-lesson-ring); outline-offset: 3px; }`);
  if (answer) rules.push(`.react-flow__node[data-id=${q(answer)}] .gf-node { outline: 3px solid var(--gf-lesson-answer); outline-offset: 3px; }`);
  // the colours the zoomed-out picture rings the same nodes in
  const { light, dark } = PALETTES;
  return `:root { --gf-lesson-ring: ${light.lessonRing}; --gf-lesson-answer: ${light.lessonAnswer}; } .dark { --gf-lesson-ring: ${dark.lessonRing}; --gf-lesson-answer: ${dark.lessonAnswer}; } ${rules.join(" ")}`;
}

/** The least zoom a bug hunt's step fits its graph at (node text about 8.4 px: a difference from UI.md's 11 px, said in the notes). */
const BUG_HUNT_ZOOM = 0.7;

/**
 * Keeps the highlighted nodes on screen: when one is out of view or under something that covers the
 * canvas (the title, the zoom controls, the minimap), the camera fits them in the room those leave,
 * never below a readable zoom (UI.md: node text at 11 px or more); what does not fit then is a pan away.
 */
function useKeepInView(ids: readonly string[], key: string, minZoom = READABLE_ZOOM) {
  const rf = useReactFlow();
  useEffect(() => {
    if (!ids.length) return;
    const frame = requestAnimationFrame(() => {
      // the canvas element (the flow's parent), and what covers it: the title, the zoom controls, the minimap
      const pane = document.querySelector(".react-flow")?.parentElement;
      if (!pane) return;
      const box = pane.getBoundingClientRect(), covered = coveredRects(pane);
      const nodes = ids.filter((id) => rf.getNode(id));
      const hidden = nodes.some((id) => {
        const r = document.querySelector(`.react-flow__node[data-id="${CSS.escape(id)}"]`)?.getBoundingClientRect();
        return !r || !inClearView({ x: r.x - box.x, y: r.y - box.y, width: r.width, height: r.height }, box.width, box.height, covered);
      });
      if (!hidden || !nodes.length) return;
      const side = clearSides(covered, box.width, box.height);
      const padding = { top: `${side.top}px`, right: `${side.right}px`, bottom: `${side.bottom}px`, left: `${side.left}px` } as const;
      void rf.fitView({ nodes: nodes.map((id) => ({ id })), padding, minZoom, maxZoom: Math.max(1, rf.getZoom()), duration: 0 });
    });
    return () => cancelAnimationFrame(frame);
    // key: the step on show
  }, [key]); // eslint-disable-line react-hooks/exhaustive-deps
}

function Player() {
  const t = useT();
  const lang = currentLanguage();
  const doc = useGraph((s) => s.doc);
  const s = useTeach();
  const lesson = currentLesson(s, doc);
  const step = lesson?.steps[s.index];
  const highlight = step?.highlight ?? [];
  // a bug hunt needs every node where it can be clicked: the whole graph in view, smaller than readable if it
  // must (down to BUG_HUNT_ZOOM; at 1024 × 768 a three-column graph fits the canvas at about 0.75)
  const inView = step?.find ? doc.nodes.map((n) => n.id) : highlight;
  useKeepInView(inView, `${s.source}:${s.index}:${lesson?.title.en}`, step?.find ? BUG_HUNT_ZOOM : READABLE_ZOOM);
  if (!lesson || !step) return null;
  const rings = lessonRings(s, doc);
  const n = lesson.steps.length;
  const nameOf = (id: string) => {
    const node = doc.nodes.find((x) => x.id === id);
    const label = node && typeof node.data.label === "string" ? node.data.label : "";
    return label ? `${label} (${id})` : id;
  };
  return (
    <>
      <style>{ringCss(rings.ring, rings.answer)}</style>
      {s.source === "draft" && (
        <div className="mb-1 flex items-center gap-2 rounded bg-sky-50 px-2 py-1 text-[12px] text-sky-900 dark:bg-sky-950 dark:text-sky-100">
          {t("lesson.previewing")}
          <button type="button" className={`${plainBtn} ml-auto`} onClick={() => useTeach.getState().resumeEditing()}>
            {t("lesson.backToEdit")}
          </button>
        </div>
      )}
      <h3 className="text-[14px] font-semibold text-slate-800 dark:text-slate-100" data-testid="lesson-title">
        {lesson.title[lang]}
      </h3>
      <p data-testid="lesson-text" lang={lang} className="mt-1 text-[14px] leading-relaxed text-slate-800 dark:text-slate-100">
        {step.text[lang]}
      </p>
      {step.predict && s.asking?.fromLesson && <p className="mt-1 text-[12px] text-amber-800 dark:text-amber-300">{t("lesson.predictHere")}</p>}
      {step.find && (
        <div data-testid="lesson-find" className="mt-1 flex flex-wrap items-center gap-2 text-[13px]">
          {!s.found && !s.shown && <span className="text-slate-600 dark:text-slate-300">{t("lesson.findHere")}</span>}
          {s.found && (
            <span role="status" data-right={String(s.found.right)} className={`font-semibold ${s.found.right ? "text-emerald-700 dark:text-emerald-300" : "text-red-700 dark:text-red-300"}`}>
              {s.found.right ? `✓ ${t("lesson.foundRight", { node: nameOf(s.found.node) })}` : `✗ ${t("lesson.foundWrong", { node: nameOf(s.found.node) })}`}
            </span>
          )}
          {s.shown && !s.found?.right && <span className="font-semibold text-emerald-700 dark:text-emerald-300">{t("lesson.answerIs", { node: nameOf(step.find) })}</span>}
          {!s.shown && (
            <button type="button" className={plainBtn} onClick={() => useTeach.getState().showAnswer()}>
              {t("lesson.showMe")}
            </button>
          )}
        </div>
      )}
      <div className="mt-2 flex items-center gap-1.5">
        <button type="button" aria-label="Previous" className={plainBtn} disabled={s.index === 0} onClick={() => useTeach.getState().goTo(s.index - 1)}>
          ◀ {t("lesson.previous")}
        </button>
        <span data-testid="lesson-counter" className="font-mono text-[12px] text-slate-600 dark:text-slate-300">
          {t("lesson.counter", { k: s.index + 1, n })}
        </span>
        <button type="button" aria-label="Next" className={mainBtn} disabled={s.index >= n - 1} onClick={() => useTeach.getState().goTo(s.index + 1)}>
          {t("lesson.next")} ▶
        </button>
        {s.index >= n - 1 && <span className="text-[12px] text-slate-600 dark:text-slate-300">{t("lesson.done")}</span>}
      </div>
    </>
  );
}

type Ask = "none" | "value" | "grad" | "shape" | "find";

function Editor() {
  const t = useT();
  const lang = currentLanguage();
  const draft = useTeach((s) => s.draft);
  const problem = useTeach((s) => s.draftProblem);
  const selectedNodes = useGraph((s) => s.selectedNodes);
  const selectedEdges = useGraph((s) => s.selectedEdges);
  const [en, setEn] = useState("");
  const [ja, setJa] = useState("");
  const [ask, setAsk] = useState<Ask>("none");
  const [local, setLocal] = useState<string | null>(null);
  const teach = useTeach.getState;
  const selection = [...selectedNodes, ...selectedEdges];
  useEffect(() => setLocal(null), [ask, selectedNodes, selectedEdges]);

  const add = () => {
    const step: LessonStep = { text: { en: en.trim(), ja: ja.trim() } };
    if (selection.length) step.highlight = selection;
    if (ask === "value" || ask === "grad" || ask === "shape") {
      if (selectedEdges.length !== 1) return setLocal(t("lesson.needEdge"));
      step.predict = { edge: selectedEdges[0], what: ask };
    }
    if (ask === "find") {
      if (selectedNodes.length !== 1) return setLocal(t("lesson.needNode"));
      step.find = selectedNodes[0];
      // the answer is not given away by the ring
      delete step.highlight;
    }
    if (teach().addDraftStep(step)) {
      setEn("");
      setJa("");
      setAsk("none");
    }
  };

  return (
    <div data-testid="lesson-editor" className="flex flex-col gap-1.5">
      <div className="grid grid-cols-2 gap-1.5">
        <label className="text-[12px] text-slate-600 dark:text-slate-300">
          {t("lesson.titleEn")}
          <input aria-label="Lesson title (English)" className={field} value={draft.title.en} onChange={(e) => teach().setDraft({ ...draft, title: { ...draft.title, en: e.target.value } })} />
        </label>
        <label className="text-[12px] text-slate-600 dark:text-slate-300">
          {t("lesson.titleJa")}
          <input aria-label="Lesson title (Japanese)" lang="ja" className={field} value={draft.title.ja} onChange={(e) => teach().setDraft({ ...draft, title: { ...draft.title, ja: e.target.value } })} />
        </label>
      </div>
      <div className="text-[12px] font-semibold text-slate-700 dark:text-slate-200">{t("lesson.draftSteps", { count: draft.steps.length })}</div>
      {draft.steps.length === 0 ? (
        <p className="text-[12px] text-slate-600 dark:text-slate-300">{t("lesson.noDraftSteps")}</p>
      ) : (
        <ol className="flex max-h-40 flex-col gap-1 overflow-y-auto" data-testid="lesson-draft-steps">
          {draft.steps.map((s, i) => (
            <li key={i} className="flex items-start gap-1 rounded border border-slate-200 px-1.5 py-1 text-[12px] dark:border-slate-700">
              <span className="font-mono text-slate-600 dark:text-slate-400">{i + 1}.</span>
              <span className="min-w-0 flex-1 text-slate-800 dark:text-slate-100">
                {s.text[lang]}
                <span className="ml-1 font-mono text-slate-600 dark:text-slate-400">
                  {s.highlight?.length ? ` [${s.highlight.join(", ")}]` : ""}
                  {s.predict ? ` ? ${s.predict.edge}.${s.predict.what}` : ""}
                  {s.find ? ` ⌕ ${s.find}` : ""}
                </span>
              </span>
              <button type="button" aria-label="Move up" title={t("lesson.up")} className={plainBtn} disabled={i === 0} onClick={() => teach().moveDraftStep(i, -1)}>↑</button>
              <button type="button" aria-label="Move down" title={t("lesson.down")} className={plainBtn} disabled={i === draft.steps.length - 1} onClick={() => teach().moveDraftStep(i, 1)}>↓</button>
              <button type="button" aria-label="Preview" title={t("lesson.preview")} className={plainBtn} onClick={() => teach().previewDraft(i)}>▷</button>
              <button type="button" aria-label="Delete step" title={t("lesson.remove")} className={plainBtn} onClick={() => teach().deleteDraftStep(i)}>✕</button>
            </li>
          ))}
        </ol>
      )}
      <div className="grid grid-cols-2 gap-1.5">
        <label className="text-[12px] text-slate-600 dark:text-slate-300">
          {t("lesson.textEn")}
          <textarea aria-label="Step text (English)" rows={2} className={field} value={en} onChange={(e) => setEn(e.target.value)} />
        </label>
        <label className="text-[12px] text-slate-600 dark:text-slate-300">
          {t("lesson.textJa")}
          <textarea aria-label="Step text (Japanese)" lang="ja" rows={2} className={field} value={ja} onChange={(e) => setJa(e.target.value)} />
        </label>
      </div>
      <p className="text-[12px] text-slate-600 dark:text-slate-300">
        {t("lesson.fromView")} <span className="font-mono" data-testid="lesson-selection">{selection.length ? t("lesson.selected", { ids: selection.join(", ") }) : t("lesson.nothingSelected")}</span>
      </p>
      <div className="flex flex-wrap items-center gap-1.5">
        <label className="flex items-center gap-1 text-[12px] text-slate-600 dark:text-slate-300">
          {t("lesson.ask")}
          <select aria-label="Ask" value={ask} onChange={(e) => setAsk(e.target.value as Ask)} className="rounded border border-slate-400 bg-white px-1 py-0.5 text-[12px] dark:border-slate-500 dark:bg-slate-800">
            <option value="none">{t("lesson.askNone")}</option>
            <option value="value">{t("lesson.askValue")}</option>
            <option value="grad">{t("lesson.askGrad")}</option>
            <option value="shape">{t("lesson.askShape")}</option>
            <option value="find">{t("lesson.askFind")}</option>
          </select>
        </label>
        <button type="button" aria-label="Add step" className={plainBtn} onClick={add}>
          ＋ {t("lesson.addStep")}
        </button>
        <button type="button" aria-label="Save lesson" title={t("lesson.saveTip")} className={`${mainBtn} ml-auto`} onClick={() => teach().saveDraft()}>
          {t("lesson.save")}
        </button>
        <button type="button" aria-label="Done editing" className={plainBtn} onClick={() => teach().stopEditing()}>
          {t("lesson.cancel")}
        </button>
      </div>
      {(local ?? problem) && (
        <p role="alert" className="text-[12px] text-red-700 dark:text-red-300">
          {local ?? problem}
        </p>
      )}
    </div>
  );
}

export function LessonPanel() {
  const t = useT();
  const open = useTeach((s) => s.lessonOpen);
  const editing = useTeach((s) => s.editing);
  const source = useTeach((s) => s.source);
  const hasLesson = useGraph((s) => !!s.doc.lesson);
  if (!open || (!editing && source === "doc" && !hasLesson)) return null;
  return (
    <section data-testid="lesson" aria-label={t("lesson.panel")} className="min-w-[340px] flex-[2_1_340px] rounded-lg border border-violet-400 bg-white p-3 dark:border-violet-500 dark:bg-slate-900">
      <div className="mb-1 flex items-center gap-2 text-[11px] font-semibold uppercase tracking-wide text-amber-800 dark:text-amber-300">
        <span>{editing ? t("lesson.edit") : t("lesson.panel")}</span>
        <div className="ml-auto flex items-center gap-1 font-normal normal-case tracking-normal">
          {!editing && source === "doc" && (
            <button type="button" aria-label="Edit lesson" className={plainBtn} onClick={() => useTeach.getState().startEditing()}>
              ✎ {t("lesson.edit")}
            </button>
          )}
          <button type="button" aria-label="Close lesson" title={t("lesson.closeTip")} className={plainBtn} onClick={() => useTeach.getState().closeLesson()}>
            ✕
          </button>
        </div>
      </div>
      {editing ? <Editor /> : <Player />}
    </section>
  );
}
