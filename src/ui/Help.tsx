// A short guide for a first visit: what the colours mean and how to wire, step and train.
// Escape closes it, and focus stays inside while it is open.
import { useEffect, useRef } from "react";
import { Trans } from "react-i18next";
import { useT } from "../i18n";

const TAGS = { b: <b />, code: <code className="rounded bg-slate-100 px-1 dark:bg-slate-800" />, value: <span className="text-value" />, grad: <span className="text-grad" /> };
const ITEMS = ["help.add", "help.edges", "help.edit", "help.step", "help.train", "help.keys"] as const;

export function Help({ onClose }: { onClose: () => void }) {
  const t = useT();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onClose();
      if (e.key !== "Tab" || !box.current) return;
      // the dialog is modal: Tab goes round its own controls (there is one, the close button)
      const focusable = [...box.current.querySelectorAll<HTMLElement>("button, [href], input, select, textarea")];
      if (!focusable.length) return;
      const first = focusable[0], last = focusable[focusable.length - 1];
      if (e.shiftKey && document.activeElement === first) (last.focus(), e.preventDefault());
      else if (!e.shiftKey && document.activeElement === last) (first.focus(), e.preventDefault());
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, [onClose]);
  return (
    <div role="dialog" aria-modal="true" aria-labelledby="help-title" className="fixed inset-0 z-[200] grid place-items-center bg-slate-900/30 dark:bg-black/60" onClick={onClose}>
      <div ref={box} className="max-w-lg rounded-xl bg-white p-5 text-[13px] leading-relaxed text-slate-700 shadow-2xl dark:bg-slate-900 dark:text-slate-300" onClick={(e) => e.stopPropagation()}>
        <h2 id="help-title" className="mb-2 text-base font-semibold text-slate-900 dark:text-slate-100">
          {t("help.title")}
        </h2>
        <ul className="list-disc space-y-1 pl-5">
          {ITEMS.map((k) => (
            <li key={k}>
              <Trans i18nKey={k} components={TAGS} />
            </li>
          ))}
        </ul>
        <button type="button" onClick={onClose} className="mt-4 rounded-md bg-sky-700 px-3 py-1.5 font-medium text-white hover:bg-sky-800" autoFocus>
          {t("help.close")}
        </button>
      </div>
    </div>
  );
}
