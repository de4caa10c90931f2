// The step panel: what the current step does, and the explanation of the current node for this
// pass (ExplainView: the op's local rule typeset with the numbers filled in, one element worked
// out, and at a fan-out the sum of the branches' gradients).
import { useEffect } from "react";
import { explainStep } from "../teach/explain";
import { useGraph } from "../state/store";
import { ExplainView } from "./ExplainView";
import { Trans } from "react-i18next";
import { useT } from "../i18n";
import { engineText } from "../i18n/engineMessages";

const SPEEDS = [
  { label: "step.slow", ms: 1400 },
  { label: "step.normal", ms: 700 },
  { label: "step.fast", ms: 250 },
] as const;

export function StepPanel() {
  const t = useT();
  const stepping = useGraph((s) => s.stepping);
  const program = useGraph((s) => s.derived.program);
  const doc = useGraph((s) => s.doc);
  const delay = useGraph((s) => s.stepDelay);

  // Play: one step per tick until the end
  useEffect(() => {
    if (!stepping?.playing) return;
    const t = setTimeout(() => useGraph.getState().stepBy(1), delay);
    return () => clearTimeout(t);
  }, [stepping, delay]);

  if (!stepping) return null;
  const { steps, k } = stepping;
  const step = k > 0 ? steps[k - 1] : null;
  const forwardCount = steps.filter((s) => s.kind === "forward").length;
  let explanation: ReturnType<typeof explainStep> | null = null;
  let problem: string | null = null;
  if (step && program) {
    try {
      explanation = explainStep(program, doc, step);
    } catch (e) {
      problem = (e as Error).message;
    }
  }
  return (
    <section data-testid="step-panel" aria-label={t("step.label")} aria-live="polite" className="min-w-[340px] flex-1 rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-700 dark:bg-slate-900">
      <div className="mb-1 flex items-center gap-2 text-[11px] font-semibold uppercase tracking-wide">
        <span className={!step ? "text-slate-600 dark:text-slate-400" : step.kind === "forward" ? "text-value" : "text-grad"}>
          {!step ? t("step.ready") : step.kind === "forward" ? t("step.forward", { k, n: forwardCount }) : t("step.backward", { k: k - forwardCount, n: steps.length - forwardCount })}
        </span>
        <div className="ml-auto flex items-center gap-1 font-normal normal-case tracking-normal text-slate-600 dark:text-slate-300">
          <label htmlFor="step-speed">{t("step.speed")}</label>
          <select id="step-speed" value={delay} onChange={(e) => useGraph.getState().setStepDelay(Number(e.target.value))} className="rounded border border-slate-400 bg-white px-1 py-0.5 text-[12px] dark:border-slate-500 dark:bg-slate-800">
            {SPEEDS.map((s) => (
              <option key={s.ms} value={s.ms}>
                {t(s.label)}
              </option>
            ))}
          </select>
          <button type="button" onClick={() => useGraph.getState().stopStepping()} className="ml-1 rounded px-1.5 py-0.5 text-[12px] text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-700" title={t("step.showAllTip")}>
            {t("step.showAll")}
          </button>
        </div>
      </div>
      {!step && (
        <p className="text-[13px] text-slate-700 dark:text-slate-300">
          <Trans i18nKey="step.start" values={{ what: steps.length ? t("step.startOrder", { count: forwardCount }) : t("step.startGraph") }} components={{ b: <b /> }} />
        </p>
      )}
      {explanation && (
        <div>
          <h3 className="mb-1 text-[14px] font-semibold text-slate-800 dark:text-slate-100">{explanation.title}</h3>
          {explanation.error ? (
            <div className="text-[12.5px] text-red-700 dark:text-red-300">{engineText(explanation.error)}</div>
          ) : (
            step && <ExplainView nodeId={step.nodeId} phase={step.kind} compact />
          )}
        </div>
      )}
      {problem && <p className="text-[12px] text-red-700 dark:text-red-300">{engineText(problem)}</p>}
    </section>
  );
}
