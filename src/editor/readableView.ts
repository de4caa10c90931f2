// Where the camera goes so that the learner can read what it shows (UI.md, "Readable at every
// size"): a graph is fitted, but never below the zoom at which node text is 11 px on screen; a
// graph too large for that opens on its first nodes (the start of the forward pass). Pure
// geometry, so it is tested without a browser.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface View {
  x: number;
  y: number;
  zoom: number;
}

/** The smallest text on a node is 12 px at zoom 1: at this zoom it is 11 px on screen. */
export const READABLE_ZOOM = 11 / 12;
/** A fit never zooms in past this (a two-node graph would otherwise fill the screen). */
export const MAX_FIT_ZOOM = 1.2;
/** Room left around a fitted graph, in screen pixels: ports stay clear of the edge, where dragging a wire pans the canvas. */
export const FIT_MARGIN = 48;

/** The rectangle around all of these. */
export function boundsOf(rects: readonly Rect[]): Rect | null {
  if (!rects.length) return null;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const r of rects) {
    x0 = Math.min(x0, r.x);
    y0 = Math.min(y0, r.y);
    x1 = Math.max(x1, r.x + r.width);
    y1 = Math.max(y1, r.y + r.height);
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/**
 * The view of `nodes` in a canvas of `width` × `height` screen pixels: all of them, centred, at
 * the largest zoom up to MAX_FIT_ZOOM that fits, but not below `floor`. When they do not fit at
 * `floor`, the view starts at the left (the sources: a graph flows left to right) and, if it is
 * too tall as well, at the top of the first column.
 */
export function readableView(nodes: readonly Rect[], width: number, height: number, floor = READABLE_ZOOM, margin = FIT_MARGIN): View | null {
  const b = boundsOf(nodes);
  if (!b || width <= 0 || height <= 0) return null;
  const fit = Math.min((width - 2 * margin) / Math.max(b.width, 1), (height - 2 * margin) / Math.max(b.height, 1));
  const zoom = Math.max(floor, Math.min(MAX_FIT_ZOOM, fit));
  const fitsX = b.width * zoom <= width - 2 * margin, fitsY = b.height * zoom <= height - 2 * margin;
  // centre what fits; align the start of what does not
  const x = fitsX ? (width - b.width * zoom) / 2 - b.x * zoom : margin - b.x * zoom;
  let y = fitsY ? (height - b.height * zoom) / 2 - b.y * zoom : margin - b.y * zoom;
  if (!fitsY) {
    // the first column's nodes: those that start within one node width of the left edge
    const first = nodes.filter((r) => r.x <= b.x + 200);
    const fb = boundsOf(first)!;
    if (fb.height * zoom <= height - 2 * margin) y = (height - fb.height * zoom) / 2 - fb.y * zoom;
    else y = margin - fb.y * zoom;
    // whatever else this first screen shows (a group's title bar, over its nodes) starts no higher
    // than the margin either, as far as the first column can move down and still end in view
    const shown = nodes.filter((r) => r.x * zoom + x < width && (r.x + r.width) * zoom + x > 0);
    const top = Math.min(...shown.map((r) => r.y)) * zoom + y;
    if (top < margin) {
      const room = height - margin - ((fb.y + fb.height) * zoom + y);
      y += Math.min(margin - top, Math.max(0, room));
    }
  }
  return { x, y, zoom };
}

/** A flow rectangle as it lands on the screen under `v`. */
export const onScreen = (r: Rect, v: View): Rect => ({ x: r.x * v.zoom + v.x, y: r.y * v.zoom + v.y, width: r.width * v.zoom, height: r.height * v.zoom });

const overlaps = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Is `r` (screen pixels, relative to the canvas) wholly inside a `width` × `height` canvas, `margin` in from its edges, and clear of `covered`? */
export function inClearView(r: Rect, width: number, height: number, covered: readonly Rect[], margin = 0): boolean {
  if (r.x < margin || r.y < margin || r.x + r.width > width - margin || r.y + r.height > height - margin) return false;
  return !covered.some((c) => overlaps(r, c));
}

/**
 * The view moved as little as it must so that `target` (flow coordinates) is wholly inside the
 * canvas, clear of `covered` (screen rectangles such as the minimap), with a margin; null when it
 * already is. The zoom stays: following a node must not change what size things are.
 */
export function revealView(target: Rect, v: View, width: number, height: number, covered: readonly Rect[] = [], margin = 24): View | null {
  const s = onScreen(target, v);
  const fits = (r: Rect) => inClearView(r, width, height, covered, margin);
  if (fits(s)) return null;
  let dx = 0, dy = 0;
  if (s.width + 2 * margin > width) dx = margin - s.x;
  else if (s.x < margin) dx = margin - s.x;
  else if (s.x + s.width > width - margin) dx = width - margin - (s.x + s.width);
  if (s.height + 2 * margin > height) dy = margin - s.y;
  else if (s.y < margin) dy = margin - s.y;
  else if (s.y + s.height > height - margin) dy = height - margin - (s.y + s.height);
  const at = (ddx: number, ddy: number) => ({ ...s, x: s.x + ddx, y: s.y + ddy });
  const moved = at(dx, dy);
  const under = covered.filter((c) => overlaps(moved, c));
  if (under.length) {
    // still under something that covers the canvas: the least further move that clears it (past
    // its side, with the margin), keeping the node in view; only when there is none, the middle
    const gap = 8;
    const tries: [number, number][] = [];
    for (const c of under)
      tries.push(
        [dx + c.x + c.width + gap - moved.x, dy],
        [dx + c.x - gap - (moved.x + moved.width), dy],
        [dx, dy + c.y + c.height + gap - moved.y],
        [dx, dy + c.y - gap - (moved.y + moved.height)],
      );
    const ok = tries.filter(([a, b]) => fits(at(a, b))).sort((p, q) => Math.hypot(p[0], p[1]) - Math.hypot(q[0], q[1]));
    [dx, dy] = ok[0] ?? [width / 2 - (s.x + s.width / 2), height / 2 - (s.y + s.height / 2)];
  }
  return { x: v.x + dx, y: v.y + dy, zoom: v.zoom };
}
