// Issue 3's first journey: build x·y from scratch with the mouse and read the numbers off the edges.
import { expect, test } from "./fixtures/test";
import { numberText, type GradflowApp } from "./pages/GradflowApp";

/** Waits for one edge label more than `before` and returns its edge id. */
async function newEdgeId(app: GradflowApp, before: string[]): Promise<string> {
  await expect.poll(() => app.edgeLabelIds().then((ids) => ids.length)).toBe(before.length + 1);
  const added = (await app.edgeLabelIds()).filter((id) => !before.includes(id));
  expect(added).toHaveLength(1);
  return added[0];
}

test("build x·y by dragging ops and wiring ports; the edges show 10, 20, 200 and the gradients 20, 10", async ({ app }) => {
  await app.newGraph();
  const pane = (await app.pane.boundingBox())!;
  const at = (fx: number, fy: number) => ({ x: Math.round(pane.width * fx), y: Math.round(pane.height * fy) });

  const xAt = at(0.12, 0.18);
  const x = await app.dragOpToCanvas("Input", xAt);
  const y = await app.dragOpToCanvas("Input", at(0.12, 0.62));
  const mul = await app.dragOpToCanvas("Mul", at(0.38, 0.1));
  const out = await app.dragOpToCanvas("Output", at(0.68, 0.1));

  const doc = await app.getDoc();
  expect(new Map(doc.nodes.map((n) => [n.id, n.type]))).toEqual(
    new Map([
      [x, "Input"],
      [y, "Input"],
      [mul, "Mul"],
      [out, "Output"],
    ]),
  );
  // "drops where released": the node lies at (or within a few pixels of) the drop point
  const box = (await app.node(x).boundingBox())!;
  const drop = { x: pane.x + xAt.x, y: pane.y + xAt.y };
  const dx = Math.max(box.x - drop.x, 0, drop.x - (box.x + box.width));
  const dy = Math.max(box.y - drop.y, 0, drop.y - (box.y + box.height));
  expect.soft(Math.hypot(dx, dy), "distance from the drop point to the new node").toBeLessThanOrEqual(40);

  await app.setNodeValue(x, "10");
  await app.setNodeValue(y, "20");
  await expect.poll(() => app.valueErrorText()).toBe("");

  let labels = await app.edgeLabelIds();
  await app.connect(x, "out", mul, "a");
  const ea = await newEdgeId(app, labels);
  labels = await app.edgeLabelIds();
  await app.connect(y, "out", mul, "b");
  const eb = await newEdgeId(app, labels);
  labels = await app.edgeLabelIds();
  await app.connect(mul, "out", out, "x");
  const eo = await newEdgeId(app, labels);

  const wired = await app.getDoc();
  expect(wired.edges.map(({ source, target, targetHandle }) => ({ source, target, targetHandle }))).toEqual(
    expect.arrayContaining([
      { source: x, target: mul, targetHandle: "a" },
      { source: y, target: mul, targetHandle: "b" },
      { source: mul, target: out, targetHandle: "x" },
    ]),
  );
  expect(wired.edges).toHaveLength(3);

  await expect(app.edgeValue(ea)).toHaveText(numberText("10"));
  await expect(app.edgeGrad(ea)).toHaveText(numberText("20"));
  await expect(app.edgeValue(eb)).toHaveText(numberText("20"));
  await expect(app.edgeGrad(eb)).toHaveText(numberText("10"));
  await expect(app.edgeValue(eo)).toHaveText(numberText("200"));
  await expect(app.edgeGrad(eo)).toHaveText(numberText("1"));
  await expect(app.page.getByTestId("node-error")).toHaveCount(0);
  await app.clickEmptyCanvas();
  await app.shot("build-x-times-y");
});
