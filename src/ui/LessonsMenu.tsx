// The toolbar's Lessons menu (the built-in lessons, and a teacher's "write one") and the Predict switch.
// The menu behaves as the Examples menu does: ↓ or Enter opens it on its first item, ↑ ↓ move,
// Escape closes it and returns to the button, and it closes when focus or a click goes elsewhere.
import { useEffect, useState } from "react";
import { useMenu } from "./menu";
import { EXAMPLES } from "../examples";
import type { BuiltinLesson } from "../lessons";
import { useTeach } from "../state/teach";
import { openDoc } from "./files";
import { currentLanguage, useT } from "../i18n";
import { localizedExample } from "../i18n/examples";
import { KEEP, Words } from "./toolbarWords";

const btnClass = (pressed: boolean) =>
  `inline-flex h-8 min-w-7 shrink-0 items-center justify-center gap-1 whitespace-nowrap rounded-md px-1 text-[13px] xl:min-w-8 xl:px-1.5 font-medium outline-none focus-visible:ring-2 focus-visible:ring-sky-400 disabled:cursor-not-allowed disabled:opacity-40 ${
    pressed ? "bg-slate-800 text-white dark:bg-slate-200 dark:text-slate-900" : "text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-700"
  }`;

// the lessons (graphs and both languages' texts) load when the menu first opens: the first download stays lean
let lessons: readonly BuiltinLesson[] | null = null;
const loadLessons = () => import("../lessons").then((m) => (lessons = m.LESSONS));

/** Opens a built-in lesson's graph as an example opens (what was there one Undo away); the panel follows the document's lesson. */
export async function openBuiltinLesson(l: BuiltinLesson): Promise<void> {
  const ex = l.example ? EXAMPLES.find((e) => e.id === l.example) : undefined;
  const doc = ex ? localizedExample({ ...ex, doc: l.doc }) : structuredClone(l.doc);
  doc.name = l.doc.lesson!.title[currentLanguage()];
  await openDoc(doc);
}

export function PredictToggle() {
  const t = useT();
  const on = useTeach((s) => s.predictOn);
  return (
    <button type="button" aria-label="Predict" aria-pressed={on} title={t("predict.toggleTip")} onClick={() => useTeach.getState().setPredict(!on)} className={btnClass(on)}>
      <span aria-hidden className="inline-block min-w-4 text-center">?∂</span>
      <Words text={t("predict.toggle")} priority={KEEP} />
    </button>
  );
}

export function LessonsMenu() {
  const t = useT();
  const lang = currentLanguage();
  const { open, setOpen, focusFirst, toggle, wrapper, onMenuKeyDown } = useMenu();
  const [list, setList] = useState(lessons);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (!open || list) return;
    loadLessons().then(
      (l) => {
        setList(l);
        setProblem(null);
      },
      (e: unknown) => setProblem((e as Error).message),
    );
  }, [open, list]);
  // the items arrived after the menu opened: focus the first, once they are drawn (unless the learner moved already)
  const [arrived, setArrived] = useState(false);
  useEffect(() => {
    if (!list || arrived) return;
    setArrived(true);
    if (open) focusFirst();
  }, [list, open, arrived]); // eslint-disable-line react-hooks/exhaustive-deps
  const bugHunt = (l: BuiltinLesson) => l.doc.lesson!.steps.some((s) => s.find);
  return (
    <div className="relative" {...wrapper}>
      <button type="button" aria-label="Lessons" aria-haspopup="menu" aria-expanded={open} title={t("lesson.menuTip")} className={btnClass(open)} onClick={toggle}>
        <span aria-hidden className="inline-block min-w-4 text-center">☰</span>
        <span className="hidden xl:inline">{t("lesson.menu")}</span>
      </button>
      {open && (
        <div
          role="menu"
          aria-label={t("lesson.menuLabel")}
          className="absolute left-0 top-9 z-50 grid max-h-[calc(100vh-5rem)] w-[min(44rem,calc(100vw-12rem))] grid-cols-2 gap-0.5 overflow-y-auto rounded-lg border border-slate-200 bg-white p-1 shadow-xl dark:border-slate-600 dark:bg-slate-800"
          onKeyDown={onMenuKeyDown}
        >
          {!list && (
            <p role={problem ? "alert" : "status"} className="col-span-2 px-3 py-1.5 text-[13px] text-slate-700 dark:text-slate-200">
              {problem ? t("lesson.loadFailed", { reason: problem }) : t("lesson.loading")}
            </p>
          )}
          {list?.map((l) => (
            <button
              key={l.id}
              type="button"
              role="menuitem"
              data-lesson-id={l.id}
              onClick={() => {
                setOpen(false);
                void openBuiltinLesson(l);
              }}
              className="flex w-full flex-col justify-start rounded-md px-3 py-1.5 text-left hover:bg-slate-50 focus:bg-slate-100 focus:outline-none dark:hover:bg-slate-700 dark:focus:bg-slate-700"
            >
              <span className="text-[13px] font-medium text-slate-800 dark:text-slate-100">{l.doc.lesson!.title[lang]}</span>
              <span className="text-[12px] text-slate-600 dark:text-slate-300">
                {bugHunt(l) ? `${t("lesson.bugHunt")} · ` : ""}
                {t("lesson.steps", { count: l.doc.lesson!.steps.length })}
              </span>
            </button>
          ))}
          {/* with the lessons, so that ↓ opens the menu on the first lesson, not on this */}
          {list && (
          <button
            type="button"
            role="menuitem"
            data-testid="write-lesson"
            title={t("lesson.writeTip")}
            onClick={() => {
              setOpen(false);
              useTeach.getState().startEditing();
            }}
            className="col-span-2 flex w-full items-center rounded-md border-t border-slate-200 px-3 py-1.5 text-left text-[13px] font-medium text-sky-800 hover:bg-slate-50 focus:bg-slate-100 focus:outline-none dark:border-slate-600 dark:text-sky-300 dark:hover:bg-slate-700 dark:focus:bg-slate-700"
          >
            ✎ {t("lesson.write")}
          </button>
          )}
        </div>
      )}
    </div>
  );
}
