import { describe, expect, it } from "vitest";
import { overlapsOf, placeLabels, type LabelRequest } from "./labelLayout";
import type { Rect } from "./readableView";

const rectOf = (l: LabelRequest, p: { x: number; y: number }) => ({ id: l.id, x: p.x - l.width / 2, y: p.y - l.height / 2, width: l.width, height: l.height });

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
});
