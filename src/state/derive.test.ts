import { describe, expect, it } from "vitest";
import type { GraphDoc } from "../engine/graph";
import type { Reveal } from "../teach/steps";
import { moveNodes, setNodeData } from "./doc";
import { deriveView, runDoc, sameTensor } from "./derive";

const t = (shape: number[], data: number[]) => ({ shape, data: Float64Array.from(data) });

/** x, y → Mul → Tanh, and z → Tanh (a part the edits below do not touch) */
const doc: GraphDoc = {
  format: "gradflow",
  version: 1,
  name: "t",
  nodes: [
    { id: "x", type: "Input", position: { x: 0, y: 0 }, data: { value: [[1, 2]] } },
    { id: "y", type: "Input", position: { x: 0, y: 100 }, data: { value: [[3, 4]] } },
    { id: "m", type: "Mul", position: { x: 200, y: 0 }, data: {} },
    { id: "h", type: "Tanh", position: { x: 400, y: 0 }, data: {} },
    { id: "z", type: "Input", position: { x: 0, y: 200 }, data: { value: 0.5 } },
    { id: "hz", type: "Tanh", position: { x: 200, y: 200 }, data: {} },
  ],
  edges: [
    { id: "ex", source: "x", sourceHandle: "out", target: "m", targetHandle: "a" },
    { id: "ey", source: "y", sourceHandle: "out", target: "m", targetHandle: "b" },
    { id: "em", source: "m", sourceHandle: "out", target: "h", targetHandle: "x" },
    { id: "ez", source: "z", sourceHandle: "out", target: "hz", targetHandle: "x" },
  ],
};
const derive = (d: GraphDoc) => deriveView(d, runDoc(d), null);

describe("sameTensor", () => {
  it("compares shape and numbers, NaN equal to NaN", () => {
    expect(sameTensor(t([2], [1, NaN]), t([2], [1, NaN]))).toBe(true);
    expect(sameTensor(t([2], [1, 2]), t([2], [1, 3]))).toBe(false);
    expect(sameTensor(t([1, 2], [1, 2]), t([2, 1], [1, 2]))).toBe(false);
    expect(sameTensor(t([2], [1, 2]), t([1, 2], [1, 2]))).toBe(false);
    expect(sameTensor(null, t([1], [1]))).toBe(false);
    expect(sameTensor(null, null)).toBe(true);
  });
});

describe("deriveView keeps unchanged views identical", () => {
  it("hands out the same view objects after a re-run with the same numbers", () => {
    const a = derive(doc);
    const again = setNodeData(doc, "x", "value", [[1, 2]]);
    const b = derive(again);
    expect(b.program).not.toBe(a.program);
    for (const id of ["x", "y", "m", "h", "z", "hz"]) expect(b.nodes.get(id)).toBe(a.nodes.get(id));
    for (const id of ["ex", "ey", "em", "ez"]) expect(b.edges.get(id)).toBe(a.edges.get(id));
  });

  it("renews exactly the views whose numbers changed", () => {
    const a = derive(doc);
    // x·y = [3, 8]; with x = [1, 5]: [3, 20]. dL/dy = dL/dm ⊙ x changes, and so does everything downstream of m
    const b = derive(setNodeData(doc, "x", "value", [[1, 5]]));
    for (const id of ["x", "y", "m", "h"]) expect(b.nodes.get(id)).not.toBe(a.nodes.get(id));
    for (const id of ["ex", "ey", "em"]) expect(b.edges.get(id)).not.toBe(a.edges.get(id));
    expect(b.nodes.get("z")).toBe(a.nodes.get("z"));
    expect(b.nodes.get("hz")).toBe(a.nodes.get("hz"));
    expect(b.edges.get("ez")).toBe(a.edges.get("ez"));
    expect([...b.nodes.get("m")!.value!.data]).toEqual([3, 20]);
  });

  it("renews a view whose error or stepping marks changed, and keeps it after a move", () => {
    const a = derive(doc);
    const broken = derive({ ...doc, edges: doc.edges.filter((e) => e.id !== "ey") });
    expect(broken.nodes.get("m")!.error).toBe("missing input b");
    expect(broken.nodes.get("m")).not.toBe(a.nodes.get("m"));
    expect(broken.nodes.get("z")).toBe(a.nodes.get("z"));
    const c = derive(doc);
    const run = runDoc(doc);
    const moved = moveNodes(doc, new Map([["m", { x: 250, y: 10 }]]));
    const d = deriveView(moved, run, null);
    expect(d.nodes.get("m")).toBe(c.nodes.get("m"));
    const reveal: Reveal = { current: "x", phase: "forward", values: new Set(), grads: new Set(), nodesWithValue: new Set(["x"]), nodesWithGrad: new Set(), badge: new Map([["x", 1]]) };
    const hidden = deriveView(moved, run, reveal);
    expect(hidden.nodes.get("m")!.value).toBeNull();
    expect(hidden.nodes.get("x")).not.toBe(d.nodes.get("x"));
    expect(hidden.nodes.get("x")!.badge).toBe(1);
  });
});
