// The Train panel: an optimizer with its hyper-parameters (OPS.md's defaults), the number of
// steps, Start / Pause / Stop, a progress bar and the loss curve.
import { useState } from "react";
import { hyperRange, inHyperRange, OPTIMIZERS, optimizerSpec, resolveHyper } from "../engine/optimizers";
import { useGraph } from "../state/store";
import { LossPlot } from "./LossPlot";
import { pauseTrain, resumeTrain, startTrain, stopTrain } from "./train";

export function TrainPanel() {
  const t = useGraph((s) => s.training);
  const hasParams = useGraph((s) => (s.derived.program?.paramIds.length ?? 0) > 0);
  const now = useGraph((s) => s.derived.loss);
  const [steps, setSteps] = useState(300);
  const [log, setLog] = useState(false);
  const spec = optimizerSpec(t.optimizer.type) ?? OPTIMIZERS[0];
  const hyper = resolveHyper(spec.type, t.optimizer);
  const busy = t.state === "running" || t.state === "paused";
  const setOpt = (o: Record<string, number | string>) => useGraph.getState().setOptimizer({ type: spec.type, ...hyper, ...o } as never);
  const first = t.losses[0], last = t.losses[t.losses.length - 1];
  return (
    <section data-testid="train-panel" aria-label="Train" className="flex min-w-[340px] flex-[2] flex-wrap gap-x-4 gap-y-2 rounded-lg border border-slate-200 bg-white p-3">
      <div className="flex min-w-[300px] flex-1 flex-col">
      <div className="mb-2 flex items-center">
        <h2 className="text-[14px] font-semibold text-slate-800">Train the Params</h2>
        <button type="button" aria-label="Close training panel" onClick={() => useGraph.getState().setTrainOpen(false)} className="ml-auto rounded px-1.5 text-slate-500 hover:bg-slate-100">
          ×
        </button>
      </div>
      <div className="flex flex-wrap items-end gap-2 text-[12px]">
        <label className="flex flex-col gap-0.5">
          <span className="text-slate-600">Optimizer</span>
          <select
            aria-label="Optimizer"
            value={spec.type}
            disabled={busy}
            onChange={(e) => useGraph.getState().setOptimizer({ type: e.target.value, ...resolveHyper(e.target.value) })}
            className="rounded border border-slate-300 px-1 py-1"
          >
            {OPTIMIZERS.map((o) => (
              <option key={o.type}>{o.type}</option>
            ))}
          </select>
        </label>
        {spec.hyper.map((h) => (
          <label key={h.name} className="flex flex-col gap-0.5">
            <span className="text-slate-600">{h.name}</span>
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
                  useGraph.getState().toast("error", `${h.name} must be in ${hyperRange(h)}`);
                }
              }}
              className="w-20 rounded border border-slate-300 px-1 py-1 font-mono"
            />
          </label>
        ))}
        <label className="flex flex-col gap-0.5">
          <span className="text-slate-600">Steps</span>
          <input aria-label="Steps" type="number" min={1} max={100000} value={steps} disabled={busy} onChange={(e) => setSteps(Math.max(1, Math.min(100000, Math.floor(Number(e.target.value) || 1))))} className="w-20 rounded border border-slate-300 px-1 py-1 font-mono" />
        </label>
      </div>
      <p className="mt-1 font-mono text-[11px] text-slate-500">{spec.summary}</p>
      <div className="mt-2 flex items-center gap-1.5">
        {!busy && (
          <button type="button" onClick={() => startTrain(steps)} disabled={!hasParams} className="rounded-md bg-sky-600 px-3 py-1 text-[13px] font-medium text-white hover:bg-sky-700 disabled:opacity-40">
            Start
          </button>
        )}
        {t.state === "running" && (
          <button type="button" onClick={pauseTrain} className="rounded-md bg-slate-100 px-3 py-1 text-[13px] font-medium text-slate-800 hover:bg-slate-200">
            Pause
          </button>
        )}
        {t.state === "paused" && (
          <button type="button" onClick={resumeTrain} className="rounded-md bg-sky-600 px-3 py-1 text-[13px] font-medium text-white hover:bg-sky-700">
            Resume
          </button>
        )}
        {busy && (
          <button type="button" onClick={stopTrain} className="rounded-md bg-red-50 px-3 py-1 text-[13px] font-medium text-red-700 hover:bg-red-100">
            Stop
          </button>
        )}
        <div role="progressbar" aria-label="Training progress" aria-valuemin={0} aria-valuemax={t.steps || 1} aria-valuenow={t.step} className="h-2 flex-1 overflow-hidden rounded-full bg-slate-100">
          <div className="h-full bg-sky-500 transition-[width]" style={{ width: `${t.steps ? (100 * t.step) / t.steps : 0}%` }} />
        </div>
        <span className="w-20 text-right font-mono text-[11px] text-slate-500">
          {t.step}/{t.steps || steps}
        </span>
      </div>
      {!hasParams && <p className="mt-1 text-[12px] text-slate-500">Add a Param node: training moves Params along their gradients.</p>}
      <div
        data-testid="train-loss"
        data-state={t.state}
        data-first-loss={first ?? ""}
        data-last-loss={last ?? ""}
        data-steps={t.losses.length}
        className="mt-2 flex items-center gap-3 text-[12px] text-slate-600"
      >
        <span>
          loss {first !== undefined ? <b className="font-mono">{first.toPrecision(4)}</b> : "—"}
          {last !== undefined && t.losses.length > 1 && (
            <>
              {" → "}
              <b className="font-mono text-orange-700">{last.toPrecision(4)}</b>
            </>
          )}
          {/* the curve holds the loss before each update; after the last one the graph's loss has moved on */}
          {!busy && t.losses.length > 0 && now !== null && <span className="text-slate-500"> · now {now.toPrecision(4)}</span>}
        </span>
        <span className="text-slate-400">{t.state === "idle" ? "" : t.state}</span>
        <label className="ml-auto flex items-center gap-1">
          <input type="checkbox" checked={log} onChange={(e) => setLog(e.target.checked)} aria-label="Log scale" /> Log scale
        </label>
      </div>
      {t.error && <p className="mt-1 text-[12px] text-red-600">{t.error}</p>}
      </div>
      <div>
        <LossPlot losses={t.losses} version={t.version} log={log} width={320} height={150} />
      </div>
    </section>
  );
}
