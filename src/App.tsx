// The screen: toolbar on top, palette left, canvas centre, inspector right, and the step and
// train panels floating over the canvas. Keyboard shortcuts live here, once.
import { lazy, Suspense, useEffect, useState } from "react";
import { ReactFlowProvider, useReactFlow } from "@xyflow/react";
import { Canvas } from "./editor/Canvas";
import { copyItems, paste, type Clip } from "./state/doc";
import { useGraph } from "./state/store";
import { useLayout } from "./ui/layout";
import { t } from "./i18n";
import { EmptyHint } from "./ui/EmptyHint";
import { GraphTitle } from "./ui/GraphTitle";
import { Help } from "./ui/Help";
import { Inspector } from "./ui/Inspector";
import { Palette } from "./ui/Palette";
import { StepPanel } from "./ui/StepPanel";
import { ExplainPanel } from "./ui/ExplainPanel";
import { SaveStatus } from "./ui/SaveStatus";
import { Toasts } from "./ui/Toasts";
import { Toolbar } from "./ui/Toolbar";
import { LessonPanel } from "./ui/LessonPanel";
import { PredictBox } from "./ui/PredictBox";
import { useTeach } from "./state/teach";
import { engineText } from "./i18n/engineMessages";
import { useT } from "./i18n";

/** Where keys type text: shortcuts leave them alone. A checkbox or a select is not such a place (Ctrl+Z still undoes). */
const TEXT_INPUTS = new Set(["text", "search", "number", "email", "url", "tel", "password"]);
const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || t.tagName === "TEXTAREA" || (t instanceof HTMLInputElement && TEXT_INPUTS.has(t.type)));
/** Inside a menu, a dialog or a list that handles its own arrow keys. */
const ownsArrows = (t: EventTarget | null) => t instanceof HTMLElement && !!t.closest('[role="menu"], [role="dialog"], [role="listbox"], select');

// the Train panel (and its plots, uPlot) loads when first opened: the first download stays lean
const TrainPanel = lazy(() => import("./ui/TrainPanel").then((m) => ({ default: m.TrainPanel })));

let clipboard: Clip | null = null;
let pasteCount = 0;

function useShortcuts() {
  const rf = useReactFlow();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typing(e.target)) return;
      const s = useGraph.getState();
      const arrow = e.key === "ArrowRight" || e.key === "ArrowLeft" || e.key === "ArrowUp" || e.key === "ArrowDown";
      if (arrow && ownsArrows(e.target)) return;
      // Space on a button presses the button, not Play
      if (e.key === " " && e.target instanceof HTMLElement && e.target.closest('button, a, input, select, [role="switch"], [role="menuitem"]')) return;
      // the stepping keys never edit: on the canvas, React Flow would also move the selected nodes
      if (arrow && e.target instanceof Element && e.target.closest(".react-flow")) e.stopPropagation();
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && key === "z" && !e.shiftKey) s.undo();
      else if (mod && ((key === "z" && e.shiftKey) || key === "y")) s.redo();
      else if (mod && key === "c") {
        clipboard = copyItems(s.doc, s.selectedNodes);
        pasteCount = 0;
        if (!clipboard) return;
      } else if (mod && key === "v") {
        if (!clipboard) return;
        pasteCount++;
        const r = paste(s.doc, clipboard, { x: 40 * pasteCount, y: 40 * pasteCount });
        s.commit(r.doc);
        s.select(r.ids, []);
      } else if (mod && key === "a") s.select(s.doc.nodes.map((n) => n.id), s.doc.edges.map((x) => x.id));
      else if (mod && key === "d") s.duplicateSelection();
      else if (mod && key === "g") {
        if (s.selectedNodes.length) s.groupSelection(t("group.default"));
      } else if (e.altKey && (e.key === "Delete" || e.key === "Backspace") && s.selectedNodes.length === 1) s.removeKeepingWire(s.selectedNodes[0]);
      else if (mod) return;
      else if (e.key === "ArrowRight") s.stepBy(1);
      else if (e.key === "ArrowLeft") s.stepBy(-1);
      else if (arrow) e.preventDefault();
      else if (e.key === " ") s.setPlaying(!s.stepping?.playing);
      else if (e.key === "Home") s.stepTo(0);
      else if (e.key === "f" && !e.shiftKey) s.requestFit();
      else if (key === "e" && !e.shiftKey && !e.altKey) s.setExplainOpen(true);
      else if (e.key === "Escape" && useLayout.getState().presenting) useLayout.getState().present(false);
      else return;
      e.preventDefault();
    };
    // in the capture phase, before React Flow's own key handling on a focused node
    addEventListener("keydown", onKey, true);
    return () => removeEventListener("keydown", onKey, true);
  }, [rf]);
}

function Shell() {
  useShortcuts();
  const t = useT();
  const [help, setHelp] = useState(false);
  const trainOpen = useGraph((s) => s.trainOpen);
  const stepping = useGraph((s) => s.stepping !== null);
  const teaching = useTeach((s) => s.lessonOpen || s.asking !== null || s.answered !== null);
  // while stepping, the step panel explains the current node itself
  const explaining = useGraph((s) => s.explainOpen && s.stepping === null);
  const graphError = useGraph((s) => s.derived.graphError);
  const { palette, inspector, presenting, toggle } = useLayout();
  const showPalette = palette && !presenting, showInspector = inspector && !presenting;
  // folded panels leave a strip with the button that opens them again
  const cols = `${showPalette ? "var(--gf-palette)" : "28px"} minmax(0,1fr) ${showInspector ? "var(--gf-inspector)" : "28px"}`;
  const fold = (which: "palette" | "inspector", open: boolean) => (
    <button
      type="button"
      onClick={() => toggle(which)}
      aria-expanded={open}
      aria-label={t(`layout.${which}`)}
      title={t(open ? `layout.hide` : `layout.show`, { what: t(`layout.${which}`) })}
      // a button of its own over the list it folds (which scrolls clear of it): opaque, bordered
      className="h-7 w-7 shrink-0 rounded-md border border-slate-200 bg-white/95 text-[14px] text-slate-600 shadow-sm hover:bg-slate-100 focus-visible:ring-2 focus-visible:ring-sky-400 dark:border-slate-700 dark:bg-slate-900/95 dark:text-slate-300 dark:hover:bg-slate-700"
    >
      {(which === "palette") === open ? "«" : "»"}
    </button>
  );
  return (
    <div className="flex h-screen flex-col overflow-hidden bg-slate-50 text-slate-900 dark:bg-slate-950 dark:text-slate-100">
      <Toolbar onHelp={() => setHelp(true)} />
      <SaveStatus />
      <div className="gf-columns grid min-h-0 flex-1 grid-rows-[minmax(0,1fr)]" style={{ gridTemplateColumns: cols }}>
        {showPalette ? (
          <div className="relative min-h-0 min-w-0">
            <Palette />
            {!presenting && <div className="absolute bottom-1 right-1">{fold("palette", true)}</div>}
          </div>
        ) : (
          <div className="flex flex-col items-center border-r border-slate-200 bg-slate-50 pt-1.5 dark:border-slate-700 dark:bg-slate-900">{!presenting && fold("palette", false)}</div>
        )}
        <main className="flex min-h-0 min-w-0 flex-col" aria-label={t("app.canvas")}>
          <div className="relative min-h-0 flex-1">
            <Canvas />
            <EmptyHint />
            <GraphTitle />
            {graphError && <div role="alert" className="absolute left-1/2 top-3 -translate-x-1/2 rounded-md bg-red-50 px-3 py-1 text-[13px] text-red-700 shadow dark:bg-red-950 dark:text-red-200">{engineText(graphError)}</div>}
          </div>
          {(stepping || trainOpen || teaching || explaining) && (
            // docked under the canvas, so that the graph is never hidden behind a panel; it scrolls, so it takes focus
            <div role="region" aria-label={t("app.panels")} tabIndex={0} className="gf-panels flex max-h-[45%] shrink-0 flex-wrap gap-2 overflow-y-auto border-t border-slate-200 bg-slate-50 p-2 outline-none focus-visible:ring-2 focus-visible:ring-sky-400 dark:border-slate-700 dark:bg-slate-950">
              <LessonPanel />
              <PredictBox />
              {stepping && <StepPanel />}
              {explaining && <ExplainPanel />}
              {trainOpen && (
                <Suspense fallback={<div className="min-w-[300px] flex-1 p-3 text-[13px] text-slate-600 dark:text-slate-300">{t("train.loading")}</div>}>
                  <TrainPanel />
                </Suspense>
              )}
            </div>
          )}
        </main>
        {showInspector ? (
          <div className="relative min-h-0 min-w-0">
            <Inspector />
            <div className="absolute bottom-1 right-1">{fold("inspector", true)}</div>
          </div>
        ) : (
          <div className="flex flex-col items-center border-l border-slate-200 bg-slate-50 pt-1.5 dark:border-slate-700 dark:bg-slate-900">{!presenting && fold("inspector", false)}</div>
        )}
      </div>
      <Toasts />
      {help && <Help onClose={() => setHelp(false)} />}
    </div>
  );
}

export function App() {
  return (
    <ReactFlowProvider>
      <Shell />
    </ReactFlowProvider>
  );
}
