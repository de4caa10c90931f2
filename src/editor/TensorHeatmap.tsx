// A tensor as a small grid of coloured cells: a diverging map, negative in purple, positive in
// the role's colour (value blue, gradient orange); NaN and ±∞ in red. Zero is the background: white
// in the light theme, the dark panel in the dark one, where the colours are the lighter shades.
import { memo, useMemo } from "react";
import type { Tensor } from "../engine/tensor";
import { colourRange, downsample, fmt } from "../notation/numbers";
import { useT } from "../i18n";
import { useTheme, type Theme } from "../ui/theme";

export type Role = "value" | "grad";
type RGB = [number, number, number];

const PALETTE: Record<Theme, { base: RGB; pos: Record<Role, RGB>; neg: RGB }> = {
  light: { base: [255, 255, 255], pos: { value: [37, 99, 235], grad: [234, 88, 12] }, neg: [126, 34, 206] },
  dark: { base: [15, 23, 42], pos: { value: [96, 165, 250], grad: [251, 146, 60] }, neg: [192, 132, 252] },
};

/** NaN and ±∞: a red that white text reads on (AA) */
const BAD = "rgb(185,28,28)";

export function cellColor(x: number, max: number, role: Role, strength = 1, theme: Theme = "light"): string {
  if (!Number.isFinite(x)) return BAD;
  const t = (max > 0 ? Math.min(1, Math.abs(x) / max) : 0) * strength;
  const p = PALETTE[theme];
  const [r, g, b] = x >= 0 ? p.pos[role] : p.neg;
  const mix = (c: number, c0: number) => Math.round(c0 + (c - c0) * t);
  return `rgb(${mix(r, p.base[0])},${mix(g, p.base[1])},${mix(b, p.base[2])})`;
}

/**
 * The grid is drawn once into a scratch canvas and shown as an image (same pixels, same box): with
 * a <canvas> per heatmap, every frame of a pan over a large graph cost Chromium time in proportion
 * to their number (measured: ~2 fps with 500 nodes on screen). Equal grids share one image.
 */
let scratch: HTMLCanvasElement | null = null;
const images = new Map<string, string>();
const IMAGES = 1000;

function heatmapImage(cells: Float64Array, max: number, role: Role, r: number, c: number, cell: number, theme: Theme): string {
  const colours: string[] = new Array(r * c);
  for (let i = 0; i < r * c; i++) colours[i] = cellColor(cells[i], max, role, 1, theme);
  const key = `${r}x${c}@${cell}:${colours.join(";")}`;
  let url = images.get(key);
  if (url !== undefined) {
    images.delete(key); // most recently used goes last
    images.set(key, url);
    return url;
  }
  scratch ??= document.createElement("canvas");
  scratch.width = c * cell; // resizing also clears it
  scratch.height = r * cell;
  const ctx = scratch.getContext("2d")!;
  for (let i = 0; i < r; i++)
    for (let j = 0; j < c; j++) {
      ctx.fillStyle = colours[i * c + j];
      ctx.fillRect(j * cell, i * cell, cell, cell);
    }
  url = scratch.toDataURL("image/png");
  images.set(key, url);
  if (images.size > IMAGES) images.delete(images.keys().next().value!);
  return url;
}

/**
 * `size`: the longer side in pixels; cells are square, between 2 and 10 px. A tensor with more than
 * maxCells rows or columns is shrunk as a whole (each cell its block's largest entry), not cut to
 * its corner; the tooltip gives the colour scale's range, and an all-zero tensor says so.
 */
export const TensorHeatmap = memo(function TensorHeatmap({ t, role, size = 28, maxCells = 16 }: { t: Tensor; role: Role; size?: number; maxCells?: number }) {
  const tr = useT();
  const d = useMemo(() => downsample(t, maxCells, maxCells), [t, maxCells]);
  const range = useMemo(() => colourRange(t.data), [t]);
  const r = d.rows, c = d.cols;
  const cell = Math.max(2, Math.min(10, Math.floor(size / Math.max(r, c, 1))));
  const theme = useTheme();
  const src = useMemo(() => (r && c ? heatmapImage(d.data, range.max, role, r, c, cell, theme) : undefined), [d, range, role, r, c, cell, theme]);
  const zero = range.max === 0 && range.lo === 0 && range.hi === 0 && t.data.every((x) => x === 0);
  if (zero) return <span aria-hidden className="text-[11px] text-slate-600 dark:text-slate-400" title={tr("heatmap.zero")}>0…</span>;
  return (
    <span className="inline-flex items-end gap-0.5">
      <img
        src={src}
        alt=""
        draggable={false}
        width={c * cell}
        height={r * cell}
        className="rounded-sm border border-slate-400 dark:border-slate-500"
        title={tr("heatmap.scale", { neg: fmt(-range.max), pos: fmt(range.max), lo: fmt(range.lo), hi: fmt(range.hi) })}
        style={{ width: c * cell, height: r * cell, maxWidth: "none" }}
        aria-hidden
      />
    </span>
  );
});
