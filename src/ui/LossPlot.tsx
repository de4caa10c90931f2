// The loss curve, drawn with uPlot as training reports it; a log scale for the long tail.
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export function LossPlot({ losses, version, log, width = 360, height = 160 }: { losses: number[]; version: number; log: boolean; width?: number; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    if (!box.current) return;
    const u = new uPlot(
      {
        width,
        height,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: false }, y: log ? { distr: 3 } : { auto: true } },
        axes: [
          { label: "step", size: 30, labelSize: 14, font: "11px system-ui", labelFont: "11px system-ui" },
          { label: log ? "loss (log)" : "loss", size: 48, labelSize: 14, font: "11px system-ui", labelFont: "11px system-ui" },
        ],
        series: [{}, { label: "loss", stroke: "#ea580c", width: 1.5, points: { show: false } }],
      },
      [[], []],
      box.current,
    );
    plot.current = u;
    return () => {
      u.destroy();
      plot.current = null;
    };
  }, [log, width, height]);

  useEffect(() => {
    const u = plot.current;
    if (!u) return;
    const xs = losses.map((_, i) => i);
    // a log axis cannot show 0 or less: those points are left out
    const ys = log ? losses.map((y) => (y > 0 && Number.isFinite(y) ? y : null)) : losses.map((y) => (Number.isFinite(y) ? y : null));
    u.setData([xs, ys] as uPlot.AlignedData);
  }, [losses, version, log]);

  return <div ref={box} role="img" aria-label={`loss curve, ${losses.length} steps`} />;
}
