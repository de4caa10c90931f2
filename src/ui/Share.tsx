// The classroom's two ways out (issue 12): a link that carries the whole graph (FORMAT.md
// section 4: lz-string in the fragment, nothing sent anywhere), and the graph as Python code to
// take home (section 5: NumPy in the notebooks' style, or PyTorch).
import { useState } from "react";
import { useGraph } from "../state/store";
import { useT } from "../i18n";
import { fileNameFor } from "./files";
import { usePopup } from "./menu";
import { Words } from "./toolbarWords";

const menuBox = "absolute left-0 top-9 z-50 w-[26rem] max-w-[90vw] rounded-lg border border-slate-200 bg-white p-2 text-[13px] shadow-xl dark:border-slate-600 dark:bg-slate-900";
const btnCls = "inline-flex h-8 shrink-0 items-center gap-1 whitespace-nowrap rounded-md px-1.5 text-[13px] font-medium text-slate-700 hover:bg-slate-100 focus-visible:ring-2 focus-visible:ring-sky-400 dark:text-slate-200 dark:hover:bg-slate-800";

export function ShareLink() {
  const t = useT();
  const p = usePopup();
  const [link, setLink] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const share = async () => {
    const s = useGraph.getState();
    const { graphToLink } = await import("../notation/link");
    const r = graphToLink({ ...s.doc, optimizer: s.training.optimizer }, location.href);
    if (!r.ok) {
      s.toast("error", r.message);
      return;
    }
    setLink(r.link);
    p.setOpen(true);
    try {
      await navigator.clipboard.writeText(r.link);
      setNote(t("share.copied"));
    } catch {
      setNote(t("share.select"));
    }
  };
  return (
    <div ref={p.ref} className="relative" onKeyDown={p.onKeyDown}>
      <button type="button" aria-label="Share link" title={`${t("share.button")}: ${t("share.hint")}`} className={btnCls} onClick={() => void share()}>
        <span aria-hidden>↗</span>
        <Words text={t("share.button")} />
      </button>
      {p.open && link && (
        <div className={menuBox} role="dialog" aria-label={t("share.button")}>
          <label className="mb-1 block text-[12px] font-medium text-slate-700 dark:text-slate-300" htmlFor="share-link">
            {t("share.linkLabel")}
          </label>
          <input
            id="share-link"
            aria-label="Link"
            readOnly
            value={link}
            autoFocus
            onFocus={(e) => e.currentTarget.select()}
            className="w-full rounded-md border border-slate-300 bg-slate-50 px-2 py-1 font-mono text-[12px] text-slate-900 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100"
          />
          <p className="mt-1 text-[12px] text-slate-600 dark:text-slate-400">
            {note} {t("share.length", { n: link.length.toLocaleString() })}
          </p>
        </div>
      )}
    </div>
  );
}

export function ExportCode() {
  const t = useT();
  const p = usePopup();
  const save = async (to: "numpy" | "pytorch") => {
    p.setOpen(false);
    const s = useGraph.getState();
    try {
      const { exportCode } = await import("../engine/export");
      const code = exportCode(s.doc, to);
      const a = document.createElement("a");
      a.href = URL.createObjectURL(new Blob([code], { type: "text/x-python" }));
      a.download = fileNameFor(s.doc).replace(/\.gradflow\.json$/, to === "numpy" ? "_numpy.py" : "_torch.py");
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    } catch (e) {
      s.toast("error", t("code.failed", { reason: (e as Error).message }));
    }
  };
  return (
    <div ref={p.ref} className="relative" onKeyDown={p.onKeyDown}>
      <button type="button" aria-label="Export code" aria-expanded={p.open} title={`${t("code.button")}: ${t("code.hint")}`} className={btnCls} onClick={() => p.setOpen((o) => !o)}>
        <span aria-hidden>{"</>"}</span>
        <Words text={t("code.button")} />
      </button>
      {p.open && (
        <div className={`${menuBox} w-72`} role="menu" aria-label={t("code.button")}>
          <button type="button" role="menuitem" className="block w-full rounded-md px-3 py-2 text-left hover:bg-slate-50 dark:hover:bg-slate-800" onClick={() => void save("numpy")}>
            <div className="font-medium text-slate-800 dark:text-slate-100">NumPy</div>
            <div className="text-[12px] text-slate-600 dark:text-slate-400">{t("code.numpy")}</div>
          </button>
          <button type="button" role="menuitem" className="block w-full rounded-md px-3 py-2 text-left hover:bg-slate-50 dark:hover:bg-slate-800" onClick={() => void save("pytorch")}>
            <div className="font-medium text-slate-800 dark:text-slate-100">PyTorch</div>
            <div className="text-[12px] text-slate-600 dark:text-slate-400">{t("code.pytorch")}</div>
          </button>
        </div>
      )}
    </div>
  );
}
