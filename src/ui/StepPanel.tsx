// The step panel: what the current step does, the op's local rule with the numbers filled in,
// and at a fan-out the sum of the branches' gradients.
import { useEffect } from "react";
import { explainStep } from "../teach/explain";
import { useGraph } from "../state/store";

const SPEEDS = [
  { label: "slow", ms: 1400 },
  { label: "normal", ms: 700 },
  { label: "fast", ms: 250 },
];

export function StepPanel() {
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
    <section data-testid="step-panel" aria-label="Step through backprop" aria-live="polite" className="min-w-[340px] flex-1 rounded-lg border border-slate-200 bg-white p-3">
      <div className="mb-1 flex items-center gap-2 text-[11px] font-semibold uppercase tracking-wide">
        <span className={!step ? "text-slate-400" : step.kind === "forward" ? "text-blue-700" : "text-orange-600"}>
          {!step ? "ready" : step.kind === "forward" ? `forward · ${k} of ${forwardCount}` : `backward · ${k - forwardCount} of ${steps.length - forwardCount}`}
        </span>
        <div className="ml-auto flex items-center gap-1 font-normal normal-case tracking-normal text-slate-500">
          <label htmlFor="step-speed">speed</label>
          <select id="step-speed" aria-label="Speed" value={delay} onChange={(e) => useGraph.getState().setStepDelay(Number(e.target.value))} className="rounded border border-slate-300 px-1 py-0.5 text-[12px]">
            {SPEEDS.map((s) => (
              <option key={s.ms} value={s.ms}>
                {s.label}
              </option>
            ))}
          </select>
          <button type="button" onClick={() => useGraph.getState().stopStepping()} className="ml-1 rounded px-1.5 py-0.5 text-[12px] text-slate-600 hover:bg-slate-100" title="Leave stepping and show every value and gradient">
            Show all
          </button>
        </div>
      </div>
      {!step && (
        <p className="text-[13px] text-slate-600">
          Nothing computed yet. Press <b>Step ▶</b> (or →) to run the first node of {steps.length ? `the ${forwardCount} in topological order` : "the graph"}; after the forward pass, backward visits them in reverse.
        </p>
      )}
      {explanation && (
        <div>
          <h3 className="mb-1 text-[14px] font-semibold text-slate-800">{explanation.title}</h3>
          <div className="flex flex-col gap-0.5 font-mono text-[12.5px] leading-relaxed text-slate-800">
            {explanation.lines.map((l, i) => (
              <div key={i} className={step?.kind === "backward" ? "text-orange-800" : "text-blue-900"}>
                {l}
              </div>
            ))}
            {explanation.fanOut && <div className="mt-1 rounded bg-orange-50 px-2 py-1 text-orange-800">{explanation.fanOut}</div>}
          </div>
        </div>
      )}
      {problem && <p className="text-[12px] text-red-600">{problem}</p>}
    </section>
  );
}
