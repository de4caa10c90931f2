// Messages: a failed import, a refused wire, a finished check. Errors stay until dismissed
// or a few seconds pass; they say what happened and where.
import { useGraph } from "../state/store";

export function Toasts() {
  const toasts = useGraph((s) => s.toasts);
  return (
    <div className="pointer-events-none fixed left-1/2 top-14 z-[100] flex w-[560px] max-w-[90vw] -translate-x-1/2 flex-col gap-2" aria-live="assertive">
      {toasts.map((t) => (
        <div
          key={t.id}
          data-testid="toast"
          data-kind={t.kind}
          role={t.kind === "error" ? "alert" : "status"}
          className={`pointer-events-auto flex items-start gap-2 rounded-lg border px-3 py-2 text-[13px] shadow-lg ${t.kind === "error" ? "border-red-200 bg-red-50 text-red-800" : "border-emerald-200 bg-emerald-50 text-emerald-800"}`}
        >
          <span aria-hidden>{t.kind === "error" ? "⚠" : "✓"}</span>
          <span className="flex-1 break-words">{t.text}</span>
          <button type="button" aria-label="Dismiss" onClick={() => useGraph.getState().dismiss(t.id)} className="text-slate-500 hover:text-slate-800">
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
