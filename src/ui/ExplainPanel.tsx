// The explanation panel, docked under the canvas with the step and train panels: the selected
// node explained, opened by clicking a node, by E, or by the toolbar's Explain.
import { useEffect, useState } from "react";
import { useGraph } from "../state/store";
import { useT } from "../i18n";
import { ExplainView } from "./ExplainView";

export function ExplainPanel() {
  const t = useT();
  const selected = useGraph((s) => (s.selectedNodes.length === 1 ? s.selectedNodes[0] : null));
  // the last node explained stays while nothing else is selected: clicking a wire's label to pick a cell keeps it
  const [last, setLast] = useState(selected);
  useEffect(() => {
    if (selected !== null) setLast(selected);
  }, [selected]);
  const shown = selected ?? last;
  const exists = useGraph((s) => shown !== null && s.doc.nodes.some((n) => n.id === shown));
  return (
    <section aria-label={t("explainView.label")} data-testid="explain-panel" className="relative min-w-[340px] flex-[2] rounded-lg border border-slate-200 bg-white p-3 pr-9 dark:border-slate-700 dark:bg-slate-900">
      <button
        type="button"
        aria-label={t("explainView.close")}
        title={t("explainView.close")}
        onClick={() => useGraph.getState().setExplainOpen(false)}
        className="absolute right-2 top-2 h-6 w-6 rounded text-[14px] text-slate-600 hover:bg-slate-100 focus-visible:ring-2 focus-visible:ring-sky-400 dark:text-slate-300 dark:hover:bg-slate-700"
      >
        ×
      </button>
      {shown && exists ? <ExplainView nodeId={shown} /> : <p className="text-[13px] text-slate-700 dark:text-slate-300">{t("explainView.none")}</p>}
    </section>
  );
}
