// The Differentiate select: backward differentiates the loss (the seeds, FORMAT.md section 2) or
// one node's output (the document's `target`). Choosing is one undoable edit.
import { useGraph } from "../state/store";
import { useT } from "../i18n";

const LOSS = "";

export function Differentiate() {
  const t = useT();
  const target = useGraph((s) => s.doc.target ?? LOSS);
  const nodes = useGraph((s) => s.doc.nodes);
  const locked = useGraph((s) => s.training.state === "running" || s.training.state === "paused");
  const label = (n: (typeof nodes)[number]) => (typeof n.data.label === "string" && n.data.label.trim() ? `${n.data.label.trim()} (${n.id})` : n.id);
  return (
    <label className="flex shrink-0 items-center gap-1 text-[12px] text-slate-600 dark:text-slate-300" title={t("explainView.differentiateTip")}>
      <span aria-hidden className="font-semibold text-grad-strong">∂</span>
      <select
        aria-label="Differentiate"
        value={target}
        disabled={locked}
        onChange={(e) => useGraph.getState().setTarget(e.target.value === LOSS ? null : e.target.value)}
        className="h-7 w-[4.75rem] rounded-md border border-slate-300 bg-white px-1 text-[12px] text-slate-800 disabled:opacity-50 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100"
      >
        <option value={LOSS}>{t("explainView.theLoss")}</option>
        {nodes.map((n) => (
          <option key={n.id} value={n.id}>
            {label(n)}
          </option>
        ))}
      </select>
    </label>
  );
}
