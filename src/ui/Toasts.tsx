// Messages: a failed import, a refused wire, a finished check. Errors stay until dismissed
// or a few seconds pass; they say what happened and where.
import { useGraph } from "../state/store";
import { useT } from "../i18n";

export function Toasts() {
  const t = useT();
  const toasts = useGraph((s) => s.toasts);
  return (
    // a labelled region, so that nothing on the page is outside a landmark
    <section aria-label={t("toast.label")} className="pointer-events-none fixed left-1/2 top-14 z-[100] flex w-[560px] max-w-[90vw] -translate-x-1/2 flex-col gap-2" aria-live="assertive">
      {toasts.map((toast) => (
        <div
          key={toast.id}
          data-testid="toast"
          data-kind={toast.kind}
          role={toast.kind === "error" ? "alert" : "status"}
          className={`pointer-events-auto flex items-start gap-2 rounded-lg border px-3 py-2 text-[13px] shadow-lg ${toast.kind === "error" ? "border-red-200 bg-red-50 text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-100" : "border-emerald-200 bg-emerald-50 text-emerald-800 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100"}`}
        >
          <span aria-hidden>{toast.kind === "error" ? "⚠" : "✓"}</span>
          <span className="flex-1 break-words">{toast.text}</span>
          <button type="button" aria-label={t("toast.dismiss")} title={t("toast.dismiss")} onClick={() => useGraph.getState().dismiss(toast.id)} className="grid h-6 w-6 place-items-center rounded text-slate-600 hover:bg-black/5 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-white/10 dark:hover:text-white">
            ×
          </button>
        </div>
      ))}
    </section>
  );
}
