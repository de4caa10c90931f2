// An empty canvas says what to do: a learner who pressed New should not face a blank page.
import { useGraph } from "../state/store";
import { useT } from "../i18n";

export function EmptyHint() {
  const t = useT();
  const empty = useGraph((s) => s.doc.nodes.length === 0);
  if (!empty) return null;
  return (
    <div data-testid="empty-hint" className="pointer-events-none absolute inset-0 grid place-items-center p-6">
      <div className="max-w-sm rounded-xl border border-dashed border-slate-300 bg-white/90 p-5 text-center text-[14px] leading-relaxed text-slate-600 shadow-sm dark:border-slate-600 dark:bg-slate-900/90 dark:text-slate-300">
        <p className="mb-2 text-[15px] font-semibold text-slate-800 dark:text-slate-100">{t("empty.title")}</p>
        <p>{t("empty.drag")}</p>
        <p>{t("empty.search")}</p>
        <p>{t("empty.examples")}</p>
      </div>
    </div>
  );
}
