// The explanation of one node, typeset with KaTeX (loaded when first needed): what teach/latex.ts
// builds, a line at a time, each with a button that copies its LaTeX. Clicking a node shows it
// (ExplainPanel); the step panel shows it for the current step.
import { Fragment, memo, useEffect, useLayoutEffect, useMemo, useRef, useState, type RefObject } from "react";
import type { MathLine, NodeExplanation } from "../teach/latex";
import { useGraph } from "../state/store";
import { currentLanguage, useT } from "../i18n";
import { engineText } from "../i18n/engineMessages";
import { useMath, type MathKit } from "./katex";
import { readableScripts } from "../notation/scripts";

const COLOUR: Record<MathLine["kind"], string> = {
  forward: "text-value-strong",
  backward: "text-grad-strong",
  chain: "text-grad-strong",
  fanOut: "text-grad-strong",
  given: "text-slate-700 dark:text-slate-300",
  note: "text-slate-700 dark:text-slate-300",
};

/** LaTeX as KaTeX's HTML (hidden from screen readers, which read the plain text beside it) */
const Tex = memo(function Tex({ latex, kit, display }: { latex: string; kit: MathKit; display?: boolean }) {
  // fractions at full size: inline mode would set g(y − t) / N in script size; no script below script size
  const html = useMemo(() => kit.katex.renderToString(readableScripts(display === false ? latex : `\\displaystyle ${latex}`), { throwOnError: false, output: "html", strict: "ignore" }), [latex, kit, display]);
  // 2 px at the end: KaTeX's vertical lists reach 2 px past their last glyph (a Chrome fix of its own), which made
  // a line that fits count as one that scrolls, and take a focus stop
  return <span aria-hidden className="pr-[2px]" dangerouslySetInnerHTML={{ __html: html }} />;
});

function CopyLatex({ latex }: { latex: string }) {
  const t = useT();
  const [state, setState] = useState<"idle" | "copied" | string>("idle");
  useEffect(() => {
    if (state === "idle") return;
    const h = setTimeout(() => setState("idle"), 1600);
    return () => clearTimeout(h);
  }, [state]);
  const copy = () => {
    if (!navigator.clipboard) return setState(t("explainView.copyFailed", { why: "no clipboard" }));
    navigator.clipboard.writeText(latex).then(
      () => setState("copied"),
      (e: unknown) => setState(t("explainView.copyFailed", { why: e instanceof Error ? e.message : String(e) })),
    );
  };
  return (
    <span className="ml-auto flex shrink-0 items-center gap-1">
      <span role="status" className="text-[11px] text-slate-700 dark:text-slate-300">
        {state === "copied" ? `✓ ${t("explainView.copied")}` : state !== "idle" ? state : ""}
      </span>
      <button
        type="button"
        aria-label="Copy as LaTeX"
        title={t("explainView.copyLabel")}
        onClick={copy}
        className="rounded border border-slate-300 px-1 py-0 text-[11px] text-slate-700 hover:bg-slate-100 focus-visible:ring-2 focus-visible:ring-sky-400 dark:border-slate-600 dark:text-slate-200 dark:hover:bg-slate-700"
      >
        {t("explainView.copy")}
      </button>
    </span>
  );
}

/** Is the element wider than its box (a long line that scrolls sideways)? Kept up to date as the panel resizes. */
function useOverflows(ref: RefObject<HTMLElement | null>, deps: unknown[]): boolean {
  const [over, setOver] = useState(false);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const check = () => setOver(el.scrollWidth > el.clientWidth);
    check();
    const ro = new ResizeObserver(check);
    ro.observe(el);
    return () => ro.disconnect();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return over;
}

function Line({ line, kit }: { line: MathLine; kit: MathKit }) {
  const box = useRef<HTMLDivElement>(null);
  // a long line wraps after its = and + (KaTeX's break points), continued lines indented, so that its
  // result is on screen; a piece that cannot break and is still wider than the box scrolls, and then
  // takes focus, so that the keyboard can scroll it too (sideways only: KaTeX's struts may stand a
  // pixel above or below the box, which must not make it scroll up and down)
  const scrolls = useOverflows(box, [line.latex, kit]);
  return (
    <li className={`flex min-w-0 items-center gap-2 ${COLOUR[line.kind]}`} data-kind={line.kind}>
      {/* relative: the screen reader's text (.sr-only, absolutely placed) is clipped by this box; without it, its
          containing block was the page (the step panel is not positioned), and a long line widened the page */}
      <div
        ref={box}
        tabIndex={scrolls ? 0 : undefined}
        role={scrolls ? "region" : undefined}
        aria-label={scrolls ? line.text : undefined}
        className={`relative min-w-0 overflow-x-auto overflow-y-hidden rounded py-0.5 outline-none focus-visible:ring-2 focus-visible:ring-sky-400 ${line.prose ? "text-[12.5px]" : "pl-[1.5em] [text-indent:-1.5em] text-[14px]"}`}
      >
        {line.prose ? (
          <span>{line.text}</span>
        ) : (
          <>
            <Tex latex={line.latex} kit={kit} />
            <span className="sr-only">{line.text}</span>
          </>
        )}
      </div>
      {!line.prose && <CopyLatex latex={line.latex} />}
    </li>
  );
}

export function ExplainView({ nodeId, phase = "both", compact }: { nodeId: string; phase?: "forward" | "backward" | "both"; compact?: boolean }) {
  const t = useT();
  const program = useGraph((s) => s.derived.program);
  const doc = useGraph((s) => s.doc);
  const picked = useGraph((s) => s.picked);
  const { kit, error } = useMath();
  const lang = currentLanguage();
  const ex = useMemo((): NodeExplanation | string | null => {
    if (!program || !kit) return null;
    try {
      return kit.explainNode(program, doc, nodeId, { picked, phase });
    } catch (e) {
      return (e as Error).message;
    }
    // the language: the words around the formulas are translated when it changes
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [program, doc, nodeId, picked, phase, lang, kit]);
  if (!kit)
    return (
      <p data-testid="explain-loading" className="text-[12px] text-slate-600 dark:text-slate-400" role="status">
        {error ? t("explainView.loadFailed", { why: error }) : t("explainView.loading")}
      </p>
    );
  if (ex === null) return null;
  if (typeof ex === "string") return <p className="text-[12px] text-red-700 dark:text-red-300">{engineText(ex)}</p>;
  return (
    <div data-testid="explain" data-node-id={nodeId} aria-label={t("explainView.label")} role="group" className="min-w-0">
      <div className="mb-1 flex flex-wrap items-baseline gap-x-3 gap-y-0.5">
        {!compact && <h3 className="text-[14px] font-semibold text-slate-800 dark:text-slate-100">{t("explainView.title", { who: ex.who })}</h3>}
        {(!compact || phase === "backward") && (
          <span className="relative text-[13px] text-grad-strong">
            <Tex latex={ex.heading.latex} kit={kit} display={false} />
            <span className="sr-only">{ex.heading.text}</span>
            {/* what the symbol means, in words: a learner meets ∂L/∂· here first */}
            <span className="ml-1 text-[11px] text-slate-600 dark:text-slate-400">{t("explainView.headingHint", { of: ex.of })}</span>
          </span>
        )}
        {ex.element && <span className="text-[11px] text-slate-600 dark:text-slate-400">{t("explainView.element", { index: `[${ex.element.join(",")}]` })}</span>}
      </div>
      {ex.error ? (
        <p className="text-[13px] text-red-700 dark:text-red-300">{engineText(ex.error)}</p>
      ) : (
        <ol className="flex flex-col gap-0.5 leading-relaxed">
          {ex.lines.map((l, i) => {
            // in the full view, the passes are captioned where each begins
            const pass = l.kind === "forward" ? "forward" : l.kind === "given" || l.kind === "note" ? null : "backward";
            const first = !compact && pass !== null && ex.lines.findIndex((m) => (pass === "forward" ? m.kind === "forward" : m.kind === "backward" || m.kind === "chain" || m.kind === "fanOut")) === i;
            return (
              <Fragment key={i}>
                {first && <li aria-hidden className={`mt-1 text-[11px] font-semibold uppercase tracking-wide ${pass === "forward" ? "text-value" : "text-grad"}`}>{t(pass === "forward" ? "explainView.forward" : "explainView.backward")}</li>}
                <Line line={l} kit={kit} />
              </Fragment>
            );
          })}
        </ol>
      )}
    </div>
  );
}
