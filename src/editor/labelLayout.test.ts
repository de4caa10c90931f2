import { describe, expect, it } from "vitest";
import { BESIDE, labelBox, MAX_OFF, overlapsOf, placeLabels, wireGap, wirePoint, type LabelRequest } from "./labelLayout";
import fixture from "./labelLayout.fixture.json";
import type { Rect } from "./readableView";

const rectOf = (l: LabelRequest, p: { x: number; y: number }) => ({ id: l.id, x: p.x - l.width / 2, y: p.y - l.height / 2, width: l.width, height: l.height });
/** How far a point is from a wire's curve (sampled finely). */
const fromWire = (l: LabelRequest, p: { x: number; y: number }) => {
  let d = Infinity;
  for (let i = 0; i <= 200; i++) {
    const [x, y] = wirePoint(l.sx, l.sy, l.tx, l.ty, i / 200);
    d = Math.min(d, Math.hypot(x - p.x, y - p.y));
  }
  return d;
};

describe("placeLabels", () => {
  it("x·x: two wires between the same nodes get labels that do not overlap", () => {
    const nodes: Rect[] = [{ x: 0, y: 0, width: 140, height: 70 }, { x: 300, y: 0, width: 140, height: 90 }];
    const labels: LabelRequest[] = [
      { id: "a", sx: 140, sy: 40, tx: 300, ty: 45, width: 60, height: 30 },
      { id: "b", sx: 140, sy: 40, tx: 300, ty: 65, width: 60, height: 30 },
    ];
    const p = placeLabels(labels, nodes);
    expect(overlapsOf(labels.map((l) => rectOf(l, p.get(l.id)!)), nodes)).toEqual([]);
  });

  it("six wires converging on one node (Add, Mul, Div of the notebook): no label overlaps another or a node", () => {
    const target: Rect = { x: 400, y: 100, width: 140, height: 110 };
    const nodes: Rect[] = [target, ...[0, 1, 2].map((i) => ({ x: 0, y: i * 140, width: 140, height: 70 }))];
    const labels: LabelRequest[] = [0, 1, 2, 3, 4, 5].map((i) => ({ id: `e${i}`, sx: 140, sy: (i % 3) * 140 + 40, tx: 400, ty: 130 + (i % 3) * 20 + (i > 2 ? 10 : 0), width: 62, height: 30 }));
    const p = placeLabels(labels, nodes);
    expect(overlapsOf(labels.map((l) => rectOf(l, p.get(l.id)!)), nodes)).toEqual([]);
  });

  it("is stable: the same input gives the same places, whatever its order", () => {
    const nodes: Rect[] = [{ x: 0, y: 0, width: 100, height: 50 }];
    const labels: LabelRequest[] = [1, 2, 3].map((i) => ({ id: `e${i}`, sx: 100, sy: 25, tx: 400, ty: i * 60, width: 50, height: 28 }));
    expect(placeLabels([...labels].reverse(), nodes)).toEqual(placeLabels(labels, nodes));
  });

  it("wires into a collapsed group's ports, 20 apart (affine-from-matmul-add): each label sits on its own wire, not beside it on a neighbour's", () => {
    // the measured scene: x, W, b on the left, the collapsed Affine box, dout on the right
    const nodes: Rect[] = [
      { x: 0, y: 0, width: 132, height: 79 },
      { x: 0, y: 140, width: 132, height: 79 },
      { x: 0, y: 280, width: 132, height: 77 },
      { x: 260, y: 70, width: 186, height: 124 },
      { x: 820, y: 70, width: 132, height: 79 },
    ];
    const labels: LabelRequest[] = [
      { id: "ex", sx: 137, sy: 37, tx: 268, ty: 145, width: 90, height: 53 },
      { id: "eW", sx: 137, sy: 177, tx: 268, ty: 167, width: 101, height: 53 },
      { id: "eb", sx: 137, sy: 317, tx: 268, ty: 189, width: 95, height: 39 },
      { id: "eo", sx: 454, sy: 145, tx: 815, ty: 107, width: 101, height: 53 },
    ];
    const p = placeLabels(labels, nodes);
    expect(overlapsOf(labels.map((l) => rectOf(l, p.get(l.id)!)), nodes)).toEqual([]);
    for (const l of labels) {
      const at = p.get(l.id)!;
      expect(fromWire(l, at), l.id).toBeLessThan(1);
      for (const other of labels) if (other !== l) expect(fromWire(other, at), `${l.id} nearer ${other.id}'s wire`).toBeGreaterThan(fromWire(l, at));
    }
  });
});

// What the placement works from in the browser, recorded by e2e/label-fixture.mjs: every
// built-in example at 1024×768, 1280×800 and 1920×1080, the bug hunt with a Param of the wrong
// shape, and the two-layer net zoomed out to 0.44 (labels at screen size over small nodes), before
// and while stepping.

interface Case {
  name: string;
  zoom: number;
  labels: LabelRequest[];
  nodes: (Rect & { id: string })[];
}
const CASES = fixture as Case[];

/** In screen pixels: how far each shown label's box is from its own wire, once placed. */
function distances(c: Case) {
  const p = placeLabels(c.labels, c.nodes);
  return c.labels
    .filter((l) => l.width > 0)
    .map((l) => {
      const at = p.get(l.id)!;
      const g = wireGap(l, labelBox(l, at), 400);
      return { id: l.id, px: g.d / (l.unit ?? 1), at, l };
    });
}

describe("placeLabels keeps every label on its wire (UI.md: the label of a wire shows what it carries)", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s: no label is further than MAX_OFF px from its wire, and one off it has a leader line back to it", (_, c) => {
    for (const { id, px, at, l } of distances(c)) {
      expect(px, `${id}: distance to its wire`).toBeLessThanOrEqual(MAX_OFF + 0.5);
      if (px > BESIDE + 1.5) {
        expect(at.leader, `${id}: ${px.toFixed(1)} px off its wire, with no leader`).toBeDefined();
        const { x1, y1, x2, y2 } = at.leader!;
        // the leader starts on the wire and ends on the label's box
        expect(wireGap(l, { x: x1, y: y1, width: 0, height: 0 }, 400).d / (l.unit ?? 1), `${id}: leader's start on the wire`).toBeLessThan(2);
        const b = labelBox(l, at);
        expect(x2 >= b.x - 0.01 && x2 <= b.x + b.width + 0.01 && y2 >= b.y - 0.01 && y2 <= b.y + b.height + 0.01, `${id}: leader's end on the label`).toBe(true);
      } else if (px <= BESIDE + 0.5) expect(at.leader, `${id}: on its wire, with a leader`).toBeUndefined();
    }
  });

  // Zoomed out to 0.44, two-layer's screen-sized labels cannot all find a clear place near their
  // wires (three overlap, as before this placement): held as a known failure, so that a fix or a
  // regression shows
  const KNOWN_OVERLAP = new Set(["two-layer 1280×800 zoomed out"]);
  const noOverlap = (c: (typeof CASES)[number]) => {
    const p = placeLabels(c.labels, c.nodes);
    const shown = c.labels.filter((l) => l.width > 0);
    expect(overlapsOf(shown.map((l) => rectOf(l, p.get(l.id)!)), c.nodes)).toEqual([]);
  };
  it.each(CASES.filter((c) => !KNOWN_OVERLAP.has(c.name)).map((c) => [c.name, c] as const))("%s: no label overlaps another or a node", (_, c) => noOverlap(c));
  it.fails.each(CASES.filter((c) => KNOWN_OVERLAP.has(c.name)).map((c) => [c.name, c] as const))("%s: no label overlaps another or a node (known to fail)", (_, c) => noOverlap(c));

  it("the reviewer's cases sit on or right beside their wires: two-layer's Affine → Sigmoid and matmul's wire into the Output, at every size", () => {
    for (const c of CASES.filter((c) => /^(two-layer|matmul) \d/.test(c.name) && !c.name.includes("zoomed"))) {
      const d = distances(c);
      for (const id of c.name.startsWith("two-layer") ? ["ea1"] : ["e3"]) expect(d.find((x) => x.id === id)!.px, `${c.name}: ${id}`).toBeLessThanOrEqual(BESIDE + 1);
    }
  });

  it("the current step's label is placed first: where two labels want one place on their wires, it gets it", () => {
    const nodes: Rect[] = [{ x: 0, y: 0, width: 100, height: 60 }, { x: 200, y: 0, width: 100, height: 60 }];
    // two wires between the same ports: one place between the nodes for one label
    const a: LabelRequest = { id: "a", sx: 100, sy: 30, tx: 200, ty: 30, width: 80, height: 50 };
    const b: LabelRequest = { ...a, id: "b" };
    const onWire = (p: Map<string, { x: number; y: number }>, l: LabelRequest) => wireGap(l, labelBox(l, p.get(l.id)!), 400).d === 0;
    const plain = placeLabels([a, b], nodes);
    expect([onWire(plain, a), onWire(plain, b)]).toEqual([true, false]);
    const current = placeLabels([a, { ...b, first: true }], nodes);
    expect([onWire(current, a), onWire(current, b)]).toEqual([false, true]);
  });

  it("a label that shows nothing takes no room and has no leader", () => {
    const nodes: Rect[] = [{ x: 0, y: 0, width: 100, height: 60 }, { x: 108, y: 0, width: 100, height: 60 }];
    const empty: LabelRequest = { id: "a", sx: 100, sy: 30, tx: 108, ty: 30, width: 0, height: 0 };
    const other: LabelRequest = { id: "b", sx: 100, sy: 30, tx: 400, ty: 30, width: 60, height: 24 };
    const p = placeLabels([empty, other], nodes);
    expect(p.get("a")!.leader).toBeUndefined();
    expect(placeLabels([other], nodes).get("b")).toEqual(p.get("b"));
  });

  it("a wire too short for its label between two nodes: the label stays within MAX_OFF px, tied to the wire by a leader", () => {
    const nodes: Rect[] = [{ x: 0, y: 0, width: 240, height: 150 }, { x: 260, y: 0, width: 130, height: 70 }];
    const l: LabelRequest = { id: "eo", sx: 247, sy: 57, tx: 255, ty: 37, width: 80, height: 36 };
    const at = placeLabels([l], nodes).get("eo")!;
    expect(wireGap(l, labelBox(l, at), 400).d).toBeLessThanOrEqual(MAX_OFF + 0.5);
    expect(at.leader).toBeDefined();
  });
});

describe("a crowded graph of long wires", () => {
  it("past its budget of places tried, the labels left keep their wire's first point: every label still within MAX_OFF of its own wire", () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const labels: LabelRequest[] = [];
    for (let i = 0; i < 399; i++) {
      const sx = rnd() * 2000, sy = rnd() * 2000;
      labels.push({ id: `e${String(i).padStart(3, "0")}`, sx, sy, tx: sx + 300 + rnd() * 1500, ty: rnd() * 2000, width: 80, height: 34 });
    }
    const nodes = Array.from({ length: 200 }, (_, i) => ({ x: (i % 20) * 150, y: Math.floor(i / 20) * 200, width: 132, height: 87 }));
    const placed = placeLabels(labels, nodes);
    expect(placed.size).toBe(399);
    for (const l of labels) expect(wireGap(l, labelBox(l, placed.get(l.id)!)).d, l.id).toBeLessThanOrEqual(MAX_OFF + 1e-6);
  });
});
