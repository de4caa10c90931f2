import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { validateGraph } from "../engine/format";
import type { GraphDoc } from "../engine/graph";
import { addNode, connect, copyItems, emptyDoc, freshId, nodeName, paste, removeItems, sameComputation, setNodeData, moveNodes } from "./doc";

function xy(): GraphDoc {
  let d = emptyDoc("xy");
  for (const t of ["Input", "Input", "Mul"]) d = addNode(d, t, { x: 0, y: 0 }).doc;
  const [a, b, m] = d.nodes.map((n) => n.id);
  d = connect(d, { source: a, target: m, targetHandle: "a" }) as GraphDoc;
  return connect(d, { source: b, target: m, targetHandle: "b" }) as GraphDoc;
}

describe("document edits", () => {
  it("names new nodes after their op and never reuses an id", () => {
    expect(freshId("mul", new Set())).toBe("mul");
    expect(freshId("mul", new Set(["mul", "mul2"]))).toBe("mul3");
    expect(freshId("matmul", new Set())).toBe("matmul");
    expect(freshId("W", new Set(["W"]))).toBe("W2");
    const d = xy();
    expect(d.nodes.map((n) => n.id)).toEqual(["x", "y", "mul"]);
    expect(new Set(d.edges.map((e) => e.id)).size).toBe(2);
  });

  it("names nodes as the notebooks do: relu, loss, W then W2; a node made for a port after the port (t, b)", () => {
    const none = new Set<string>();
    expect(nodeName("ReLU", none)).toBe("relu");
    expect(nodeName("SoftmaxWithLoss", none)).toBe("loss");
    expect(nodeName("MSELoss", new Set(["loss"]))).toBe("loss2");
    expect(nodeName("MatMul", none)).toBe("matmul");
    expect(nodeName("Param", none)).toBe("W");
    expect(nodeName("Param", new Set(["W", "b"]))).toBe("W2");
    expect(nodeName("Param", new Set(["W"]), "b")).toBe("b");
    expect(nodeName("Param", new Set(["W", "b", "W2"]), "b")).toBe("b2");
    expect(nodeName("Input", new Set(["x"]), "t")).toBe("t");
    expect(nodeName("Input", new Set(["x", "y", "z"]))).toBe("x2");
    // a port name only names a source: an op made to feed x keeps its own name
    expect(nodeName("Tanh", none, "x")).toBe("tanh");
  });

  it("gives a new node its op's default parameters, with a seed for random ones", () => {
    const { doc, id } = addNode(emptyDoc(), "Param", { x: 1.4, y: 2.6 });
    const n = doc.nodes.find((x) => x.id === id)!;
    expect(n.position).toEqual({ x: 1, y: 3 });
    expect(n.data.value).toMatchObject({ init: "randn", shape: [2, 2] });
    expect(typeof (n.data.value as { seed: number }).seed).toBe("number");
    expect(() => validateGraph(doc)).not.toThrow();
  });

  it("lets an input take one wire: a new wire replaces the old one", () => {
    let d = xy();
    d = addNode(d, "Input", { x: 0, y: 0 }).doc;
    d = connect(d, { source: "z", target: "mul", targetHandle: "a" }) as GraphDoc;
    expect(d.edges.filter((e) => e.target === "mul" && e.targetHandle === "a").map((e) => e.source)).toEqual(["z"]);
    expect(d.edges).toHaveLength(2);
  });

  it("refuses a wire that closes a cycle, naming the nodes on it", () => {
    let d = xy();
    d = addNode(d, "Tanh", { x: 0, y: 0 }).doc;
    d = connect(d, { source: "mul", target: "tanh", targetHandle: "x" }) as GraphDoc;
    const r = connect(d, { source: "tanh", target: "mul", targetHandle: "a" });
    expect(r).toMatch(/cycle \(tanh → mul → tanh\)/);
    expect(connect(d, { source: "mul", target: "mul", targetHandle: "a" })).toMatch(/cycle/);
  });

  it("refuses wires from an Output and into ports that do not exist", () => {
    let d = xy();
    d = addNode(d, "Output", { x: 0, y: 0 }).doc;
    expect(connect(d, { source: "output", target: "mul", targetHandle: "a" })).toMatch(/no output/);
    expect(connect(d, { source: "x", target: "mul", targetHandle: "W" })).toMatch(/no input "W"/);
    expect(connect(d, { source: "ghost", target: "mul", targetHandle: "a" })).toMatch(/no longer exists/);
  });

  it("removes a node's wires with it", () => {
    const d = removeItems(xy(), ["x"]);
    expect(d.nodes.map((n) => n.id)).toEqual(["y", "mul"]);
    expect(d.edges.map((e) => e.source)).toEqual(["y"]);
    expect(removeItems(xy(), [], [xy().edges[0].id]).edges).toHaveLength(1);
  });

  it("copies the selected nodes with the wires between them, and pastes them with fresh ids", () => {
    const d = xy();
    const clip = copyItems(d, ["x", "mul"])!;
    expect(clip.edges).toHaveLength(1);
    const r = paste(d, clip, { x: 40, y: 40 });
    expect(r.ids).toEqual(["x2", "mul2"]);
    expect(r.doc.edges.at(-1)).toMatchObject({ source: "x2", target: "mul2", targetHandle: "a" });
    expect(() => validateGraph(r.doc)).not.toThrow();
    expect(copyItems(d, [])).toBeNull();
  });

  it("treats ids like __proto__ as ordinary ids", () => {
    let d: GraphDoc = { ...emptyDoc(), nodes: [{ id: "__proto__", type: "Input", position: { x: 0, y: 0 }, data: { value: 2 } }, { id: "toString", type: "Tanh", position: { x: 0, y: 0 }, data: {} }] };
    d = connect(d, { source: "__proto__", target: "toString", targetHandle: "x" }) as GraphDoc;
    expect(d.edges[0]).toMatchObject({ source: "__proto__", target: "toString" });
    const r = paste(d, copyItems(d, ["__proto__", "toString"])!, { x: 0, y: 0 });
    expect(() => validateGraph(r.doc)).not.toThrow();
  });

  it("tells a move from a change of the computation", () => {
    const d = xy();
    expect(sameComputation(d, moveNodes(d, new Map([["x", { x: 5, y: 5 }]])))).toBe(true);
    expect(sameComputation(d, setNodeData(d, "x", "value", 3))).toBe(false);
    expect(setNodeData(setNodeData(d, "x", "label", "a"), "x", "label", undefined).nodes[0].data).not.toHaveProperty("label");
  });

  it("keeps every document valid under any sequence of edits (property)", () => {
    const ops = ["Input", "Param", "Add", "Mul", "Tanh", "MatMul", "Sum", "Output"];
    const action = fc.oneof(
      fc.record({ kind: fc.constant("add" as const), op: fc.constantFrom(...ops) }),
      fc.record({ kind: fc.constant("wire" as const), s: fc.nat(), t: fc.nat(), p: fc.nat() }),
      fc.record({ kind: fc.constant("remove" as const), i: fc.nat() }),
      fc.record({ kind: fc.constant("paste" as const), i: fc.nat(), j: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(action, { maxLength: 40 }), (actions) => {
        let d = emptyDoc();
        for (const a of actions) {
          const n = d.nodes.length;
          if (a.kind === "add") d = addNode(d, a.op, { x: 0, y: 0 }).doc;
          else if (!n) continue;
          else if (a.kind === "wire") {
            const t = d.nodes[a.t % n];
            const ports: Record<string, string[]> = { Add: ["a", "b"], Mul: ["a", "b"], Tanh: ["x"], MatMul: ["x", "W"], Sum: ["x"], Output: ["x"] };
            const p = ports[t.type];
            if (!p) continue;
            const r = connect(d, { source: d.nodes[a.s % n].id, target: t.id, targetHandle: p[a.p % p.length] });
            if (typeof r !== "string") d = r;
          } else if (a.kind === "remove") d = removeItems(d, [d.nodes[a.i % n].id]);
          else d = paste(d, copyItems(d, [d.nodes[a.i % n].id, d.nodes[a.j % n].id])!, { x: 10, y: 10 }).doc;
          validateGraph(JSON.parse(JSON.stringify(d)));
        }
      }),
      { numRuns: 150 },
    );
  });
});
