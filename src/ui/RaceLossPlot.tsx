// The race's loss curves, one per optimizer, overlaid in one uPlot plot: Okabe–Ito colours and a
// dash each, a log scale when the losses span orders of magnitude (or when the learner asks).
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { useT } from "../i18n";
import { useTheme } from "./theme";
import { DASHES, seriesColour } from "./okabeIto";
import { lossPlotOptions } from "./lossPlotOptions";
import type { LaneView } from "./race";

/** Whether a log scale helps: every loss positive and the largest over a hundred times the smallest. */
export function logHelps(lanes: readonly LaneView[]): boolean {
  let lo = Infinity, hi = -Infinity;
  for (const l of lanes)
    for (const v of l.losses) {
      if (!Number.isFinite(v)) continue;
      if (v <= 0) return false;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  return hi > 0 && hi / lo > 100;
}

function data(lanes: readonly LaneView[], log: boolean): uPlot.AlignedData {
  const n = Math.max(0, ...lanes.map((l) => l.losses.length));
  const xs = Array.from({ length: n }, (_, i) => i);
  const ys = lanes.map((l) => xs.map((i) => {
    const v = l.losses[i];
    return v === undefined || !Number.isFinite(v) || (log && v <= 0) ? null : v;
  }));
  return [xs, ...ys] as uPlot.AlignedData;
}

export function RaceLossPlot({ lanes, version, log, width, height }: { lanes: LaneView[]; version: number; log: boolean; width: number; height: number }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef(lanes);
  // read by the effect that makes the plot, which runs before the one that gives it data
  latest.current = lanes;
  const t = useT();
  const theme = useTheme();
  const names = lanes.map((l) => l.optimizer.type).join();

  useEffect(() => {
    if (!box.current) return;
    const u = new uPlot(
      lossPlotOptions({
        width,
        height,
        log,
        theme,
        stepLabel: t("race.plotStep"),
        lossLabel: log ? t("race.plotLossLog") : t("race.plotLoss"),
        lossAxisSize: 50,
        series: latest.current.map((l, k) => ({ label: l.optimizer.type, stroke: seriesColour(k, theme), dash: DASHES[k % DASHES.length], width: 1.75, points: { show: false }, spanGaps: false })),
      }),
      data(latest.current, log),
      box.current,
    );
    plot.current = u;
    return () => {
      u.destroy();
      plot.current = null;
    };
  }, [log, width, height, theme, t, names]);

  useEffect(() => {
    plot.current?.setData(data(lanes, log));
  }, [lanes, version, log]);

  return <div ref={box} data-testid="race-loss-plot" data-series={lanes.length} data-points={lanes.map((l) => l.losses.length).join()} role="img" aria-label={t("race.plotLabel", { count: lanes.length })} />;
}
