// The loss surface over the two trainable numbers as contour lines, with every optimizer's path
// on it: chapter 6's figure of Deep Learning from Scratch, on any graph with two numbers. SVG, so
// each path is an element a test can read (data-head: its first points, as the worker sent them).
import { useMemo } from "react";
import { contourSegments, lossLevels } from "../engine/contours";
import { rangeCovering } from "../engine/race";
import { niceTicks, tickLabel } from "../notation/ticks";
import { useT } from "../i18n";
import { useTheme } from "./theme";
import { MARKERS, seriesColour } from "./okabeIto";
import { markerPath } from "./markers";
import type { LaneView } from "./race";
import type { RaceSurface } from "../worker/raceProtocol";

const M = { left: 40, right: 8, top: 8, bottom: 30 };
const LEVELS = 14;
/** paths longer than this are drawn without a marker at every point */
const MARKED = 120;

export function ContourPlot({ lanes, version, surface, names, width, height }: {
  lanes: LaneView[];
  version: number;
  surface: Extract<RaceSurface, { ok: true }> | null;
  /** what the two numbers are called (a Param's label or id, with the element for a tensor) */
  names: [string, string];
  width: number;
  height: number;
}) {
  const t = useT();
  const theme = useTheme();
  const ink = theme === "dark" ? "#cbd5e1" : "#334155";
  const contourInk = theme === "dark" ? "#64748b" : "#94a3b8";
  const range = useMemo(() => {
    if (surface) return { a: [surface.a[0], surface.a.at(-1)!] as const, b: [surface.b[0], surface.b.at(-1)!] as const };
    const pts = lanes.flatMap((l) => l.path);
    return pts.length ? rangeCovering(pts, 0.15) : null;
  }, [surface, lanes, version]);
  const contours = useMemo(() => {
    if (!surface || surface.min === null || surface.max === null) return [];
    const na = surface.a.length, nb = surface.b.length;
    return lossLevels(surface.min, surface.max, LEVELS).map((level) => contourSegments(surface.loss, na, nb, level));
  }, [surface]);
  if (!range) return null;
  const w = width - M.left - M.right, h = height - M.top - M.bottom;
  const [a0, a1] = range.a, [b0, b1] = range.b;
  const px = (a: number) => M.left + ((a - a0) / (a1 - a0)) * w;
  const py = (b: number) => M.top + (1 - (b - b0) / (b1 - b0)) * h;
  // grid coordinates (column, row) to the plot
  const gx = (i: number) => px(a0 + (i * (a1 - a0)) / ((surface?.a.length ?? 2) - 1));
  const gy = (j: number) => py(b0 + (j * (b1 - b0)) / ((surface?.b.length ?? 2) - 1));
  const ta = niceTicks(a0, a1, 4), tb = niceTicks(b0, b1, 4);
  const f = (v: number) => v.toFixed(1);
  return (
    <svg data-testid="contour-plot" data-version={version} data-contours={contours.length} width={width} height={height} role="img" aria-label={t("race.contourLabel", { a: names[0], b: names[1] })} className="block overflow-visible">
      <defs>
        <clipPath id="race-contour-clip">
          <rect x={M.left} y={M.top} width={w} height={h} />
        </clipPath>
      </defs>
      <rect x={M.left} y={M.top} width={w} height={h} fill="none" stroke={contourInk} strokeWidth={1} />
      <g data-testid="contours" clipPath="url(#race-contour-clip)" fill="none" stroke={contourInk} strokeWidth={0.9}>
        {contours.map((segs, k) => {
          let d = "";
          for (let s = 0; s < segs.length; s += 4) d += `M${f(gx(segs[s]))} ${f(gy(segs[s + 1]))}L${f(gx(segs[s + 2]))} ${f(gy(segs[s + 3]))}`;
          return d ? <path key={k} d={d} /> : null;
        })}
      </g>
      <g clipPath="url(#race-contour-clip)">
        {lanes.map((l, k) => {
          const colour = seriesColour(k, theme);
          const line = l.path.map(([a, b], i) => `${i ? "L" : "M"}${f(px(a))} ${f(py(b))}`).join("");
          const marks = l.path.length <= MARKED ? l.path.map(([a, b]) => markerPath(MARKERS[k % MARKERS.length], px(a), py(b), 2)).join("") : "";
          return (
            <g key={k} data-testid="race-path" data-optimizer={l.optimizer.type} data-points={l.path.length} data-head={JSON.stringify(l.path.slice(0, 3))}>
              <path d={line} fill="none" stroke={colour} strokeWidth={1.25} />
              {marks && <path d={marks} fill={colour} stroke={colour} strokeWidth={1} />}
            </g>
          );
        })}
      </g>
      <g fill={ink} fontSize={11} fontFamily="system-ui">
        {ta.map((v) => (
          <text key={`a${v}`} x={px(v)} y={M.top + h + 13} textAnchor="middle">{tickLabel(v, ta)}</text>
        ))}
        {tb.map((v) => (
          <text key={`b${v}`} x={M.left - 4} y={py(v) + 4} textAnchor="end">{tickLabel(v, tb)}</text>
        ))}
        <text x={M.left + w / 2} y={height - 2} textAnchor="middle" fontWeight={600}>{names[0]}</text>
        <text x={11} y={M.top + h / 2} textAnchor="middle" fontWeight={600} transform={`rotate(-90 11 ${M.top + h / 2})`}>{names[1]}</text>
      </g>
    </svg>
  );
}
