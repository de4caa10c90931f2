import { describe, expect, it } from "vitest";
import { EXAMPLES } from "../examples";
import type { GraphDoc } from "../engine/graph";
import { layeredLayout } from "./layered";
import { autoLayout, ELK_LIMIT, layoutDoc } from "./layout";

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

describe("layout past what elkjs handles", () => {
  /** a chain of n nodes with a side input every few, and no positions */
  const big = (n: number): GraphDoc => {
    const nodes: GraphDoc["nodes"] = [{ id: "x0", type: "Input", data: {} }];
    const edges: GraphDoc["edges"] = [];
    for (let i = 1; i < n; i++) {
      nodes.push({ id: `n${i}`, type: i % 3 ? "Tanh" : "Add", data: {} });
      const prev = i === 1 ? "x0" : `n${i - 1}`;
      edges.push({ id: `e${i}a`, source: prev, target: `n${i}`, targetHandle: i % 3 ? "x" : "a" });
      if (i % 3 === 0) edges.push({ id: `e${i}b`, source: "x0", target: `n${i}`, targetHandle: "b" });
    }
    return { format: "gradflow", version: 1, nodes, edges };
  };

  it("places 10,000 nodes by depth, left to right as values flow, and says why", async () => {
    const doc = big(10_000);
    const seen: number[] = [];
    const layout = await layoutDoc(doc, (done) => seen.push(done));
    expect(layout.method).toBe("depth");
    expect(layout.note).toBe(`10,000 nodes are more than elkjs lays out (at most ${ELK_LIMIT.toLocaleString("en-US")})`);
    expect(layout.positions.size).toBe(10_000);
    for (const e of doc.edges) expect(layout.positions.get(e.source)!.x).toBeLessThan(layout.positions.get(e.target)!.x);
    expect(seen.at(-1)).toBe(10_000);
  });

  it("no two nodes share a place, and a graph with no edges is one column", () => {
    const doc = big(300);
    const pos = layeredLayout(doc.nodes, doc.edges);
    expect(new Set([...pos.values()].map((p) => `${p.x},${p.y}`)).size).toBe(300);
    const alone = layeredLayout([{ id: "a" }, { id: "b" }], []);
    expect([...alone.values()].map((p) => p.x)).toEqual([0, 0]);
  });

  it("a cycle does not stop it", () => {
    const pos = layeredLayout([{ id: "a" }, { id: "b" }, { id: "c" }], [{ source: "a", target: "b" }, { source: "b", target: "a" }, { source: "b", target: "c" }]);
    expect(pos.size).toBe(3);
  });
});
