// Examples: the first visit shows one; each loads clean; the notebook's numbers appear.
import { expect, test } from "./fixtures/test";
import { EXAMPLE_IDS, showsNumber } from "./pages/GradflowApp";

test("the first visit opens an example with values and gradients on its edges", async ({ app }) => {
  const doc = await app.getDoc();
  expect(doc.nodes.length).toBeGreaterThan(0);
  expect(doc.edges.length).toBeGreaterThan(0);
  const texts = Object.values(await app.edgeTexts());
  expect(texts.every((t) => showsNumber(t.value))).toBe(true);
  expect(texts.some((t) => showsNumber(t.grad))).toBe(true);
  await app.shot("first-visit");
});

for (const id of EXAMPLE_IDS) {
  test(`example ${id} loads with no node error and numbers on every edge`, async ({ app }) => {
    const doc = await app.loadExample(id);
    await expect(app.page.getByTestId("node-error")).toHaveCount(0);
    const texts = await app.edgeTexts();
    expect(Object.keys(texts).sort()).toEqual(doc.edges.map((e) => e.id).sort());
    for (const [edge, t] of Object.entries(texts)) expect(showsNumber(t.value), `edge ${edge} shows its value, got "${t.value}"`).toBe(true);
    // a loss's target t gets no gradient; every other edge carries one
    const noGrad = new Set(doc.edges.filter((e) => e.targetHandle === "t").map((e) => e.id));
    for (const [edge, t] of Object.entries(texts))
      if (!noGrad.has(edge)) expect(showsNumber(t.grad), `edge ${edge} shows its gradient, got "${t.grad}"`).toBe(true);
    await app.shot(`example-${id}`);
  });
}

test("linear-relu-celoss shows the notebook's numbers", async ({ app }) => {
  const doc = await app.loadExample("linear-relu-celoss");
  const type = (t: string) => doc.nodes.find((n) => n.type === t)!;
  const affine = type("Affine"), relu = type("ReLU"), loss = type("SoftmaxWithLoss");
  expect(affine && relu && loss, "the example has Affine, ReLU and SoftmaxWithLoss").toBeTruthy();

  // loss 0.7776580427782468 (cases/linear-relu-celoss.expect.json), shown to 4 significant digits or more
  await app.selectNode(loss.id);
  await expect(app.page.getByTestId("inspector-value")).toContainText(/0\.777(7|658)/);

  // y1 = x·W + b, (5,3), first element 1.7968638
  const y1 = doc.edges.find((e) => e.source === affine.id && e.target === relu.id)!;
  await expect(app.edgeValue(y1.id)).toContainText(/\(5,\s?3\)/);
  await app.edgeLabel(y1.id).click();
  const popover = app.page.getByTestId("matrix-popover");
  await expect(popover).toBeVisible();
  await expect(popover).toContainText(/1\.79(7|686)/);
  await expect(popover).toContainText(/0\.1128/); // y1[2][1] = 0.11283528
  await app.shot("linear-relu-celoss-popover");
  await app.page.keyboard.press("Escape");

  // the gradient into ReLU's output is (y − t)/N: first element −0.049808832
  await app.selectNode(relu.id);
  await expect(app.page.getByTestId("inspector-grad")).toContainText(/[-−]0\.0498(1|088)/);
  await app.shot("linear-relu-celoss");
});
