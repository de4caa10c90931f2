import { beforeEach, describe, expect, it } from "vitest";
import type { GraphDoc } from "../engine/graph";
import { brief } from "../notation/numbers";
import { emptyDoc } from "./doc";
import { compile } from "../engine/executor";
import { finishTraining, installTrainedDoc, installTrainedParams, useGraph } from "./store";

const s = () => useGraph.getState();
const edgeText = (id: string) => {
  const v = s().derived.edges.get(id)!;
  return [v.value && brief(v.value), v.grad && brief(v.grad)];
};

/** builds x · y with x = 10, y = 20 the way a learner does: add, set values, wire */
function buildXY() {
  const x = s().addNode("Input", { x: 0, y: 0 });
  const y = s().addNode("Input", { x: 0, y: 140 });
  const m = s().addNode("Mul", { x: 260, y: 60 });
  s().setData(x, "value", 10);
  s().setData(y, "value", 20);
  expect(s().connect({ source: x, target: m, targetHandle: "a" })).toBe(true);
  expect(s().connect({ source: y, target: m, targetHandle: "b" })).toBe(true);
  return { x, y, m, ea: s().doc.edges[0].id, eb: s().doc.edges[1].id };
}

beforeEach(() => {
  s().replaceDoc(emptyDoc(), { history: false });
});

describe("the store", () => {
  it("re-runs forward and backward on every edit, and shows value and gradient on each edge", () => {
    const { m, ea, eb } = buildXY();
    expect(brief(s().derived.nodes.get(m)!.value!)).toBe("200");
    expect(edgeText(ea)).toEqual(["10", "20"]);
    expect(edgeText(eb)).toEqual(["20", "10"]);
    expect(s().derived.loss).toBe(200);
  });

  it("undoes and redoes every document change", () => {
    const { x, ea } = buildXY();
    const n = s().past.length;
    s().setData(x, "value", 3);
    expect(edgeText(ea)).toEqual(["3", "20"]);
    s().undo();
    expect(edgeText(ea)).toEqual(["10", "20"]);
    s().redo();
    expect(edgeText(ea)).toEqual(["3", "20"]);
    for (let i = 0; i <= n; i++) s().undo();
    expect(s().doc.nodes).toHaveLength(0);
    expect(s().past).toHaveLength(0);
  });

  it("makes a whole drag one undo step, and a drag re-runs nothing", () => {
    const { x } = buildXY();
    const program = s().derived.program;
    const n = s().past.length;
    s().dragMove(new Map([[x, { x: 5, y: 5 }]]), false);
    s().dragMove(new Map([[x, { x: 50, y: 50 }]]), false);
    s().dragMove(new Map([[x, { x: 80, y: 90 }]]), true);
    expect(s().past.length).toBe(n + 1);
    expect(s().derived.program).toBe(program);
    s().undo();
    expect(s().doc.nodes.find((nd) => nd.id === x)!.position).toEqual({ x: 0, y: 0 });
  });

  it("refuses a cycle with a visible reason and leaves the document as it was", () => {
    const { x, m } = buildXY();
    const t = s().addNode("Tanh", { x: 0, y: 0 });
    s().connect({ source: m, target: t, targetHandle: "x" });
    const before = s().doc;
    expect(s().connect({ source: t, target: m, targetHandle: "a" })).toBe(false);
    expect(s().doc).toBe(before);
    expect(s().toasts.at(-1)).toMatchObject({ kind: "error" });
    expect(s().toasts.at(-1)!.text).toMatch(/cycle/);
    expect(x).toBe("x");
  });

  it("deleting a node removes its wires and its errors show on what depends on it", () => {
    const { x, m } = buildXY();
    s().remove([x], []);
    expect(s().doc.edges).toHaveLength(1);
    expect(s().derived.nodes.get(m)!.error).toBe("missing input a");
  });

  it("an empty graph does not start stepping, from the keys (stepTo, stepBy, Play) as from the buttons", () => {
    s().stepTo(0);
    s().stepBy(1);
    s().setPlaying(true);
    expect(s().stepping).toBeNull();
  });

  it("steps forward through every node, then backward in reverse; an edit resets stepping", () => {
    const { m, ea, eb } = buildXY();
    s().stepTo(0);
    expect(edgeText(ea)).toEqual([null, null]);
    const steps = s().stepping!.steps;
    expect(steps.map((st) => `${st.kind[0]}:${st.nodeId}`).slice(0, 3)).toEqual(["f:x", "f:y", "f:mul"]);
    s().stepBy(1);
    expect(edgeText(ea)).toEqual(["10", null]);
    expect(edgeText(eb)).toEqual([null, null]);
    s().stepTo(3);
    expect(edgeText(eb)).toEqual(["20", null]);
    s().stepBy(1); // backward at mul: its incoming edges get their gradients
    expect(s().stepping!.steps[3]).toMatchObject({ kind: "backward", nodeId: m });
    expect(edgeText(ea)).toEqual(["10", "20"]);
    s().stepBy(-1);
    expect(edgeText(ea)).toEqual(["10", null]);
    s().setData("x", "value", 1);
    expect(s().stepping!.k).toBe(0);
    s().stopStepping();
    expect(edgeText(ea)).toEqual(["1", "20"]);
  });

  it("a training run goes back in one undo step", () => {
    let d: GraphDoc = emptyDoc();
    s().replaceDoc(d, { history: false });
    const w = s().addNode("Param", { x: 0, y: 0 });
    s().setData(w, "value", 3);
    const before = s().doc;
    const n = s().past.length;
    d = { ...before, nodes: before.nodes.map((nd) => ({ ...nd, data: { value: 2 } })) };
    installTrainedDoc(d);
    installTrainedDoc({ ...d, nodes: d.nodes.map((nd) => ({ ...nd, data: { value: 1 } })) });
    finishTraining(before);
    expect(s().past.length).toBe(n + 1);
    expect(s().doc.nodes[0].data.value).toBe(1);
    s().undo();
    expect(s().doc.nodes[0].data.value).toBe(3);
  });

  it("a gradient check puts a passing badge on every source", () => {
    buildXY();
    s().checkGradients();
    const checks = s().checks!;
    expect([...checks.nodes.keys()].sort()).toEqual(["x", "y"]);
    expect([...checks.nodes.values()].every((c) => c.pass)).toBe(true);
    s().setData("x", "value", 2);
    expect(s().checks).toBeNull();
  });
});

describe("editing gestures, one undo step each", () => {
  it("a node added from a wire dropped on empty canvas comes wired, named after the port it feeds", () => {
    const { m } = buildXY();
    const before = s().past.length;
    const id = s().addWired("Tanh", { x: 500, y: 60 }, { from: m });
    expect(id).toBe("tanh");
    expect(s().doc.edges.some((e) => e.source === m && e.target === "tanh" && e.targetHandle === "x")).toBe(true);
    expect(s().past.length).toBe(before + 1);
    // from a loss's t port: an Input named t
    const loss = s().addNode("MSELoss", { x: 700, y: 0 });
    const t = s().addWired("Input", { x: 500, y: 300 }, { into: { target: loss, port: "t" } });
    expect(t).toBe("t");
    s().undo();
    expect(s().doc.nodes.some((n) => n.id === "t")).toBe(false);
  });

  it("duplicate, group, collapse and ungroup, each undone in one step", () => {
    const { x, y, m } = buildXY();
    s().select([x, y, m], []);
    s().duplicateSelection();
    expect(s().doc.nodes).toHaveLength(6);
    expect(s().doc.edges).toHaveLength(4);
    s().undo();
    expect(s().doc.nodes).toHaveLength(3);
    s().select([x, y, m], []);
    const g = s().groupSelection("x · y");
    s().updateGroup(g, { collapsed: true });
    expect(s().doc.groups).toEqual([{ id: g, label: "x · y", nodes: [x, y, m], collapsed: true }]);
    s().undo();
    expect(s().doc.groups![0].collapsed).toBe(false);
    s().ungroup(g);
    expect(s().doc.groups).toBeUndefined();
  });

  it("a table of the learner's data goes into an Input, and its labels into the Input of a loss's t", () => {
    const x = s().addNode("Input", { x: 0, y: 0 });
    const t = s().addNode("Input", { x: 0, y: 200 });
    const loss = s().addNode("SoftmaxWithLoss", { x: 300, y: 0 });
    s().connect({ source: x, target: loss, targetHandle: "x" });
    s().connect({ source: t, target: loss, targetHandle: "t" });
    s().setTable(x, { value: [[1, 2], [3, 4], [5, 6]], labels: { column: "class", classes: ["a", "b"], indices: [0, 1, 1] } });
    const data = (id: string) => s().doc.nodes.find((n) => n.id === id)!.data.value;
    expect(data(x)).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(data(t)).toEqual([0, 1, 1]);
    expect(s().derived.nodes.get(loss)!.error).toBeNull();
    s().undo();
    expect(data(t)).toBe(1);
  });

  it("training's Params go into the document and into the run on show, which runs again where it is", () => {
    const x = s().addNode("Input", { x: 0, y: 0 });
    const W = s().addNode("Param", { x: 0, y: 140 });
    const m = s().addNode("MatMul", { x: 260, y: 60 });
    s().setData(x, "value", [[1, 2]]);
    s().setData(W, "value", [[1, 2, 3], [4, 5, 6]]);
    s().connect({ source: x, target: m, targetHandle: "x" });
    s().connect({ source: W, target: m, targetHandle: "W" });
    const program = s().derived.program;
    const before = { value: s().derived.nodes.get(m)!.value! };
    installTrainedParams(new Map([[W, { shape: [2, 3], data: Float64Array.of(0.5, 0, -1, 2, 0.25, 3) }]]));
    // no compile: the same program, with the document's new numbers
    expect(s().derived.program).toBe(program);
    expect(s().doc.nodes.find((n) => n.id === W)!.data.value).toEqual([[0.5, 0, -1], [2, 0.25, 3]]);
    const fresh = compile(s().doc).run();
    expect(Array.from(s().derived.nodes.get(m)!.value!.data)).toEqual(Array.from(fresh.value(m)!.data));
    expect(Array.from(s().derived.nodes.get(W)!.grad!.data)).toEqual(Array.from(fresh.grad(W)!.data));
    // what changed is shown anew (the canvas re-renders it)
    expect(s().derived.nodes.get(m)!.value).not.toBe(before.value);
    // from then on the views hold copies: what does not change keeps its view
    const shown = s().derived.nodes.get(m)!.value!, shownX = s().derived.nodes.get(x)!;
    installTrainedParams(new Map([[W, { shape: [2, 3], data: Float64Array.of(0.5, 0, -1, 2, 0.25, 3) }]]));
    expect(s().derived.nodes.get(m)!.value).toBe(shown);
    expect(s().derived.nodes.get(x)).toBe(shownX);
    installTrainedParams(new Map([[W, { shape: [2, 3], data: Float64Array.of(1, 1, 1, 1, 1, 1) }]]));
    expect(Array.from(s().derived.nodes.get(m)!.value!.data)).toEqual([3, 3, 3]);
    expect(Array.from(shown.data)).toEqual(Array.from(fresh.value(m)!.data));
  });
});
