// Export, import (button, file input, dropped file) and imports that must fail without loss.
import { expect, test } from "./fixtures/test";
import { brokenFiles, mulDoc } from "./fixtures/graphs";
import { numberText, type GradflowApp } from "./pages/GradflowApp";
import type { GraphDoc } from "../src/engine/graph";

/** The parts of a document a learner sees: nodes (with positions and data), edges, name. */
const picture = (d: GraphDoc) => ({ name: d.name, nodes: d.nodes, edges: d.edges });

async function snapshot(app: GradflowApp) {
  return { doc: picture(await app.getDoc()), nodes: (await app.nodeIds()).sort(), edges: await app.edgeTexts() };
}

test("export then import gives the same graph and the same numbers", async ({ app }) => {
  const example = await app.loadExample("add-mul-div");
  // edit first, so the file carries a change of the learner's own
  const x = example.nodes.find((n) => n.type === "Input" && n.data.value === 10);
  expect(x, "add-mul-div has an Input x = 10").toBeTruthy();
  await app.setNodeValue(x!.id, "7");
  const fromX = example.edges.filter((e) => e.source === x!.id);
  for (const e of fromX) await expect(app.edgeValue(e.id)).toHaveText(numberText("7"));
  await app.clickEmptyCanvas();
  const before = await snapshot(app);

  const file = await app.exportFile();
  expect(file.name).toMatch(/\.gradflow\.json$/);
  const saved = JSON.parse(file.text) as GraphDoc;
  expect(saved.format).toBe("gradflow");
  expect(saved.version).toBe(1);
  expect(saved.viewport, "the file keeps the viewport").toEqual({ x: expect.any(Number), y: expect.any(Number), zoom: expect.any(Number) });
  expect(picture(saved)).toEqual(before.doc);
  for (const n of saved.nodes) expect(n.position, `node ${n.id} keeps its position`).toBeTruthy();

  await app.newGraph();
  await expect(app.edgeLabels).toHaveCount(0);
  await app.importWithButton(file);
  await app.settled();
  expect(await snapshot(app)).toEqual(before);
  // an optimizer written into the file comes back with it
  expect((await app.getDoc()).optimizer).toEqual(saved.optimizer);
  await app.shot("export-import-roundtrip");
});

for (const [kind, broken] of Object.entries(brokenFiles)) {
  test(`a broken import (${kind}) shows its message and leaves the graph as it was`, async ({ app }) => {
    // a graph with an edit of the learner's own is what must survive
    await app.loadDoc(mulDoc);
    await app.setNodeValue("x", "3");
    await expect(app.edgeValue("xm")).toHaveText(numberText("3"));
    await app.clickEmptyCanvas();
    const before = await snapshot(app);

    await app.importWithInput(broken.path);
    const toast = app.toast.filter({ hasText: broken.message });
    await expect(toast).toBeVisible();
    await expect(toast).toHaveAttribute("data-kind", "error");
    await app.shot(`broken-import-${kind}`);
    expect(await snapshot(app)).toEqual(before);
  });
}

test("a graph file dropped on the canvas is imported", async ({ app }) => {
  const dataTransfer = await app.page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], "x-times-y.gradflow.json", { type: "application/json" }));
    return dt;
  }, JSON.stringify(mulDoc));
  for (const type of ["dragenter", "dragover", "drop"]) await app.pane.dispatchEvent(type, { dataTransfer });
  await expect.poll(async () => (await app.nodeIds()).sort()).toEqual(["mul", "x", "y"]);
  await app.settled();
  expect(picture(await app.getDoc())).toEqual(picture(mulDoc));
  await expect(app.edgeValue("xm")).toHaveText(numberText("10"));
  await expect(app.edgeGrad("xm")).toHaveText(numberText("20"));
});
