// Search to add at the pointer (UI.md: a double-click on empty canvas opens a search box labelled
// "Add op"; Enter adds the first match there). Also opened where a wire is dropped on empty
// canvas, listing only the ops that can take (or give) that wire; the op then comes wired.
import { useMemo, useState } from "react";
import { OPS, type OpSpec } from "../engine/ops";
import { useT } from "../i18n";

export interface AddOpRequest {
  /** where the box opens, in screen pixels */
  screen: { x: number; y: number };
  /** which ops fit (a wire's end), or all */
  filter?: (op: OpSpec) => boolean;
  /** the op to list first when nothing is typed (what usually feeds a port) */
  first?: string;
  /** `withParams`: Shift+Enter, the op with a Param on each of its layer ports (W, b) */
  onPick(type: string, withParams: boolean): void;
}

export function AddOpSearch({ request, onClose }: { request: AddOpRequest; onClose: () => void }) {
  const t = useT();
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const matches = useMemo(() => {
    const q = query.trim().toLowerCase();
    const fits = OPS.filter((op) => !request.filter || request.filter(op));
    if (!q) return request.first ? [...fits.filter((op) => op.type === request.first), ...fits.filter((op) => op.type !== request.first)] : fits;
    // names that start with the query first, then names and summaries that contain it
    const starts = fits.filter((op) => op.type.toLowerCase().startsWith(q));
    const contains = fits.filter((op) => !starts.includes(op) && (op.type.toLowerCase().includes(q) || t(`ops.${op.type}.summary`).toLowerCase().includes(q)));
    return [...starts, ...contains];
  }, [query, request, t]);
  const pick = (type: string | undefined, withParams = false) => {
    if (!type) return;
    onClose();
    request.onPick(type, withParams);
  };
  const left = Math.min(request.screen.x, innerWidth - 280), top = Math.min(request.screen.y, innerHeight - 300);
  return (
    <div
      className="fixed z-[160] w-64 rounded-lg border border-slate-300 bg-white p-1.5 shadow-2xl dark:border-slate-600 dark:bg-slate-900"
      style={{ left: Math.max(8, left), top: Math.max(8, top) }}
      data-testid="add-op-search"
    >
      <input
        autoFocus
        type="search"
        aria-label="Add op"
        placeholder={t("addOp.placeholder")}
        value={query}
        role="combobox"
        aria-expanded="true"
        aria-controls="add-op-list"
        aria-activedescendant={matches[active] ? `add-op-${matches[active].type}` : undefined}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onBlur={onClose}
        onKeyDown={(e) => {
          if (e.key === "Escape") onClose();
          else if (e.key === "Enter") pick(matches[active]?.type, e.shiftKey);
          else if (e.key === "ArrowDown") setActive((a) => Math.min(matches.length - 1, a + 1));
          else if (e.key === "ArrowUp") setActive((a) => Math.max(0, a - 1));
          else return;
          e.preventDefault();
          e.stopPropagation();
        }}
        className="w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-[13px] text-slate-900 outline-none focus:border-sky-600 focus:ring-2 focus:ring-sky-200 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100"
      />
      <p className="px-1 pt-1 text-[11px] text-slate-600 dark:text-slate-400">{t("addOp.keys")}</p>
      <ul id="add-op-list" role="listbox" aria-label="Matching ops" className="mt-1 max-h-64 overflow-y-auto">
        {matches.map((op, i) => (
          <li
            key={op.type}
            id={`add-op-${op.type}`}
            role="option"
            aria-selected={i === active}
            data-op={op.type}
            // mousedown, not click: the input's blur would close the list first
            onMouseDown={(e) => {
              e.preventDefault();
              pick(op.type);
            }}
            className={`cursor-pointer rounded px-2 py-1 text-[13px] ${i === active ? "bg-sky-100 dark:bg-sky-900" : ""}`}
          >
            <span className="font-medium text-slate-900 dark:text-slate-100">{op.type}</span>{" "}
            <span className="text-[12px] text-slate-600 dark:text-slate-400">{t(`ops.${op.type}.summary`)}</span>
          </li>
        ))}
        {!matches.length && <li className="px-2 py-1 text-[12px] text-slate-600 dark:text-slate-400">{t("addOp.none")}</li>}
      </ul>
    </div>
  );
}
