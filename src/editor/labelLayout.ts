// Where each edge's label sits so that no label covers another label or a node (UI.md,
// "Readable at every size"), and so that it stays on its own wire: in a crowded graph a label a
// label-height away from its wire reads as another wire's. Each label slides along its own wire
// (from past the middle, where wires of one output have parted, outwards) and takes the first
// clear place in this order: on the wire anywhere along it, then right beside it (its edge BESIDE
// pixels from the wire), then a little further off (at most MAX_OFF pixels) with a leader line
// back to the wire, as diagram editors do with a label moved off its edge. Where nothing is clear,
// the least covered of those places: a label never floats further than MAX_OFF from its wire.
// Pure geometry, tested without a browser.
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
  /** flow units per pixel of the label: 1 at zoom 1 and above, 1 / zoom below (labels are drawn at screen size) */
  unit?: number;
  /** placed before the others, so it gets the best place (the current step's label) */
  first?: boolean;
}

export interface Leader {
  /** on the wire */
  x1: number;
  y1: number;
  /** on the label's box */
  x2: number;
  y2: number;
}

export interface Placed {
  x: number;
  y: number;
  /** when the label sits off its wire: a line from the wire to the label's box (flow coordinates) */
  leader?: Leader;
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
const ALONG = [0.62, 0.5, 0.74, 0.4, 0.84, 0.3, 0.9, 0.2, 0.95, 0.1, 0.05];
/** A label beside its wire keeps this many pixels from it; */
export const BESIDE = 2;
/** one that cannot be on or beside it is at most this many pixels away, with a leader line. */
export const MAX_OFF = 28;
/** Beyond this many labels, the quadratic search costs more than a frame: labels keep their first point. */
export const MAX_PLACED = 400;
/**
 * And however many there are, the search stops trying places once it has compared this many
 * rectangles (about 12 ms here, at 8 ns a comparison): the labels after that keep their first
 * point. 400 long wires crossing 400 nodes, where few labels find a clear place, made 20 million
 * comparisons (160 ms a layout, on every frame of a drag); now 14–17 ms.
 */
export const MAX_WORK = 1_500_000;

/**
 * The places tried around a point of the wire, nearest first: tiers of offsets of the label's
 * centre. Tier 0 holds the wire's point inside the label; tier 1 puts the label's side or corner
 * BESIDE pixels from it (above, below, left, right, then the four corners); the later tiers step
 * off up to MAX_OFF. `u`: flow units per pixel.
 */
function tiers(w: number, h: number, u: number): [number, number][][] {
  const around = (px: number): [number, number][] => {
    const d = px * u, c = d / Math.SQRT2;
    return [
      [0, -(h / 2 + d)],
      [0, h / 2 + d],
      [-(w / 2 + d), 0],
      [w / 2 + d, 0],
      [-(w / 2 + c), -(h / 2 + c)],
      [w / 2 + c, -(h / 2 + c)],
      [-(w / 2 + c), h / 2 + c],
      [w / 2 + c, h / 2 + c],
    ];
  };
  return [
    [
      [0, 0],
      [0, -0.3 * h],
      [0, 0.3 * h],
    ],
    around(BESIDE),
    around(BESIDE + 8),
    around(BESIDE + 16),
    around(MAX_OFF),
  ];
}

const overlap = (a: Rect, b: Rect) => Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));

/** The point of a box nearest to (x, y). */
const nearestIn = (b: Rect, x: number, y: number): [number, number] => [Math.min(Math.max(x, b.x), b.x + b.width), Math.min(Math.max(y, b.y), b.y + b.height)];

/** The nearest points of a box and of the wire, and their distance, in flow units: the wire sampled, then looked at closer around its nearest sample. */
export function wireGap(l: Pick<LabelRequest, "sx" | "sy" | "tx" | "ty">, box: Rect, samples = 48): { d: number; wire: [number, number]; box: [number, number] } {
  let best = { d: Infinity, t: 0, wire: [0, 0] as [number, number], box: [0, 0] as [number, number] };
  const at = (t: number) => {
    const w = wirePoint(l.sx, l.sy, l.tx, l.ty, t);
    const b = nearestIn(box, w[0], w[1]);
    const d = Math.hypot(w[0] - b[0], w[1] - b[1]);
    if (d < best.d) best = { d, t, wire: w, box: b };
  };
  for (let i = 0; i <= samples; i++) at(i / samples);
  const t0 = best.t;
  for (let i = -16; i <= 16; i++) at(Math.min(1, Math.max(0, t0 + i / (16 * samples))));
  return { d: best.d, wire: best.wire, box: best.box };
}

/** The label's box (without the clearance) at a centre. */
export const labelBox = (l: Pick<LabelRequest, "width" | "height">, p: { x: number; y: number }): Rect => ({ x: p.x - l.width / 2, y: p.y - l.height / 2, width: l.width, height: l.height });

/** Label centres by edge id. `gap`: the clearance kept around every label, in flow units. */
export function placeLabels(labels: readonly LabelRequest[], nodes: readonly Rect[], gap = 3): Map<string, Placed> {
  const out = new Map<string, Placed>();
  const placed: Rect[] = [];
  const quick = labels.length > MAX_PLACED;
  let work = 0;
  // a stable order: the one placed first, then the file's ids, so a layout does not change when nothing moved
  const order = [...labels].sort((a, b) => (!!a.first !== !!b.first ? (a.first ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const l of order) {
    const u = l.unit ?? 1;
    // a label that shows nothing takes no room
    if (!(l.width > 0 && l.height > 0)) {
      const [x, y] = wirePoint(l.sx, l.sy, l.tx, l.ty, ALONG[0]);
      out.set(l.id, { x, y });
      continue;
    }
    // only what is near the wire can be in the way
    const reach = (l.width + l.height) / 2 + MAX_OFF * u + gap;
    const near: Rect = { x: Math.min(l.sx, l.tx) - reach, y: Math.min(l.sy, l.ty) - reach, width: Math.abs(l.tx - l.sx) + 2 * reach, height: Math.abs(l.ty - l.sy) + 2 * reach };
    const nodesNear = nodes.filter((n) => overlap(near, n) > 0), placedNear = placed.filter((q) => overlap(near, q) > 0);
    let best: Placed | null = null, bestCost = Infinity;
    // past MAX_PLACED labels, or MAX_WORK comparisons, a label takes its wire's first point
    const few = quick || work > MAX_WORK;
    const points = (few ? [ALONG[0]] : ALONG).map((t) => ({ t, p: wirePoint(l.sx, l.sy, l.tx, l.ty, t) }));
    let bestTier = 0;
    search: for (const [tier, offsets] of (few ? [[[0, 0] as [number, number]]] : tiers(l.width, l.height, u)).entries()) {
      for (const { t, p } of points) {
        for (const [dx, dy] of offsets) {
          work += nodesNear.length + placedNear.length + 1;
          const x = p[0] + dx, y = p[1] + dy;
          const r = { x: x - l.width / 2 - gap, y: y - l.height / 2 - gap, width: l.width + 2 * gap, height: l.height + 2 * gap };
          let cost = 0;
          // covering a node is worse than touching another label; moving off the wire costs a little
          for (const n of nodesNear) cost += 4 * overlap(r, n);
          for (const q of placedNear) cost += overlap(r, q);
          cost += tier * 0.01 + Math.abs(t - ALONG[0]) * 0.001;
          if (cost < bestCost) [best, bestCost, bestTier] = [{ x, y }, cost, tier];
          if (cost < 1) break search;
        }
      }
    }
    const at = best!;
    // off the wire (a place of tier 2 on: on it or right beside it needs none): a leader line from the wire's nearest point to the label
    if (bestTier >= 2) {
      const g = wireGap(l, labelBox(l, at));
      if (g.d > (BESIDE + 1) * u) at.leader = { x1: g.wire[0], y1: g.wire[1], x2: g.box[0], y2: g.box[1] };
    }
    out.set(l.id, at);
    placed.push({ x: at.x - l.width / 2 - gap, y: at.y - l.height / 2 - gap, width: l.width + 2 * gap, height: l.height + 2 * gap });
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
