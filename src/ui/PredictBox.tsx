// Predict, then reveal: the box where the learner types what an edge will carry, the verdict with
// the op's rule, and the running score. The checking is teach/predict.ts's; the state state/teach.ts's.
import { useEffect, useRef, useState } from "react";
import { useGraph } from "../state/store";
import { useTeach } from "../state/teach";
import { promptFor } from "../teach/predict";
import { loadValueParser } from "../notation/valueParserLoader";
import { useT } from "../i18n";

const btn = "inline-flex h-7 items-center rounded-md px-2 text-[13px] font-medium outline-none focus-visible:ring-2 focus-visible:ring-sky-400";

/**
 * Scrolls the docked panels (which scroll by themselves, under the canvas) so that `el` is wholly in
 * view: on a short screen a lesson's text can push the question, or its verdict, below their edge.
 */
function revealInPanels(el: HTMLElement | null): void {
  const panels = el?.closest<HTMLElement>(".gf-panels");
  if (!el || !panels) return;
  const r = el.getBoundingClientRect(), p = panels.getBoundingClientRect();
  if (r.bottom > p.bottom) panels.scrollTop += Math.min(r.bottom - p.bottom + 8, r.top - p.top);
  else if (r.top < p.top) panels.scrollTop -= p.top - r.top + 8;
}

export function PredictBox() {
  const t = useT();
  const asking = useTeach((s) => s.asking);
  const answered = useTeach((s) => s.answered);
  const score = useTeach((s) => s.score);
  const predictOn = useTeach((s) => s.predictOn);
  const doc = useGraph((s) => s.doc);
  const stepping = useGraph((s) => s.stepping !== null);
  const [text, setText] = useState("");
  const input = useRef<HTMLInputElement>(null);
  const form = useRef<HTMLFormElement>(null);
  const verdict = useRef<HTMLDivElement>(null);

  // answers are read by the value parser: it loads while the learner thinks
  useEffect(() => {
    if (asking) loadValueParser().catch(() => {}); // a failure is said when Check is pressed (state/teach.ts)
  }, [asking]);

  // a new question: an empty box, focused (the learner's hands are on the keyboard)
  useEffect(() => {
    setText("");
    if (asking)
      requestAnimationFrame(() => {
        input.current?.focus({ preventScroll: true });
        revealInPanels(form.current);
      });
  }, [asking?.question.edge, asking?.k]); // eslint-disable-line react-hooks/exhaustive-deps

  // the verdict and its reasons, in view once given
  useEffect(() => {
    if (answered) requestAnimationFrame(() => revealInPanels(verdict.current));
  }, [answered]);

  // while Predict mode steps, the box stays with its score between questions
  const idle = !asking && !answered;
  if (idle && !(predictOn && stepping)) return null;
  const check = () => useTeach.getState().check(text);
  return (
    <section data-testid="predict" aria-label={t("predict.label")} className="min-w-[300px] flex-1 rounded-lg border border-amber-300 bg-amber-50/60 p-3 dark:border-amber-700 dark:bg-amber-950/30">
      <div className="mb-1 flex items-center gap-2 text-[11px] font-semibold uppercase tracking-wide text-amber-800 dark:text-amber-300">
        <span>{t("predict.label")}</span>
        {(predictOn || score.asked > 0) && (
          <span data-testid="predict-score" title={t("predict.scoreTip")} className="ml-auto font-mono normal-case tracking-normal">
            {t("predict.score", { right: score.right, asked: score.asked })}
          </span>
        )}
      </div>
      {idle && <p className="text-[13px] text-slate-700 dark:text-slate-300">{t("predict.idle")}</p>}
      {asking && (
        <form
          ref={form}
          onSubmit={(e) => {
            e.preventDefault();
            check();
          }}
        >
          <p className="mb-1.5 text-[13px] text-slate-800 dark:text-slate-100">{promptFor(doc, asking.question)}</p>
          <div className="flex flex-wrap items-center gap-1.5">
            <input
              ref={input}
              type="text"
              aria-label="Your prediction"
              placeholder={t("predict.box")}
              value={text}
              onChange={(e) => setText(e.target.value)}
              className="h-7 w-40 rounded-md border border-slate-400 bg-white px-2 font-mono text-[13px] text-slate-900 outline-none focus-visible:ring-2 focus-visible:ring-sky-400 dark:border-slate-500 dark:bg-slate-800 dark:text-slate-100"
            />
            <button type="submit" aria-label="Check" className={`${btn} bg-sky-700 text-white hover:bg-sky-800`}>
              {t("predict.check")}
            </button>
            <button type="button" aria-label="Reveal" title={t("predict.skipTip")} onClick={() => useTeach.getState().skip()} className={`${btn} text-slate-700 hover:bg-slate-200 dark:text-slate-200 dark:hover:bg-slate-700`}>
              {t("predict.skip")}
            </button>
          </div>
          {asking.problem && (
            <p role="alert" data-testid="predict-problem" className="mt-1 text-[12px] text-red-700 dark:text-red-300">
              {asking.problem}
            </p>
          )}
          <p className="mt-1 text-[11px] text-slate-600 dark:text-slate-400">{t("predict.rule")}</p>
        </form>
      )}
      {answered && (
        <div ref={verdict} data-testid="predict-verdict" data-right={String(answered.verdict.right)} role="status">
          <p className={`text-[13px] font-semibold ${answered.verdict.right ? "text-emerald-700 dark:text-emerald-300" : "text-red-700 dark:text-red-300"}`}>
            {answered.verdict.right ? "✓ " : "✗ "}
            {answered.verdict.message}
          </p>
          {answered.lines.length > 0 && (
            <div data-testid="predict-why" className="mt-1 flex flex-col gap-0.5 font-mono text-[12px] leading-relaxed text-grad-strong">
              <span className="font-sans text-[12px] text-slate-600 dark:text-slate-400">{t("predict.why")}</span>
              {answered.lines.map((l, i) => (
                <span key={i}>{l}</span>
              ))}
            </div>
          )}
        </div>
      )}
    </section>
  );
}
