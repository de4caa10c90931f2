import { afterEach, describe, expect, it } from "vitest";
import { gradCheck } from "./gradcheck";
import { validateGraph } from "./format";
import { getOp } from "./ops";
import type { OpSpec } from "./ops/types";

/** x → Affine(W, b) → Sigmoid → MSELoss(t) */
function layer(size = 3) {
  return validateGraph({
    format: "gradflow",
    version: 1,
    nodes: [
      { id: "x", type: "Input", data: { value: { init: "randn", shape: [4, size], seed: 3 } } },
      { id: "W", type: "Param", data: { value: { init: "randn", shape: [size, 2], seed: 4 } } },
      { id: "b", type: "Param", data: { value: [0.1, -0.2] } },
      { id: "t", type: "Input", data: { value: { init: "rand", shape: [4, 2], seed: 5 } } },
      { id: "a", type: "Affine", data: {} },
      { id: "s", type: "Sigmoid", data: {} },
      { id: "L", type: "MSELoss", data: {} },
    ],
    edges: [
      { id: "e1", source: "x", target: "a", targetHandle: "x" },
      { id: "e2", source: "W", target: "a", targetHandle: "W" },
      { id: "e3", source: "b", target: "a", targetHandle: "b" },
      { id: "e4", source: "a", target: "s", targetHandle: "x" },
      { id: "e5", source: "s", target: "L", targetHandle: "x" },
      { id: "e6", source: "t", target: "L", targetHandle: "t" },
    ],
  });
}

const restore: (() => void)[] = [];
afterEach(() => restore.splice(0).forEach((f) => f()));

/** replaces an op's backward for one test */
function sabotage(type: string, backward: OpSpec["backward"]) {
  const op = getOp(type)! as { backward: OpSpec["backward"] };
  const orig = op.backward;
  op.backward = backward;
  restore.push(() => (op.backward = orig));
  return orig;
}

describe("gradCheck", () => {
  it("passes a correct graph: every Input and Param agrees with central differences", () => {
    const r = gradCheck(layer());
    expect(r.pass).toBe(true);
    expect(r.tolerance).toBe(1e-5);
    expect([...r.nodes.keys()]).toEqual(["x", "W", "b", "t"]);
    for (const id of ["x", "W", "b"]) {
      const c = r.nodes.get(id)!;
      expect(c.pass).toBe(true);
      expect(c.relError!).toBeLessThan(1e-8);
      expect(c.checked).toBe(c.size);
    }
    expect(r.nodes.get("t")).toEqual({ relError: null, checked: 0, size: 8, pass: true, note: "no gradient reaches it" });
  });

  it("fails a wrong backward, and names the node it shows up at", () => {
    const orig = sabotage("Sigmoid", (k) => {
      orig(k);
      k.gIns[0]!.data[0] *= 1.01;
    });
    const r = gradCheck(layer());
    expect(r.pass).toBe(false);
    expect(r.nodes.get("W")!.pass).toBe(false);
    expect(r.nodes.get("W")!.relError!).toBeGreaterThan(1e-4);
  });

  it("checks at most maxPerNode elements of a large tensor, spread over it", () => {
    const r = gradCheck(layer(300), { maxPerNode: 16 });
    expect(r.nodes.get("W")!.checked).toBe(16);
    expect(r.nodes.get("W")!.size).toBe(600);
    expect(r.pass).toBe(true);
  });

  it("leaves the values as they were", () => {
    const doc = layer();
    const before = JSON.stringify(doc);
    gradCheck(doc);
    expect(JSON.stringify(doc)).toBe(before);
  });

  it("does not pass a graph that produces no loss", () => {
    const doc = layer();
    doc.edges = doc.edges.filter((e) => e.id !== "e2");
    const r = gradCheck(doc);
    expect(r.pass).toBe(false);
    expect(r.nodes.size).toBe(0);
  });
});
