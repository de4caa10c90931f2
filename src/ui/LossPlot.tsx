// The loss curve, drawn with uPlot as training reports it; a log scale for the long tail. uPlot
// draws on a canvas, so its axes, grid and curve take the theme's colours when it is made.
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { useT } from "../i18n";
import { useTheme, type Theme } from "./theme";
import { lossPlotOptions } from "./lossPlotOptions";

/** The loss: a gradient-orange curve, as losses are drawn everywhere, AA contrast on the panel in each theme. */
const CURVE: Record<Theme, string> = { light: "#c2410c", dark: "#fdba74" };

function series(losses: number[], log: boolean): uPlot.AlignedData {
  const xs = losses.map((_, i) => i);
  // a log axis cannot show 0 or less: those points are left out
  const ys = log ? losses.map((y) => (y > 0 && Number.isFinite(y) ? y : null)) : losses.map((y) => (Number.isFinite(y) ? y : null));
  return [xs, ys] as uPlot.AlignedData;
}

export function LossPlot({ losses: data, version, log, width = 360, height = 160 }: { losses: number[]; version: number; log: boolean; width?: number; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  /** the latest losses, for a plot made anew (a theme or a language change) */
  const losses = useRef(data);
  const plot = useRef<uPlot | null>(null);
  const t = useT();
  const theme = useTheme();

  useEffect(() => {
    if (!box.current) return;
    const u = new uPlot(
      lossPlotOptions({
        width,
        height,
        log,
        theme,
        stepLabel: t("train.plotStep"),
        lossLabel: log ? t("train.plotLossLog") : t("train.plotLoss"),
        lossAxisSize: 48,
        series: [{ label: t("train.plotLoss"), stroke: CURVE[theme], width: 1.5, points: { show: false } }],
      }),
      [[], []],
      box.current,
    );
    plot.current = u;
    // a new plot starts empty: give it what the old one showed
    u.setData(series(losses.current, log));
    return () => {
      u.destroy();
      plot.current = null;
    };
  }, [log, width, height, theme, t]);

  useEffect(() => {
    losses.current = data;
    plot.current?.setData(series(data, log));
  }, [data, version, log]);

  return <div ref={box} role="img" aria-label={t("train.plotLabel", { count: data.length })} />;
}
