// Editing comforts: autosave and reload, undo/redo, copy/paste, delete, cycle refusal.
import { expect, test } from "./fixtures/test";
import { chainDoc, mulDoc } from "./fixtures/graphs";
import { numberText } from "./pages/GradflowApp";

test("reload restores the autosaved document and its numbers", async ({ app }) => {
  await app.loadDoc(mulDoc);
  await app.setNodeValue("y", "4");
  await expect(app.edgeGrad("xm")).toHaveText(numberText("4"));
  await app.clickEmptyCanvas();
  // autosave may be debounced: wait until the stored document has the edit
  await expect.poll(async () => (await app.savedDoc())?.nodes.find((n) => n.id === "y")?.data.value).toBe(4);
  const doc = await app.getDoc();
  const texts = await app.edgeTexts();

  await app.reload();
  const back = await app.getDoc();
  expect({ nodes: back.nodes, edges: back.edges, name: back.name }).toEqual({ nodes: doc.nodes, edges: doc.edges, name: doc.name });
  expect(await app.edgeTexts()).toEqual(texts);
  await expect(app.edgeValue("ym")).toHaveText(numberText("4"));
  await app.shot("reload-restores");
});

test("undo and redo a value edit with Ctrl+Z, Ctrl+Shift+Z, Ctrl+Y and the toolbar buttons", async ({ app }) => {
  await app.loadDoc(mulDoc);
  await app.setNodeValue("x", "3");
  const value = app.edgeValue("xm");
  await expect(value).toHaveText(numberText("3"));
  await expect(app.edgeGrad("ym")).toHaveText(numberText("3"));
  await app.clickEmptyCanvas(); // out of the text box, so the keys go to the editor

  const kb = app.page.keyboard;
  await kb.press("Control+z");
  await expect(value).toHaveText(numberText("10"));
  await expect(app.edgeGrad("ym")).toHaveText(numberText("10"));
  await kb.press("Control+Shift+z");
  await expect(value).toHaveText(numberText("3"));
  await kb.press("Control+z");
  await expect(value).toHaveText(numberText("10"));
  await kb.press("Control+y");
  await expect(value).toHaveText(numberText("3"));
  await app.button("Undo").click();
  await expect(value).toHaveText(numberText("10"));
  await app.button("Redo").click();
  await expect(value).toHaveText(numberText("3"));
  expect((await app.getDoc()).nodes.find((n) => n.id === "x")?.data.value).toBe(3);
});

test("undo brings back a deleted node with its wires", async ({ app }) => {
  await app.loadDoc(mulDoc);
  await app.selectNode("mul");
  await app.page.keyboard.press("Delete");
  await expect(app.node("mul")).toHaveCount(0);
  await expect(app.edgeLabels).toHaveCount(0);
  await app.page.keyboard.press("Control+z");
  await expect(app.node("mul")).toHaveCount(1);
  await app.settled();
  await expect(app.edgeValue("xm")).toHaveText(numberText("10"));
  await expect(app.edgeGrad("xm")).toHaveText(numberText("20"));
  expect((await app.getDoc()).edges.map((e) => e.id).sort()).toEqual(["xm", "ym"]);
});

test("copy and paste two wired nodes: two new nodes and a new wire between them", async ({ app }) => {
  await app.loadDoc(mulDoc);
  await app.selectNode("x");
  await app.selectNode("mul", ["Control"]);
  await expect(app.node("x")).toHaveClass(/\bselected\b/);
  await expect(app.node("mul")).toHaveClass(/\bselected\b/);
  await expect(app.node("y")).not.toHaveClass(/\bselected\b/);
  await app.page.keyboard.press("Control+c");
  await app.page.keyboard.press("Control+v");

  await expect(app.nodes).toHaveCount(5);
  await app.settled();
  const doc = await app.getDoc();
  const added = doc.nodes.filter((n) => !["x", "y", "mul"].includes(n.id));
  expect(added.map((n) => n.type).sort()).toEqual(["Input", "Mul"]);
  const input = added.find((n) => n.type === "Input")!;
  const mul = added.find((n) => n.type === "Mul")!;
  expect(input.data.value).toBe(10);
  const newEdges = doc.edges.filter((e) => !["xm", "ym"].includes(e.id));
  expect(newEdges.map(({ source, target, targetHandle }) => ({ source, target, targetHandle }))).toEqual([
    { source: input.id, target: mul.id, targetHandle: "a" },
  ]);
  await expect(app.edgeValue(newEdges[0].id)).toHaveText(numberText("10"));
  // the originals are untouched
  await expect(app.edgeValue("xm")).toHaveText(numberText("10"));
  await expect(app.edgeGrad("xm")).toHaveText(numberText("20"));
  await app.shot("copy-paste");
});

for (const key of ["Delete", "Backspace"]) {
  test(`${key} removes the selected node and its wires`, async ({ app }) => {
    await app.loadDoc(mulDoc);
    await app.selectNode("mul");
    await app.page.keyboard.press(key);
    await expect(app.node("mul")).toHaveCount(0);
    await expect(app.edgeLabels).toHaveCount(0);
    const doc = await app.getDoc();
    expect(doc.nodes.map((n) => n.id).sort()).toEqual(["x", "y"]);
    expect(doc.edges).toEqual([]);
  });
}

test("a wire that would close a cycle is refused with a toast", async ({ app }) => {
  await app.loadDoc(chainDoc);
  await app.connect("q", "out", "p", "b");
  const toast = app.toast.filter({ hasText: /cycle/i });
  await expect(toast).toBeVisible();
  await expect(toast).toHaveAttribute("data-kind", "error");
  await app.shot("cycle-refused");
  const doc = await app.getDoc();
  expect(doc.edges).toEqual(chainDoc.edges);
  expect((await app.edgeLabelIds()).sort()).toEqual(["ip", "pq"]);
});
