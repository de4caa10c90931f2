// Issue 11: the gestures node editors have — add where you are, wire into empty space, splice into
// a wire, duplicate, delete keeping the wire, groups that fold into a box, the learner's own data —
// each one undo step; and the notebook's Linear → ReLU → loss built in at most 15 actions.
import { expect, test } from "./fixtures/test";
import { mulDoc } from "./fixtures/graphs";
import type { GraphDoc } from "../src/engine/graph";

const edges = (doc: GraphDoc) => doc.edges.map((e) => `${e.source}>${e.target}.${e.targetHandle}`).sort();
const history = (app: { page: import("@playwright/test").Page }) => app.page.evaluate(() => window.__gradflow!.store.getState().past.length);

test("double-click on empty canvas opens Add op there; Enter adds the first match at that spot", async ({ app }) => {
  await app.newGraph();
  const at = await app.emptyPanePoint();
  const id = await app.addBySearch("sigm", at);
  expect(id).toBe("sigmoid");
  const box = (await app.node(id).boundingBox())!;
  expect(Math.abs(box.x - at.x)).toBeLessThan(60);
  expect(Math.abs(box.y - at.y)).toBeLessThan(60);
  // "/" with the pointer over the canvas opens it too; Escape closes it and adds nothing
  const p = await app.emptyPanePoint();
  await app.page.mouse.move(p.x, p.y);
  await app.page.keyboard.press("/");
  await expect(app.addOp).toBeVisible();
  await app.page.keyboard.press("Escape");
  await expect(app.addOp).toBeHidden();
  expect(await app.nodeIds()).toEqual(["sigmoid"]);
});

test("a wire dropped on empty canvas opens the search for what can take it; the op comes wired, in one undo step", async ({ app }) => {
  await app.loadDoc(mulDoc);
  const steps = await history(app);
  const box = (await app.node("mul").boundingBox())!;
  await app.dragWireTo("mul", "out", { x: box.x + box.width + 160, y: box.y + 20 });
  await expect(app.addOp).toBeVisible();
  // an Input takes no wire: the list offers only ops with inputs
  await expect(app.page.locator('[role="option"][data-op="Input"]')).toHaveCount(0);
  await app.addOp.fill("tanh");
  await app.addOp.press("Enter");
  await expect.poll(async () => edges(await app.getDoc())).toContain("mul>tanh.x");
  expect(await history(app)).toBe(steps + 1);
  await app.button("Undo").click();
  await expect.poll(async () => (await app.getDoc()).nodes.some((n) => n.id === "tanh")).toBe(false);
});

test("from a loss's t port, the new Input is named t and wired into t", async ({ app }) => {
  await app.newGraph();
  const loss = await app.addBySearch("MSELoss");
  expect(loss).toBe("loss");
  const b = (await app.handle(loss, "t").boundingBox())!;
  await app.dragWireTo(loss, "t", { x: b.x - 200, y: b.y + 60 });
  await app.addOp.fill("input");
  await app.addOp.press("Enter");
  await expect.poll(async () => edges(await app.getDoc())).toEqual(["t>loss.t"]);
});

test("a node dropped on a wire is spliced into it; Alt+Delete takes it out again keeping the wire", async ({ app }) => {
  await app.loadDoc(mulDoc);
  // the middle of the wire x → mul, on screen
  const from = (await app.handle("x", "out").boundingBox())!, to = (await app.handle("mul", "a").boundingBox())!;
  const mid = { x: (from.x + to.x) / 2 + 4, y: (from.y + to.y) / 2 + 4 };
  const pane = (await app.pane.boundingBox())!;
  await app.paletteItem("Exp").dragTo(app.pane, { targetPosition: { x: mid.x - pane.x, y: mid.y - pane.y } });
  await expect.poll(async () => edges(await app.getDoc())).toEqual(["exp>mul.a", "x>exp.x", "y>mul.b"]);
  await app.selectNode("exp");
  await app.page.keyboard.press("Alt+Delete");
  await expect.poll(async () => edges(await app.getDoc())).toEqual(["x>mul.a", "y>mul.b"]);
});

test("Ctrl+A, Ctrl+D duplicate the graph with its wires; one Undo takes the copies back", async ({ app }) => {
  await app.loadDoc(mulDoc);
  await app.clickEmptyCanvas();
  await app.page.keyboard.press("Control+a");
  await app.page.keyboard.press("Control+d");
  await expect.poll(async () => (await app.getDoc()).nodes.length).toBe(6);
  expect((await app.getDoc()).edges).toHaveLength(4);
  await app.button("Undo").click();
  await expect.poll(async () => (await app.getDoc()).nodes.length).toBe(3);
});

test("groups: Ctrl+G frames the selection, Collapse folds it into one box with the crossing wires' values, Expand opens it, export → import keeps it", async ({ app }) => {
  await app.loadDoc(mulDoc);
  await app.selectNode("mul");
  await app.selectNode("y", ["Control"]);
  await app.page.keyboard.press("Control+g");
  await expect.poll(async () => (await app.getDoc()).groups?.length).toBe(1);
  const g = (await app.getDoc()).groups![0];
  expect(new Set(g.nodes)).toEqual(new Set(["mul", "y"]));
  const frame = app.group(g.id);
  await expect(frame).toBeVisible();
  await frame.getByRole("button", { name: "Collapse", exact: true }).click();
  await expect(app.node("mul")).toHaveCount(0);
  // the box shows the wire that crosses its border (x → mul.a), with its value
  await expect(app.group(g.id)).toContainText("mul.a");
  await expect(app.group(g.id)).toContainText("10");
  const file = await app.exportFile();
  await app.group(g.id).getByRole("button", { name: "Expand", exact: true }).click();
  await expect(app.node("mul")).toBeVisible();
  await app.importWithInput({ name: file.name, text: file.text });
  await expect.poll(async () => (await app.getDoc()).groups).toEqual([{ ...g, collapsed: true }]);
});

test("a CSV dropped on an Input sets its value, the label column becomes class indices of the loss's t", async ({ app }) => {
  const doc: GraphDoc = {
    format: "gradflow",
    version: 1,
    nodes: [
      { id: "x", type: "Input", position: { x: 0, y: 0 }, data: { value: [[0, 0]] } },
      { id: "t", type: "Input", position: { x: 0, y: 200 }, data: { value: [0] } },
      { id: "loss", type: "SoftmaxWithLoss", position: { x: 300, y: 60 }, data: {} },
    ],
    edges: [
      { id: "ex", source: "x", target: "loss", targetHandle: "x" },
      { id: "et", source: "t", target: "loss", targetHandle: "t" },
    ],
  };
  await app.loadDoc(doc);
  const csv = "a,b,class\n1,2,cat\n3,4,dog\n5,6,cat\n";
  const box = (await app.node("x").boundingBox())!;
  const dt = await app.page.evaluateHandle((text) => {
    const d = new DataTransfer();
    d.items.add(new File([text], "points.csv", { type: "text/csv" }));
    return d;
  }, csv);
  await app.node("x").dispatchEvent("drop", { dataTransfer: dt, clientX: box.x + 10, clientY: box.y + 10 });
  await expect.poll(async () => (await app.getDoc()).nodes.find((n) => n.id === "x")!.data.value).toEqual([[1, 2], [3, 4], [5, 6]]);
  expect((await app.getDoc()).nodes.find((n) => n.id === "t")!.data.value).toEqual([0, 1, 0]);
  await expect(app.page.getByTestId("node-error")).toHaveCount(0);
  // a ragged table says where, and changes nothing
  const bad = await app.page.evaluateHandle(() => {
    const d = new DataTransfer();
    d.items.add(new File(["1,2\n3\n"], "bad.csv", { type: "text/csv" }));
    return d;
  });
  await app.node("x").dispatchEvent("drop", { dataTransfer: bad, clientX: box.x + 10, clientY: box.y + 10 });
  await expect(app.toast.last()).toContainText("row 2 has 1 cells");
  expect((await app.getDoc()).nodes.find((n) => n.id === "x")!.data.value).toEqual([[1, 2], [3, 4], [5, 6]]);
});

test("the notebook's Linear → ReLU → cross entropy with its target, built with these gestures in at most 15 actions", async ({ app }) => {
  // an action is one gesture: a double-click, a drag, a typed word, one key
  let actions = 0;
  const act = async <T>(p: Promise<T>) => {
    actions++;
    return p;
  };
  const press = (key: string) => act(app.addOp.press(key));
  await app.newGraph();
  const pane = (await app.pane.boundingBox())!;
  // the structure of the notebook's graph: x: double-click, Enter (an Input is the first op offered)
  await act(app.page.mouse.dblclick(pane.x + 60, pane.y + 160));
  await press("Enter");
  await expect.poll(() => app.nodeIds()).toEqual(["x"]);
  // the layer, from x's wire dropped to the right, with its W and b (Shift+Enter)
  const xb = await app.stableBox(app.node("x"));
  await act(app.dragWireTo("x", "out", { x: xb.x + xb.width + 160, y: xb.y + 10 }));
  await act(app.addOp.fill("affine"));
  await press("Shift+Enter");
  await expect.poll(() => app.nodeIds().then((ids) => ids.sort())).toEqual(["W", "affine", "b", "x"]);
  // ReLU after it
  const ab = await app.stableBox(app.node("affine"));
  await act(app.dragWireTo("affine", "out", { x: ab.x + ab.width + 110, y: ab.y + 10 }));
  await act(app.addOp.fill("relu"));
  await press("Enter");
  await expect.poll(() => app.nodeIds()).toContain("relu");
  // softmax with cross entropy after ReLU
  const rb = await app.stableBox(app.node("relu"));
  await act(app.dragWireTo("relu", "out", { x: rb.x + rb.width + 110, y: rb.y + 10 }));
  await act(app.addOp.fill("loss"));
  await press("Enter");
  await expect.poll(() => app.nodeIds()).toContain("loss");
  // its target t: a wire from the loss's t port, Enter (an Input is offered first)
  const tb = await app.stableBox(app.handle("loss", "t"));
  await act(app.dragWireTo("loss", "t", { x: tb.x - 120, y: tb.y + 140 }));
  await press("Enter");
  const doc = await app.getDoc();
  expect(edges(doc)).toEqual(["W>affine.W", "affine>relu.x", "b>affine.b", "relu>loss.x", "t>loss.t", "x>affine.x"]);
  expect(doc.nodes.find((n) => n.id === "loss")!.type).toBe("SoftmaxWithLoss");
  // (the notebook's numbers, x = randn(5, 10) and its t, are typed into the Value boxes on top of these)
  test.info().annotations.push({ type: "actions for x → Linear → ReLU → SoftmaxWithLoss ← t", description: String(actions) });
  expect(actions).toBeLessThanOrEqual(15);
});

test("a palette click with a node selected puts the new node right of it, on no other node", async ({ app }) => {
  await app.loadDoc(mulDoc);
  await app.selectNode("x");
  const x = await app.stableBox(app.node("x"));
  await app.paletteItem("Tanh").click();
  await expect.poll(() => app.nodeIds()).toContain("tanh");
  const t = await app.stableBox(app.node("tanh"));
  expect(t.x).toBeGreaterThan(x.x + x.width);
  for (const id of ["x", "y", "mul"]) {
    const o = (await app.node(id).boundingBox())!;
    const overlap = Math.max(0, Math.min(o.x + o.width, t.x + t.width) - Math.max(o.x, t.x)) * Math.max(0, Math.min(o.y + o.height, t.y + t.height) - Math.max(o.y, t.y));
    expect(overlap, `tanh over ${id}`).toBe(0);
  }
});

test("several selected nodes align and space evenly from the inspector, each one undo step", async ({ app }) => {
  await app.loadDoc(mulDoc);
  await app.selectNode("x");
  await app.selectNode("mul", ["Control"]);
  await app.inspector.getByRole("button", { name: "Align top edges", exact: true }).click();
  await expect.poll(async () => new Set((await app.getDoc()).nodes.filter((n) => n.id !== "y").map((n) => n.position!.y)).size).toBe(1);
  await app.button("Undo").click();
  await expect.poll(async () => (await app.getDoc()).nodes.find((n) => n.id === "mul")!.position).toEqual(mulDoc.nodes[2].position);
});

test("snap to grid: a dragged node lands on the 20 px grid", async ({ app }) => {
  await app.loadDoc(mulDoc);
  await app.page.getByRole("button", { name: "Snap to grid", exact: true }).click();
  const b = await app.stableBox(app.node("mul"));
  await app.page.mouse.move(b.x + 30, b.y + 12);
  await app.page.mouse.down();
  await app.page.mouse.move(b.x + 67, b.y + 45, { steps: 8 });
  await app.page.mouse.up();
  await expect.poll(async () => {
    const p = (await app.getDoc()).nodes.find((n) => n.id === "mul")!.position!;
    return [p.x % 20, p.y % 20, p.x !== 320 || p.y !== 100];
  }).toEqual([0, 0, true]);
});

test("a free node dragged onto a wire is spliced into it", async ({ app }) => {
  await app.loadDoc({ ...mulDoc, nodes: [...mulDoc.nodes, { id: "e", type: "Exp", position: { x: 120, y: 420 }, data: {} }] });
  const from = await app.stableBox(app.handle("x", "out")), to = await app.stableBox(app.handle("mul", "a"));
  const mid = { x: (from.x + to.x) / 2, y: (from.y + to.y) / 2 };
  const e = await app.stableBox(app.node("e"));
  await app.page.mouse.move(e.x + 20, e.y + 10);
  await app.page.mouse.down();
  await app.page.mouse.move(mid.x, mid.y, { steps: 12 });
  await app.page.mouse.up();
  await expect.poll(async () => edges(await app.getDoc())).toEqual(["e>mul.a", "x>e.x", "y>mul.b"]);
});
