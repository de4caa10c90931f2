import { describe, expect, it } from "vitest";
import { EXAMPLES } from "../examples";
import { autoLayout } from "./layout";

describe("auto layout", () => {
  it("follows port order: the sources of an Affine come out x, W, b from the top", async () => {
    for (const id of ["affine", "linear-relu-celoss"]) {
      const ex = EXAMPLES.find((e) => e.id === id)!;
      const doc = { ...ex.doc, nodes: ex.doc.nodes.map(({ position: _p, ...n }) => n) };
      const pos = await autoLayout(doc);
      const affine = doc.nodes.find((n) => n.type === "Affine")!.id;
      const feeding = ["x", "W", "b"].map((port) => doc.edges.find((e) => e.target === affine && e.targetHandle === port)!.source);
      const ys = feeding.map((s) => pos.get(s)!.y);
      expect(ys, `${id}: ${feeding.join(", ")}`).toEqual([...ys].sort((a, b) => a - b));
      // left to right as values flow
      for (const e of doc.edges) expect(pos.get(e.source)!.x, e.id).toBeLessThan(pos.get(e.target)!.x);
    }
  });
});
