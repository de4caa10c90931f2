import { describe, expect, it } from "vitest";
import { compile } from "../engine/executor";
import { validateGraph } from "../engine/format";
import type { GraphDoc } from "../engine/graph";
import { addNode, connect, emptyDoc, removeItems } from "./doc";
import { align, crossing, distribute, duplicate, group, insertOnEdge, placeNode, removeKeepingWire, ungroup, updateGroup } from "./edit";

const sizes = new Map<string, { width: number; height: number }>();

function chain(): GraphDoc {
  let d = emptyDoc("chain");
  d = addNode(d, "Input", { x: 0, y: 0 }).doc;
  d = addNode(d, "Tanh", { x: 300, y: 0 }).doc;
  d = addNode(d, "Exp", { x: 600, y: 0 }).doc;
  d = connect(d, { source: "x", target: "tanh", targetHandle: "x" }) as GraphDoc;
  return connect(d, { source: "tanh", target: "exp", targetHandle: "x" }) as GraphDoc;
}

describe("editing gestures", () => {
  it("a new node goes right of the selected node, never on top of another", () => {
    const d = chain();
    const p = placeNode(d, sizes, { x: 0, y: 0 }, "x");
    expect(p.x).toBeGreaterThan(150);
    // tanh is at 300, right where a node after x would go: the new one moves down
    const overlapping = d.nodes.some((n) => Math.abs(n.position!.x - p.x) < 150 && Math.abs(n.position!.y - p.y) < 80);
    expect(overlapping).toBe(false);
  });

  it("duplicate copies the nodes and the wires among them", () => {
    const d = chain();
    const r = duplicate(d, ["tanh", "exp"])!;
    expect(r.ids).toHaveLength(2);
    expect(r.doc.edges).toHaveLength(3);
    const copied = r.doc.edges.filter((e) => r.ids.includes(e.source) && r.ids.includes(e.target));
    expect(copied).toHaveLength(1);
  });

  it("align and distribute", () => {
    let d = chain();
    d = { ...d, nodes: d.nodes.map((n, i) => ({ ...n, position: { x: n.position!.x + i * 7, y: i * 50 } })) };
    const a = align(d, ["x", "tanh", "exp"], "top", sizes);
    expect(new Set(a.nodes.map((n) => n.position!.y))).toEqual(new Set([0]));
    const spread = { ...d, nodes: d.nodes.map((n, i) => ({ ...n, position: { x: [0, 100, 900][i], y: 0 } })) };
    const r = distribute(spread, ["x", "tanh", "exp"], "horizontal", sizes);
    const xs = r.nodes.map((n) => n.position!.x);
    expect(xs[1] - xs[0]).toBe(xs[2] - xs[1]);
  });

  it("a node dropped on a wire is spliced into it, the ports chosen by the registry", () => {
    const r = insertOnEdge(chain(), chain().edges[0].id, "Sigmoid", { x: 150, y: 0 });
    if (typeof r === "string") throw new Error(r);
    expect(r.doc.edges.map((e) => `${e.source}>${e.target}.${e.targetHandle}`).sort()).toEqual([`sigmoid>tanh.x`, "tanh>exp.x", `x>sigmoid.x`].sort());
    const p = compile(validateGraph(r.doc)).run();
    expect(p.value("exp")!.data[0]).toBeCloseTo(Math.exp(Math.tanh(1 / (1 + Math.exp(-1)))), 15);
    expect(insertOnEdge(chain(), chain().edges[0].id, "Input", { x: 0, y: 0 })).toMatch(/takes no input/);
  });

  it("deleting a node can keep the wire through it", () => {
    const d = removeKeepingWire(chain(), "tanh");
    if (typeof d === "string") throw new Error(d);
    expect(d.edges.map((e) => `${e.source}>${e.target}`)).toEqual(["x>exp"]);
    expect(removeKeepingWire(chain(), "x")).toMatch(/0 wires in/);
  });

  it("groups: frame, rename, collapse, the wires that cross, and a removed node leaves its group", () => {
    const g = group(chain(), ["tanh", "exp"], "layer");
    if (typeof g === "string") throw new Error(g);
    expect(g.doc.groups).toEqual([{ id: "g1", label: "layer", nodes: ["tanh", "exp"], collapsed: false }]);
    expect(crossing(g.doc, "g1")).toEqual({ into: [g.doc.edges[0].id], out: [] });
    const c = updateGroup(g.doc, "g1", { collapsed: true, label: "a layer" });
    expect(c.groups![0]).toMatchObject({ collapsed: true, label: "a layer" });
    // the file reader takes it, and the engine ignores it
    expect(validateGraph(c).groups).toEqual(c.groups);
    expect(removeItems(c, ["tanh"]).groups![0].nodes).toEqual(["exp"]);
    expect(removeItems(c, ["tanh", "exp"]).groups).toBeUndefined();
    expect(ungroup(c, "g1").groups).toBeUndefined();
    // a node moves into the new group from the old one
    const again = group(c, ["exp"], "second");
    if (typeof again === "string") throw new Error(again);
    expect(again.doc.groups!.map((x) => x.nodes)).toEqual([["tanh"], ["exp"]]);
  });
});

import { paramValuesFor } from "./edit";
describe("a layer's Params, shaped from the registry's port docs", () => {
  it("Affine after x (5, 10): W (10, 10) and b (10,)", () => {
    const v = paramValuesFor("Affine", new Map([["x", [5, 10]]]));
    expect(v.get("W")).toEqual({ init: "randn", shape: [10, 10], scale: Math.sqrt(1 / 10) });
    expect(v.get("b")).toEqual({ init: "zeros", shape: [10] });
  });
  it("RNN: Wx (D, H), Wh (H, H), b (H,) from x and h_prev", () => {
    const v = paramValuesFor("RNN", new Map([["x", [2, 3]], ["h_prev", [2, 4]]]));
    expect([...v.keys()]).toEqual(["Wx", "Wh", "b"]);
    expect((v.get("Wx") as { shape: number[] }).shape).toEqual([3, 4]);
    expect((v.get("Wh") as { shape: number[] }).shape).toEqual([4, 4]);
    expect((v.get("b") as { shape: number[] }).shape).toEqual([4]);
  });
  it("ops without layer ports get none", () => {
    expect(paramValuesFor("Mul", new Map()).size).toBe(0);
  });
});
