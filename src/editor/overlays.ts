// What covers the canvas: the graph's title (top left), the zoom controls (bottom left) and the
// minimap (bottom right), each marked with the class `gf-overlay`. The camera keeps the node it
// brings into view (the current step, a lesson's highlights) clear of them, in screen pixels
// relative to the canvas element.
import type { Rect } from "./readableView";

export const OVERLAY = "gf-overlay";

/** The rectangles of everything over the canvas `pane`, relative to its top left corner. */
export function coveredRects(pane: HTMLElement): Rect[] {
  const box = pane.getBoundingClientRect();
  const scope = pane.parentElement ?? pane;
  const out: Rect[] = [];
  for (const el of scope.querySelectorAll<HTMLElement>(`.${OVERLAY}`)) {
    const r = el.getBoundingClientRect();
    if (r.width && r.height) out.push({ x: r.x - box.x, y: r.y - box.y, width: r.width, height: r.height });
  }
  return out;
}

export interface Sides {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/**
 * Room to keep free on each side of a `width` × `height` canvas so that a fitted view stays clear
 * of `covered`: each overlay claims the side it hugs (the title the top, the zoom controls the left,
 * the minimap the bottom), plus `gap`; every side at least `min`.
 */
export function clearSides(covered: readonly Rect[], width: number, height: number, min = 24, gap = 8): Sides {
  const sides: Sides = { top: min, right: min, bottom: min, left: min };
  for (const c of covered) {
    const claims: [keyof Sides, number][] = [
      ["top", c.y + c.height],
      ["bottom", height - c.y],
      ["left", c.x + c.width],
      ["right", width - c.x],
    ];
    const [side, depth] = claims.reduce((a, b) => (b[1] < a[1] ? b : a));
    sides[side] = Math.max(sides[side], depth + gap);
  }
  return sides;
}
