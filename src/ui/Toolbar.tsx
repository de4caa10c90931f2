// The toolbar: files, examples, layout, history, stepping, gradient check, training, help.
import { useRef, type ReactNode } from "react";
import { EXAMPLES } from "../examples";
import { layoutDoc } from "../editor/layout";
import { moveNodes } from "../state/doc";
import { useGraph } from "../state/store";
import { exportDoc, importFile, loadExample, newDoc } from "./files";
import { currentLanguage, LANGUAGES, setLanguage, useT, type Lang } from "../i18n";
import { setTheme, useTheme } from "./theme";
import { ExportCode, ShareLink } from "./Share";
import { useLayout } from "./layout";
import { LessonsMenu, PredictToggle } from "./LessonsMenu";
import { ExplainControls } from "./ExplainControls";
import { useMenu } from "./menu";
import { KEEP, Label, ToolbarWords } from "./toolbarWords";

/** The Language select and the Dark mode switch. Their accessible names stay English (UI.md's hooks); what they show follows the language. */
function Preferences() {
  const t = useT();
  const theme = useTheme();
  return (
    <div className="flex shrink-0 items-center gap-1">
      <label className="flex items-center gap-1 text-[12px] text-slate-600 dark:text-slate-300" title={t("toolbar.language")}>
        {/* a drawn globe rather than an emoji, which some systems have no font for */}
        <svg aria-hidden viewBox="0 0 16 16" className="h-3.5 w-3.5" fill="none" stroke="currentColor" strokeWidth="1.3">
          <circle cx="8" cy="8" r="6.5" />
          <path d="M1.5 8h13M8 1.5c2 2 2.8 4.2 2.8 6.5S10 12.5 8 14.5M8 1.5C6 3.5 5.2 5.7 5.2 8S6 12.5 8 14.5" />
        </svg>
        <select
          aria-label="Language"
          value={currentLanguage()}
          onChange={(e) => void setLanguage(e.target.value as Lang)}
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
      className={`inline-flex h-8 min-w-7 shrink-0 items-center justify-center gap-1 whitespace-nowrap rounded-md px-1 text-[13px] xl:min-w-8 xl:px-1.5 font-medium outline-none focus-visible:ring-2 focus-visible:ring-sky-400 disabled:cursor-not-allowed disabled:opacity-40 ${
        pressed ? "bg-slate-800 text-white dark:bg-slate-200 dark:text-slate-900" : primary ? "bg-sky-700 text-white hover:bg-sky-800" : "text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-700"
      }`}
    >
      {children ?? label}
    </button>
  );
}

const Sep = () => <span className="mx-0.5 h-5 w-px shrink-0 bg-slate-200 dark:bg-slate-700" aria-hidden />;

/** The Examples menu, as a menu button: ↓ or Enter opens it on its first item, ↑ ↓ move, Escape closes it and returns to the button, and it closes when focus or a click goes elsewhere. */
function ExamplesMenu() {
  const t = useT();
  const { open, setOpen, toggle, wrapper, onMenuKeyDown } = useMenu();
  return (
    <div className="relative" {...wrapper}>
      <Btn label="Examples" title={t("toolbar.examples")} onClick={toggle} pressed={open}>
        {t("toolbar.examples")} ▾
      </Btn>
      {open && (
        <div
          role="menu"
          aria-label={t("toolbar.examplesMenu")}
          // two columns: the list stays short enough in either language not to cover the canvas's controls
          className="absolute left-0 top-9 z-50 grid w-[min(46rem,calc(100vw-12rem))] grid-cols-2 gap-0.5 rounded-lg border border-slate-200 bg-white p-1 shadow-xl dark:border-slate-600 dark:bg-slate-800"
          onKeyDown={onMenuKeyDown}
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
              className="flex w-full flex-col justify-start rounded-md px-3 py-2 text-left hover:bg-slate-50 focus:bg-slate-100 focus:outline-none dark:hover:bg-slate-700 dark:focus:bg-slate-700"
            >
              <div className="text-[13px] font-medium text-slate-800 dark:text-slate-100">{t(`examples.${ex.id}.title`)}</div>
              <div className="text-[12px] text-slate-600 dark:text-slate-300">{t(`examples.${ex.id}.blurb`)}</div>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

export function Toolbar({ onHelp }: { onHelp: () => void }) {
  const t = useT();
  const canUndo = useGraph((s) => s.past.length > 0);
  const canRedo = useGraph((s) => s.future.length > 0);
  const stepping = useGraph((s) => s.stepping);
  const trainOpen = useGraph((s) => s.trainOpen);
  const training = useGraph((s) => s.training.state === "running");
  const hasSelection = useGraph((s) => s.selectedNodes.length > 0);
  // nothing to step through on an empty graph: its stepping would be "0 / 0" with nothing to press
  const empty = useGraph((s) => s.doc.nodes.length === 0);
  const presenting = useLayout((l) => l.presenting);
  const file = useRef<HTMLInputElement>(null);
  const bar = useRef<HTMLDivElement>(null);
  const s = useGraph.getState;
  const lang = currentLanguage();

  const layout = async () => {
    const doc = s().doc;
    if (!doc.nodes.length) return;
    const layout = await layoutDoc(doc);
    s().commit(moveNodes(s().doc, layout.positions));
    if (layout.note) s().toast("info", t("layoutMsg.columns", { why: layout.note }));
    s().requestFit();
  };

  const total = stepping?.steps.length ?? 0;
  return (
    // the banner holds the page's heading and the toolbar (a toolbar is not a landmark itself)
    <header className="relative z-20 flex h-12 items-center gap-0.5 border-b border-slate-200 bg-white px-3 dark:border-slate-700 dark:bg-slate-900">
      <div className="mr-1 flex shrink-0 items-center gap-2 xl:mr-2">
        <span className="grid h-7 w-7 place-items-center rounded-md bg-gradient-to-br from-sky-500 to-orange-500 text-sm font-bold text-white" aria-hidden>
          ∂
        </span>
        {/* below 1280 px the name gives its room to the controls; the logo stays, the heading stays for screen readers */}
        <h1 className="sr-only text-[15px] font-semibold text-slate-800 xl:not-sr-only dark:text-slate-100">{t("app.name")}</h1>
      </div>
      {/* fits at 1024 px: the buttons show their symbol, and their words only where they all fit (toolbarWords.tsx); the words are in the tooltip and the accessible name */}
      <ToolbarWords bar={bar} content={`${lang} ${stepping ? total : "-"} ${stepping?.playing ? 1 : 0}`}>
      <div ref={bar} role="toolbar" aria-label={t("toolbar.label")} className="flex min-w-0 flex-1 items-center gap-0.5">
      <Btn label="New" title={t("toolbar.newTip")} onClick={newDoc} disabled={training}>
        {t("toolbar.new")}
      </Btn>
      <ExamplesMenu />
      <LessonsMenu />
      <Btn label="Import JSON" title={t("toolbar.importTip")} onClick={() => file.current?.click()} disabled={training}>
        <Label icon="⇧" text={t("toolbar.importJson")} />
      </Btn>
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
      <Btn label="Export JSON" title={t("toolbar.exportTip")} onClick={exportDoc}>
        <Label icon="⇩" text={t("toolbar.exportJson")} />
      </Btn>
      <ExportCode />
      <ShareLink />
      <Sep />
      <Btn label="Auto layout" title={t("toolbar.autoLayoutTip")} onClick={() => void layout()} disabled={training}>
        <Label icon="⇶" text={t("toolbar.autoLayout")} />
      </Btn>
      <Btn label="Group" title={t("toolbar.groupHint")} onClick={() => s().groupSelection(t("group.default"))} disabled={training || !hasSelection}>
        <Label icon="▣" text={t("toolbar.group")} />
      </Btn>
      <Btn label="Undo" title={t("toolbar.undoTip")} onClick={() => s().undo()} disabled={!canUndo || training}>
        <Label icon="↶" text={t("toolbar.undo")} />
      </Btn>
      <Btn label="Redo" title={t("toolbar.redoTip")} onClick={() => s().redo()} disabled={!canRedo || training}>
        <Label icon="↷" text={t("toolbar.redo")} />
      </Btn>
      <Sep />
      <Btn label="Reset" title={t("toolbar.resetTip")} onClick={() => s().stepTo(0)} disabled={training || empty}>
        <Label icon="↺" text={t("toolbar.reset")} priority={KEEP} />
      </Btn>
      <Btn label="Step back" title={t("toolbar.stepBackTip")} onClick={() => s().stepBy(-1)} disabled={training || !stepping || stepping.k === 0}>
        <Label icon="◀" text={t("toolbar.stepBack")} priority={KEEP} />
      </Btn>
      <Btn label="Step forward" title={t("toolbar.stepForwardTip")} onClick={() => s().stepBy(1)} disabled={training || empty || (!!stepping && stepping.k >= total)}>
        <Label icon="▶" text={t("toolbar.stepForward")} priority={KEEP} />
      </Btn>
      <Btn label={stepping?.playing ? "Pause" : "Play"} title={t("toolbar.playTip")} onClick={() => s().setPlaying(!stepping?.playing)} disabled={training || (empty && !stepping?.playing)}>
        {stepping?.playing ? <Label icon="❚❚" text={t("toolbar.pause")} priority={KEEP} /> : <Label icon="▷" text={t("toolbar.play")} priority={KEEP} />}
      </Btn>
      <PredictToggle />
      {stepping && (
        // as wide as its widest count ("13 / 13"), so that the buttons after it stay put while it counts
        <span data-testid="step-counter" title={t("toolbar.stepCounter", { k: stepping.k, n: total })} style={{ minWidth: `${2 * String(total).length + 3}ch` }} className="ml-1 shrink-0 whitespace-nowrap text-center font-mono text-[12px] text-slate-600 dark:text-slate-300">
          {stepping.k} / {total}
        </span>
      )}
      <Sep />
      <Btn label={t("toolbar.checkLabel")} title={t("toolbar.checkTip")} onClick={() => s().checkGradients()} disabled={training}>
        <Label icon="✓∂" text={t("toolbar.check")} priority={KEEP} />
      </Btn>
      <ExplainControls />
      <Btn label="Train" title={t("toolbar.trainTip")} onClick={() => s().setTrainOpen(!trainOpen)} pressed={trainOpen}>
        {t("toolbar.train")}
      </Btn>
      <div className="ml-auto" />
      <Btn label="Present" title={t("layout.presentHint")} onClick={() => useLayout.getState().present(!useLayout.getState().presenting)} pressed={presenting}>
        <Label icon="▭" text={t("layout.present")} />
      </Btn>
      <Preferences />
      <Btn label={t("toolbar.help")} onClick={onHelp}>
        ?
      </Btn>
      </div>
      </ToolbarWords>
    </header>
  );
}
