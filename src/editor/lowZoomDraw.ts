// What the canvas looks like zoomed out below readable text (lowZoom.ts), drawn into one 2-D
// canvas instead of thousands of elements: each node's box, its accent and its ports, and every
// wire. A pan then moves one picture: with 2,000 nodes on screen the browser painted 2,000 boxes
// and 3,000 curves on every frame of a pan; now it paints them when the zoom or the graph changes.
// The nodes stay in the page as clear boxes of the same size, so clicks, drags and keyboard focus
// reach them as before; a node that is selected, erring or being stepped through draws itself on
// top, as it does at every zoom. While the view moves, the page skips drawing the node elements
// altogether (LowZoomCanvas.tsx), so the picture draws those marks too.
import { getBezierPath, Position } from "@xyflow/react";
import { boundsOf } from "./readableView";

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DrawnNode extends Box {
  /** the accent of its op's group */
  accent: string;
  /** its ports' centres, in flow units */
  ports: readonly { x: number; y: number }[];
  selected?: boolean;
  error?: boolean;
  /** the node being stepped through */
  current?: boolean;
  /** ringed by the lesson on screen: one of its step's highlights, or a bug hunt's answer once shown */
  ring?: "lesson" | "answer";
}

export interface DrawnEdge {
  sx: number;
  sy: number;
  tx: number;
  ty: number;
}

export interface Palette {
  fill: string;
  border: string;
  port: string;
  wire: string;
  selectedFill: string;
  selectedBorder: string;
  errorFill: string;
  errorBorder: string;
  current: string;
  lessonRing: string;
  lessonAnswer: string;
}

/**
 * The boxes' colours, as the node elements have them (OpNode.tsx's SimpleNode): slate-200 on the
 * light pane (a white box could not be told from it at these zooms), slate-800 on the dark one.
 */
export const PALETTES: Record<"light" | "dark", Palette> = {
  light: { fill: "#e2e8f0", border: "#94a3b8", port: "#64748b", wire: "#94a3b8", selectedFill: "#ffffff", selectedBorder: "#0f172a", errorFill: "#fef2f2", errorBorder: "#ef4444", current: "#f59e0b", lessonRing: "#7c3aed", lessonAnswer: "#059669" },
  dark: { fill: "#1e293b", border: "#475569", port: "#94a3b8", wire: "#64748b", selectedFill: "#1e293b", selectedBorder: "#f1f5f9", errorFill: "#450a0a", errorBorder: "#ef4444", current: "#f59e0b", lessonRing: "#a78bfa", lessonAnswer: "#34d399" },
};

/** The part of the graph worth drawing: the view and a quarter of it on each side (so a short pan needs no redraw), within the graph's bounds. */
export function regionToDraw(view: Box, bounds: Box | null): Box | null {
  if (!bounds) return null;
  const mx = view.width / 4, my = view.height / 4;
  const x0 = Math.max(view.x - mx, bounds.x), y0 = Math.max(view.y - my, bounds.y);
  const x1 = Math.min(view.x + view.width + mx, bounds.x + bounds.width), y1 = Math.min(view.y + view.height + my, bounds.y + bounds.height);
  return x1 > x0 && y1 > y0 ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : null;
}

/** Does `drawn` hold every part of the graph that the view shows? */
export function covers(drawn: Box | null, view: Box, bounds: Box | null): boolean {
  const need = bounds && intersect(view, bounds);
  if (!need) return true;
  if (!drawn) return false;
  const e = 1e-6;
  return need.x >= drawn.x - e && need.y >= drawn.y - e && need.x + need.width <= drawn.x + drawn.width + e && need.y + need.height <= drawn.y + drawn.height + e;
}

function intersect(a: Box, b: Box): Box | null {
  const x0 = Math.max(a.x, b.x), y0 = Math.max(a.y, b.y);
  const x1 = Math.min(a.x + a.width, b.x + b.width), y1 = Math.min(a.y + a.height, b.y + b.height);
  return x1 > x0 && y1 > y0 ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : null;
}

/** The bounds of every node and wire end, padded by `pad` (a port's radius, a ring); null when there are none. */
export function paddedBounds(nodes: readonly Box[], pad = 8): Box | null {
  const b = boundsOf(nodes);
  return b && { x: b.x - pad, y: b.y - pad, width: b.width + 2 * pad, height: b.height + 2 * pad };
}

/** The largest canvas drawn, in device pixels: beyond it the picture is drawn at a lower resolution. */
const MAX_PIXELS = 8_000_000;

/** The device-pixel scale to draw `region` at for `zoom`: the screen's own, unless that would pass MAX_PIXELS. */
export function pixelScale(region: Box, zoom: number, dpr: number): number {
  const s = zoom * dpr;
  const pixels = region.width * s * region.height * s;
  return pixels > MAX_PIXELS ? s * Math.sqrt(MAX_PIXELS / pixels) : s;
}

/**
 * Draws `region` of the graph at `scale` device pixels per flow unit into ctx (whose canvas is
 * region × scale). Lines keep at least one screen pixel (`zoom`: the view's), so wires and borders
 * stay visible however far out.
 */
export function drawLowZoom(ctx: CanvasRenderingContext2D, region: Box, scale: number, zoom: number, nodes: readonly DrawnNode[], edges: readonly DrawnEdge[], p: Palette): { nodes: number; edges: number } {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  ctx.setTransform(scale, 0, 0, scale, -region.x * scale, -region.y * scale);
  const px = 1 / zoom;
  const inside = (b: Box) => b.x < region.x + region.width && b.x + b.width > region.x && b.y < region.y + region.height && b.y + b.height > region.y;

  // the wires first, under the boxes, as React Flow draws them: each one's bezier, batched into one path
  let drawnEdges = 0;
  ctx.beginPath();
  for (const e of edges) {
    const x0 = Math.min(e.sx, e.tx), y0 = Math.min(e.sy, e.ty);
    // a wire's curve bulges out by at most half its width: generous bounds, cheaply
    const spread = Math.abs(e.tx - e.sx) / 2 + 60;
    if (!inside({ x: x0 - spread, y: y0 - 1, width: Math.abs(e.tx - e.sx) + 2 * spread, height: Math.abs(e.ty - e.sy) + 2 })) continue;
    const [d] = getBezierPath({ sourceX: e.sx, sourceY: e.sy, sourcePosition: Position.Right, targetX: e.tx, targetY: e.ty, targetPosition: Position.Left });
    traceSvgPath(ctx, d);
    drawnEdges++;
  }
  ctx.strokeStyle = p.wire;
  ctx.lineWidth = Math.max(1.6, px);
  ctx.stroke();

  let drawnNodes = 0;
  const accentHeight = Math.max(3, 1.5 * px);
  for (const n of nodes) {
    if (!inside(n)) continue;
    drawnNodes++;
    if (n.current) {
      // the step's amber ring, 3 px out as the element's box-shadow (at least 2 screen pixels)
      const w = Math.max(3, 2 * px);
      ctx.fillStyle = p.current;
      ctx.fillRect(n.x - w, n.y - w, n.width + 2 * w, n.height + 2 * w);
    }
    ctx.fillStyle = n.selected ? p.selectedFill : n.error ? p.errorFill : p.fill;
    ctx.fillRect(n.x, n.y, n.width, n.height);
    ctx.strokeStyle = n.selected ? p.selectedBorder : n.error ? p.errorBorder : p.border;
    ctx.lineWidth = n.selected || n.error ? Math.max(2, 1.5 * px) : Math.max(1, px);
    ctx.strokeRect(n.x, n.y, n.width, n.height);
    ctx.fillStyle = n.accent;
    ctx.fillRect(n.x, n.y, n.width, Math.min(accentHeight, n.height));
    if (n.ring) {
      // the lesson's ring: the element's 3 px outline, 3 px out (at least 2 screen pixels wide, 2 out)
      const w = Math.max(3, 2 * px), gap = Math.max(3, 2 * px);
      ctx.strokeStyle = n.ring === "answer" ? p.lessonAnswer : p.lessonRing;
      ctx.lineWidth = w;
      ctx.strokeRect(n.x - gap - w / 2, n.y - gap - w / 2, n.width + 2 * gap + w, n.height + 2 * gap + w);
    }
  }
  // the ports, one path: dots of at least a screen pixel and a half across
  const r = Math.max(4, 0.75 * px);
  ctx.beginPath();
  for (const n of nodes) {
    if (!inside(n)) continue;
    for (const q of n.ports) {
      ctx.moveTo(q.x + r, q.y);
      ctx.arc(q.x, q.y, r, 0, 2 * Math.PI);
    }
  }
  ctx.fillStyle = p.port;
  ctx.fill();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  return { nodes: drawnNodes, edges: drawnEdges };
}

/** Traces the path getBezierPath writes ("M x,y C x1,y1 x2,y2 x,y"), without parsing SVG in general. */
function traceSvgPath(ctx: CanvasRenderingContext2D, d: string): void {
  const v = d.match(/-?[\d.]+(?:e[-+]?\d+)?/gi)?.map(Number) ?? [];
  if (v.length < 8) return;
  ctx.moveTo(v[0], v[1]);
  ctx.bezierCurveTo(v[2], v[3], v[4], v[5], v[6], v[7]);
}
