// The toolbar's explanation controls, kept narrow so that the toolbar fits at 1024 px: the Explain
// toggle, and the Differentiate select (backward differentiates the loss, the seeds of FORMAT.md
// section 2, or one node's output, the document's `target`; choosing is one undoable edit).
import { useGraph } from "../state/store";
import { useT } from "../i18n";
import { KEEP, Words } from "./toolbarWords";

const LOSS = "";

export function ExplainControls() {
  const t = useT();
  const open = useGraph((s) => s.explainOpen);
  const target = useGraph((s) => s.doc.target ?? LOSS);
  const nodes = useGraph((s) => s.doc.nodes);
  const locked = useGraph((s) => s.training.state === "running" || s.training.state === "paused");
  const label = (n: (typeof nodes)[number]) => (typeof n.data.label === "string" && n.data.label.trim() ? `${n.data.label.trim()} (${n.id})` : n.id);
  return (
    <div className="flex shrink-0 items-center gap-0.5">
      <button
        type="button"
        aria-label="Explain"
        aria-pressed={open}
        title={t("explainView.openTip")}
        onClick={() => useGraph.getState().setExplainOpen(!open)}
        className={`inline-flex h-8 min-w-6 shrink-0 items-center justify-center gap-1 whitespace-nowrap rounded-md px-1 text-[13px] font-medium outline-none focus-visible:ring-2 focus-visible:ring-sky-400 ${
          open ? "bg-slate-800 text-white dark:bg-slate-200 dark:text-slate-900" : "text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-700"
        }`}
      >
        <span aria-hidden>∑</span>
        <Words text={t("explainView.open")} priority={KEEP} />
      </button>
      {/* a select without the browser's wide arrow (a small one drawn instead), so that "the loss" fits in the toolbar at 1024 px */}
      <label className="relative flex shrink-0 items-center text-[12px] text-slate-600 dark:text-slate-300" title={t("explainView.differentiateTip")}>
        <select
          aria-label="Differentiate"
          value={target}
          disabled={locked}
          onChange={(e) => useGraph.getState().setTarget(e.target.value === LOSS ? null : e.target.value)}
          className="h-7 w-[4.25rem] appearance-none truncate rounded-md border border-slate-300 bg-white pl-1 pr-3.5 text-[12px] text-slate-800 focus-visible:ring-2 focus-visible:ring-sky-400 disabled:opacity-50 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100"
        >
          <option value={LOSS}>{t("explainView.theLoss")}</option>
          {nodes.map((n) => (
            <option key={n.id} value={n.id}>
              {label(n)}
            </option>
          ))}
        </select>
        <span aria-hidden className="pointer-events-none absolute right-1 text-[9px] text-slate-600 dark:text-slate-300">
          ▼
        </span>
      </label>
    </div>
  );
}
