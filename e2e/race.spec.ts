// Issue 13: Compare optimizers in the Train panel (overlaid loss curves; on a graph with two
// trainable numbers, the loss surface's contours with each optimizer's path, chapter 6's figure)
// and the decision boundary of a graph with points N × 2 and class targets.
import { expect, test } from "./fixtures/test";
import type { GradflowApp } from "./pages/GradflowApp";
import type { GraphDoc } from "../src/engine/graph";
import { readFileSync } from "node:fs";

/** numpy's paths on chapter 6's f (the book's optimizer_compare_naive.py), as the engine's tests hold them */
const fixtures = JSON.parse(readFileSync(new URL("../src/engine/fixtures/optimizers.json", import.meta.url), "utf8")) as { compare: { runs: { type: string; path: number[][] }[] } };

const params = (doc: GraphDoc) => doc.nodes.filter((n) => n.type === "Param").map((n) => ({ id: n.id, value: n.data.value }));

async function openCompare(app: GradflowApp): Promise<void> {
  await app.openTrainPanel();
  const toggle = app.trainPanel.getByRole("button", { name: "Compare optimizers", exact: true });
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await expect(app.page.getByTestId("race-view")).toBeVisible();
}

const view = (app: GradflowApp) => app.page.getByTestId("race-view");
const compare = (app: GradflowApp) => view(app).getByRole("button", { name: "Compare", exact: true }).click();

test("on chapter 6's f, six optimizers race from (−7, 2): six curves, six paths on the contours, SGD's path the book's", async ({ app }) => {
  const doc = await app.loadExample("optimizers-ch6");
  await openCompare(app);
  // chapter 6's learning rates, from the example
  await expect(app.trainPanel.getByLabel("SGD lr", { exact: true })).toHaveValue("0.95");
  await expect(app.trainPanel.getByLabel("AdaGrad lr", { exact: true })).toHaveValue("1.5");
  await expect(view(app).getByLabel("Steps", { exact: true })).toHaveValue("30");
  await compare(app);
  await expect(view(app)).toHaveAttribute("data-state", "done", { timeout: 30_000 });
  await expect(app.page.getByTestId("race-loss-plot")).toHaveAttribute("data-series", "6");
  const legend = app.page.getByTestId("race-legend-item");
  await expect(legend).toHaveCount(6);
  expect(await legend.evaluateAll((els) => els.map((e) => e.getAttribute("data-optimizer")))).toEqual(["SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam"]);
  // every curve ends at a finite loss, written in the legend
  for (const text of await legend.allTextContents()) expect(text).toMatch(/\d\.\d+(e-\d+)?$/);
  // each curve holds its 30 losses
  await expect(app.page.getByTestId("race-loss-plot")).toHaveAttribute("data-points", "30,30,30,30,30,30");
  const plot = app.page.getByTestId("contour-plot");
  await expect(plot).toBeVisible();
  const paths = plot.getByTestId("race-path");
  await expect(paths).toHaveCount(6);
  for (const p of await paths.all()) await expect(p).toHaveAttribute("data-points", "31");
  const head = JSON.parse((await paths.first().getAttribute("data-head"))!);
  expect(await paths.first().getAttribute("data-optimizer")).toBe("SGD");
  expect(head).toEqual(fixtures.compare.runs.find((r) => r.type === "SGD")!.path.slice(0, 3));
  expect(head[1]).toEqual([-6.335, -1.7999999999999998]);
  const nesterov = JSON.parse((await plot.locator('[data-optimizer="Nesterov"]').getAttribute("data-head"))!);
  expect(nesterov).toEqual(fixtures.compare.runs.find((r) => r.type === "Nesterov")!.path.slice(0, 3));
  // the contours come after the race, from the worker
  await expect.poll(async () => Number(await plot.getAttribute("data-contours")), { timeout: 20_000 }).toBeGreaterThan(5);
  expect(await plot.getByTestId("contours").locator("path").count()).toBeGreaterThan(5);
  // the race trained copies: the document's Params are as they were
  expect(params(await app.getDoc())).toEqual(params(doc));
  await app.shot("race-ch6");
});

test("on the two-layer net: the curves, and no contour plot, with the reason", async ({ app }) => {
  await app.loadExample("two-layer");
  await openCompare(app);
  const steps = view(app).getByLabel("Steps", { exact: true });
  await steps.fill("60");
  await compare(app);
  await expect(view(app)).toHaveAttribute("data-state", "done", { timeout: 45_000 });
  await expect(app.page.getByTestId("race-loss-plot")).toHaveAttribute("data-series", "6");
  await expect(app.page.getByTestId("race-legend-item")).toHaveCount(6);
  await expect(app.page.getByTestId("race-loss-plot")).toHaveAttribute("data-points", "60,60,60,60,60,60");
  await expect(app.page.getByTestId("contour-plot")).toHaveCount(0);
  await expect(app.page.getByTestId("race-no-contour")).toHaveText(/exactly two trainable numbers, and this graph has 63/);
  await expect(view(app).getByRole("progressbar", { name: "Comparison progress" })).toHaveAttribute("aria-valuenow", "60");
});

test("on the two-layer net, the learner picks two numbers and the next comparison draws the loss over them with six paths", async ({ app }) => {
  await app.loadExample("two-layer");
  await openCompare(app);
  await view(app).getByLabel("Steps", { exact: true }).fill("20");
  const pick = app.page.getByTestId("race-pick-two");
  const first = pick.getByLabel("First number to follow", { exact: true });
  const second = pick.getByLabel("Second number to follow", { exact: true });
  const options = await first.locator("option").allInnerTexts();
  expect(options.length, "the choose-placeholder and every trainable number (63)").toBe(64);
  // the same number twice is no pair
  await first.selectOption({ index: 1 });
  await second.selectOption({ index: 1 });
  await expect(pick).toContainText("two different numbers");
  await second.selectOption({ index: 2 });
  const names = [await first.locator("option:checked").innerText(), await second.locator("option:checked").innerText()];
  expect(names[0]).toMatch(/\[0,0\]$/);
  await compare(app);
  await expect(view(app)).toHaveAttribute("data-state", "done", { timeout: 45_000 });
  const plot = app.page.getByTestId("contour-plot");
  await expect(plot).toBeVisible({ timeout: 30_000 });
  await expect(plot).toHaveAttribute("aria-label", new RegExp(`${names[0].replace(/[[\]]/g, "\\$&")}.*${names[1].replace(/[[\]]/g, "\\$&")}`));
  await expect(plot.getByTestId("race-path")).toHaveCount(6);
  for (const p of await plot.getByTestId("race-path").all()) await expect(p).toHaveAttribute("data-points", "21");
  await expect.poll(async () => Number(await plot.getAttribute("data-contours"))).toBeGreaterThan(0);
});

test("a diverging optimizer stops and is marked; the others go on", async ({ app }) => {
  await app.loadExample("optimizers-ch6");
  await openCompare(app);
  const lr = app.trainPanel.getByLabel("SGD lr", { exact: true });
  await lr.fill("1000000");
  await lr.press("Tab");
  await compare(app);
  await expect(view(app)).toHaveAttribute("data-state", "done", { timeout: 30_000 });
  const sgd = app.page.locator('[data-testid="race-legend-item"][data-optimizer="SGD"]');
  await expect(sgd).toHaveAttribute("data-diverged", /^\d+$/);
  await expect(sgd).toContainText("diverged at step");
  await expect(app.page.locator('[data-testid="race-legend-item"][data-diverged=""]')).toHaveCount(5);
  // its path ends at its last finite point; Adam's runs all 30 steps
  const sgdPath = app.page.locator('[data-testid="race-path"][data-optimizer="SGD"]');
  expect(Number(await sgdPath.getAttribute("data-points"))).toBeLessThan(31);
  await expect(app.page.locator('[data-testid="race-path"][data-optimizer="Adam"]')).toHaveAttribute("data-points", "31");
  // a setting out of range is refused where it was typed, and changes nothing
  await lr.fill("-1");
  await lr.press("Tab");
  await expect(app.toast.last()).toContainText("SGD lr must be in");
  await expect(lr).toHaveValue("1000000");
});

test("a long comparison can be stopped, and the page keeps working", async ({ app }) => {
  await app.loadExample("two-layer");
  await openCompare(app);
  await view(app).getByLabel("Steps", { exact: true }).fill("100000");
  await compare(app);
  await expect(view(app)).toHaveAttribute("data-state", "running");
  const bar = view(app).getByRole("progressbar", { name: "Comparison progress" });
  await expect.poll(async () => Number(await bar.getAttribute("aria-valuenow")), { timeout: 20_000 }).toBeGreaterThan(0);
  await view(app).getByRole("button", { name: "Stop", exact: true }).click();
  await expect(view(app)).toHaveAttribute("data-state", "stopped");
  const at = Number(await bar.getAttribute("aria-valuenow"));
  expect(at).toBeLessThan(100_000);
  // the canvas still answers: a node is selected
  await app.selectNode("W1");
  await expect(app.inspector).toContainText("W1");
});

test("the spiral's decision boundary is drawn and changes while the net trains", async ({ app }) => {
  await app.loadExample("spiral");
  await app.openTrainPanel();
  const plot = app.page.getByTestId("boundary-plot");
  await expect(plot).toBeVisible({ timeout: 15_000 });
  await expect(plot).toHaveAttribute("data-classes", "3");
  await expect(plot.getByRole("img")).toHaveAccessibleName(/300 points of 3 classes/);
  const before = await plot.getAttribute("data-regions");
  const updates = Number(await plot.getAttribute("data-updates"));
  // long enough to watch: 300 steps of this small net take well under a second
  const steps = app.trainPanel.getByLabel("Steps", { exact: true });
  await steps.fill("5000");
  await steps.press("Tab");
  await app.trainPanel.getByRole("button", { name: "Start", exact: true }).click();
  // redrawn while training, not only at the end
  await expect.poll(async () => (await app.trainState()).state === "running" && Number(await plot.getAttribute("data-updates")) > updates + 1, { timeout: 20_000 }).toBe(true);
  await expect(app.trainLoss).toHaveAttribute("data-state", "done", { timeout: 60_000 });
  await expect.poll(() => plot.getAttribute("data-regions"), { timeout: 10_000 }).not.toBe(before);
  const { last } = await app.trainState();
  expect(last).toBeLessThan(0.2);
  await app.shot("boundary-spiral");
  // a graph without points in the plane has none
  await app.loadExample("optimizers-ch6");
  await expect(plot).toHaveCount(0);
});

test("the decision boundary follows the learner's own points, dropped on the Input as a CSV", async ({ app }) => {
  await app.loadExample("spiral");
  await app.openTrainPanel();
  const plot = app.page.getByTestId("boundary-plot");
  await expect(plot.getByRole("img")).toHaveAccessibleName(/300 points of 3 classes/, { timeout: 15_000 });
  const csv = "u,v,kind\n-1,-1,a\n-0.8,-1.1,a\n-1.2,-0.9,a\n1,1,b\n0.9,1.2,b\n1.1,0.8,b\n";
  const box = (await app.node("x").boundingBox())!;
  const dt = await app.page.evaluateHandle((text) => {
    const d = new DataTransfer();
    d.items.add(new File([text], "mine.csv", { type: "text/csv" }));
    return d;
  }, csv);
  await app.node("x").dispatchEvent("drop", { dataTransfer: dt, clientX: box.x + 10, clientY: box.y + 10 });
  await expect.poll(async () => (await app.getDoc()).nodes.find((n) => n.id === "t")!.data.value).toEqual([0, 0, 0, 1, 1, 1]);
  // the same net, now over the six points (its scores still tell 3 classes apart)
  await expect(plot.getByRole("img")).toHaveAccessibleName(/6 points of 3 classes/);
  const before = await plot.getAttribute("data-regions");
  await app.trainPanel.getByRole("button", { name: "Start", exact: true }).click();
  await expect(app.trainLoss).toHaveAttribute("data-state", "done", { timeout: 60_000 });
  await expect.poll(() => plot.getAttribute("data-regions"), { timeout: 10_000 }).not.toBe(before);
});

test("with Explain open beside it at 1280 × 800, the comparison's plots and legend are not cut off", async ({ app }) => {
  await app.loadExample("optimizers-ch6");
  await app.button("Explain").click();
  await expect(app.page.getByTestId("explain-panel")).toBeVisible();
  await openCompare(app);
  await compare(app);
  await expect(view(app)).toHaveAttribute("data-state", "done", { timeout: 30_000 });
  const panel = (await app.trainPanel.boundingBox())!;
  // everything of the comparison inside the panel, none of it past its right edge (the panel clips nothing: it wraps below Explain instead)
  for (const part of [app.page.getByTestId("contour-plot"), app.page.getByTestId("race-loss-plot"), ...(await app.page.getByTestId("race-legend-item").all())]) {
    const b = (await part.boundingBox())!;
    expect(b.x + b.width, (await part.getAttribute("data-testid")) ?? "").toBeLessThanOrEqual(panel.x + panel.width);
  }
  await expect(app.page.getByTestId("explain-panel")).toBeVisible();
  await app.shot("race-ch6-with-explain");
});

test("after a race, one optimizer's result goes into the graph as one undo step (its Params where its path ended, its state with them, the optimizer back on Undo); changed numbers hold the results back until Undo", async ({ app }) => {
  const doc = await app.loadExample("optimizers-ch6");
  await openCompare(app);
  await compare(app);
  await expect(view(app)).toHaveAttribute("data-state", "done", { timeout: 30_000 });
  const goOn = app.page.getByTestId("race-go-on");
  const choice = goOn.getByRole("combobox", { name: "Go on from" });
  // offered first: the lane that ended lowest
  const ends = await app.page.getByTestId("race-legend-item").evaluateAll((els) => els.map((e) => [e.getAttribute("data-optimizer"), Number(e.textContent!.match(/[\d.e-]+$/)![0])] as const));
  const lowest = [...ends].sort((a, b) => a[1] - b[1])[0][0];
  expect(await choice.locator("option:checked").textContent()).toContain(lowest);
  await choice.selectOption({ label: (await choice.locator("option").filter({ hasText: /^Adam/ }).textContent())! });
  await goOn.getByRole("button", { name: "Use its Params" }).click();
  const adam = fixtures.compare.runs.find((r) => r.type === "Adam")!.path.at(-1)!;
  const used = await app.getDoc();
  const value = (d: GraphDoc, id: string) => d.nodes.find((n) => n.id === id)!.data.value;
  expect([value(used, "x"), value(used, "y")]).toEqual(adam);
  expect(used.optimizer).toMatchObject({ type: "Adam", state: { t: 30 } });
  await expect(app.page.getByTestId("race-cleared")).toHaveText("Adam's Params are in the graph: compare again to race from here.");
  // back to training one optimizer: Adam, to go on from there
  const toggle = app.trainPanel.getByRole("button", { name: "Compare optimizers", exact: true });
  await toggle.click();
  await expect(app.trainPanel.getByLabel("Optimizer", { exact: true })).toHaveValue("Adam");
  await toggle.click();
  // one undo step takes it all back, the optimizer too, and offers the results again
  await app.page.keyboard.press("Control+z");
  await expect.poll(async () => params(await app.getDoc())).toEqual(params(doc));
  expect((await app.getDoc()).optimizer).toEqual(doc.optimizer);
  await expect(goOn).toBeVisible();
  await toggle.click();
  await expect(app.trainPanel.getByLabel("Optimizer", { exact: true })).toHaveValue(doc.optimizer?.type ?? "SGD");
  await toggle.click();

  // an edit of a number: the results no longer start where the graph is, and say so; Undo offers them again
  await expect(goOn).toBeVisible();
  await app.page.evaluate(() => (window as unknown as { __gradflow: { store: { getState(): { setData(id: string, k: string, v: unknown): void } } } }).__gradflow.store.getState().setData("x", "value", -5));
  await expect(app.page.getByTestId("race-cleared")).toHaveText("The graph's numbers changed, so the last comparison no longer starts where the graph is: compare again, or Undo back to its numbers.");
  await expect(goOn).toHaveCount(0);
  await app.page.keyboard.press("Control+z");
  await expect(goOn).toBeVisible();
  await expect(app.page.getByTestId("race-cleared")).toHaveCount(0);
});
