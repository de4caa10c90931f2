// The graph's name, over the canvas's top-left corner: which example (or file) is open, and
// where to rename it. Renaming is not an edit of the computation, so it makes no undo entry.
import { useGraph } from "../state/store";
import { useT } from "../i18n";
import { OVERLAY } from "../editor/overlays";

/** How many columns a text takes: a kana or kanji (East Asian wide) takes two, like the box's `size` counts. */
const columns = (s: string) => [...s].reduce((n, c) => n + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(c) ? 2 : 1), 0);

export function GraphTitle() {
  const t = useT();
  const name = useGraph((s) => s.doc.name);
  return (
    <div className="pointer-events-none absolute left-3 top-3 z-10">
      <input
        aria-label={t("graph.name")}
        value={name ?? ""}
        // a name longer than the box (48 columns at most) is whole in the tooltip
        title={name ?? undefined}
        placeholder={t("graph.untitled")}
        size={Math.max(8, Math.min(48, columns(name ?? "") + 1))}
        onChange={(e) => useGraph.setState({ doc: { ...useGraph.getState().doc, name: e.target.value } })}
        className={`${OVERLAY} pointer-events-auto rounded-md border border-transparent bg-white/80 px-2 py-1 text-[14px] font-semibold text-slate-800 shadow-sm backdrop-blur placeholder:text-slate-500 hover:border-slate-200 focus:border-sky-400 focus:outline-none focus:ring-2 focus:ring-sky-200 dark:bg-slate-900/80 dark:text-slate-100 dark:placeholder:text-slate-400 dark:hover:border-slate-600 dark:focus:ring-sky-800`}
      />
    </div>
  );
}
