// The screen: toolbar on top, palette left, canvas centre, inspector right, and the step and
// train panels floating over the canvas. Keyboard shortcuts live here, once.
import { useEffect, useState } from "react";
import { ReactFlowProvider, useReactFlow } from "@xyflow/react";
import { Canvas } from "./editor/Canvas";
import { copyItems, paste, type Clip } from "./state/doc";
import { useGraph } from "./state/store";
import { GraphTitle } from "./ui/GraphTitle";
import { Help } from "./ui/Help";
import { Inspector } from "./ui/Inspector";
import { Palette } from "./ui/Palette";
import { StepPanel } from "./ui/StepPanel";
import { Toasts } from "./ui/Toasts";
import { Toolbar } from "./ui/Toolbar";
import { TrainPanel } from "./ui/TrainPanel";
import { engineText } from "./i18n/engineMessages";
import { useT } from "./i18n";

const typing = (t: EventTarget | null) => t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));

let clipboard: Clip | null = null;
let pasteCount = 0;

function useShortcuts() {
  const rf = useReactFlow();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typing(e.target)) return;
      const s = useGraph.getState();
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
      else if (mod) return;
      else if (e.key === "ArrowRight") s.stepBy(1);
      else if (e.key === "ArrowLeft") s.stepBy(-1);
      else if (e.key === " ") s.setPlaying(!s.stepping?.playing);
      else if (e.key === "Home") s.stepTo(0);
      else if (e.key === "f" && !e.shiftKey) void rf.fitView({ padding: 0.2, maxZoom: 1.2 });
      else return;
      e.preventDefault();
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, [rf]);
}

function Shell() {
  useShortcuts();
  const t = useT();
  const [help, setHelp] = useState(false);
  const trainOpen = useGraph((s) => s.trainOpen);
  const stepping = useGraph((s) => s.stepping !== null);
  const graphError = useGraph((s) => s.derived.graphError);
  return (
    <div className="flex h-screen flex-col overflow-hidden bg-slate-50 text-slate-900 dark:bg-slate-950 dark:text-slate-100">
      <Toolbar onHelp={() => setHelp(true)} />
      <div className="grid min-h-0 flex-1 grid-cols-[210px_1fr_310px] grid-rows-[minmax(0,1fr)] xl:grid-cols-[240px_1fr_360px]">
        <Palette />
        <main className="flex min-h-0 min-w-0 flex-col" aria-label={t("app.canvas")}>
          <div className="relative min-h-0 flex-1">
            <Canvas />
            <GraphTitle />
            {graphError && <div role="alert" className="absolute left-1/2 top-3 -translate-x-1/2 rounded-md bg-red-50 px-3 py-1 text-[13px] text-red-700 shadow dark:bg-red-950 dark:text-red-200">{engineText(graphError)}</div>}
          </div>
          {(stepping || trainOpen) && (
            // docked under the canvas, so that the graph is never hidden behind a panel; it scrolls, so it takes focus
            <div role="region" aria-label={t("app.panels")} tabIndex={0} className="flex max-h-[45%] shrink-0 flex-wrap gap-2 overflow-y-auto border-t border-slate-200 bg-slate-50 p-2 outline-none focus-visible:ring-2 focus-visible:ring-sky-400 dark:border-slate-700 dark:bg-slate-950">
              {stepping && <StepPanel />}
              {trainOpen && <TrainPanel />}
            </div>
          )}
        </main>
        <Inspector />
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
