// Where each edge's label sits so that no label covers another label or a node (UI.md,
// "Readable at every size"). Each label slides along its own wire: it tries points from past the
// middle (where wires of one output have parted) outwards, and above and below the wire, and takes
// the first that is clear; where none is, the least covered. Pure geometry, tested without a browser.
import type { Rect } from "./readableView";

export interface LabelRequest {
  id: string;
  /** the wire's ends (flow coordinates): the source's `out` port and the target's input port */
  sx: number;
  sy: number;
  tx: number;
  ty: number;
  /** the label's size in flow units; 0 × 0 for a label that shows nothing (it takes no room) */
  width: number;
  height: number;
}

export interface Placed {
  x: number;
  y: number;
}

/** React Flow's control offset for a bezier edge (curvature 0.25), left-to-right ports. */
const controlOffset = (d: number) => (d >= 0 ? 0.5 * d : 0.25 * 25 * Math.sqrt(-d));

/** A point of the wire's bezier curve at parameter t (React Flow's default edge path). */
export function wirePoint(sx: number, sy: number, tx: number, ty: number, t: number): [number, number] {
  const o = controlOffset(tx - sx);
  const u = 1 - t;
  const b0 = u * u * u, b1 = 3 * u * u * t, b2 = 3 * u * t * t, b3 = t * t * t;
  return [b0 * sx + b1 * (sx + o) + b2 * (tx - o) + b3 * tx, (b0 + b1) * sy + (b2 + b3) * ty];
}

/** Where along the wire to try, best first: past the middle, where the wires of one output have parted. */
const ALONG = [0.62, 0.5, 0.74, 0.4, 0.84, 0.3, 0.9, 0.2];
/** and off the wire, in label heights */
const ACROSS = [0, -0.75, 0.75, -1.5, 1.5];
/** Beyond this many labels, the quadratic search costs more than a frame: labels keep their first point. */
export const MAX_PLACED = 400;

const overlap = (a: Rect, b: Rect) => Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));

/** Label centres by edge id. `gap`: the clearance kept around every label, in flow units. */
export function placeLabels(labels: readonly LabelRequest[], nodes: readonly Rect[], gap = 3): Map<string, Placed> {
  const out = new Map<string, Placed>();
  const placed: Rect[] = [];
  const quick = labels.length > MAX_PLACED;
  // a stable order: the file's ids, so a layout does not change when nothing moved
  const order = [...labels].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const l of order) {
    // a label that shows nothing takes no room
    if (!(l.width > 0 && l.height > 0)) {
      const [x, y] = wirePoint(l.sx, l.sy, l.tx, l.ty, ALONG[0]);
      out.set(l.id, { x, y });
      continue;
    }
    let best: Placed | null = null, bestCost = Infinity;
    for (const t of quick ? [ALONG[0]] : ALONG) {
      const [cx, cy] = wirePoint(l.sx, l.sy, l.tx, l.ty, t);
      for (const k of quick ? [0] : ACROSS) {
        const y = cy + k * l.height;
        const r = { x: cx - l.width / 2 - gap, y: y - l.height / 2 - gap, width: l.width + 2 * gap, height: l.height + 2 * gap };
        let cost = 0;
        // covering a node is worse than touching another label; moving off the wire costs a little
        for (const n of nodes) cost += 4 * overlap(r, n);
        for (const p of placed) cost += overlap(r, p);
        cost += Math.abs(k) * 0.01 + Math.abs(t - ALONG[0]) * 0.001;
        if (cost < bestCost) [best, bestCost] = [{ x: cx, y }, cost];
        if (cost < 1) break;
      }
      if (bestCost < 1) break;
    }
    out.set(l.id, best!);
    placed.push({ x: best!.x - l.width / 2 - gap, y: best!.y - l.height / 2 - gap, width: l.width + 2 * gap, height: l.height + 2 * gap });
  }
  return out;
}

/** Does any of these labels (centres and sizes) overlap another or a node? For tests and the e2e check. */
export function overlapsOf(labels: readonly (Rect & { id: string })[], nodes: readonly Rect[]): string[] {
  const bad: string[] = [];
  labels.forEach((a, i) => {
    if (nodes.some((n) => overlap(a, n) > 0.5) || labels.some((b, j) => j !== i && overlap(a, b) > 0.5)) bad.push(a.id);
  });
  return bad;
}
