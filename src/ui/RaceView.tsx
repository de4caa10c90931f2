// Compare optimizers, in the Train panel: the six optimizers with their settings, each training its
// own copy of the graph from the same Params in the race worker; their loss curves overlaid, and,
// when the graph has exactly two trainable numbers, the loss surface's contours with each path.
import { useEffect, useState } from "react";
import { getOp } from "../engine/ops";
import { hyperRange, inHyperRange, optimizerSpec } from "../engine/optimizers";
import type { GraphDoc } from "../engine/graph";
import type { ParamRef } from "../engine/race";
import { sizeOf } from "../engine/tensor";
import { shapeOfValue, type TensorValue } from "../engine/values";
import { useGraph } from "../state/store";
import { useT } from "../i18n";
import { engineText } from "../i18n/engineMessages";
import { ContourPlot } from "./ContourPlot";
import { logHelps, RaceLossPlot } from "./RaceLossPlot";
import { DASHES, MARKERS, seriesColour } from "./okabeIto";
import { markerPath } from "./markers";
import { useTheme } from "./theme";
import { compareOptimizers, MAX_STEPS, pickTracked, setContestant, setRaceSteps, stopComparing, syncRaceTo, resultsState, takeLaneResult, useRace, type LaneView } from "./race";

const input = "rounded border border-slate-400 bg-white px-1 py-0.5 text-slate-900 disabled:opacity-60 dark:border-slate-500 dark:bg-slate-800 dark:text-slate-100";

/** How a setting is written in the compact table (its full name is its accessible name and tooltip). */
const SHORT: Record<string, string> = { lr: "lr", momentum: "μ", decay_rate: "ρ", beta1: "β₁", beta2: "β₂" };

/** The trainable numbers of a document: how many, and what the two of a two-number graph are called. */
function trainable(doc: GraphDoc): { count: number; size: Map<string, number> } {
  const size = new Map<string, number>();
  for (const n of doc.nodes)
    if (getOp(n.type)?.trainable)
      try {
        size.set(n.id, sizeOf(shapeOfValue(n.data.value as TensorValue)));
      } catch {
        size.set(n.id, 0);
      }
  return { count: [...size.values()].reduce((a, b) => a + b, 0), size };
}

function numberName(doc: GraphDoc, r: ParamRef, size: Map<string, number>): string {
  const n = doc.nodes.find((m) => m.id === r.id);
  const name = typeof n?.data.label === "string" && n.data.label ? n.data.label : r.id;
  if ((size.get(r.id) ?? 1) <= 1 || !n) return name;
  let shape: number[];
  try {
    shape = shapeOfValue(n.data.value as TensorValue);
  } catch {
    return `${name}[${r.index ?? 0}]`;
  }
  return `${name}[${elementIndex(shape, r.index ?? 0).join(",")}]`;
}

/** A row-major position as one index per axis: 4 in (2, 3) is [1, 1]. */
function elementIndex(shape: readonly number[], i: number): number[] {
  const idx: number[] = [];
  for (let k = shape.length - 1, r = i; k >= 0; k--) (idx.unshift(r % shape[k]), (r = Math.floor(r / shape[k])));
  return idx;
}

/** A legend's swatch: the curve's dash and the path's marker, in the lane's colour. */
function Swatch({ k }: { k: number }) {
  const theme = useTheme();
  const c = seriesColour(k, theme);
  return (
    <svg width={20} height={12} aria-hidden className="shrink-0">
      <line x1={1} y1={6} x2={19} y2={6} stroke={c} strokeWidth={2} strokeDasharray={DASHES[k % DASHES.length].join(" ")} />
      <path d={markerPath(MARKERS[k % MARKERS.length], 10, 6, 3)} fill={c} stroke={c} />
    </svg>
  );
}

function LaneResult({ lane, k }: { lane: LaneView; k: number }) {
  const t = useT();
  const last = lane.losses.at(-1);
  return (
    <li data-testid="race-legend-item" data-optimizer={lane.optimizer.type} data-diverged={lane.diverged ? lane.diverged.step : ""} className="flex items-center gap-1 whitespace-nowrap">
      <Swatch k={k} />
      <span className="font-medium">{lane.optimizer.type}</span>
      {lane.diverged ? (
        <span className="text-red-700 dark:text-red-300">{t("race.divergedAt", { step: lane.diverged.step })}</span>
      ) : (
        last !== undefined && <span className="font-mono text-slate-600 dark:text-slate-400">{last.toPrecision(3)}</span>
      )}
    </li>
  );
}

/** The lane that ended lowest (a diverged one last): the one offered first to go on from. */
function bestLane(lanes: readonly LaneView[]): number {
  let best = 0;
  const end = (l: LaneView) => (l.diverged ? Infinity : (l.losses.at(-1) ?? Infinity));
  lanes.forEach((l, i) => {
    if (end(l) < end(lanes[best])) best = i;
  });
  return best;
}

/**
 * After a comparison: take one optimizer's result into the graph (its Params and its optimizer with
 * the state it reached, one undo step), so that Train goes on from where that lane ended. Or why
 * the results cannot be taken now (the graph holds other numbers than they started from).
 */
function GoOnFrom({ lanes, results, state, used }: { lanes: readonly LaneView[]; results: unknown; state: ReturnType<typeof resultsState> | "busy"; used: string | null }) {
  const t = useT();
  // a choice belongs to the comparison it was made in: a new one offers its own best lane first
  const [choice, setChoice] = useState<{ results: unknown; lane: number } | null>(null);
  const pick = choice && choice.results === results && choice.lane < lanes.length ? choice.lane : bestLane(lanes);
  if (state !== "ready" || !lanes.length) {
    if (state !== "used" && state !== "other") return null;
    return (
      <p data-testid="race-cleared" role="status" className="text-slate-600 dark:text-slate-400">
        {state === "used" ? t("race.used", { name: used }) : t("race.valuesChanged")}
      </p>
    );
  }
  return (
    <div data-testid="race-go-on" className="flex flex-wrap items-center gap-1.5">
      <label className="flex items-center gap-1">
        <span className="text-slate-700 dark:text-slate-300">{t("race.goOnFrom")}</span>
        <select value={pick} onChange={(e) => setChoice({ results, lane: Number(e.target.value) })} className="rounded border border-slate-300 bg-white px-1 py-0.5 text-[12px] dark:border-slate-600 dark:bg-slate-800">
          {lanes.map((l, i) => (
            <option key={i} value={i}>
              {l.optimizer.type}
              {l.diverged ? ` (${t("race.divergedAt", { step: l.diverged.step })})` : l.losses.length ? ` (${l.losses.at(-1)!.toPrecision(3)})` : ""}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        onClick={() => {
          const name = takeLaneResult(pick);
          if (name) useGraph.getState().toast("info", t("race.usedToast", { name }));
        }}
        className="rounded-md bg-slate-100 px-2 py-0.5 text-[12px] font-medium text-slate-800 hover:bg-slate-200 dark:bg-slate-700 dark:text-slate-100 dark:hover:bg-slate-600"
      >
        {t("race.use")}
      </button>
      <span className="text-[11px] text-slate-600 dark:text-slate-400">{t("race.useHint")}</span>
    </div>
  );
}

/** At most this many numbers are offered to follow (the first ones of each Param, in document order). */
const PICKABLE = 400;

/** Every trainable number as a choice: `W1[0,1]` (a Param's label or id, and the element's index). */
function pickable(doc: GraphDoc): { ref: ParamRef; name: string }[] {
  const out: { ref: ParamRef; name: string }[] = [];
  for (const n of doc.nodes) {
    if (!getOp(n.type)?.trainable) continue;
    let shape: number[];
    try {
      shape = shapeOfValue(n.data.value as TensorValue);
    } catch {
      continue;
    }
    const name = typeof n.data.label === "string" && n.data.label ? n.data.label : n.id;
    const total = sizeOf(shape);
    for (let i = 0; i < total && out.length < PICKABLE; i++) out.push({ ref: { id: n.id, index: i }, name: shape.length ? `${name}[${elementIndex(shape, i).join(",")}]` : name });
  }
  return out;
}

const refKey = (r: ParamRef | null) => (r ? `${r.id}#${r.index ?? 0}` : "");

/** The learner's two numbers to draw the loss surface over, when the graph has more than two. */
function PickTwo({ doc, disabled }: { doc: GraphDoc; disabled: boolean }) {
  const t = useT();
  const picked = useRace((s) => s.picked);
  const choices = pickable(doc);
  const byKey = new Map(choices.map((c) => [refKey(c.ref), c.ref]));
  return (
    <div data-testid="race-pick-two" className="flex flex-col gap-1">
      <p className="text-slate-600 dark:text-slate-400">{t("race.pickTwo")}</p>
      {([0, 1] as const).map((axis) => (
        <label key={axis} className="flex items-center gap-1">
          <span className="w-4 text-slate-700 dark:text-slate-300">{axis === 0 ? "x" : "y"}</span>
          <select
            aria-label={axis === 0 ? "First number to follow" : "Second number to follow"}
            disabled={disabled}
            value={refKey(picked[axis])}
            onChange={(e) => pickTracked(axis, byKey.get(e.target.value) ?? null)}
            className="min-h-6 min-w-0 flex-1 rounded border border-slate-300 bg-white px-1 font-mono text-[12px] dark:border-slate-600 dark:bg-slate-800"
          >
            <option value="">{t("race.pickNone")}</option>
            {choices.map((c) => (
              <option key={refKey(c.ref)} value={refKey(c.ref)}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      ))}
      {picked[0] && picked[1] && refKey(picked[0]) === refKey(picked[1]) && <p className="text-red-700 dark:text-red-300">{t("race.pickDifferent")}</p>}
    </div>
  );
}

export function RaceView() {
  const t = useT();
  const doc = useGraph((s) => s.doc);
  const r = useRace();
  const [logChoice, setLogChoice] = useState<boolean | null>(null);
  useEffect(() => syncRaceTo(doc), [doc]);
  const busy = r.status === "running";
  const { count, size } = trainable(doc);
  const log = logChoice ?? logHelps(r.lanes);
  const chosen = r.contestants.filter((c) => c.on).length;
  const waitingForSurface = r.track && !busy && r.lanes.length > 0 && !r.surface && !r.surfaceError && r.status !== "error";
  return (
    <div data-testid="race-view" data-state={r.status} className="@container flex flex-col gap-1.5 text-[12px]">
        <div className="flex flex-wrap items-center gap-x-1.5 gap-y-1">
          <label className="flex items-center gap-1">
            <span className="text-slate-700 dark:text-slate-300">{t("race.steps")}</span>
            <input type="number" min={1} max={MAX_STEPS} value={r.steps} disabled={busy} onChange={(e) => setRaceSteps(Number(e.target.value))} className={`w-16 font-mono ${input}`} />
          </label>
          {busy ? (
            <button type="button" onClick={stopComparing} className="rounded-md bg-red-50 px-3 py-1 text-[13px] font-medium text-red-700 hover:bg-red-100 dark:bg-red-950 dark:text-red-200 dark:hover:bg-red-900">
              {t("race.stop")}
            </button>
          ) : (
            <button type="button" onClick={compareOptimizers} disabled={chosen === 0 || count === 0} className="rounded-md bg-sky-700 px-3 py-1 text-[13px] font-medium text-white hover:bg-sky-800 disabled:opacity-40">
              {t("race.start")}
            </button>
          )}
          <div role="progressbar" aria-label={t("race.progress")} aria-valuemin={0} aria-valuemax={r.total || 1} aria-valuenow={r.step} className="h-2 min-w-12 flex-1 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700">
            <div className="h-full bg-sky-600 dark:bg-sky-400" style={{ width: `${r.total ? (100 * r.step) / r.total : 0}%` }} />
          </div>
          <span className="font-mono text-[11px] text-slate-600 dark:text-slate-400">
            {r.step}/{r.total || r.steps}
          </span>
          {r.status !== "idle" && r.status !== "running" && <span className="whitespace-nowrap text-slate-600 dark:text-slate-400">{t(`race.state.${r.status}`)}</span>}
        </div>
        {chosen === 0 && <p className="text-slate-600 dark:text-slate-400">{t("race.needsOne")}</p>}
        {count === 0 && <p className="text-slate-600 dark:text-slate-400">{t("race.needsParam")}</p>}
        {r.error && <p role="alert" className="text-red-700 dark:text-red-300">{t("race.failed", { reason: engineText(r.error) })}</p>}
      <div className="flex flex-wrap items-start gap-x-3 gap-y-2">
      {/* on a narrow panel the plots come first and the settings under them */}
      <div className="order-2 @[740px]:order-none">
        <table data-testid="race-settings" className="border-separate border-spacing-y-0.5">
          <tbody>
            {r.contestants.map((c, i) => {
              const spec = optimizerSpec(c.spec.type)!;
              return (
                <tr key={c.spec.type}>
                  <td className="pr-1">
                    <input type="checkbox" className="h-4 w-4" aria-label={t("race.include", { name: c.spec.type })} checked={c.on} disabled={busy} onChange={(e) => setContestant(i, { on: e.target.checked })} />
                  </td>
                  <td className="pr-1">
                    <Swatch k={r.contestants.slice(0, i).filter((x) => x.on).length} />
                  </td>
                  <td className="pr-1.5 font-medium text-slate-800 dark:text-slate-100">{c.spec.type}</td>
                  <td>
                    <span className="flex gap-1">
                      {spec.hyper.map((h) => (
                        <label key={h.name} className="flex items-center gap-0.5" title={h.name}>
                          <span className="w-3 text-slate-600 dark:text-slate-400">{SHORT[h.name] ?? h.name}</span>
                          <input
                            aria-label={`${c.spec.type} ${h.name}`}
                            type="text"
                            inputMode="decimal"
                            disabled={busy}
                            defaultValue={c.spec[h.name] as number}
                            key={`${c.spec.type}.${h.name}.${c.spec[h.name]}`}
                            onBlur={(e) => {
                              const v = Number(e.target.value);
                              if (inHyperRange(h, v)) setContestant(i, { spec: { ...c.spec, [h.name]: v } });
                              else {
                                e.target.value = String(c.spec[h.name]);
                                useGraph.getState().toast("error", t("race.outOfRange", { name: `${c.spec.type} ${h.name}`, range: hyperRange(h) }));
                              }
                            }}
                            className={`h-[26px] w-[46px] font-mono text-[11px] ${input}`}
                          />
                        </label>
                      ))}
                    </span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="flex flex-col gap-1">
        <div className="flex items-start gap-3">
          <div className="flex flex-col gap-1">
            <RaceLossPlot lanes={r.lanes} version={r.version} log={log} width={200} height={170} />
            <label className="flex items-center gap-1 whitespace-nowrap text-slate-700 dark:text-slate-300">
              <input type="checkbox" checked={log} onChange={(e) => setLogChoice(e.target.checked)} /> {t("race.logScale")}
            </label>
          </div>
          <div className="flex w-[200px] flex-col gap-1">
            {r.track ? (
              <>
                <ContourPlot lanes={r.lanes} version={r.version} surface={r.surface} names={[numberName(doc, r.track[0], size), numberName(doc, r.track[1], size)]} width={200} height={190} />
                {waitingForSurface && <p className="text-slate-600 dark:text-slate-400">{t("race.surfaceWorking")}</p>}
                {r.surfaceError && <p className="text-slate-600 dark:text-slate-400">{t("race.surfaceFailed", { reason: engineText(r.surfaceError) })}</p>}
              </>
            ) : count === 2 ? (
              <p className="text-slate-600 dark:text-slate-400">{t("race.contourLater")}</p>
            ) : (
              count > 0 && <p data-testid="race-no-contour" className="text-slate-600 dark:text-slate-400">{t("race.noContour", { count: count.toLocaleString() })}</p>
            )}
            {count > 2 && <PickTwo doc={doc} disabled={busy} />}
          </div>
        </div>
        {/* the legend under both plots: the curves' dashes and the paths' markers, with where each lane ended */}
        <ul data-testid="race-legend" aria-label={t("race.legend")} className="grid w-[412px] grid-cols-3 gap-x-2 gap-y-0.5 text-[11px] text-slate-700 dark:text-slate-300">
          {r.lanes.map((l, k) => (
            <LaneResult key={k} lane={l} k={k} />
          ))}
        </ul>
        <GoOnFrom lanes={r.lanes} results={r.results} state={busy ? "busy" : resultsState(r, doc)} used={r.used?.optimizer ?? null} />
      </div>
      </div>
      <p className="text-[11px] text-slate-600 dark:text-slate-400">{t("race.hint")}</p>
    </div>
  );
}
