// What the Train panel's loss plot and Compare optimizers' plot share: a uPlot of loss against
// step, with the axes' text and grid in each theme (AA contrast on the panel), no legend (the
// panels write their own), no drag-zoom, and a log scale when asked.
import type uPlot from "uplot";
import type { Theme } from "./theme";

export const AXIS_COLOURS: Record<Theme, { text: string; grid: string }> = {
  light: { text: "#334155", grid: "#e2e8f0" },
  dark: { text: "#cbd5e1", grid: "#334155" },
};

export function lossPlotOptions(o: { width: number; height: number; log: boolean; theme: Theme; stepLabel: string; lossLabel: string; lossAxisSize: number; series: uPlot.Series[] }): uPlot.Options {
  const c = AXIS_COLOURS[o.theme];
  const axis = { stroke: c.text, grid: { stroke: c.grid, width: 1 }, ticks: { stroke: c.grid, width: 1 }, labelSize: 14, font: "11px system-ui", labelFont: "11px system-ui" };
  return {
    width: o.width,
    height: o.height,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: false }, y: o.log ? { distr: 3 } : { auto: true } },
    axes: [
      { ...axis, label: o.stepLabel, size: 30 },
      { ...axis, label: o.lossLabel, size: o.lossAxisSize },
    ],
    series: [{}, ...o.series],
  };
}
