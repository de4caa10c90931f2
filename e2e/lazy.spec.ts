// The first download stays lean: the value parser and the formula reader (mathjs) and the Train
// panel (uPlot) load when first needed, and work when they arrive.
import { expect, test } from "./fixtures/test";
import { numberText } from "./pages/GradflowApp";
import type { GraphDoc } from "../src/engine/graph";

test("the first page load fetches neither mathjs nor uPlot; a value box and the Train panel load them", async ({ page, app }) => {
  // the app fixture has opened the page already: look at what it fetched
  const first = await page.evaluate(() => performance.getEntriesByType("resource").map((r) => r.name));
  expect(first.some((u) => /valueText|TrainPanel|lessons|katex/.test(u)), first.join("\n")).toBe(false);
  // an English page does not fetch the Japanese texts either
  expect(first.some((u) => /\/ja-[\w-]+\.js$/.test(u)), first.join("\n")).toBe(false);

  await app.loadExample("mul");
  const doc = await app.getDoc();
  const x = doc.nodes.find((n) => n.type === "Input")!.id;
  await app.setNodeValue(x, "3");
  const into = doc.edges.find((e) => e.source === x)!;
  await expect(app.edgeValue(into.id)).toHaveText(numberText("3"));
  await app.openTrainPanel();
  await expect(page.getByTestId("train-panel")).toBeVisible();
  const later = await page.evaluate(() => performance.getEntriesByType("resource").map((r) => r.name));
  expect(later.some((u) => /valueText/.test(u))).toBe(true);
  expect(later.some((u) => /TrainPanel/.test(u))).toBe(true);
});

test("a Japanese browser opens the page in Japanese: the texts are loaded before the first render", async ({ browser }) => {
  const ctx = await browser.newContext({ locale: "ja-JP" });
  const page = await ctx.newPage();
  await page.goto("/");
  await expect(page.getByRole("button", { name: "Examples", exact: true })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  const fetched = await page.evaluate(() => performance.getEntriesByType("resource").map((r) => r.name));
  expect(fetched.some((u) => /\/ja-[\w-]+\.js$/.test(u))).toBe(true);
  await expect(page.getByRole("toolbar")).toContainText("例題");
  await ctx.close();
});

test("a graph with an Expr opened first thing loads the formula reader and computes", async ({ app }) => {
  const doc = {
    format: "gradflow",
    version: 1,
    nodes: [
      { id: "x", type: "Input", position: { x: 0, y: 0 }, data: { value: 2 } },
      { id: "f", type: "Expr", position: { x: 200, y: 0 }, data: { formula: "x^2 * 3" } },
      { id: "o", type: "Output", position: { x: 400, y: 0 }, data: {} },
    ],
    edges: [
      { id: "e1", source: "x", sourceHandle: "out", target: "f", targetHandle: "x" },
      { id: "e2", source: "f", sourceHandle: "out", target: "o", targetHandle: "x" },
    ],
  } as unknown as GraphDoc;
  await app.loadDoc(doc);
  await expect(app.edgeValue("e2")).toHaveText(numberText("12"));
  await expect(app.edgeGrad("e1")).toHaveText(numberText("12"));
  await expect(app.page.getByTestId("node-error")).toHaveCount(0);
});
