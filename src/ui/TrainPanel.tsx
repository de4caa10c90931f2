// The Train panel: an optimizer with its hyper-parameters (OPS.md's defaults), the number of
// steps, Start / Pause / Stop, a progress bar and the loss curve.
import { useState } from "react";
import { hyperRange, inHyperRange, OPTIMIZERS, optimizerSpec, resolveHyper } from "../engine/optimizers";
import { useGraph } from "../state/store";
import { LossPlot } from "./LossPlot";
import { BoundaryPlot, showsBoundary, useBoundary } from "./BoundaryPlot";
import { RaceView } from "./RaceView";
import { setRaceOpen, useRace } from "./race";
import { pauseTrain, resumeTrain, startTrain, stopTrain } from "./train";
import { useT } from "../i18n";
import { engineText } from "../i18n/engineMessages";

const input = "rounded border border-slate-400 bg-white px-1 py-1 text-slate-900 disabled:opacity-60 dark:border-slate-500 dark:bg-slate-800 dark:text-slate-100";

export function TrainPanel() {
  const tr = useT();
  const t = useGraph((s) => s.training);
  const hasParams = useGraph((s) => (s.derived.program?.paramIds.length ?? 0) > 0);
  const now = useGraph((s) => s.derived.loss);
  const [steps, setSteps] = useState(300);
  const [log, setLog] = useState(false);
  const comparing = useRace((r) => r.open);
  const racing = useRace((r) => r.status === "running");
  const boundary = useBoundary(useGraph((s) => s.doc));
  const withBoundary = !comparing && showsBoundary(boundary.answer);
  const spec = optimizerSpec(t.optimizer.type) ?? OPTIMIZERS[0];
  const hyper = resolveHyper(spec.type, t.optimizer);
  const busy = t.state === "running" || t.state === "paused";
  const setOpt = (o: Record<string, number | string>) => useGraph.getState().setOptimizer({ type: spec.type, ...hyper, ...o } as never);
  const first = t.losses[0], last = t.losses[t.losses.length - 1];
  return (
    <section data-testid="train-panel" aria-label={tr("train.label")} className={`flex ${comparing ? "min-w-[min(440px,100%)]" : "min-w-[340px]"} flex-[2] flex-wrap gap-x-4 gap-y-2 rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-700 dark:bg-slate-900`}>
      {/* comparing: the two plots and the legend under them need 412 px, so the panel wraps below Explain rather than cut them off */}
      <div className="flex min-w-[300px] flex-1 basis-[300px] flex-col">
      <div className="mb-2 flex items-center">
        <h2 className="text-[14px] font-semibold text-slate-800 dark:text-slate-100">{tr("train.title")}</h2>
        <button type="button" aria-label="Compare optimizers" aria-pressed={comparing} title={tr("race.compareTip")} disabled={busy || racing} onClick={() => setRaceOpen(!comparing)} className={`ml-3 rounded-md px-2 py-0.5 text-[12px] font-medium disabled:opacity-40 ${comparing ? "bg-sky-700 text-white hover:bg-sky-800" : "bg-slate-100 text-slate-800 hover:bg-slate-200 dark:bg-slate-700 dark:text-slate-100 dark:hover:bg-slate-600"}`}>
          {tr("race.compare")}
        </button>
        <button type="button" aria-label={tr("train.close")} title={tr("train.close")} onClick={() => useGraph.getState().setTrainOpen(false)} className="ml-auto grid h-6 min-w-6 place-items-center rounded px-1.5 text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-700">
          ×
        </button>
      </div>
      {comparing ? <RaceView /> : <>
      <div className="flex flex-wrap items-end gap-2 text-[12px]">
        <label className="flex flex-col gap-0.5">
          <span className="text-slate-700 dark:text-slate-300">{tr("train.optimizer")}</span>
          <select
            aria-label={tr("train.optimizer")}
            value={spec.type}
            disabled={busy}
            onChange={(e) => useGraph.getState().setOptimizer({ type: e.target.value, ...resolveHyper(e.target.value) })}
            className={input}
          >
            {OPTIMIZERS.map((o) => (
              <option key={o.type}>{o.type}</option>
            ))}
          </select>
        </label>
        {spec.hyper.map((h) => (
          <label key={h.name} className="flex flex-col gap-0.5">
            <span className="text-slate-700 dark:text-slate-300">{h.name}</span>
            <input
              aria-label={h.name}
              type="number"
              step="any"
              disabled={busy}
              defaultValue={hyper[h.name]}
              key={`${spec.type}.${h.name}.${hyper[h.name]}`}
              onBlur={(e) => {
                const v = Number(e.target.value);
                if (inHyperRange(h, v)) setOpt({ [h.name]: v });
                else {
                  e.target.value = String(hyper[h.name]);
                  useGraph.getState().toast("error", tr("train.outOfRange", { name: h.name, range: hyperRange(h) }));
                }
              }}
              className={`w-20 font-mono ${input}`}
            />
          </label>
        ))}
        <label className="flex flex-col gap-0.5">
          <span className="text-slate-700 dark:text-slate-300">{tr("train.steps")}</span>
          <input aria-label={tr("train.steps")} type="number" min={1} max={100000} value={steps} disabled={busy} onChange={(e) => setSteps(Math.max(1, Math.min(100000, Math.floor(Number(e.target.value) || 1))))} className={`w-20 font-mono ${input}`} />
        </label>
      </div>
      <p className="mt-1 font-mono text-[11px] text-slate-600 dark:text-slate-400">{spec.summary}</p>
      <div className="mt-2 flex items-center gap-1.5">
        {!busy && (
          <button type="button" onClick={() => startTrain(steps)} disabled={!hasParams} className="rounded-md bg-sky-700 px-3 py-1 text-[13px] font-medium text-white hover:bg-sky-800 disabled:opacity-40">
            {tr("train.start")}
          </button>
        )}
        {t.state === "running" && (
          <button type="button" onClick={pauseTrain} className="rounded-md bg-slate-100 px-3 py-1 text-[13px] font-medium text-slate-800 hover:bg-slate-200 dark:bg-slate-700 dark:text-slate-100 dark:hover:bg-slate-600">
            {tr("train.pause")}
          </button>
        )}
        {t.state === "paused" && (
          <button type="button" onClick={resumeTrain} className="rounded-md bg-sky-700 px-3 py-1 text-[13px] font-medium text-white hover:bg-sky-800">
            {tr("train.resume")}
          </button>
        )}
        {busy && (
          <button type="button" onClick={stopTrain} className="rounded-md bg-red-50 px-3 py-1 text-[13px] font-medium text-red-700 hover:bg-red-100 dark:bg-red-950 dark:text-red-200 dark:hover:bg-red-900">
            {tr("train.stop")}
          </button>
        )}
        <div role="progressbar" aria-label={tr("train.progress")} aria-valuemin={0} aria-valuemax={t.steps || 1} aria-valuenow={t.step} className="h-2 flex-1 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700">
          <div className="h-full bg-sky-600 transition-[width] dark:bg-sky-400" style={{ width: `${t.steps ? (100 * t.step) / t.steps : 0}%` }} />
        </div>
        <span className="w-20 text-right font-mono text-[11px] text-slate-600 dark:text-slate-400">
          {t.step}/{t.steps || steps}
        </span>
      </div>
      {!hasParams && <p className="mt-1 text-[12px] text-slate-600 dark:text-slate-400">{tr("train.needsParam")}</p>}
      <div
        data-testid="train-loss"
        data-state={t.state}
        data-first-loss={first ?? ""}
        data-last-loss={last ?? ""}
        data-steps={t.losses.length}
        className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1 text-[12px] text-slate-700 dark:text-slate-300"
      >
        <span>
          {tr("train.loss")} {first !== undefined ? <b className="font-mono">{first.toPrecision(4)}</b> : "—"}
          {last !== undefined && t.losses.length > 1 && (
            <>
              {" → "}
              <b className="font-mono text-grad">{last.toPrecision(4)}</b>
            </>
          )}
          {/* the curve holds the loss before each update; after the last one the graph's loss has moved on */}
          {!busy && t.losses.length > 0 && now !== null && <span className="text-slate-600 dark:text-slate-400"> · {tr("train.now")} {now.toPrecision(4)}</span>}
        </span>
        <span className="whitespace-nowrap text-slate-600 dark:text-slate-400">{t.state === "idle" ? "" : tr(`train.state.${t.state}`)}</span>
        <label className="ml-auto flex items-center gap-1 whitespace-nowrap">
          <input type="checkbox" checked={log} onChange={(e) => setLog(e.target.checked)} /> {tr("train.logScale")}
        </label>
      </div>
      {t.error && <p className="mt-1 text-[12px] text-red-700 dark:text-red-300">{engineText(t.error)}</p>}
      </>}
      </div>
      {!comparing && (
        <div>
          <LossPlot losses={t.losses} version={t.version} log={log} width={withBoundary ? 230 : 320} height={150} />
        </div>
      )}
      {withBoundary && <BoundaryPlot answer={boundary.answer} count={boundary.count} />}
    </section>
  );
}
