// The toolbar: files, examples, layout, history, stepping, gradient check, training, help.
import { useEffect, useRef, useState, type ReactNode } from "react";
import { EXAMPLES } from "../examples";
import { layoutDoc } from "../editor/layout";
import { moveNodes } from "../state/doc";
import { useGraph } from "../state/store";
import { exportDoc, importFile, loadExample, newDoc } from "./files";
import { currentLanguage, LANGUAGES, setLanguage, useT, type Lang } from "../i18n";
import { setTheme, useTheme } from "./theme";

/** The Language select and the Dark mode switch. Their accessible names stay English (UI.md's hooks); what they show follows the language. */
function Preferences() {
  const t = useT();
  const theme = useTheme();
  return (
    <div className="flex shrink-0 items-center gap-1">
      <label className="flex items-center gap-1 text-[12px] text-slate-600 dark:text-slate-300" title={t("toolbar.language")}>
        <span aria-hidden>🌐</span>
        <select
          aria-label="Language"
          value={currentLanguage()}
          onChange={(e) => setLanguage(e.target.value as Lang)}
          className="h-7 rounded-md border border-slate-300 bg-white px-1 text-[12px] text-slate-800 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100"
        >
          {LANGUAGES.map((l) => (
            <option key={l.code} value={l.code}>
              {l.name}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        role="switch"
        aria-checked={theme === "dark"}
        aria-label="Dark mode"
        title={t("toolbar.darkMode")}
        onClick={() => setTheme(theme === "dark" ? "light" : "dark")}
        className="inline-flex h-7 w-7 items-center justify-center rounded-md text-[14px] text-slate-700 hover:bg-slate-100 focus-visible:ring-2 focus-visible:ring-sky-400 dark:text-slate-200 dark:hover:bg-slate-700"
      >
        <span aria-hidden>{theme === "dark" ? "☾" : "☀"}</span>
      </button>
    </div>
  );
}

function Btn({ label, onClick, disabled, pressed, children, title, primary }: { label: string; onClick: () => void; disabled?: boolean; pressed?: boolean; children?: ReactNode; title?: string; primary?: boolean }) {
  return (
    <button
      type="button"
      aria-label={label}
      title={title ?? label}
      aria-pressed={pressed}
      disabled={disabled}
      onClick={onClick}
      className={`inline-flex h-8 shrink-0 items-center gap-1 whitespace-nowrap rounded-md px-1.5 text-[13px] font-medium outline-none focus-visible:ring-2 focus-visible:ring-sky-400 disabled:cursor-not-allowed disabled:opacity-40 ${
        pressed ? "bg-slate-800 text-white" : primary ? "bg-sky-600 text-white hover:bg-sky-700" : "text-slate-700 hover:bg-slate-100"
      }`}
    >
      {children ?? label}
    </button>
  );
}

const Sep = () => <span className="mx-0.5 h-5 w-px shrink-0 bg-slate-200" aria-hidden />;

/** The Examples menu, as a menu button: ↓ or Enter opens it on its first item, ↑ ↓ move, Escape closes it and returns to the button, and it closes when focus or a click goes elsewhere. */
function ExamplesMenu() {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const items = () => [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) ref.current?.querySelector<HTMLElement>("button")?.focus();
  };
  useEffect(() => {
    if (!open) return;
    const outside = (e: MouseEvent) => !ref.current?.contains(e.target as Node) && setOpen(false);
    addEventListener("mousedown", outside);
    return () => removeEventListener("mousedown", outside);
  }, [open]);
  return (
    <div
      ref={ref}
      className="relative"
      onBlur={(e) => {
        if (open && !ref.current?.contains(e.relatedTarget as Node | null)) setOpen(false);
      }}
      onKeyDown={(e) => {
        if (e.key === "ArrowDown" && !open) {
          e.preventDefault();
          setOpen(true);
          requestAnimationFrame(() => items()[0]?.focus());
        }
      }}
    >
      <Btn
        label="Examples"
        onClick={() => {
          setOpen((o) => !o);
          if (!open) requestAnimationFrame(() => items()[0]?.focus());
        }}
        pressed={open}
      >
        Examples ▾
      </Btn>
      {open && (
        <div
          role="menu"
          aria-label="Examples"
          className="absolute left-0 top-9 z-50 w-96 rounded-lg border border-slate-200 bg-white p-1 shadow-xl"
          onKeyDown={(e) => {
            const list = items();
            const i = list.indexOf(document.activeElement as HTMLElement);
            if (e.key === "Escape") close(true);
            else if (e.key === "ArrowDown") list[(i + 1) % list.length]?.focus();
            else if (e.key === "ArrowUp") list[(i - 1 + list.length) % list.length]?.focus();
            else if (e.key === "Home") list[0]?.focus();
            else if (e.key === "End") list[list.length - 1]?.focus();
            else {
              // Tab moves on as usual, and the menu closes behind it
              if (e.key === "Tab") setOpen(false);
              return;
            }
            e.preventDefault();
            e.stopPropagation();
          }}
        >
          {EXAMPLES.map((ex) => (
            <button
              key={ex.id}
              type="button"
              role="menuitem"
              data-example-id={ex.id}
              onClick={() => {
                setOpen(false);
                loadExample(ex.id);
              }}
              className="block w-full rounded-md px-3 py-2 text-left hover:bg-slate-50 focus:bg-slate-100 focus:outline-none"
            >
              <div className="text-[13px] font-medium text-slate-800">{ex.title}</div>
              <div className="text-[12px] text-slate-500">{ex.blurb}</div>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

export function Toolbar({ onHelp }: { onHelp: () => void }) {
  const canUndo = useGraph((s) => s.past.length > 0);
  const canRedo = useGraph((s) => s.future.length > 0);
  const stepping = useGraph((s) => s.stepping);
  const trainOpen = useGraph((s) => s.trainOpen);
  const training = useGraph((s) => s.training.state === "running");
  const file = useRef<HTMLInputElement>(null);
  const s = useGraph.getState;

  const layout = async () => {
    const doc = s().doc;
    if (!doc.nodes.length) return;
    const layout = await layoutDoc(doc);
    s().commit(moveNodes(s().doc, layout.positions));
    if (layout.note) s().toast("info", `Placed in columns by depth: ${layout.note}.`);
    s().requestFit();
  };

  const total = stepping?.steps.length ?? 0;
  return (
    <header className="relative z-20 flex h-12 items-center gap-0.5 border-b border-slate-200 bg-white px-3" role="toolbar" aria-label="Toolbar">
      <div className="mr-2 flex shrink-0 items-center gap-2">
        <span className="grid h-7 w-7 place-items-center rounded-md bg-gradient-to-br from-sky-500 to-orange-500 text-sm font-bold text-white" aria-hidden>
          ∂
        </span>
        <span className="text-[15px] font-semibold text-slate-800">Gradflow</span>

      </div>
      <Btn label="New" onClick={newDoc} disabled={training} />
      <ExamplesMenu />
      <Btn label="Import JSON" onClick={() => file.current?.click()} disabled={training} />
      <input
        ref={file}
        type="file"
        accept=".json,application/json"
        data-testid="import-file"
        className="hidden"
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = "";
          if (f) void importFile(f);
        }}
      />
      <Btn label="Export JSON" onClick={exportDoc} />
      <Sep />
      <Btn label="Auto layout" onClick={() => void layout()} disabled={training} />
      <Btn label="Undo" title="Undo (Ctrl+Z)" onClick={() => s().undo()} disabled={!canUndo || training}>
        ↶ Undo
      </Btn>
      <Btn label="Redo" title="Redo (Ctrl+Shift+Z)" onClick={() => s().redo()} disabled={!canRedo || training}>
        ↷ Redo
      </Btn>
      <Sep />
      <Btn label="Reset" title="Reset: hide every value and gradient, then step (Home)" onClick={() => s().stepTo(0)} disabled={training}>
        ↺ Reset
      </Btn>
      <Btn label="Step back" title="Step back (←)" onClick={() => s().stepBy(-1)} disabled={training || !stepping || stepping.k === 0}>
        ◀ Back
      </Btn>
      <Btn label="Step forward" title="Step forward (→)" onClick={() => s().stepBy(1)} disabled={training || (!!stepping && stepping.k >= total)}>
        Step ▶
      </Btn>
      <Btn label={stepping?.playing ? "Pause" : "Play"} title="Play / pause (Space)" onClick={() => s().setPlaying(!stepping?.playing)} disabled={training}>
        {stepping?.playing ? "❚❚ Pause" : "▷ Play"}
      </Btn>
      {stepping && (
        <span data-testid="step-counter" className="ml-1 min-w-12 font-mono text-[12px] text-slate-500">
          {stepping.k} / {total}
        </span>
      )}
      <Sep />
      <Btn label="Check gradients" title="Compare every gradient with central finite differences" onClick={() => s().checkGradients()} disabled={training}>
        ✓ Check ∂
      </Btn>
      <Btn label="Train" onClick={() => s().setTrainOpen(!trainOpen)} pressed={trainOpen} />
      <div className="ml-auto" />
      <Preferences />
      <Btn label="Help" onClick={onHelp}>
        ?
      </Btn>
    </header>
  );
}
