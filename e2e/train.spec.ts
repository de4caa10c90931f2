// Issue 4: training in a worker — the loss falls, the page stays responsive, pause/stop work.
import { expect, test } from "./fixtures/test";
import { mulDoc, wideTrainDoc } from "./fixtures/graphs";
import type { GradflowApp, Point } from "./pages/GradflowApp";
import type { GraphDoc } from "../src/engine/graph";

declare global {
  interface Window {
    __clickLatencies?: number[];
  }
}

const params = (doc: GraphDoc) => doc.nodes.filter((n) => n.type === "Param").map((n) => ({ id: n.id, data: n.data }));

/** Where a run is: the progress bar and the last loss (both move with every step). */
async function position(app: GradflowApp): Promise<string> {
  return `${await app.trainProgress()} | ${(await app.trainState()).last}`;
}

async function openTrain(app: GradflowApp, steps: number): Promise<void> {
  await app.button("Train").click();
  await expect(app.trainPanel).toBeVisible();
  const stepsBox = app.trainPanel.getByLabel("Steps", { exact: true });
  await stepsBox.fill(String(steps));
  await stepsBox.press("Tab");
  await expect(stepsBox).toHaveValue(String(steps));
  await expect(app.trainLoss).toHaveAttribute("data-state", "idle");
}

const start = (app: GradflowApp) => app.trainPanel.getByRole("button", { name: "Start", exact: true }).click();

/** Fails with `what` when `p` takes longer than `ms` (a frozen page never answers at all). */
async function within<T>(ms: number, p: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms — the page is frozen`)), ms);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Records, for every click, the time from the click event's timestamp (when the input arrived,
 * so time spent waiting behind a busy main thread counts) to the Examples menu opening or
 * closing. Installed before training starts: a frozen page could not install it afterwards.
 */
async function installClickProbe(app: GradflowApp): Promise<void> {
  await app.page.evaluate(() => {
    window.__clickLatencies = [];
    const open = () => !!document.querySelector('[role="menuitem"]');
    document.addEventListener(
      "click",
      (e) => {
        const t0 = e.timeStamp;
        const was = open();
        const obs = new MutationObserver(() => {
          if (open() === was) return;
          window.__clickLatencies!.push(performance.now() - t0);
          obs.disconnect();
        });
        obs.observe(document.body, { subtree: true, childList: true, attributes: true });
      },
      { capture: true },
    );
  });
}

/** Opens and closes the Examples menu with the real mouse; returns the page-measured latency of the opening click. */
async function examplesClick(app: GradflowApp, at: Point, i: number): Promise<number> {
  const page = app.page;
  const t0 = Date.now();
  await within(10_000, page.mouse.click(at.x, at.y), `click ${i + 1} on Examples while training`);
  await expect(page.getByRole("menuitem").first(), "the Examples menu opens").toBeVisible({ timeout: 10_000 });
  const wall = Date.now() - t0;
  const ms = await within(10_000, page.evaluate(() => window.__clickLatencies!.at(-1)), `reading the click latency (the menu took ${wall} ms to show, seen from the test)`);
  await within(10_000, page.mouse.click(at.x, at.y), `closing click ${i + 1} on Examples`);
  await expect(page.getByRole("menuitem"), "the Examples menu closes").toHaveCount(0, { timeout: 10_000 });
  return ms!;
}

test("training the two-layer example lowers the loss; Undo takes the whole run back in one step", async ({ app }) => {
  const doc = await app.loadExample("two-layer");
  const before = params(doc);
  expect(before.length).toBeGreaterThan(0);
  await openTrain(app, 300);
  await start(app);
  await expect(app.trainLoss).toHaveAttribute("data-state", "done", { timeout: 45_000 });
  const { first, last } = await app.trainState();
  expect(Number.isFinite(first) && Number.isFinite(last), `losses ${first} → ${last}`).toBe(true);
  expect(last, `loss falls from ${first}`).toBeLessThan(first);
  expect(await app.trainProgress()).toBe(300);
  await app.shot("train-done");

  // the Params on the canvas moved
  const trained = params(await app.getDoc());
  expect(trained).not.toEqual(before);
  await app.button("Undo").click();
  await expect.poll(async () => params(await app.getDoc())).toEqual(before);
});

test("the page answers a click within 200 ms while it trains", async ({ app }) => {
  await app.loadDoc(wideTrainDoc(64, 128, 128));
  await openTrain(app, 100_000);
  const box = (await app.button("Examples").boundingBox())!;
  const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await installClickProbe(app);
  await start(app);
  await expect(app.trainLoss).toHaveAttribute("data-state", "running");
  // let it settle into training (a Node-side wait: it must not need the page)
  await new Promise((r) => setTimeout(r, 1_500));

  const latencies: number[] = [];
  for (let i = 0; i < 5; i++) latencies.push(await examplesClick(app, at, i));
  test.info().annotations.push({ type: "click latency while training (ms)", description: latencies.map((l) => l.toFixed(1)).join(", ") });
  // the median: a machine shared with other jobs may stall any single frame; a page that
  // trains on its main thread misses every click
  const median = [...latencies].sort((a, b) => a - b)[2];
  expect(median, `click latencies ${latencies.map((l) => l.toFixed(0)).join(", ")} ms`).toBeLessThan(200);
  expect(Math.max(...latencies), `click latencies ${latencies.map((l) => l.toFixed(0)).join(", ")} ms`).toBeLessThan(1000);
  await expect(app.trainLoss).toHaveAttribute("data-state", "running");
  await app.shot("train-running");
  await app.trainPanel.getByRole("button", { name: "Stop", exact: true }).click();
  await expect(app.trainLoss).toHaveAttribute("data-state", "stopped");
});

test("Pause, Resume and Stop take effect at once; the canvas follows the Params while it runs", async ({ app }) => {
  // small enough to train fast (the run still lasts seconds): each check comes right after its click
  const doc = wideTrainDoc(32, 64, 64);
  await app.loadDoc(doc);
  await openTrain(app, 100_000);
  const heatmapsBefore = await app.edgeHeatmaps();
  const button = (name: string) => app.trainPanel.getByRole("button", { name, exact: true });
  await start(app);
  await button("Pause").click();
  await expect(app.trainLoss).toHaveAttribute("data-state", "paused");
  const paused = await position(app);
  // nothing to wait for: a paused run must simply not move
  await app.page.waitForTimeout(700);
  expect(await position(app), "no step while paused").toBe(paused);

  await button("Resume").click();
  await expect(app.trainLoss).toHaveAttribute("data-state", "running");
  await expect.poll(() => position(app), { timeout: 15_000 }).not.toBe(paused);
  // the Param values and their heatmap on the canvas follow the training
  await expect.poll(async () => params(await app.getDoc())).not.toEqual(params(doc));
  await expect.poll(async () => (await app.edgeHeatmaps()).eW).not.toBe(heatmapsBefore.eW);

  await button("Stop").click();
  await expect(app.trainLoss).toHaveAttribute("data-state", "stopped");
  const stopped = await position(app);
  await app.page.waitForTimeout(700);
  expect(await position(app), "no step after Stop").toBe(stopped);
  expect(await app.trainProgress(), "stopped before the end").toBeLessThan(100_000);
  const { first, last } = await app.trainState();
  expect(last, `loss falls from ${first}`).toBeLessThan(first);
});

test("the chosen optimizer is saved in the exported file", async ({ app }) => {
  await app.loadExample("two-layer");
  await app.button("Train").click();
  await app.trainPanel.getByLabel("Optimizer", { exact: true }).selectOption("Adam");
  const file = await app.exportFile();
  const saved = JSON.parse(file.text) as GraphDoc;
  expect(saved.optimizer?.type).toBe("Adam");
  expect(saved.optimizer?.lr).toBe(0.001);
});

test("the Train panel starts from OPS.md's defaults", async ({ app }) => {
  await app.loadDoc(mulDoc); // a graph without an optimizer of its own
  await app.button("Train").click();
  const panel = app.trainPanel;
  const hyper = (name: string) => panel.getByLabel(name, { exact: true });
  await expect(panel.getByLabel("Optimizer", { exact: true })).toHaveValue("SGD");
  await expect(hyper("lr")).toHaveValue("0.01");
  await panel.getByLabel("Optimizer", { exact: true }).selectOption("Momentum");
  await expect(hyper("lr")).toHaveValue("0.01");
  await expect(hyper("momentum")).toHaveValue("0.9");
  await panel.getByLabel("Optimizer", { exact: true }).selectOption("RMSprop");
  await expect(hyper("decay_rate")).toHaveValue("0.99");
  await panel.getByLabel("Optimizer", { exact: true }).selectOption("Adam");
  await expect(hyper("lr")).toHaveValue("0.001");
  await expect(hyper("beta1")).toHaveValue("0.9");
  await expect(hyper("beta2")).toHaveValue("0.999");
});
