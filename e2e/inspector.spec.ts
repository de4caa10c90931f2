// The inspector's Value box: a typed value changes the numbers downstream; a typo changes nothing.
import { expect, test } from "./fixtures/test";
import { numberText, type GradflowApp } from "./pages/GradflowApp";
import type { GraphDoc } from "../src/engine/graph";

/** The mul example's x (10) and y (20) and the edges into Mul's a and b. */
async function mulExample(app: GradflowApp) {
  const doc: GraphDoc = await app.loadExample("mul");
  const mul = doc.nodes.find((n) => n.type === "Mul")!;
  const into = (port: string) => doc.edges.find((e) => e.target === mul.id && e.targetHandle === port)!;
  const ea = into("a"), eb = into("b");
  expect(ea && eb, "Mul has both inputs wired").toBeTruthy();
  const out = doc.edges.find((e) => e.source === mul.id);
  return { doc, mul, ea, eb, out, x: ea.source, y: eb.source };
}

test("an input's value typed in the inspector changes the numbers downstream", async ({ app }) => {
  const { ea, eb, out, x } = await mulExample(app);
  await expect(app.edgeValue(ea.id)).toHaveText(numberText("10"));
  await expect(app.edgeGrad(eb.id)).toHaveText(numberText("10"));

  await app.setNodeValue(x, "3");
  await expect(app.edgeValue(ea.id)).toHaveText(numberText("3"));
  await expect(app.edgeGrad(eb.id)).toHaveText(numberText("3"));
  await expect(app.edgeGrad(ea.id)).toHaveText(numberText("20"));
  if (out) await expect(app.edgeValue(out.id)).toHaveText(numberText("60"));
  await expect(app.page.getByTestId("inspector-value")).toContainText("3");

  // a matrix literal: the edge now shows a shape
  await app.setNodeValue(x, "[[1, 2], [3, 4]]");
  await expect(app.edgeValue(ea.id)).toContainText(/\(2,\s?2\)/);
  await expect(app.page.getByTestId("node-error")).toHaveCount(0);
  await app.shot("inspector-matrix-value");
});

test("a typo in the Value box says what is wrong and keeps the old numbers", async ({ app }) => {
  const { doc, ea, eb, x } = await mulExample(app);
  await app.setNodeValue(x, "3");
  await expect(app.edgeValue(ea.id)).toHaveText(numberText("3"));
  const before = await app.edgeTexts();

  await app.typeValue("[[1, 2");
  await expect(app.valueError).toBeVisible();
  await expect(app.valueError).not.toHaveText(/^\s*$/);
  await app.shot("inspector-value-error");
  expect(await app.edgeTexts()).toEqual(before);
  expect((await app.getDoc()).nodes.find((n) => n.id === x)?.data.value).toBe(3);

  await app.typeValue("oops(");
  await expect(app.valueError).toBeVisible();
  expect(await app.edgeTexts()).toEqual(before);

  // fixing it clears the message and the numbers follow
  await app.typeValue("4");
  await expect.poll(() => app.valueErrorText()).toBe("");
  await expect(app.edgeValue(ea.id)).toHaveText(numberText("4"));
  await expect(app.edgeGrad(eb.id)).toHaveText(numberText("4"));
  expect(doc.nodes.length).toBe((await app.getDoc()).nodes.length);
});
