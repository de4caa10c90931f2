// Marker shapes as SVG path data and canvas paths, so that series and classes differ by shape as
// well as by colour.
import type { Marker } from "./okabeIto";

/** The outline of a marker of radius r at (x, y), as SVG path data. */
export function markerPath(shape: Marker, x: number, y: number, r: number): string {
  const f = (v: number) => v.toFixed(1);
  switch (shape) {
    case "square":
      return `M${f(x - r)} ${f(y - r)}h${f(2 * r)}v${f(2 * r)}h${f(-2 * r)}Z`;
    case "triangle":
      return `M${f(x)} ${f(y - 1.2 * r)}L${f(x + 1.1 * r)} ${f(y + 0.8 * r)}L${f(x - 1.1 * r)} ${f(y + 0.8 * r)}Z`;
    case "diamond":
      return `M${f(x)} ${f(y - 1.3 * r)}L${f(x + 1.1 * r)} ${f(y)}L${f(x)} ${f(y + 1.3 * r)}L${f(x - 1.1 * r)} ${f(y)}Z`;
    case "cross":
      return `M${f(x - r)} ${f(y - r)}L${f(x + r)} ${f(y + r)}M${f(x + r)} ${f(y - r)}L${f(x - r)} ${f(y + r)}`;
    case "star":
      return `M${f(x - 1.2 * r)} ${f(y)}H${f(x + 1.2 * r)}M${f(x)} ${f(y - 1.2 * r)}V${f(y + 1.2 * r)}`;
    default:
      return `M${f(x - r)} ${f(y)}a${f(r)} ${f(r)} 0 1 0 ${f(2 * r)} 0a${f(r)} ${f(r)} 0 1 0 ${f(-2 * r)} 0Z`;
  }
}

/** The same shape on a canvas (filled and stroked by the caller). */
export function markerOnCanvas(ctx: CanvasRenderingContext2D, shape: Marker, x: number, y: number, r: number): void {
  ctx.beginPath();
  switch (shape) {
    case "square":
      ctx.rect(x - r, y - r, 2 * r, 2 * r);
      break;
    case "triangle":
      ctx.moveTo(x, y - 1.2 * r);
      ctx.lineTo(x + 1.1 * r, y + 0.8 * r);
      ctx.lineTo(x - 1.1 * r, y + 0.8 * r);
      ctx.closePath();
      break;
    case "diamond":
      ctx.moveTo(x, y - 1.3 * r);
      ctx.lineTo(x + 1.1 * r, y);
      ctx.lineTo(x, y + 1.3 * r);
      ctx.lineTo(x - 1.1 * r, y);
      ctx.closePath();
      break;
    default:
      ctx.arc(x, y, r, 0, 2 * Math.PI);
  }
}

/** Whether a shape is only lines (drawn stroked, not filled). */
export const lineOnly = (shape: Marker) => shape === "cross" || shape === "star";
