// A tensor as a small grid of coloured cells: a diverging map, negative in purple, positive in
// the role's colour (value blue, gradient orange); NaN and ±∞ in red.
import { memo, useEffect, useRef } from "react";
import type { Tensor } from "../engine/tensor";
import { asMatrix } from "../ui/numbers";

export type Role = "value" | "grad";

const POS: Record<Role, [number, number, number]> = { value: [37, 99, 235], grad: [234, 88, 12] };
const NEG: [number, number, number] = [126, 34, 206];

export function cellColor(x: number, max: number, role: Role, strength = 1): string {
  if (!Number.isFinite(x)) return "rgb(239,68,68)";
  const t = (max > 0 ? Math.min(1, Math.abs(x) / max) : 0) * strength;
  const [r, g, b] = x >= 0 ? POS[role] : NEG;
  const mix = (c: number) => Math.round(255 + (c - 255) * t);
  return `rgb(${mix(r)},${mix(g)},${mix(b)})`;
}

/** `size`: the longer side in pixels; cells are square, between 2 and 10 px */
export const TensorHeatmap = memo(function TensorHeatmap({ t, role, size = 28, maxCells = 16 }: { t: Tensor; role: Role; size?: number; maxCells?: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const { rows, cols } = asMatrix(t);
  const r = Math.min(rows, maxCells), c = Math.min(cols, maxCells);
  const cell = Math.max(2, Math.min(10, Math.floor(size / Math.max(r, c, 1))));
  useEffect(() => {
    const ctx = ref.current?.getContext("2d");
    if (!ctx) return;
    let max = 0;
    for (const x of t.data) if (Number.isFinite(x)) max = Math.max(max, Math.abs(x));
    ctx.clearRect(0, 0, c * cell, r * cell);
    for (let i = 0; i < r; i++)
      for (let j = 0; j < c; j++) {
        ctx.fillStyle = cellColor(t.data[i * cols + j], max, role);
        ctx.fillRect(j * cell, i * cell, cell, cell);
      }
  }, [t, t.data, role, r, c, cols, cell]);
  return (
    <span className="inline-flex items-end gap-0.5">
      <canvas ref={ref} width={c * cell} height={r * cell} className="rounded-sm border border-slate-300" style={{ width: c * cell, height: r * cell }} aria-hidden />
      {(rows > r || cols > c) && <span className="text-[9px] leading-none text-slate-400">…</span>}
    </span>
  );
});
