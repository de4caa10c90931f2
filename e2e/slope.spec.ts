// Issue 10, "The gradient as a slope": the loss along one number of a Param or Input, its tangent
// with the gradient on the canvas as its slope, where the next optimizer step lands, and after
// Check ∂ the finite-difference slope and the per-element error map, opened from the badge.
import type { GraphDoc } from "../src/engine/graph";
import { expect, test } from "./fixtures/test";
import { SlopePlot } from "./pages/SlopePlot";

/** ln a at a = 0.5: over 0.5 ± 1 the loss is not finite from a = 0 down. */
const LOG: GraphDoc = {
  format: "gradflow",
  version: 1,
  nodes: [
    { id: "a", type: "Param", position: { x: 0, y: 0 }, data: { value: 0.5 } },
    { id: "log", type: "Log", position: { x: 260, y: 0 }, data: {} },
  ],
  edges: [{ id: "e", source: "a", sourceHandle: "out", target: "log", targetHandle: "x" }],
};

/** The gradient table's cell k of the selected node, as the inspector writes it. */
const gradCell = (slope: SlopePlot, k: number) => slope.app.inspector.getByTestId("inspector-grad").locator("td").nth(k);

test("two-layer: selecting W1 shows its loss curve, tangent and sentence; the chooser picks another element", async ({ app }) => {
  await app.loadExample("two-layer");
  // the plot and its worker load with the first Input or Param selected, not with the page
  const fetched = () => app.page.evaluate(() => performance.getEntriesByType("resource").map((r) => r.name));
  expect((await fetched()).some((u) => /SlopePlot|slope\.worker/.test(u))).toBe(false);
  await app.selectNode("W1");
  const slope = new SlopePlot(app);
  await expect(slope.plot).toBeVisible();
  expect((await fetched()).filter((u) => /SlopePlot|slope\.worker/.test(u))).toHaveLength(2);
  await expect(slope.root.getByTestId("slope-curve").first()).toBeVisible();
  // element 0 by default: the sentence carries the gradient the inspector shows for W1[0,0]
  const g0 = (await gradCell(slope, 0).textContent())!;
  await expect(slope.sentence).toContainText(`If W1[0,0] grows by ε = 0.01, L changes by about g·ε = ${g0} × 0.01 = `);
  const tangent0 = await slope.slopeOf(slope.tangent);
  expect(Number(g0.replace("−", "-"))).toBeCloseTo(tangent0, 4);
  // g·ε is the product of the two numbers before it, and the curve's own change agrees with it
  const [g, eps, ge, actual] = (await slope.sentenceNumbers()).slice(-4);
  expect(eps).toBe(0.01);
  expect(ge).toBeCloseTo(g * eps, 8);
  expect(Math.abs(actual - ge)).toBeLessThan(0.05 * Math.abs(ge));
  // two-layer trains with Adam (lr 0.03): its first step moves W1[0,0] by about lr against the gradient
  await expect(slope.step).toContainText("Next Adam step (lr 0.03): W1[0,0]");
  const landing = Number(await slope.landing.getAttribute("data-x"));
  const w = Number((await app.inspector.getByTestId("inspector-value").locator("td").first().textContent())!.replace("−", "-"));
  expect(landing).toBeCloseTo(w - 0.03 * Math.sign(tangent0), 3);

  // another element, typed into the chooser: row 1, column 7 of the (2, 10) gradient
  await slope.choose([1, 7]);
  const g17 = (await gradCell(slope, 17).textContent())!;
  await expect(slope.sentence).toContainText(`If W1[1,7] grows by ε = 0.01, L changes by about g·ε = ${g17} × 0.01`);
  await expect.poll(() => slope.slopeOf(slope.tangent)).not.toBe(tangent0);
  expect(await slope.slopeOf(slope.tangent)).toBeCloseTo(Number(g17.replace("−", "-")), 4);

  // a row past the end: said where it was typed, and nothing changes
  await slope.indexField(0).fill("5");
  await expect(slope.indexError).toHaveText("Row: a whole number from 0 to 1");
  await expect(slope.sentence).toContainText("W1[1,7]");
  await app.shot("slope-two-layer-W1");

  // the class indices t get no gradient: no slope is drawn, and the plot says why
  await app.selectNode("t");
  await expect(slope.root.getByTestId("slope-no-grad")).toContainText("No gradient is shown for this node");
  await expect(slope.plot).toHaveCount(0);
});

test("optimizers-ch6: y = 2 under SGD (lr 0.95) overshoots the minimum, and the plot shows where it lands", async ({ app }) => {
  await app.loadExample("optimizers-ch6");
  await app.selectNode("y");
  const slope = new SlopePlot(app);
  await expect(slope.plot).toBeVisible();
  // df/dy = 2y = 4
  await expect(slope.sentence).toHaveText("If y grows by ε = 0.01, L changes by about g·ε = 4 × 0.01 = 0.04 (along the curve: 0.04010).");
  expect(await slope.slopeOf(slope.tangent)).toBe(4);
  // w − lr·g = 2 − 0.95 · 4 = −1.8, and L = 49/20 + 1.8² = 5.69
  await expect(slope.step).toHaveText("Next SGD step (lr 0.95): y 2 → ≈−1.800, L 6.450 → 5.690.");
  expect(Number(await slope.landing.getAttribute("data-x"))).toBeCloseTo(-1.8, 12);
  // the range holds the landing point: its ticks reach below −1.8
  const ticks = (await slope.root.getByTestId("slope-xtick").allTextContents()).map((s) => Number(s.replace("−", "-")));
  expect(Math.min(...ticks)).toBeLessThan(-1.8);
  await app.shot("slope-ch6-y");
});

test("Check ∂, then a badge: the plot opens for that node with the finite difference and the error map; a cell picks its element", async ({ app }) => {
  await app.loadExample("two-layer");
  await app.button("Check gradients").click();
  const badge = app.node("W2").getByTestId("gradcheck-badge");
  await expect(badge).toHaveAttribute("data-pass", "true");
  await badge.click();
  const slope = new SlopePlot(app);
  await expect(app.inspector.getByRole("heading", { level: 2 })).toContainText("W2");
  await expect(slope.root).toBeInViewport();
  await expect(slope.numeric).toBeVisible();
  // beside the tangent: the finite difference's slope, within the check's tolerance of it
  const [a, n] = [await slope.slopeOf(slope.tangent), await slope.slopeOf(slope.numeric)];
  expect(Math.abs(a - n) / Math.max(1, Math.abs(a), Math.abs(n))).toBeLessThan(1e-5);
  await expect(slope.checkLine).toContainText("W2[0,0]: backprop");
  // one cell per element of the (10, 3) weight, each with its relative error
  await expect(slope.cells).toHaveCount(30);
  const errs = (await slope.cells.evaluateAll((cs) => cs.map((c) => c.getAttribute("data-error")))).map(Number);
  expect(errs.every((e) => e >= 0 && e < 1e-5)).toBe(true);
  await slope.root.locator('[data-testid="slope-error-cell"][data-index="4,2"]').click();
  await expect(slope.indexField(0)).toHaveValue("4");
  await expect(slope.indexField(1)).toHaveValue("2");
  await expect(slope.sentence).toContainText("If W2[4,2] grows by ε");
  await expect(slope.checkLine).toContainText("W2[4,2]: backprop");
  await expect(slope.root.locator('[data-picked="true"]')).toHaveAttribute("data-index", "4,2");
  await app.shot("slope-check-W2");
});

test("ln a: where the loss is not finite the curve has a gap, and a note says how many points", async ({ app }) => {
  await app.loadDoc(LOG);
  await app.selectNode("a");
  const slope = new SlopePlot(app);
  await expect(slope.plot).toBeVisible();
  // a = 0.5 + k/30 for k = −15 … 30: ln is −∞ at 0 and NaN below, 16 points in all
  await expect(slope.root.getByTestId("slope-gaps")).toHaveText("L is not finite at 16 of the 61 points: the curve has gaps there.");
  await expect(slope.root.getByTestId("slope-curve")).toHaveCount(1);
  await expect(slope.root.getByTestId("slope-gap")).toHaveCount(1);
  // d ln a / da = 1/a = 2
  expect(await slope.slopeOf(slope.tangent)).toBe(2);
  await app.shot("slope-log-gap");
});

test("in Japanese: the sentence and the step read in Japanese with the numbers filled in", async ({ app }) => {
  await app.loadExample("optimizers-ch6");
  await app.setLanguage("日本語");
  await app.selectNode("x");
  const slope = new SlopePlot(app);
  await expect(slope.root.getByRole("heading", { name: "勾配を傾きとして見る" })).toBeVisible();
  // df/dx = x / 10 = −0.7; x widens from ±3.5 to ±7 so that the parabola bends away from its tangent
  await expect(slope.sentence).toContainText("x が ε = 0.01 だけ増えると、L はおよそ g·ε = −0.7 × 0.01 = ");
  await expect(slope.step).toContainText("次の SGD の更新（学習率 0.95）: x は −7 → −6.335");
  await expect(slope.root.getByTestId("slope-range")).toContainText("範囲: x ± 7");
  await app.shot("slope-ch6-x-ja");
  // the check, in Japanese: its button shows 勾配確認; the badge opens the plot with the finite difference
  await app.page.getByRole("button", { name: "勾配確認", exact: true }).click();
  await app.node("x").getByTestId("gradcheck-badge").click();
  await expect(slope.checkLine).toContainText("x: 逆伝播 −0.7、数値微分 ");
  await expect(slope.root.getByTestId("slope-numeric-legend")).toContainText("数値微分: 傾き");
  await app.shot("slope-ch6-x-ja-check");
});

for (const size of [
  { width: 1280, height: 800 },
  { width: 1024, height: 768 },
])
  for (const dark of [false, true])
    test(`screenshots at ${size.width}×${size.height}, ${dark ? "dark" : "light"}: the plot and the error map fit the inspector, and axe finds nothing serious`, async ({ app }) => {
      await app.page.setViewportSize(size);
      await app.setDarkMode(dark);
      await app.loadExample("two-layer");
      await app.button("Check gradients").click();
      await app.node("W1").getByTestId("gradcheck-badge").click();
      const slope = new SlopePlot(app);
      await expect(slope.errors).toBeVisible();
      // inside the inspector, and the page does not scroll sideways
      const [ib, pb] = [await app.inspector.boundingBox(), await slope.plot.boundingBox()];
      expect(pb!.x).toBeGreaterThanOrEqual(ib!.x);
      expect(pb!.x + pb!.width).toBeLessThanOrEqual(ib!.x + ib!.width);
      expect(await app.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      // and WCAG 2.2 AA has nothing serious against the plot, the map or the badges
      const serious = (await app.audit()).filter((f) => f.impact === "serious" || f.impact === "critical");
      expect(serious).toEqual([]);
      await app.shot(`slope-${size.width}x${size.height}-${dark ? "dark" : "light"}`);
    });
