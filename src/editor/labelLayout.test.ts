import { describe, expect, it } from "vitest";
import { overlapsOf, placeLabels, wirePoint, type LabelRequest } from "./labelLayout";
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
